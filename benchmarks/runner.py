"""`make bench`: what the per-document runner's own bookkeeping costs. The
extract stage runs in this process on 30,000 tiny documents through
pipeline.cache.run_documents, with the manifest's reads, writes and commits
timed; the figure is their share of the stage's time."""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.cache import Stage, Task, read_input, run_documents
from pipeline.extract import Settings
from pipeline.extract.__main__ import Extract
from pipeline.manifest import Manifest
from pipeline.worker import Limits

TINY = "Japan and Kenya signed the agreement in March 2015 with the Asian Development Bank ({})."


def tiny_inputs(folder: Path, count: int) -> tuple[Path, Path]:
    docs, sections = folder / "docs", folder / "sections"
    docs.mkdir()
    sections.mkdir()
    for i in range(count):
        text = TINY.format(i)
        doc = {"doc_id": f"d{i:05d}", "text": text, "title": "", "date": "", "source": "", "pages": [], "headings": []}
        root = {"section_id": "0", "parent_id": "", "level": 0, "number": "", "title": "", "start": 0, "end": len(text)}
        (docs / f"d{i:05d}.json").write_text(json.dumps(doc))
        (sections / f"d{i:05d}.json").write_text(json.dumps({"doc_id": doc["doc_id"], "sections": [root]}))
    return docs, sections


def manifest_share(settings: Settings, count: int = 30_000) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="polex-manifest-"))
    docs, sections = tiny_inputs(folder, count)
    spent = [0.0]

    def timed(method):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start
        return wrapper

    originals = {name: getattr(Manifest, name) for name in ("entries", "record", "forget", "commit", "errors")}
    stage = Stage("extract", folder / "entities", folder / "extract.sqlite", folder / "errors.csv", "bench",
                  Limits("extract", 600, 0))

    def tasks():
        return [Task(p.stem, [p, sections / p.name], lambda p=p: (read_input(p), read_input(sections / p.name)))
                for p in sorted(docs.glob("*.json"))]

    try:
        for name, method in originals.items():
            setattr(Manifest, name, timed(method))
        start = time.perf_counter()
        run_documents(stage, Extract(settings), tasks, watch=[docs, sections])
        total = time.perf_counter() - start
    finally:
        for name, method in originals.items():
            setattr(Manifest, name, method)
        shutil.rmtree(folder, ignore_errors=True)
    return {"manifest_share_30k_docs": spent[0] / total, "extract_tiny_docs_per_s": count / total}
