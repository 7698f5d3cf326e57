"""Faults while running: a document over its limits, pathological inputs that
used to take quadratic time, and a whole run killed in each stage, run twice at
once, or given a document while it runs. After a normal re-run the outputs
equal a clean run's."""
import contextlib
import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
import yaml

from pipeline.corpus import Document
from pipeline.ingest.__main__ import Ingest
from pipeline.segment import Segment
from pipeline.worker import Limits, run_batch

from conftest import MODELS, ROOT, dvc, new_project, venv_env


def bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to `megabytes` of spaces."""
    packer = zlib.compressobj(6)
    stream = b"".join(packer.compress(b" " * 2**20) for _ in range(megabytes)) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def ingest_batch(limits: Limits, *documents: tuple[str, str, bytes]):
    items = [(name, (Document(name, Path(f"{name}.{fmt}"), {"pdf": "pdf"}.get(fmt, "text")), data))
             for name, fmt, data in documents]
    return run_batch(Ingest(MODELS, 30_000_000), limits, items)


def test_a_pdf_compression_bomb_stops_at_the_memory_limit_and_the_others_go_on():
    bomb, good = ingest_batch(Limits("ingest", 120, 64), ("bomb", "pdf", bomb_pdf(200)), ("good", "txt", b"Kenya\n"))
    assert (bomb.doc_id, bomb.error, bomb.hint, bomb.transient) == (
        "bomb", "needed more than 64 MB of memory",
        "raise ingest.memory_mb in params.yaml or split the document; retried on the next run", True)
    assert (good.error, good.value["text"]) == (None, "Kenya\n")


def test_a_500_kb_text_on_one_line_is_ingested_within_the_time_limit():
    line = "In March 2015 the Bank lent US$2 billion to Kenya, and next year it will lend more. " * 6000
    [outcome] = ingest_batch(Limits("ingest", 60, 0), ("line", "txt", line.encode()))
    assert outcome.error is None
    assert (len(outcome.value["text"]), outcome.value["title"], outcome.value["date"]) == (len(line), "", "")


def test_a_3_mb_line_of_run_on_headings_is_segmented_within_the_time_limit():
    unit = "Cooperation goes on in many fields of work and of study - Tackling Crime "
    text = unit * 42_000 + "\nBody text.\n"
    doc = {"doc_id": "runon", "text": text, "title": "T", "headings": []}
    [outcome] = run_batch(Segment(MODELS / "segment", 160), Limits("segment", 60, 0), [("runon", doc)])
    assert outcome.error is None
    root, heading = outcome.value["sections"]
    # the earliest dash whose rest of the line fits max_title_chars (160) heads the last section
    assert (heading["title"], heading["start"]) == (("Tackling Crime " + unit * 2).strip(), len(unit) * 41_997 + unit.index("- T"))


SEED = (ROOT / "corpus" / "raw" / "mofa-it-cooperation-2001.txt").read_text(encoding="utf-8")
GOLD = '{"label": "COUNTRY", "start": 0, "end": 5, "text": "Japan", "norm": "JPN"}\n'


def document(i: int) -> str:
    """Small documents that differ, so that every table changes when one is added."""
    start = 500 * i % (len(SEED) - 1500)
    return f"Japan and partner {i}\n" + SEED[start:start + 1500] + "\n"


def start_corpus(project: Path, count: int) -> None:
    for i in range(count):
        (project / "corpus" / "raw" / f"doc{i:02d}.txt").write_text(document(i), encoding="utf-8")
    (project / "corpus" / "gold" / "doc00.jsonl").write_text(GOLD, encoding="utf-8")


def tracked(project: Path) -> dict[str, bytes]:
    """What DVC tracks: every output but the stages' manifests and leftover temporary files."""
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted((project / "outputs").rglob("*"))
            if p.is_file() and "manifests" not in p.parts and not p.name.endswith(".tmp")}


def locked(project: Path) -> dict:
    """dvc.lock: what a fresh clone's `make repro` would leave in git."""
    return yaml.safe_load((project / "dvc.lock").read_text())


def whole(path: Path) -> bool:
    if path.suffix == ".db":
        with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as db:
            return db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    if path.suffix == ".parquet":
        import pyarrow.parquet

        return pyarrow.parquet.read_table(path).num_rows >= 0
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".csv":
        rows = list(csv.reader(text.splitlines()))
        return bool(rows) and all(len(r) == len(rows[0]) for r in rows)
    if path.suffix == ".json":
        return json.loads(text) is not None
    return path.suffix != ".html" or text.rstrip().endswith("</html>")


def start_run(project: Path, log: Path, *command: str) -> subprocess.Popen:
    command = command or ("-m", "dvc", "repro")
    return subprocess.Popen([sys.executable, *command], cwd=project, env=venv_env(COLUMNS="200", PYTHONHASHSEED="2", POLEX_VERBOSE="1"),
                            start_new_session=True, stdout=open(log, "w"), stderr=subprocess.STDOUT)


def wait_for(log: Path, text: str, proc: subprocess.Popen, seconds: float = 300) -> bool:
    deadline = time.time() + seconds
    while text not in log.read_text() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    return text in log.read_text()


def polex_run(project: Path, seed: str = "2") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "run"], cwd=project,
                          env=venv_env(COLUMNS="200", PYTHONHASHSEED=seed), capture_output=True, text=True)


STAGES = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
LATE_BATCH = 40


def outs_of(stage: str) -> list[str]:
    return [next(iter(o)) for o in STAGES[stage].get("outs", []) + STAGES[stage].get("metrics", [])]


def written_since(project: Path, paths: list[str], since: float) -> bool:
    for name in paths:
        path = project / name
        files = path.rglob("*") if path.is_dir() else [path]
        if any(f.is_file() and f.stat().st_mtime > since for f in files):
            return True
    return False


@pytest.mark.slow
def test_kills_in_every_stage_two_runs_at_once_and_a_late_document_end_as_a_clean_run(tmp_path):
    """The clean run and the faulty one run under different PYTHONHASHSEED
    values, so the comparison also shows that no output depends on it."""
    final = 3 + LATE_BATCH + 1
    clean = new_project(tmp_path / "clean")
    start_corpus(clean, final)
    assert polex_run(clean, seed="1").returncode == 0

    project = new_project(tmp_path / "p", clean)  # the clean run's code, whatever the checkout holds by now
    start_corpus(project, 3)
    assert dvc(project, "repro").returncode == 0
    for stage in STAGES:  # killed as soon as it writes: DVC deleted nothing, and nothing is half-written
        before = tracked(project)
        (project / "outputs" / "interim" / "manifests" / f"{stage}.sqlite").unlink(missing_ok=True)  # all is work
        started = time.time()
        proc = start_run(project, tmp_path / f"{stage}.log", "-m", "dvc", "repro", "--force", "--single-item", stage)
        while not written_since(project, outs_of(stage), started) and proc.poll() is None:
            time.sleep(0.005)
        with contextlib.suppress(ProcessLookupError):  # the report writes nothing when no page changed
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        after = tracked(project)
        assert [name for name in before if name not in after] == [], f"killed in {stage}: outputs deleted"
        assert [name for name in after if not whole(project / name)] == [], f"killed in {stage}: half-written"

    # A document arrives while ingest works through a batch of new ones: DVC then
    # records a corpus that holds it, and on its own would never process it.
    for i in range(3, final - 1):
        (project / "corpus" / "raw" / f"doc{i:02d}.txt").write_text(document(i), encoding="utf-8")
    log = tmp_path / "late.log"
    proc = start_run(project, log)
    docs = project / "outputs" / "interim" / "docs"
    while not (docs / "doc03.json").exists() and proc.poll() is None:
        time.sleep(0.01)  # ingest has listed the corpus and written its first batch
    (project / "corpus" / "raw" / f"doc{final - 1:02d}.txt").write_text(document(final - 1), encoding="utf-8")
    assert proc.wait() == 0, log.read_text()
    assert not (docs / f"doc{final - 1:02d}.json").exists()
    assert "up to date" in dvc(project, "status").stdout

    # Two runs at once: the first goes on (and picks the late document up), the second stops, saying why.
    first = start_run(project, tmp_path / "a.log", "-m", "pipeline.cli", "run")
    assert wait_for(tmp_path / "a.log", "Running stage", first)
    second = polex_run(project)
    assert first.wait() == 0, (tmp_path / "a.log").read_text()
    assert "polex: ingest runs again: corpus/raw changed while it ran" in (tmp_path / "a.log").read_text()
    assert (second.returncode, second.stderr.strip()) == (1, "error: another `polex run` is working in this project "
                                                             "(.dvc/tmp/polex-run.lock is taken); run again when it has ended")
    assert polex_run(project).returncode == 0
    assert [name for name, data in tracked(project).items() if tracked(clean).get(name) != data] == []
    assert sorted(tracked(project)) == sorted(tracked(clean))
    assert locked(project) == locked(clean)
    assert len(tracked(clean)["outputs/mismatches.csv"].splitlines()) > 3  # rows whose order matters
