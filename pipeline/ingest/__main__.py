"""Stage `ingest`: corpus/raw -> one JSON per document, only for new or changed files."""
from __future__ import annotations

from pipeline.cache import Task, run_documents, stage_of
from pipeline.config import load_params, stage_args
from pipeline.corpus import Document, list_documents
from pipeline.ingest.work import Ingest


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
