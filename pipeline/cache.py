"""The per-document runner, its content-addressed cache, and atomic writes.

DVC re-runs a whole stage when any file in a directory dependency changes.
Each per-document stage (ingest, segment, extract, baseline) therefore runs
through `run_documents`, which keeps a manifest (pipeline.manifest): document
id -> the hash of its input and of everything that processes it (code, data
files, parameters, model). Only new or changed documents, and those whose last
run failed for a passing reason, are processed; where they run is the
executor's business (pipeline.executors), under per-document limits
(pipeline.worker). This driver alone writes outputs and the manifest."""
from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import os
import re
import sqlite3
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.cluster import SchedulerUnreachable
from pipeline.executors import executor_for
from pipeline.manifest import Manifest, listing_signature
from pipeline.progress import Run, console
from pipeline.worker import Limits, Outcome, Work, run_batch


class AtomicFile:
    """A file written under a temporary name beside `path` and renamed over it
    by `commit()`: a killed run leaves the old file or the new one, never half
    of one. Leaving the `with` block without commit removes the temporary file."""

    def __init__(self, path: Path, binary: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)  # mkstemp makes it private; a table is an ordinary file
        self.file = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.committed = False

    def commit(self) -> None:
        self.file.close()
        os.replace(self.tmp, self.path)
        self.committed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if not self.committed:
            self.file.close()
            Path(self.tmp).unlink(missing_ok=True)


def atomic_write(path: Path, data: str) -> None:
    with AtomicFile(path) as out:
        out.file.write(data)
        out.commit()


class CsvStream(AtomicFile):
    """A CSV table written row by row (never all rows in memory), atomically."""

    def __init__(self, path: Path, columns: list[str]):
        super().__init__(path)
        self.writer = csv.DictWriter(self.file, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        self.writer.writeheader()

    def write(self, rows: Iterable[dict]) -> None:
        self.writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)


def write_json(path: Path, value) -> None:
    atomic_write(path, json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def read_json(path: Path, default=None):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        return default


def read_input(path: Path):
    """A stage's input JSON; a missing or broken file raises (OSError, ValueError)."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def spreadsheet_safe(value):
    """A text cell that a spreadsheet would run as a formula (`=HYPERLINK(...)`,
    `@SUM(...)`) gets a leading `'`, as OWASP advises for CSV files; numbers,
    negative ones too, stay as they are."""
    if isinstance(value, str) and (
        (value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value))
        or (value.startswith("'") and spreadsheet_safe(value[1:]) == value)  # so that the quote can be undone
    ):
        return "'" + value
    return value


def spreadsheet_value(cell: str) -> str:
    """The value `spreadsheet_safe` quoted, for programs that read the CSV back."""
    return cell[1:] if cell.startswith("'") and spreadsheet_safe(cell[1:]) == cell else cell


def read_csv(path: Path) -> Iterator[dict]:
    """A CSV table's rows as dicts of text, one at a time, with the quotes
    `spreadsheet_safe` added taken off again."""
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            yield {k: spreadsheet_value(v) for k, v in row.items()}


def write_csv(path: Path, columns: list[str], rows: Iterable[dict]) -> None:
    with CsvStream(path, columns) as table:
        table.write(rows)
        table.commit()


def document_files(folder: Path) -> list[Path]:
    """A stage's per-document JSON files, sorted. The folder holds nothing
    else (manifests and error lists live elsewhere), so every name is a document's."""
    return sorted(Path(folder).glob("*.json"))


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(paths: Iterable[Path], *extra: object) -> str:
    """One hash over the content of files (folders walked in sorted order,
    caches and bytecode skipped) and any extra values such as parameters."""
    digest = hashlib.sha256()
    for root in sorted(Path(p) for p in paths):
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                digest.update(str(f.as_posix()).encode() + b"\0" + file_hash(f).encode())
    digest.update(json.dumps(extra, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def document_key(stage_fingerprint: str, *inputs: Path) -> str:
    return hashlib.sha256(
        (stage_fingerprint + "".join(file_hash(p) for p in inputs)).encode()
    ).hexdigest()


# Settings that change how documents run, not what comes out: left out of the key.
RUNTIME_SETTINGS = ("timeout_s", "memory_mb", "n_process", "batch_size")
ERROR_COLUMNS = ["doc_id", "file", "error", "hint", "transient"]
BATCH_DOCS = 16
BATCH_BYTES = 2_000_000


def keyed(settings: dict) -> dict:
    return {k: v for k, v in settings.items() if k not in RUNTIME_SETTINGS}


def limits_of(stage: str, settings: dict) -> Limits:
    return Limits(stage, settings.get("timeout_s", 0), settings.get("memory_mb", 0))


@dataclass
class Task:
    doc_id: str
    inputs: list[Path]  # the files whose content keys the document; the first names it in messages
    read: Callable[[], object]  # in the driver: what the work needs (text, parsed JSON)


@dataclass
class Stage:
    name: str
    out: Path  # <doc_id>.json per document, nothing else
    manifest: Path
    errors: Path  # the stage's error rows, for the tables stage
    key: str  # fingerprint of code, data files and keyed settings
    limits: Limits
    strict: bool = False
    workers: int = 1
    distributed: bool = True  # worth sending to a Dask cluster when one is named


def stage_of(name: str, args, settings: dict, *key_values: object, strict: bool = False,
             distributed: bool = True) -> Stage:
    """A per-document stage from its arguments (--out, --manifest, --errors,
    --code) and its settings in params.yaml."""
    return Stage(name, args.out, args.manifest, args.errors, fingerprint(args.code, keyed(settings), *key_values),
                 limits_of(name, settings), strict, settings.get("n_process", 1), distributed)


class StageFailure(Exception):
    """The stage cannot go on (no space left, outputs not writable): no document is to blame."""


@contextmanager
def writing(path: Path):
    try:
        yield
    except (OSError, sqlite3.Error) as error:
        cause = getattr(error, "strerror", None) or str(error)
        raise StageFailure(f"cannot write {path}: {cause}") from None


def run_documents(stage: Stage, work: Work, list_tasks: Callable[[], list[Task]], watch: list[Path]) -> None:
    """Run `work` on the documents that need it and record the outcome of each.
    `watch`: the input folders; their listing is noted before the documents
    are listed, so that one added during the run is seen by the next (see `stale_stages`)."""
    try:
        with writing(stage.manifest):
            manifest = Manifest(stage.manifest)
        try:
            _run(stage, work, list_tasks, watch, manifest)
        finally:
            with writing(stage.manifest):
                manifest.close()
    except (StageFailure, SchedulerUnreachable) as failure:
        console.print(f"[red]error[/red] {stage.name}: {failure}; fix that and run again (finished documents are kept)")
        sys.exit(1)


def _run(stage: Stage, work: Work, list_tasks, watch: list[Path], manifest: Manifest) -> None:
    signatures = {folder: listing_signature(folder) for folder in watch}
    tasks = list_tasks()
    entries = manifest.entries()
    keys = {t.doc_id: document_key(stage.key, *t.inputs) for t in tasks}
    todo, unchanged = [], []
    for task in tasks:
        entry = entries.get(task.doc_id)
        current = entry and entry.key == keys[task.doc_id] and not entry.transient
        if current and (entry.error or (stage.out / f"{task.doc_id}.json").exists()):
            unchanged.append(entry)
        else:
            todo.append(task)
    retried = sum(1 for t in todo if t.doc_id in entries and entries[t.doc_id].transient)
    if retried:
        console.print(f"{stage.name}: retrying {retried} document(s) whose last run failed for a passing reason")
    gone = sorted(set(entries) - set(keys))
    with writing(stage.out):
        # every file here is a current document's: what is not (a document
        # deleted, an older polex's _manifest.json) would be read downstream
        for path in document_files(stage.out):
            if path.stem not in keys:
                path.unlink()
        stage.out.mkdir(parents=True, exist_ok=True)
        for leftover in stage.out.glob(".*.tmp"):  # from a write that a kill cut short
            leftover.unlink(missing_ok=True)
    manifest.forget(gone)
    with Run(stage.name, len(tasks), strict=stage.strict) as run:
        for entry in unchanged:
            run.skip({"file": entry.file, "error": entry.error, "hint": entry.hint} if entry.error else None)
        names = {t.doc_id: t.inputs[0].name for t in todo}

        def record(outcomes: list[Outcome]) -> None:
            """Write a batch's outputs, commit its manifest rows, then show it:
            the progress shown is what a killed run keeps."""
            for outcome in outcomes:
                output = stage.out / f"{outcome.doc_id}.json"
                with writing(output):
                    if outcome.error is None:
                        write_json(output, outcome.value)
                    else:
                        output.unlink(missing_ok=True)
                manifest.record(outcome.doc_id, keys[outcome.doc_id], names[outcome.doc_id], outcome.error,
                                outcome.hint, outcome.transient)
            with writing(stage.manifest):
                manifest.commit()
            for outcome in outcomes:
                if outcome.error is None:
                    run.done(outcome.doc_id)
                else:
                    run.failed(names[outcome.doc_id], outcome.error, outcome.hint)

        if todo:
            executor = executor_for(stage.workers, stage.distributed)
            try:
                size = batch_size(len(todo), executor.workers)
                for outcomes in executor.map(_Batch(work, stage.limits), batches(todo, record, size)):
                    record(outcomes)
            finally:
                executor.close()
        for folder, signature in signatures.items():
            manifest.set_listing(folder, signature)
        with writing(stage.errors):
            write_csv(stage.errors, ERROR_COLUMNS, ({**e, "transient": int(e["transient"])} for e in manifest.errors()))
            manifest.commit()


class _Batch:
    """run_batch bound to a stage's work and limits; picklable, for any executor."""

    def __init__(self, work: Work, limits: Limits):
        self.work, self.limits = work, limits

    def __call__(self, items):
        return run_batch(self.work, self.limits, items)


def batch_size(documents: int, workers: int) -> int:
    """Documents per batch: up to BATCH_DOCS, fewer so that the batches split
    evenly over the workers (else the last round leaves some of them idle)."""
    rounds = -(-documents // (BATCH_DOCS * workers))
    return max(1, -(-documents // (max(1, rounds) * workers)))


def batches(tasks: list[Task], record: Callable[[list[Outcome]], None],
            size: int = BATCH_DOCS) -> Iterator[list[tuple[str, object]]]:
    """Tasks read into batches of up to `size` documents or BATCH_BYTES of
    input, lazily, so only the batches out at the executor are in memory. An
    input that cannot be read is a transient error (it is being rewritten, or gone)."""
    batch, read = [], 0
    for task in tasks:
        try:
            read += sum(p.stat().st_size for p in task.inputs)
            batch.append((task.doc_id, task.read()))
        except (OSError, ValueError) as error:
            record([Outcome(task.doc_id, error=f"cannot read {task.inputs[0]}: {error}", hint="retried on the next run",
                            transient=True)])
        if len(batch) >= size or read >= BATCH_BYTES:
            yield batch
            batch, read = [], 0
    if batch:
        yield batch


@contextmanager
def only_run(lock: Path):
    """Hold `lock` while a run checks and runs the pipeline; a second run at
    the same time raises BlockingIOError instead of undoing the first one's work."""
    Path(lock).parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield


def rerun_stale_stages(manifests: Path, stage_errors: Path) -> dict[str, str]:
    """Make DVC re-run the stages of `stale_stages` by removing their error
    list, an out of the stage: DVC runs a stage whose out is missing, in its
    place in the pipeline, and the stage writes the list again. -> {stage: why}"""
    stale = stale_stages(manifests)
    for stage in stale:
        (Path(stage_errors) / f"{stage}.csv").unlink(missing_ok=True)
    return stale


def stale_stages(manifests: Path) -> dict[str, str]:
    """Stages that DVC thinks are up to date but are not: a document failed
    for a passing reason, or an input folder changed after the stage listed it
    (a document added during the run). Stage name (the manifest's) -> why."""
    stale = {}
    for path in sorted(Path(manifests).glob("*.sqlite")):
        manifest = Manifest(path)
        try:
            transient = sum(1 for e in manifest.errors() if e["transient"])
            changed = [f for f, sig in manifest.listings().items() if Path(f).is_dir() and listing_signature(Path(f)) != sig]
        finally:
            manifest.close()
        if transient:
            stale[path.stem] = f"{transient} document(s) to retry after a passing failure"
        elif changed:
            stale[path.stem] = f"{changed[0]} changed while it ran"
    return stale
