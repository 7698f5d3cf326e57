"""Stage `extract`: ingested documents and their sections -> entities per
document, each with its section and page. The model loads once, and only when
some document is new or changed."""
from __future__ import annotations

from bisect import bisect_right
from importlib.metadata import version
from pathlib import Path

from pipeline.cache import Manifest, document_files, document_key, fingerprint, read_json, write_json
from pipeline.config import load_params, stage_args
from pipeline.extract import Settings, build_nlp, extract_documents
from pipeline.extract.amounts import AmountRules
from pipeline.extract.cells import UnitRules, apply_tables
from pipeline.progress import Run
from pipeline.segment import Section, section_lookup


def model_version(name: str) -> str:
    try:
        return version(name.replace("_", "-"))
    except Exception:
        return "unknown"


def main() -> None:
    args = stage_args(__doc__, "docs", "sections", "out", "models")
    params = load_params(args.params)
    settings = Settings(model=params["model"], models_dir=args.models, **params["extract"])
    stage_key = fingerprint(args.code, params["model"], model_version(params["model"]), params["extract"])
    manifest = Manifest(args.out)
    inputs = document_files(args.docs)
    todo = []
    for path in inputs:
        sections_path = Path(args.sections) / path.name
        key = document_key(stage_key, path, sections_path)
        if not manifest.is_current(path.stem, key, Path(args.out) / path.name):
            todo.append((path, sections_path, key))
    with Run("extract", len(inputs), strict=params.get("strict", False)) as run:
        todo_paths = {path for path, _, _ in todo}
        for path in inputs:
            if path not in todo_paths:
                run.skip(manifest.entries[path.stem].get("error"))
        if todo:
            nlp = build_nlp(settings.model, settings.models_dir)
            amount_rules, unit_rules = AmountRules(Path(args.models) / "amounts"), UnitRules(Path(args.models) / "amounts")
            docs = {}

            def stream():
                for path, sections_path, key in todo:
                    doc = read_json(path)
                    docs[doc["doc_id"]] = (doc, read_json(sections_path), key)
                    yield doc["doc_id"], doc["text"], doc["date"], doc

            def failed(doc_id: str, message: str) -> None:
                _, _, key = docs.pop(doc_id)
                (Path(args.out) / f"{doc_id}.json").unlink(missing_ok=True)
                hint = "report this as a polex bug with the document attached"
                manifest.record(doc_id, key, {"file": doc_id, "error": message, "hint": hint})
                run.failed(doc_id, message, hint)

            for doc_id, entities in extract_documents(nlp, stream(), settings, on_error=failed):
                doc, segmented, key = docs.pop(doc_id)
                sections = [Section(**s) for s in segmented["sections"]]
                lookup = section_lookup(sections)
                pages = doc["pages"]
                contents = segmented.get("contents", [])  # a contents page's entries are no mentions
                flagged = apply_tables(doc["text"], entities, doc.get("tables", []), amount_rules, unit_rules)
                rows = [
                    {
                        "label": e.label, "start": e.start, "end": e.end, "text": e.text, "norm": e.norm,
                        "section_id": lookup(e.start),
                        "page": bisect_right(pages, e.start) if pages else "",
                        "flags": ";".join(flags),
                    }
                    for e, flags in flagged if not any(s <= e.start < t for s, t in contents)
                ]
                write_json(Path(args.out) / f"{doc_id}.json", {"doc_id": doc_id, "entities": rows})
                manifest.record(doc_id, key)
                manifest.save()  # an interrupted run keeps what it finished
                run.done(doc_id)
        manifest.keep_only({p.stem for p in inputs}, args.out, ".json")
        manifest.save()


if __name__ == "__main__":
    main()
