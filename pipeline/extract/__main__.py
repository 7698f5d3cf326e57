"""Stage `extract`: ingested documents and their sections -> entities per
document, each with its section and page. The model loads once per worker
process, and only when some document is new or changed."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, fields, replace
from importlib.metadata import version
from pathlib import Path

from pipeline.cache import Task, document_files, read_input, run_documents, stage_of
from pipeline.config import load_params, stage_args
from pipeline.extract import Settings, build_nlp, extract_documents
from pipeline.extract.amounts import AmountRules
from pipeline.extract.cells import UnitRules, apply_tables
from pipeline.segment import Section, section_lookup


def model_version(name: str) -> str:
    try:
        return version(name.replace("_", "-"))
    except Exception:
        return "unknown"


def entity_rows(doc: dict, segmented: dict, flagged) -> dict:
    """The document's entities with their section, page and flags; a contents
    page's entries are no mentions."""
    lookup = section_lookup([Section(**s) for s in segmented["sections"]])
    pages = doc["pages"]
    contents = segmented.get("contents", [])
    rows = [
        {
            "label": e.label, "start": e.start, "end": e.end, "text": e.text, "norm": e.norm,
            "section_id": lookup(e.start),
            "page": bisect_right(pages, e.start) if pages else "",
            "flags": ";".join(flags),
        }
        for e, flags in flagged if not any(s <= e.start < t for s, t in contents)
    ]
    return {"doc_id": doc["doc_id"], "entities": rows}


@dataclass(frozen=True)
class Extract:
    settings: Settings

    def load(self):
        # One process per worker: the runner's executor spreads the batches.
        settings = replace(self.settings, n_process=1)
        nlp = build_nlp(settings.model, settings.models_dir, settings.judge_config())
        amounts = Path(settings.models_dir) / "amounts"
        amount_rules, unit_rules = AmountRules(amounts), UnitRules(amounts)

        def process(items):
            inputs = dict(items)
            stream = ((doc_id, doc["text"], doc["date"], doc) for doc_id, (doc, _) in items)
            for doc_id, entities in extract_documents(nlp, stream, settings):
                doc, segmented = inputs.pop(doc_id)
                flagged = apply_tables(doc["text"], entities, doc.get("tables", []), amount_rules, unit_rules)
                yield doc_id, entity_rows(doc, segmented, flagged)

        return process


def settings_from(params: dict, models: Path) -> Settings:
    """The extractor's settings from params.yaml, without the runner's (limits)."""
    known = {f.name for f in fields(Settings)}
    return Settings(model=params["model"], models_dir=models, **{k: v for k, v in params["extract"].items() if k in known})


def main() -> None:
    args = stage_args(__doc__, "docs", "sections", "models")
    params = load_params(args.params)
    settings = settings_from(params, args.models)
    stage = stage_of("extract", args, params["extract"], params["model"], model_version(params["model"]),
                     strict=params.get("strict", False))

    def tasks() -> list[Task]:
        found = []
        for path in document_files(args.docs):
            sections = Path(args.sections) / path.name
            if not sections.exists():
                continue  # segment failed on it, and its error list says why
            found.append(Task(path.stem, [path, sections], lambda p=path, s=sections: (read_input(p), read_input(s))))
        return found

    run_documents(stage, Extract(settings), tasks, watch=[args.docs, args.sections])


if __name__ == "__main__":
    main()
