"""Stage `ingest`: corpus/raw -> one JSON per document, only for new or changed files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.cache import Task, run_documents, stage_of
from pipeline.config import load_params, stage_args
from pipeline.corpus import Document, list_documents
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


def task(document: Document) -> Task:
    inputs = [document.path] + ([document.meta_path] if document.meta_path else [])
    return Task(document.doc_id, inputs, lambda: (document, None if document.problem else document.path.read_bytes()))


def main() -> None:
    args = stage_args(__doc__, "raw", "models")
    params = load_params(args.params)
    settings = params["ingest"]
    stage = stage_of("ingest", args, settings, strict=params.get("strict", False))
    work = Ingest(args.models, settings["max_chars"])
    run_documents(stage, work, lambda: [task(d) for d in list_documents(args.raw)], watch=[args.raw])


if __name__ == "__main__":
    main()
