"""Content-addressed per-document cache and atomic writes.

DVC re-runs a whole stage when any file in a directory dependency changes.
Each stage therefore keeps `_manifest.json` beside its per-document outputs:
document id -> the hash of its input and of everything that processes it
(code, data files, parameters, model). A document whose key is unchanged is
skipped; only new or changed documents are processed."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Iterable


def atomic_write(path: Path, data: str) -> None:
    """Write to a temporary file beside `path`, then rename: a killed run
    leaves either the old file or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a table is an ordinary file
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, value) -> None:
    atomic_write(path, json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def read_json(path: Path, default=None):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        return default


def write_csv(path: Path, columns: list[str], rows: Iterable[dict]) -> None:
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    atomic_write(path, buffer.getvalue())


def document_files(folder: Path) -> list[Path]:
    """A stage's per-document JSON files, sorted; `_manifest.json` is not one."""
    return sorted(p for p in Path(folder).glob("*.json") if not p.name.startswith("_"))


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


class Manifest:
    """The stage's record of what it did per document: key, and error if any."""

    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / "_manifest.json"
        self.entries: dict[str, dict] = read_json(self.path, {})

    def is_current(self, doc_id: str, key: str, output: Path | None = None) -> bool:
        entry = self.entries.get(doc_id)
        if not entry or entry.get("key") != key:
            return False
        return entry.get("error") is not None or output is None or output.exists()

    def record(self, doc_id: str, key: str, error: dict | None = None) -> None:
        self.entries[doc_id] = {"key": key, "error": error}

    def keep_only(self, doc_ids: set[str], out_dir: Path, suffix: str) -> None:
        """Forget documents no longer in the corpus and delete their outputs."""
        for doc_id in set(self.entries) - doc_ids:
            del self.entries[doc_id]
            (Path(out_dir) / f"{doc_id}{suffix}").unlink(missing_ok=True)

    def errors(self) -> list[dict]:
        return [dict(doc_id=d, **e["error"]) for d, e in sorted(self.entries.items()) if e.get("error")]

    def save(self) -> None:
        write_json(self.path, self.entries)
