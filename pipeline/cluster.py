"""Batches of documents on a Dask cluster (dask.distributed): the executor the
per-document stages use when POLEX_SCHEDULER names a scheduler. The driver
(pipeline.cache) still decides what needs work, keeps the manifests and writes
every output; workers get the documents' texts in the batches and send back
results. Each worker process loads a stage's model and rules once
(pipeline.worker.processor) and keeps them for every later batch."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

from pipeline.worker import Outcome

SCHEDULER = "POLEX_SCHEDULER"  # tcp://HOST:8786, or local:N for N worker processes on this machine
CONNECT_TIMEOUT_S = 10


class SchedulerUnreachable(Exception):
    pass


def scheduler() -> str:
    return os.environ.get(SCHEDULER, "").strip()


# How polex starts its own workers (local:N). Dask's defaults cost a
# single-threaded worker about 15% of its CPU on spaCy: workers sample their
# own stacks every 10 ms for the dashboard's profile (taking the GIL from the
# documents), and start with MALLOC_TRIM_THRESHOLD_ set, which fixes glibc's
# mmap threshold so that each of spaCy's larger arrays is an mmap and munmap.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False,
                 "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def start_local(address: str):
    """`local:N`: a LocalCluster of N single-threaded worker processes."""
    import dask
    from distributed import LocalCluster

    count = address.split(":", 1)[1]
    if not count.isdigit() or int(count) < 1:
        raise SchedulerUnreachable(f"{address}: give local:N with N worker processes, e.g. local:2")
    with dask.config.set(WORKER_CONFIG):  # the worker processes start with this configuration
        return LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True, dashboard_address=None)


def started(address: str):
    """(the LocalCluster started for a `local:N` address, else None; the
    address of the scheduler to connect to)."""
    if address.startswith("local:"):
        cluster = start_local(address)
        return cluster, cluster.scheduler_address
    return None, address


def connect(address: str):
    """A client of the scheduler at `address`; SchedulerUnreachable (a one-line
    cause naming the address) when there is none."""
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        cause = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {address}: {cause}") from None


@contextmanager
def scheduler_for_run(address: str | None):
    """The environment that points a run's stages at `address` (none: local).
    A `local:N` cluster lives as long as the run, so its workers keep their
    loaded models from stage to stage. Raises SchedulerUnreachable once, up front."""
    if not address:
        yield {}
        return
    cluster, target = started(address)
    try:
        connect(target).close()
        yield {SCHEDULER: target}
    finally:
        if cluster:
            cluster.close()


class Dask:
    """Batches run on the cluster's workers, at most two per worker at a time,
    each result taken as it completes. Dask runs the batches of a worker that
    dies again on another; a batch that kills workers each time it runs
    (distributed's `allowed-failures`) is split, and a document that does so
    alone is a transient error, as with local worker processes."""

    def __init__(self, address: str):
        self.cluster, target = started(address)
        self.client = connect(target)
        self.workers = max(1, len(self.client.scheduler_info()["workers"]))

    def map(self, function: Callable[[list], list[Outcome]], batches: Iterable[list]) -> Iterator[list[Outcome]]:
        from distributed import as_completed
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker

        queue = iter(batches)
        running = as_completed(loop=self.client.loop)
        batch_of = {}

        def submit(batch) -> None:
            future = self.client.submit(function, batch, pure=False)
            batch_of[future.key] = batch
            running.add(future)

        for batch in queue:
            submit(batch)
            if len(batch_of) >= 2 * self.workers:
                break
        for future in running:
            batch = batch_of.pop(future.key)
            try:
                outcomes = future.result()
            except (KilledWorker, FutureCancelledError):
                if len(batch) == 1:
                    outcomes = [Outcome(batch[0][0], error="it killed every Dask worker that processed it",
                                        hint="often memory: raise the stage's memory_mb or the workers' memory; "
                                             "retried on the next run", transient=True)]
                else:
                    for item in batch:
                        submit([item])
                    continue
            finally:
                future.release()
            yield outcomes
            following = next(queue, None)
            if following is not None:
                submit(following)

    def close(self) -> None:
        self.client.close()
        if self.cluster:
            self.cluster.close()
