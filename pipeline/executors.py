"""Where batches of documents run. An executor maps a function over batches
and yields each batch's result as it completes; the driver (pipeline.cache)
keeps the manifests and writes the outputs. At most `2 x workers` batches are
out at once, so the driver never holds every result in memory. A Dask cluster
is one more executor (pipeline.cluster)."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from pipeline.worker import Outcome

Batch = list[tuple[str, object]]


class Embedded:
    """Batches run one after another in this process: no start-up cost."""

    workers = 1

    def map(self, function: Callable[[Batch], list[Outcome]], batches: Iterable[Batch]) -> Iterator[list[Outcome]]:
        for batch in batches:
            yield function(batch)

    def close(self) -> None:
        pass


class Processes:
    """Batches run in `workers` local processes. A worker that dies (killed,
    out of memory) takes its batches with it: they run again one document at a
    time, and a document that kills a worker on its own is a transient error."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

    def map(self, function: Callable[[Batch], list[Outcome]], batches: Iterable[Batch]) -> Iterator[list[Outcome]]:
        queue = iter(batches)
        suspects: list[Batch] = []  # documents of batches a dying worker took with it
        out: dict[Future, Batch] = {}
        while True:
            if suspects:  # one at a time, so that a death is pinned on its document
                if not out:
                    suspect = suspects.pop(0)  # (in one statement, the pop ran before the submit's suspects[0])
                    out[self.pool.submit(function, suspect)] = suspect
            else:
                while len(out) < 2 * self.workers and (batch := next(queue, None)) is not None:
                    out[self.pool.submit(function, batch)] = batch
            if not out:
                return
            done, _ = wait(out, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                batch = out.pop(future)
                if not isinstance(future.exception(), BrokenProcessPool):
                    yield future.result()
                elif len(batch) == 1 and not out and not broken:
                    broken = True
                    yield [Outcome(batch[0][0], error="the worker process died while processing it",
                                   hint="often memory: raise the stage's memory_mb or free memory; retried on the next run",
                                   transient=True)]
                else:
                    broken = True
                    suspects.extend([item] for item in batch)
            if broken:
                suspects.extend([item] for batch in out.values() for item in batch)
                out.clear()
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._start()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def executor_for(workers: int, distributed: bool = True):
    """Dask when POLEX_SCHEDULER names a scheduler (and the stage's work is
    worth sending out), else `workers` local processes, else this process."""
    from pipeline.cluster import Dask, scheduler

    if distributed and scheduler():
        return Dask(scheduler())
    return Processes(workers) if workers > 1 else Embedded()
