"""Progress and the end-of-stage summary. On a terminal a live bar; in a log,
one line every 10% so long runs stay visible without flooding."""
from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

console = Console(stderr=True, highlight=False, soft_wrap=True)  # an error stays on one line


class Run:
    def __init__(self, stage: str, total: int, strict: bool = False):
        self.stage, self.total, self.strict = stage, total, strict
        self.processed = self.skipped = 0
        self.errors: list[str] = []
        self.started = time.monotonic()
        self._bar = None
        self._next_log = 0.1

    def __enter__(self) -> "Run":
        if console.is_terminal and self.total > 1:
            self._bar = Progress(TextColumn(f"{self.stage}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.stage, total=self.total)
        return self

    def _advance(self) -> None:
        count = self.processed + self.skipped + len(self.errors)
        if self._bar:
            self._bar.update(self._task, completed=count)
        elif self.total >= 20 and count / self.total >= self._next_log:
            console.print(f"{self.stage}: {count}/{self.total} documents")
            self._next_log += 0.1

    def done(self, doc_id: str = "") -> None:
        self.processed += 1
        self._advance()

    def skip(self, error: dict | None = None) -> None:
        """An unchanged document; a cached error is reported again."""
        if error:
            self.failed(error.get("file", ""), error["error"], error["hint"], cached=True)
            return
        self.skipped += 1
        self._advance()

    def failed(self, name: str, cause: str, hint: str, cached: bool = False) -> None:
        line = f"{name}: {cause} ({hint})"
        self.errors.append(line)
        (self._bar.console if self._bar else console).print(f"[red]error[/red] {self.stage}: {line}")
        self._advance()

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._bar:
            self._bar.stop()
        if exc_type:
            return
        seconds = time.monotonic() - self.started
        console.print(
            f"{self.stage}: {self.processed} processed, {self.skipped} unchanged, "
            f"{len(self.errors)} errors, {seconds:.1f} s"
        )
        if self.strict and self.errors:
            console.print(f"{self.stage}: strict is true in params.yaml, so document errors fail the run")
            sys.exit(1)
