"""`make bench`: the Dask backend against local runs, on one machine, with the
per-document runner in this process as the driver. Figures: a 1-worker
LocalCluster's extract time over the local 1-process run's on the same 200
documents (`dask_overhead_ratio`), 1 worker's time over 2 workers'
(`dask_scaling_2_workers`), and documents per second for extract and for
ingesting PDFs, locally and on 2 workers. Model loading counts in every run:
a local run loads the model once in the stage, a worker once per process."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from pipeline.cache import Stage, Task, document_files, read_input, run_documents
from pipeline.cluster import SCHEDULER
from pipeline.corpus import list_documents
from pipeline.extract import Settings
from pipeline.extract.__main__ import Extract
from pipeline.ingest.__main__ import Ingest, task as ingest_task
from pipeline.worker import Limits


@contextmanager
def workers(count: int):
    """A LocalCluster of `count` single-threaded processes named to the stages; 0: local."""
    if not count:
        yield
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        os.environ[SCHEDULER] = cluster.scheduler_address
        try:
            yield
        finally:
            del os.environ[SCHEDULER]


def timed_stage(name: str, work, tasks, watch: list[Path]) -> float:
    folder = Path(tempfile.mkdtemp(prefix=f"polex-{name}-"))
    stage = Stage(name, folder / "out", folder / "manifest.sqlite", folder / "errors.csv", "bench", Limits(name, 600, 0))
    try:
        start = time.perf_counter()
        run_documents(stage, work, tasks, watch)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def extract_seconds(docs: Path, sections: Path, settings: Settings, count: int) -> float:
    def tasks():
        return [Task(p.stem, [p, sections / p.name], lambda p=p: (read_input(p), read_input(sections / p.name)))
                for p in document_files(docs)]
    with workers(count):
        return timed_stage("extract", Extract(settings), tasks, [docs, sections])


def ingest_seconds(raw: Path, models: Path, count: int) -> float:
    with workers(count):
        return timed_stage("ingest", Ingest(models, 30_000_000), lambda: [ingest_task(d) for d in list_documents(raw)], [raw])


def cluster_figures(project: Path, settings: Settings, pdfs: list[bytes], models: Path) -> dict[str, float]:
    """`project`: a project whose pipeline has run (its ingested and segmented documents are the inputs)."""
    docs, sections = project / "outputs" / "interim" / "docs", project / "outputs" / "interim" / "sections"
    count = len(document_files(docs))
    local, one, two = (extract_seconds(docs, sections, settings, n) for n in (0, 1, 2))
    raw = Path(tempfile.mkdtemp(prefix="polex-pdfs-"))
    for i, data in enumerate(pdfs):
        (raw / f"p{i:03d}.pdf").write_bytes(data)
    pdf_local, pdf_two = ingest_seconds(raw, models, 0), ingest_seconds(raw, models, 2)
    shutil.rmtree(raw, ignore_errors=True)
    return {"dask_overhead_ratio": one / local, "dask_scaling_2_workers": one / two,
            "extract_docs_per_s": count / local, "extract_docs_per_s_2_workers": count / two,
            "ingest_pdf_docs_per_s": len(pdfs) / pdf_local, "ingest_pdf_docs_per_s_2_workers": len(pdfs) / pdf_two}
