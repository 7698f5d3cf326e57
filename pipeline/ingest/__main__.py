"""Stage `ingest`: corpus/raw -> one JSON per document, only for new or changed files."""
from __future__ import annotations

from pathlib import Path

from pipeline.cache import Manifest, document_key, fingerprint, write_json
from pipeline.config import load_params, stage_args
from pipeline.corpus import list_documents
from pipeline.ingest import ingest
from pipeline.ingest.errors import DocumentError
from pipeline.meta import date_rules, not_titles
from pipeline.progress import Run


def main() -> None:
    args = stage_args(__doc__, "raw", "out", "models")
    params = load_params(args.params)
    settings = params["ingest"]
    stage_key = fingerprint(args.code, settings)
    documents = list_documents(args.raw)
    manifest = Manifest(args.out)
    rules = date_rules(args.models)
    skip_titles = not_titles(args.models)
    with Run("ingest", len(documents), strict=params.get("strict", False)) as run:
        for document in documents:
            inputs = [document.path] + ([document.meta_path] if document.meta_path else [])
            key = document_key(stage_key, *inputs)
            output = Path(args.out) / f"{document.doc_id}.json"
            if manifest.is_current(document.doc_id, key, output):
                run.skip(manifest.entries[document.doc_id].get("error"))
                continue
            try:
                write_json(output, ingest(document, rules, settings["max_chars"], settings["timeout_s"], skip_titles))
                manifest.record(document.doc_id, key)
                run.done(document.doc_id)
            except DocumentError as err:
                output.unlink(missing_ok=True)
                manifest.record(document.doc_id, key, {"file": document.path.name, "error": err.cause, "hint": err.hint})
                run.failed(document.path.name, err.cause, err.hint)
            except Exception as err:  # one bad document never stops the others
                output.unlink(missing_ok=True)
                cause, hint = f"unexpected {type(err).__name__}: {err}", "report this as a polex bug with the file attached"
                manifest.record(document.doc_id, key, {"file": document.path.name, "error": cause, "hint": hint})
                run.failed(document.path.name, cause, hint)
        manifest.keep_only({d.doc_id for d in documents}, args.out, ".json")
        manifest.save()


if __name__ == "__main__":
    main()
