"""A stage's record of what it did per document, in SQLite: the document's key
(its input files and everything that processes it), and the error if it
failed. One row per document, committed per batch: a write costs O(1) per
document, and a killed run keeps every batch it committed.

An error is a verdict (cached until the key changes) when it comes from the
document itself; a passing failure (a time or memory limit, a full disk) is
kept as `transient` so the next run retries the document."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    file TEXT NOT NULL DEFAULT '',
    error TEXT,
    hint TEXT,
    transient INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS listing (folder TEXT PRIMARY KEY, signature TEXT NOT NULL);
"""


@dataclass
class Entry:
    key: str
    file: str = ""
    error: str | None = None
    hint: str | None = None
    transient: bool = False


class Manifest:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        # WAL: a commit appends to a log, readers never block the writer, and
        # a killed process loses at most its uncommitted batch.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.db.execute("BEGIN")

    def entries(self) -> dict[str, Entry]:
        rows = self.db.execute("SELECT doc_id, key, file, error, hint, transient FROM documents")
        return {doc_id: Entry(key, file, error, hint, bool(transient)) for doc_id, key, file, error, hint, transient in rows}

    def record(self, doc_id: str, key: str, file: str = "", error: str | None = None, hint: str | None = None,
               transient: bool = False) -> None:
        self.db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                        (doc_id, key, file, error, hint, int(transient)))

    def forget(self, doc_ids: list[str]) -> None:
        self.db.executemany("DELETE FROM documents WHERE doc_id = ?", [(d,) for d in doc_ids])

    def errors(self) -> list[dict]:
        rows = self.db.execute("SELECT doc_id, file, error, hint, transient FROM documents "
                               "WHERE error IS NOT NULL ORDER BY doc_id")
        return [{"doc_id": d, "file": f, "error": e, "hint": h, "transient": bool(t)} for d, f, e, h, t in rows]

    def set_listing(self, folder: Path, signature: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO listing VALUES (?, ?)", (str(folder), signature))

    def listings(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT folder, signature FROM listing"))

    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    def close(self) -> None:
        self.db.execute("COMMIT")
        self.db.close()


def listing_signature(folder: Path) -> str:
    """A hash of a folder's file names, sizes and modification times: it changes
    when a file is added, removed or rewritten, at the cost of one stat each."""
    digest = hashlib.sha256()
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_file() and not entry.name.startswith("."):
                stat = entry.stat()
                digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
