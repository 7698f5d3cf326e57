"""Raw file to document: text, metadata, page offsets and heading hints."""
from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path

from pipeline.corpus import Document
from pipeline.ingest.columns import text_tables
from pipeline.ingest.errors import DocumentError
from pipeline.ingest.html import read_html
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.text import read_plain
from pipeline.meta import infer_date, infer_title, pick_title, read_meta, valid_date

READERS = {"text": read_plain, "html": read_html, "pdf": read_pdf}
MAGIC = {b"%PDF": "pdf", b"PK\x03\x04": "zip", b"\xd0\xcf\x11\xe0": "ole", b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg", b"GIF8": "gif"}


@contextmanager
def time_limit(seconds: float):
    """Abort a reader that uses more than `seconds` of the process's CPU time
    (a pathological PDF). CPU time, not wall-clock time: a loaded machine
    slows every reader, and no document should be refused for it."""
    if not seconds or seconds <= 0:
        yield
        return

    def expire(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def sniff(data: bytes) -> str:
    """What the bytes are, whatever the extension says."""
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return "html"
    return "text"


def ingest(document: Document, date_rules, max_chars: int, timeout_s: float, skip_titles: frozenset[str] = frozenset(),
           data: bytes | None = None) -> dict:
    """Raises DocumentError with a cause and a hint. `skip_titles`: generic
    page words that are never a title (meta.not_titles). `data`: the file's
    bytes, when the caller has read them already."""
    if document.problem:
        raise DocumentError(document.problem, document.hint)
    data = Path(document.path).read_bytes() if data is None else data
    if not data:
        raise DocumentError("the file is empty", "remove it or put the document's text in it")
    kind = sniff(data)
    fmt = document.format
    if fmt == "pdf" and kind != "pdf":
        raise DocumentError(f"named .pdf but holds {kind} content", "rename the file to its real type or get the real PDF")
    if fmt != "pdf" and kind not in ("text", "html"):
        raise DocumentError(f"named {document.path.suffix} but holds {kind.upper()} data", "rename the file to its real type")
    if fmt == "text" and kind == "html":
        fmt = "html"
    try:
        with time_limit(timeout_s):
            result = READERS[fmt](data)
    except TimeoutError:
        raise DocumentError(f"reading took more than {timeout_s:g} s of CPU time", "raise ingest.timeout_s in params.yaml, or split the file") from None
    if len(result["text"]) > max_chars:
        raise DocumentError(
            f"{len(result['text']):,} characters, above ingest.max_chars ({max_chars:,})",
            "raise ingest.max_chars in params.yaml or split the document",
        )
    try:
        meta = read_meta(document.meta_path)
    except ValueError as err:
        raise DocumentError(str(err), "fix the meta file (title, date YYYY-MM-DD, source) or delete it") from None
    text = result["text"]
    return {
        "doc_id": document.doc_id,
        "file": document.path.name,
        "format": fmt,
        "title": meta.title or pick_title(result.get("titles", [result["title"]]), skip_titles)
        or infer_title(text, date_rules, skip_titles),
        "date": meta.date or valid_date(result["date"]) or infer_date(text, date_rules),
        "source": meta.source,
        "issuer": meta.issuer,
        "split": str(meta.extra.get("split", "")),
        "text": text,
        "pages": result["pages"],
        "headings": result["headings"],
        "tables": result.get("tables") or (text_tables(text) if fmt == "text" else []),
    }
