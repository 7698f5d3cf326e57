"""The corpus folder: which files are documents, their ids and metadata."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

FORMATS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
META_SUFFIX = ".meta.json"


@dataclass
class Document:
    doc_id: str
    path: Path
    format: str  # text, html, pdf; "" when the extension is not one of FORMATS
    meta_path: Path | None = None
    problem: str = ""  # why the file cannot be taken as it is
    hint: str = ""


def doc_id_of(path: Path) -> str:
    return unicodedata.normalize("NFC", path.name[: -len(path.suffix)] if path.suffix else path.name)


def leaves(path: Path, folder: Path) -> bool:
    """A path that a symbolic link takes outside `folder` (to any file on the
    machine, which would then reach the tables and the report)."""
    return not path.resolve().is_relative_to(folder.resolve())


def list_documents(raw_dir: Path) -> list[Document]:
    """Every file in `raw_dir` and its subfolders but meta files and hidden
    files, sorted by id; a document's meta file sits beside it. Files that
    cannot be documents come back with `problem` set."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"{raw_dir}: corpus folder not found; create it and put .txt, .html or .pdf files in it")
    files = sorted(
        p for p in raw_dir.rglob("*")
        if p.is_file() and not p.name.endswith(META_SUFFIX)
        and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
    )
    by_id: dict[str, list[Path]] = {}
    for path in files:
        by_id.setdefault(doc_id_of(path), []).append(path)
    documents = []
    for doc_id, paths in sorted(by_id.items()):
        for path in paths:
            meta = path.parent / f"{doc_id}{META_SUFFIX}"
            meta_path = meta if meta.exists() else None
            fmt = FORMATS.get(path.suffix.lower(), "")
            doc = Document(doc_id, path, fmt, meta_path)
            if len(paths) > 1:
                others = ", ".join(p.name for p in paths if p != path)
                doc.problem = f"{path.name} shares its document id '{doc_id}' with {others}"
                doc.hint = "rename one of the files so each document has its own name"
                doc.doc_id = path.name  # keep both visible in the error table
            elif linked := next((p for p in (path, meta_path) if p and leaves(p, raw_dir)), None):
                doc.problem = f"{linked.name} is a link to a file outside the corpus folder"
                doc.hint = "copy the file into the corpus folder instead of linking to it"
            elif not fmt:
                doc.problem = f"{path.name}: unknown extension '{path.suffix}'"
                doc.hint = "polex reads .txt, .html and .pdf; convert the file or rename it"
            documents.append(doc)
    return documents
