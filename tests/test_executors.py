"""Local worker processes (pipeline.executors.Processes): when a worker dies,
the documents of the batches it took run again one at a time, each exactly
once, and only the one that kills a worker on its own is an error."""
import os

from pipeline.executors import Processes
from pipeline.worker import Outcome


def exit_on_bomb(batch):
    if any(doc_id == "bomb" for doc_id, _ in batch):
        os._exit(1)
    return [Outcome(doc_id, value) for doc_id, value in batch]


def test_a_worker_that_dies_costs_only_the_document_that_killed_it():
    pool = Processes(2)
    try:
        results = list(pool.map(exit_on_bomb, [[("a", 1), ("bomb", 2), ("b", 3)], [("c", 4), ("d", 5)]]))
    finally:
        pool.close()
    outcomes = sorted((o.doc_id, o.value, o.error, o.transient) for batch in results for o in batch)
    assert outcomes == [("a", 1, None, False), ("b", 3, None, False),
                        ("bomb", None, "the worker process died while processing it", True),
                        ("c", 4, None, False), ("d", 5, None, False)]
