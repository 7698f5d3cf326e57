"""Stage `baseline`: the bare spaCy model's entities with its labels mapped to
ours (ORG -> ORG, a GPE that names a country -> COUNTRY, DATE -> DATE,
MONEY -> AMOUNT), so the metrics show what the rules add. Norms are the
mention text, but a country's ISO code."""
from __future__ import annotations

from pathlib import Path

import spacy

from pipeline.cache import Manifest, document_files, document_key, fingerprint, read_json, write_csv, write_json
from pipeline.config import load_params, stage_args
from pipeline.extract import chunks
from pipeline.extract.countries import country_names
from pipeline.progress import Run

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


def main() -> None:
    args = stage_args(__doc__, "docs", "out", "table", "countries")
    params = load_params(args.params)
    names, _ = country_names(args.countries)
    stage_key = fingerprint(args.code + [args.countries], params["model"])
    manifest = Manifest(args.out)
    inputs = document_files(args.docs)
    todo = [(p, document_key(stage_key, p)) for p in inputs]
    todo = [(p, k) for p, k in todo if not manifest.is_current(p.stem, k, Path(args.out) / p.name)]
    with Run("baseline", len(inputs)) as run:
        for _ in range(len(inputs) - len(todo)):
            run.skip()
        if todo:
            nlp = spacy.load(params["model"])
            for path, key in todo:
                pieces = chunks(read_json(path)["text"], params["extract"]["chunk_chars"])
                rows = [r for offset, piece in pieces for r in baseline_entities(nlp(piece), names, offset)]
                write_json(Path(args.out) / path.name, rows)
                manifest.record(path.stem, key)
                run.done(path.stem)
        manifest.keep_only({p.stem for p in inputs}, args.out, ".json")
        manifest.save()
    rows = [{"doc_id": p.stem, **r} for p in inputs for r in read_json(Path(args.out) / p.name, [])]
    write_csv(args.table, COLUMNS, rows)


if __name__ == "__main__":
    main()
