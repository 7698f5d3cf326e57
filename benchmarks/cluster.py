"""`make bench`: the Dask backend against local runs, on one machine, with the
per-document runner in this process as the driver. Figures: a 1-worker
LocalCluster's extract time over the local 1-process run's on the same 200
documents (`dask_overhead_ratio`), 1 worker's time over 2 workers'
(`dask_scaling_2_workers`), and documents per second for extract and for
ingesting PDFs, locally and on 2 workers. The model is loaded before the
clock starts on every side (in this process for the local run, in each
worker process for the clusters), so that the figures compare running
documents, not starting up; each run is repeated, the rounds interleaved so
that a change in the machine's load touches all sides, and the fastest counts."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from pipeline.cache import Stage, Task, document_files, read_input, run_documents
from pipeline.cluster import SCHEDULER, start_local
from pipeline.corpus import list_documents
from pipeline.extract import Settings
from pipeline.extract.__main__ import Extract
from pipeline.ingest.__main__ import Ingest, task as ingest_task
from pipeline.worker import Limits, processor

from benchmarks.rounds import fastest


def warm(work) -> None:
    processor(work)


@contextmanager
def workers(count: int, work):
    """A LocalCluster of `count` single-threaded processes named to the stages,
    each with `work` loaded; 0: this process, with `work` loaded."""
    if not count:
        warm(work)
        yield
        return
    from distributed import Client

    with start_local(f"local:{count}") as cluster:
        with Client(cluster) as client:
            client.run(warm, work)
        os.environ[SCHEDULER] = cluster.scheduler_address
        try:
            yield
        finally:
            del os.environ[SCHEDULER]


def timed_stage(name: str, work, tasks, watch: list[Path], count: int) -> float:
    """Seconds for the runner to take the stage through all documents on `count` workers (0: locally)."""
    folder = Path(tempfile.mkdtemp(prefix=f"polex-{name}-"))
    stage = Stage(name, folder / "out", folder / "manifest.sqlite", folder / "errors.csv", "bench", Limits(name, 600, 0))
    try:
        with workers(count, work):
            start = time.perf_counter()
            run_documents(stage, work, tasks, watch)
            return time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fastest_stage(name: str, work, tasks, watch: list[Path], counts: tuple[int, ...]) -> list[float]:
    """The fastest of the rounds (benchmarks/rounds.py) on each number of workers."""
    return fastest([lambda count=count: timed_stage(name, work, tasks, watch, count) for count in counts])


def cluster_figures(project: Path, settings: Settings, pdfs: list[bytes], models: Path) -> dict[str, float]:
    """`project`: a project whose pipeline has run (its ingested and segmented documents are the inputs)."""
    docs, sections = project / "outputs" / "interim" / "docs", project / "outputs" / "interim" / "sections"
    count = len(document_files(docs))

    def extract_tasks():
        return [Task(p.stem, [p, sections / p.name], lambda p=p: (read_input(p), read_input(sections / p.name)))
                for p in document_files(docs)]

    local, one, two = fastest_stage("extract", Extract(settings), extract_tasks, [docs, sections], (0, 1, 2))
    raw = Path(tempfile.mkdtemp(prefix="polex-pdfs-"))
    for i, data in enumerate(pdfs):
        (raw / f"p{i:03d}.pdf").write_bytes(data)
    pdf_local, pdf_two = fastest_stage("ingest", Ingest(models, 30_000_000), lambda: [ingest_task(d) for d in list_documents(raw)],
                                 [raw], (0, 2))
    shutil.rmtree(raw, ignore_errors=True)
    return {"dask_overhead_ratio": one / local, "dask_scaling_2_workers": one / two,
            "extract_docs_per_s": count / local, "extract_docs_per_s_2_workers": count / two,
            "ingest_pdf_docs_per_s": len(pdfs) / pdf_local, "ingest_pdf_docs_per_s_2_workers": len(pdfs) / pdf_two}
