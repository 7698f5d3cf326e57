"""Bring the real documents that corpus/raw/real/*.meta.json list into that
folder from a copy of them elsewhere (corpus/real-documents.md says why the
repository holds their meta files and gold but not the documents).

    python -m pipeline.real_corpus FOLDER

Each document is found in FOLDER by its file name and taken only if its
SHA-256 is the one its meta file records."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from pipeline.cache import file_hash
from pipeline.corpus import FORMATS, META_SUFFIX

REAL = Path("corpus/raw/real")


def missing_documents(real: Path = REAL) -> list[tuple[str, str]]:
    """(file name, sha256) of each listed document not yet in `real`."""
    missing = []
    for meta_path in sorted(real.glob(f"*{META_SUFFIX}")):
        doc_id = meta_path.name[: -len(META_SUFFIX)]
        if not any((real / f"{doc_id}{suffix}").exists() for suffix in FORMATS):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            missing.append((f"{doc_id}.{meta['format']}", meta["sha256"]))
    return missing


def bring(source: Path, real: Path = REAL) -> tuple[int, int]:
    """Copy what `source` holds of the missing documents; (copied, still missing)."""
    copied, absent = 0, 0
    for name, sha256 in missing_documents(real):
        candidate = source / name
        if candidate.is_file() and file_hash(candidate) == sha256:
            shutil.copyfile(candidate, real / name)
            copied += 1
        else:
            absent += 1
    return copied, absent


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    listed = len(list(REAL.glob(f"*{META_SUFFIX}")))
    copied, absent = bring(source) if source and source.is_dir() else (0, len(missing_documents()))
    print(f"real corpus: {listed - absent} of {listed} listed documents present"
          + (f" ({copied} copied from {source})" if copied else "")
          + ("" if not absent else "; see corpus/real-documents.md for the others"))


if __name__ == "__main__":
    main()
