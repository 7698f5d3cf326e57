"""The same corpus gives the same bytes: every output's order is total, so
neither PYTHONHASHSEED nor the order things were found in can change it."""
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.evaluate import mismatches
from conftest import ROOT, new_project, venv_env


def test_mismatches_are_ordered_by_document_start_end_and_label():
    gold = [{"doc_id": "d", "label": "ORG", "start": 0, "end": e, "text": "x", "norm": "x"} for e in (5, 9)]
    pred = [{"doc_id": "d", "label": "ORG", "start": 0, "end": e, "text": "x", "norm": "x"} for e in (3, 7)]
    pred += [{"doc_id": "d", "label": "COUNTRY", "start": 0, "end": 7, "text": "x", "norm": "x"}]
    expected = [(0, 3, "ORG", "spurious"), (0, 5, "ORG", "missed"), (0, 7, "COUNTRY", "spurious"),
                (0, 7, "ORG", "spurious"), (0, 9, "ORG", "missed")]
    for seed in range(5):
        random.Random(seed).shuffle(gold)
        random.Random(seed).shuffle(pred)
        rows = mismatches(gold, pred, {"d": "x" * 20})
        assert [(r["start"], r["end"], r["label"], r["kind"]) for r in rows] == expected


SAMPLE = ["mofa-it-cooperation-2001", "uk-white-paper-1998", "fm-press-release-2019"]


def outputs(project: Path) -> dict[str, bytes]:
    """Every file DVC tracks as an out (the manifests are the stages' private cache)."""
    files = {}
    for path in sorted((project / "outputs").rglob("*")):
        if path.is_file() and "manifests" not in path.parts:
            files[str(path.relative_to(project))] = path.read_bytes()
    files["dvc.lock"] = (project / "dvc.lock").read_bytes()
    return files


@pytest.mark.slow
def test_two_runs_under_different_hash_seeds_give_byte_identical_outputs(tmp_path):
    results = []
    for seed in ("1", "2"):
        project = new_project(tmp_path / seed)
        for doc_id in SAMPLE:
            for source in (ROOT / "corpus" / "raw").glob(f"{doc_id}.*"):
                shutil.copy(source, project / "corpus" / "raw")
            shutil.copy(ROOT / "corpus" / "gold" / f"{doc_id}.jsonl", project / "corpus" / "gold")
        run = subprocess.run([sys.executable, "-m", "dvc", "repro"], cwd=project, env=venv_env(PYTHONHASHSEED=seed),
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        results.append(outputs(project))
    first, second = results
    assert "outputs/mismatches.csv" in first and len(first["outputs/mismatches.csv"].splitlines()) > 1
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
