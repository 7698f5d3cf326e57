"""The ingest stage's work, what each worker process runs. Not in
__main__.py: a class defined in the module `python -m` runs cannot be
unpickled in a spawned worker process (see pipeline/extract/work.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.worker import one_by_one


@dataclass(frozen=True)
class Ingest:
    models: Path
    max_chars: int

    def load(self):
        from pipeline.ingest import ingest
        from pipeline.meta import date_rules, not_titles

        rules, skip_titles = date_rules(self.models), not_titles(self.models)
        # The runner enforces the stage's time limit, so ingest's own is off.
        return one_by_one(lambda payload: ingest(payload[0], rules, self.max_chars, 0, skip_titles, data=payload[1]))
