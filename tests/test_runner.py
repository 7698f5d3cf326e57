"""The per-document runner: limits per document, failures pinned on their
document, passing failures retried, manifests, and an out folder that holds
documents only."""
import csv
import errno
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline import cache
from pipeline.cache import Stage, Task, read_json, rerun_stale_stages, run_documents, stale_stages
from pipeline.ingest.errors import DocumentError
from pipeline.manifest import Manifest
from pipeline.worker import Limits, one_by_one, run_batch


def behave(payload: str):
    """What the test work does with a document: its payload says how to behave."""
    if payload == "slow":
        while True:
            pass
    if payload == "waiting":  # a loaded machine: wall-clock time passes, the document's thread uses no CPU
        time.sleep(1.5)  # three times LIMITS.timeout_s
    if payload == "greedy":
        return bytearray(8 * 2**30)  # 8 GB
    if payload == "unreadable":
        raise DocumentError("not a document", "fix it")
    if payload == "bug":
        raise KeyError("surprise")
    return {"upper": payload.upper()}


@dataclass(frozen=True)
class Toy:
    def load(self):
        return one_by_one(behave)


LIMITS = Limits("toy", timeout_s=0.5, memory_mb=256)


def outcomes(items):
    return [(o.doc_id, o.value, o.error, o.transient) for o in run_batch(Toy(), LIMITS, items)]


def test_a_document_over_its_time_limit_is_a_transient_error_and_the_batch_goes_on():
    started = time.monotonic()
    assert outcomes([("a", "x"), ("b", "slow"), ("c", "y")]) == [
        ("a", {"upper": "X"}, None, False),
        ("b", None, "took more than 0.5 s of CPU time", True),
        ("c", {"upper": "Y"}, None, False),
    ]
    assert time.monotonic() - started < 5


def test_a_document_waiting_for_the_processor_past_its_time_limit_is_not_dropped():
    """The limit counts the document's CPU time: a document that waits three
    times its limit of wall-clock time (as on a loaded machine) while using
    almost no CPU is processed, and so is the one after it."""
    assert outcomes([("a", "waiting"), ("b", "x")]) == [
        ("a", {"upper": "WAITING"}, None, False),
        ("b", {"upper": "X"}, None, False),
    ]


def test_a_document_over_its_memory_limit_is_a_transient_error():
    [(doc_id, value, error, transient)] = outcomes([("big", "greedy")])
    assert (doc_id, value, error, transient) == ("big", None, "needed more than 256 MB of memory", True)
    assert bytearray(300 * 2**20)  # the limit is lifted after the batch


def test_the_document_s_own_faults_are_verdicts():
    assert outcomes([("a", "unreadable"), ("b", "bug"), ("c", "z")]) == [
        ("a", None, "not a document", False),
        ("b", None, "unexpected KeyError: 'surprise'", False),
        ("c", {"upper": "Z"}, None, False),
    ]


def make_stage(tmp_path, **kwargs) -> Stage:
    return Stage("toy", tmp_path / "out", tmp_path / "manifests" / "toy.sqlite", tmp_path / "errors" / "toy.csv",
                 "key", LIMITS, **kwargs)


def corpus(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for doc_id, payload in docs.items():
        (folder / f"{doc_id}.txt").write_text(payload)
    return folder


def run_toy(stage: Stage, raw: Path) -> None:
    tasks = lambda: [Task(p.stem, [p], p.read_text) for p in sorted(raw.glob("*.txt"))]
    run_documents(stage, Toy(), tasks, watch=[raw])


def error_rows(stage: Stage) -> list[dict]:
    with open(stage.errors, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_project_file_names_are_ordinary_documents(tmp_path):
    raw = corpus(tmp_path / "raw", {"_manifest": "a", "_private": "b"})
    stage = make_stage(tmp_path)
    run_toy(stage, raw)
    assert sorted(p.name for p in stage.out.iterdir()) == ["_manifest.json", "_private.json"]
    assert read_json(stage.out / "_manifest.json") == {"upper": "A"}
    assert [p.name for p in cache.document_files(stage.out)] == ["_manifest.json", "_private.json"]


def test_a_passing_failure_is_retried_and_a_verdict_is_not(tmp_path, capsys):
    raw = corpus(tmp_path / "raw", {"a": "x", "b": "slow", "c": "unreadable"})
    stage = make_stage(tmp_path)
    run_toy(stage, raw)
    assert [(r["doc_id"], r["transient"]) for r in error_rows(stage)] == [("b", "1"), ("c", "0")]
    assert stale_stages(tmp_path / "manifests") == {"toy": "1 document(s) to retry after a passing failure"}
    (raw / "b.txt").write_text("now fast")  # what made it slow has passed (the key changes too, which is fine)
    assert rerun_stale_stages(tmp_path / "manifests", tmp_path / "errors") == {"toy": "1 document(s) to retry after a passing failure"}
    assert not stage.errors.exists()  # so DVC runs the stage again
    capsys.readouterr()
    run_toy(stage, raw)
    err = capsys.readouterr().err
    assert "toy: 1 processed, 1 unchanged, 1 errors" in err  # c's cached verdict is shown again
    assert [(r["doc_id"], r["error"]) for r in error_rows(stage)] == [("c", "not a document")]
    assert stale_stages(tmp_path / "manifests") == {}


def test_a_timed_out_document_is_retried_even_when_unchanged(tmp_path, capsys):
    raw = corpus(tmp_path / "raw", {"a": "x", "b": "slow"})
    stage = make_stage(tmp_path)
    run_toy(stage, raw)
    capsys.readouterr()
    run_toy(stage, raw)
    err = capsys.readouterr().err
    assert "toy: retrying 1 document(s) whose last run failed for a passing reason" in err
    assert "toy: 0 processed, 1 unchanged, 1 errors" in err


def test_a_document_added_after_the_listing_makes_the_stage_stale(tmp_path):
    raw = corpus(tmp_path / "raw", {"a": "x"})
    stage = make_stage(tmp_path)
    run_toy(stage, raw)
    assert stale_stages(tmp_path / "manifests") == {}
    (raw / "late.txt").write_text("y")
    assert stale_stages(tmp_path / "manifests") == {"toy": f"{raw} changed while it ran"}
    run_toy(stage, raw)
    assert read_json(stage.out / "late.json") == {"upper": "Y"}
    assert stale_stages(tmp_path / "manifests") == {}


def test_removed_documents_lose_their_outputs_and_rows(tmp_path):
    raw = corpus(tmp_path / "raw", {"a": "x", "b": "unreadable"})
    stage = make_stage(tmp_path)
    run_toy(stage, raw)
    corpus(raw, {"c": "z"})
    run_toy(stage, raw)
    assert [p.name for p in stage.out.iterdir()] == ["c.json"]
    assert error_rows(stage) == []
    manifest = Manifest(stage.manifest)
    assert sorted(manifest.entries()) == ["c"]
    manifest.close()


def test_files_of_no_current_document_leave_the_out_folder(tmp_path):
    """An older polex kept `_manifest.json` among the outputs; stages read every file there."""
    raw = corpus(tmp_path / "raw", {"a": "x"})
    stage = make_stage(tmp_path)
    stage.out.mkdir(parents=True)
    (stage.out / "_manifest.json").write_text("{}")
    (stage.out / "deleted-elsewhere.json").write_text("{}")
    run_toy(stage, raw)
    assert sorted(p.name for p in stage.out.iterdir()) == ["a.json"]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_write_that_fails_stops_the_stage_and_a_rerun_completes_it(tmp_path, monkeypatch, capsys, code):
    raw = corpus(tmp_path / "raw", {f"d{i:02d}": f"t{i}" for i in range(40)})
    clean = make_stage(tmp_path / "clean")
    run_toy(clean, raw)
    stage = make_stage(tmp_path)
    real, written = cache.write_json, []

    def fail_after_20(path, value):
        if len(written) == 20:
            raise OSError(code, os.strerror(code))
        written.append(path)
        real(path, value)

    monkeypatch.setattr(cache, "write_json", fail_after_20)
    with pytest.raises(SystemExit) as stopped:
        run_toy(stage, raw)
    assert stopped.value.code == 1
    assert f"toy: cannot write {stage.out / 'd20.json'}: {os.strerror(code)}; fix that and run again" in capsys.readouterr().err
    manifest = Manifest(stage.manifest)
    assert sorted(manifest.entries()) == [f"d{i:02d}" for i in range(20)]  # every document written is kept
    assert not any(e.error for e in manifest.entries().values())  # a full disk is no document's fault
    manifest.close()
    monkeypatch.setattr(cache, "write_json", real)
    capsys.readouterr()
    run_toy(stage, raw)
    assert "toy: 20 processed, 20 unchanged, 0 errors" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in stage.out.iterdir()} == {p.name: p.read_bytes() for p in clean.out.iterdir()}


@pytest.mark.parametrize("documents, workers, size", [
    (201, 1, 16),  # 13 batches, one worker: as full as they go
    (201, 2, 15),  # 14 batches, 7 each, not 13 (7 for one worker, 6 for the other)
    (10, 4, 3),  # fewer documents than a batch per worker: smaller batches, all workers busy
    (64, 2, 16),
    (0, 2, 1),
])
def test_batches_split_evenly_over_the_workers(documents, workers, size):
    assert cache.batch_size(documents, workers) == size
