"""Stage `baseline`: the bare spaCy model's entities with its labels mapped to
ours (ORG -> ORG, a GPE that names a country -> COUNTRY, DATE -> DATE,
MONEY -> AMOUNT), so the metrics show what the rules add. Norms are the
mention text, but a country's ISO code."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import spacy

from pipeline.cache import Task, document_files, read_input, read_json, run_documents, stage_of, write_csv
from pipeline.config import load_params, stage_args
from pipeline.extract import chunks
from pipeline.extract.countries import country_names
from pipeline.lexicon import read_table
from pipeline.worker import one_by_one

LABEL_MAP = {"ORG": "ORG", "GPE": "COUNTRY", "DATE": "DATE", "MONEY": "AMOUNT"}
COLUMNS = ["doc_id", "label", "start", "end", "text", "norm"]


def baseline_entities(doc, names: dict[str, str], offset: int = 0) -> list[dict]:
    rows = []
    for ent in doc.ents:
        label = LABEL_MAP.get(ent.label_)
        if label == "COUNTRY":
            code = names.get(ent.text[4:] if ent.text.startswith("the ") else ent.text)
            if not code:
                continue
            norm = code
        elif label:
            norm = " ".join(ent.text.split())
        else:
            continue
        rows.append({"label": label, "start": ent.start_char + offset, "end": ent.end_char + offset,
                     "text": ent.text, "norm": norm})
    return rows


@dataclass(frozen=True)
class Baseline:
    model: str
    countries: Path
    chunk_chars: int

    def load(self):
        nlp = spacy.load(self.model)
        names, _ = country_names(read_table(self.countries))

        def entities(text: str) -> list[dict]:
            pieces = chunks(text, self.chunk_chars)
            return [r for offset, piece in pieces for r in baseline_entities(nlp(piece), names, offset)]

        return one_by_one(entities)


def main() -> None:
    args = stage_args(__doc__, "docs", "table", "countries")
    params = load_params(args.params)
    settings = params.get("baseline", {})
    stage = stage_of("baseline", args, settings, params["model"], params["extract"]["chunk_chars"])

    def tasks() -> list[Task]:
        return [Task(p.stem, [p], lambda p=p: read_input(p)["text"]) for p in document_files(args.docs)]

    run_documents(stage, Baseline(params["model"], args.countries, params["extract"]["chunk_chars"]), tasks,
                  watch=[args.docs])
    # streamed, a document at a time: the table of a large corpus never sits in memory
    write_csv(args.table, COLUMNS, ({"doc_id": p.stem, **r} for p in document_files(args.out) for r in read_json(p, [])))


if __name__ == "__main__":
    main()
