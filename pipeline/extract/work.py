"""The extract stage's work, what each worker process runs: the model and
rules loaded once, then documents to entity rows. Not in __main__.py, which
`python -m pipeline.extract` runs as `__main__`: a class defined there cannot
be unpickled in a spawned worker process (multiprocessing never imports a
package's __main__.py there), so `extract.n_process` above 1 failed."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.extract import Settings, build_nlp, extract_documents
from pipeline.extract.amounts import AmountRules
from pipeline.extract.cells import UnitRules, apply_tables
from pipeline.segment import Section, section_lookup


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
