"""Timings taken as the fastest of several interleaved rounds. One timed pass
on a machine whose load moves decides nothing (the throughput ratio of one idle
`make bench` pass, 1.44, came out at 1.53 as the best of three right after);
interleaving the rounds lets a change in load touch every side alike, and the
fastest pass is the one the load disturbed least."""
from __future__ import annotations

import time
from typing import Callable, Sequence

ROUNDS = 3


def fastest(runs: Sequence[Callable[[], float]], rounds: int = ROUNDS) -> list[float]:
    """Each run's smallest result (seconds) over `rounds` rounds, each round
    calling every run once, in order."""
    times = [[run() for run in runs] for _ in range(rounds)]
    return [min(column) for column in zip(*times)]


def timed(work: Callable[[], object]) -> Callable[[], float]:
    """A run for `fastest`: the seconds `work` takes."""
    def run() -> float:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start
    return run
