"""The worker side of the per-document runner: a batch of documents processed
under per-document limits, wherever the executor runs it (this process, a
local worker process, a Dask worker).

A stage's work is a small picklable object (its settings) with `load()`, which
returns a processor: a function from a list of (doc_id, payload) to an
iterator of (doc_id, result) in the same order. The processor is loaded once
per process and reused by every batch (the spaCy model, the rule data)."""
from __future__ import annotations

import ctypes
import errno
import resource
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Protocol

Processor = Callable[[list[tuple[str, object]]], Iterator[tuple[str, object]]]


class Work(Protocol):
    def load(self) -> Processor: ...


@dataclass(frozen=True)
class Limits:
    stage: str  # names the parameters in messages: `<stage>.timeout_s`
    timeout_s: float = 0  # 0: no limit
    memory_mb: int = 0


@dataclass
class Outcome:
    doc_id: str
    value: object = None
    error: str | None = None
    hint: str = ""
    transient: bool = False  # a passing failure: not a verdict on the document


class DocumentTimeout(Exception):
    pass


_loaded: dict[str, Processor] = {}
_loading = threading.Lock()


def processor(work: Work) -> Processor:
    """The loaded processor of `work`, once per process (works are compared by value)."""
    token = repr(work)
    with _loading:
        if token not in _loaded:
            _loaded[token] = work.load()
    return _loaded[token]


def thread_cpu_time(thread_id: int) -> float:
    """The CPU seconds the thread `thread_id` (threading.get_ident()) has used.
    A document's time limit counts these, not wall-clock time: on a loaded
    machine every document waits for a processor, and none should be dropped
    for it, while a runaway document still uses CPU all the time."""
    return time.clock_gettime(time.pthread_getcpuclockid(thread_id))


class Guard:
    """Limits for the document being processed in the current thread. A
    watchdog thread raises DocumentTimeout in it once it has used `timeout_s`
    of CPU time on one document (Python checks for it between bytecodes, so a
    reader stuck inside one C call is only stopped when the call returns); the
    address space may grow by `memory_mb` over its size when the document
    started, beyond which allocations raise MemoryError."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.thread_id = threading.get_ident()
        self.lock = threading.Condition()
        self.deadline = 0.0  # the thread's CPU time (thread_cpu_time) at which the document times out
        self.fired = self.closed = False
        self.soft, self.hard = resource.getrlimit(resource.RLIMIT_AS)

    def __enter__(self) -> "Guard":
        self.next_document()
        if self.limits.timeout_s > 0:
            threading.Thread(target=self._watch, daemon=True).start()
        return self

    def next_document(self) -> None:
        if self.limits.memory_mb > 0:
            limit = _address_space() + self.limits.memory_mb * 2**20
            if self.hard != resource.RLIM_INFINITY:
                limit = min(limit, self.hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, self.hard))
        with self.lock:
            self.deadline = thread_cpu_time(self.thread_id) + self.limits.timeout_s
            self.lock.notify()

    def _watch(self) -> None:
        with self.lock:
            while not self.closed:
                remaining = self.deadline - thread_cpu_time(self.thread_id)
                if remaining > 0:  # one thread uses no more CPU time than the time that passes: look again then
                    self.lock.wait(remaining)
                    continue
                self.fired = True
                _raise_in(self.thread_id, DocumentTimeout)
                return

    def __exit__(self, *exc) -> None:
        with self.lock:
            self.closed = True
            self.lock.notify()
            if self.fired:
                _raise_in(self.thread_id, None)  # withdraw it if it has not been raised yet
        if self.limits.memory_mb > 0:
            resource.setrlimit(resource.RLIMIT_AS, (self.soft, self.hard))


def _raise_in(thread_id: int, exception: type | None) -> None:
    set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc
    set_async.argtypes = [ctypes.c_ulong, ctypes.py_object]
    set_async(thread_id, ctypes.py_object(exception) if exception else ctypes.py_object())


def _address_space() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * resource.getpagesize()


def run_batch(work: Work, limits: Limits, items: list[tuple[str, object]]) -> list[Outcome]:
    """Process a batch; one outcome per document, in order. When the batch
    fails part-way, the documents it did not finish run again one at a time,
    so that a failure is pinned on the document that causes it."""
    process = processor(work)
    outcomes: list[Outcome] = []
    try:
        with Guard(limits) as guard:
            for doc_id, value in process(items):
                outcomes.append(Outcome(doc_id, value))
                guard.next_document()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001  DocumentTimeout and MemoryError included
        rest = items[len(outcomes):]
        if len(rest) == 1:
            outcomes.append(failure(rest[0][0], error, limits))
        else:
            for item in rest:
                outcomes += run_batch(work, limits, [item])
    return outcomes


RETRIED = "retried on the next run"


def failure(doc_id: str, error: BaseException, limits: Limits) -> Outcome:
    """An error row: a verdict when the document causes it, else transient."""
    stage = limits.stage
    if isinstance(error, DocumentTimeout):
        return Outcome(doc_id, error=f"took more than {limits.timeout_s:g} s of CPU time",
                       hint=f"raise {stage}.timeout_s in params.yaml or split the document; {RETRIED}", transient=True)
    if isinstance(error, MemoryError):
        return Outcome(doc_id, error=f"needed more than {limits.memory_mb} MB of memory",
                       hint=f"raise {stage}.memory_mb in params.yaml or split the document; {RETRIED}", transient=True)
    if isinstance(error, OSError):
        cause = errno.errorcode.get(error.errno or 0, type(error).__name__)
        return Outcome(doc_id, error=f"{cause}: {error.strerror or error}", hint=RETRIED, transient=True)
    if hasattr(error, "cause") and hasattr(error, "hint"):  # a DocumentError: the document's own fault
        return Outcome(doc_id, error=error.cause, hint=error.hint)
    return Outcome(doc_id, error=f"unexpected {type(error).__name__}: {error}",
                   hint="report this as a polex bug with the document attached")


def one_by_one(function: Callable[[object], object]) -> Processor:
    """A processor for work done per document, without batching."""
    def process(items: Iterable[tuple[str, object]]) -> Iterator[tuple[str, object]]:
        for doc_id, payload in items:
            yield doc_id, function(payload)
    return process
