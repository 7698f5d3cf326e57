"""`make bench TIMEML=<dir> MEANTIME=<dir>`: DATEs on TempEval-3 training data
(TimeBank and AQUAINT, TimeML) and on NewsReader MEANTIME (English Wikinews,
CAT XML), each article's creation time as its document date.

A gold DATE is found when a polex DATE overlaps it, and value-correct when
that DATE's norm is the gold value converted to the guidelines' norm
(benchmarks/timeml.py). A polex DATE that overlaps no gold DATE is spurious,
except over a TIMEX3 DATE the guidelines do not annotate (not scored).
A MEANTIME article without a creation time is left out (counted in the JSON).
`with_additions` scores the same DATEs with the DATEs TimeML leaves out where
the guidelines annotate them added to the gold (benchmarks/timeml_additions.tsv).
Writes outputs/dates_benchmark.json and, per set, the errors against that
fuller gold to outputs/dates_benchmark_<set>.csv."""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.meantime import read_meantime  # noqa: E402
from benchmarks.timeml import ADDITIONS, added_dates, gold_dates, load_additions, load_conventions, read_timeml  # noqa: E402
from pipeline.cache import write_csv  # noqa: E402
from pipeline.config import load_params  # noqa: E402
from pipeline.extract import Settings, build_nlp, extract_documents  # noqa: E402

SETS = ("TimeBank", "AQUAINT")
WITH_ADDITIONS = ("gold", "predicted", "found_recall", "found_precision", "value_recall", "value_precision", "value_f1")


def score(docs, predictions, additions: dict | None = None) -> tuple[dict, list[dict]]:
    """Found and value figures and the errors; `additions` (doc_id -> rows of
    benchmarks/timeml_additions.tsv) adds the DATEs TimeML leaves out."""
    gold_n = pred_n = found = correct_gold = correct_pred = spurious = 0
    errors, conventions, rules = [], Counter(), load_conventions()
    for doc in docs:
        gold, ignored, counts = gold_dates(doc, rules)
        gold = sorted(gold + added_dates(doc, (additions or {}).get(doc.doc_id, [])))
        conventions.update(counts)
        predicted = [(e.start, e.end, e.norm) for e in predictions[doc.doc_id] if e.label == "DATE"]
        gold_n += len(gold)
        for gs, ge, norm in gold:
            hits = [p for p in predicted if p[0] < ge and gs < p[1]]
            found += bool(hits)
            right = any(p[2] == norm for p in hits)
            correct_gold += right
            if not right:
                errors.append(_row(doc, "missed" if not hits else "value", gs, ge, norm, hits))
        for ps, pe, norm in predicted:
            golds = [g for g in gold if g[0] < pe and ps < g[1]]
            if not golds and any(s < pe and ps < e for s, e in ignored):
                continue
            pred_n += 1
            spurious += not golds
            correct_pred += any(g[2] == norm for g in golds)
            if not golds:
                errors.append(_row(doc, "spurious", ps, pe, "", [(ps, pe, norm)]))
    ratio = lambda a, b: round(a / b, 3) if b else 0.0  # noqa: E731
    vp, vr = ratio(correct_pred, pred_n), ratio(correct_gold, gold_n)
    return {
        "documents": len(docs), "gold": gold_n, "predicted": pred_n,
        "found_recall": ratio(found, gold_n), "found_precision": ratio(pred_n - spurious, pred_n),
        "value_recall": vr, "value_precision": vp, "value_f1": ratio(2 * vp * vr, vp + vr),
        "timex3_by_convention": dict(sorted(conventions.items())),
    }, errors


def _row(doc, kind, start, end, gold_norm, hits) -> dict:
    return {"doc_id": doc.doc_id, "dct": doc.dct, "kind": kind, "gold_text": doc.text[start:end] if gold_norm else "",
            "gold_norm": gold_norm, "polex": " | ".join(f"{doc.text[s:e]} = {n}" for s, e, n in hits),
            "context": " ".join(doc.text[max(0, start - 100):end + 60].split())}


def _sets(args) -> dict[str, tuple[list, int]]:
    """Each set's documents and how many were left out for want of a creation time."""
    sets = {}
    folder = Path(args.timeml) if args.timeml else None
    for name in args.sets if folder else ():
        if (folder / name).is_dir():
            sets[name] = [read_timeml(p) for p in sorted((folder / name).glob("*.tml"))], 0
    if args.meantime:
        docs = [read_meantime(p) for p in sorted(Path(args.meantime).rglob("*.xml"))]
        dated = [d for d in docs if d.dct]
        sets["MEANTIME"] = dated, len(docs) - len(dated)
    return {name: found for name, found in sets.items() if found[0]}


def additions_of(name: str, docs: list, additions: dict, path: Path = ADDITIONS) -> dict:
    """One set's additions by doc_id, or a one-line ValueError naming the file
    where an addition names a document the set does not hold."""
    added = {doc_id: rows for (set_name, doc_id), rows in additions.items() if set_name == name}
    unknown = sorted(set(added) - {doc.doc_id for doc in docs})
    if unknown:
        raise ValueError(f"{path}: {name} has no document {', '.join(unknown)}")
    return added


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeml", default="", help="folder holding TimeBank/ and AQUAINT/ (*.tml)")
    parser.add_argument("--meantime", default="", help="folder holding MEANTIME English CAT files (*.xml, any depth)")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--out", default=str(ROOT / "outputs"))
    args = parser.parse_args(argv)
    sets = _sets(args)
    if not sets:
        print(f"dates benchmark skipped: no TimeML data (give TIMEML=<folder with {' and '.join(args.sets)}/> "
              f"or MEANTIME=<folder>; got {args.timeml or 'nothing'} and {args.meantime or 'nothing'})")
        return 0
    params = load_params(ROOT / "params.yaml")
    settings = Settings(params["model"], ROOT / "models", chunk_chars=params["extract"]["chunk_chars"])
    nlp = build_nlp(settings.model, settings.models_dir)
    out = Path(args.out)
    results, additions = {}, load_additions()
    for name, (docs, undated) in sets.items():
        predictions = dict(extract_documents(nlp, ((d.doc_id, d.text, d.dct) for d in docs), settings))
        results[name], _ = score(docs, predictions)
        added = additions_of(name, docs, additions)
        with_additions, errors = score(docs, predictions, added)
        results[name]["with_additions"] = {k: with_additions[k] for k in WITH_ADDITIONS}
        if undated:
            results[name]["left_out_without_creation_time"] = undated
        write_csv(out / f"dates_benchmark_{name}.csv", ["doc_id", "dct", "kind", "gold_text", "gold_norm", "polex", "context"], errors)
        print(name, json.dumps(results[name]))
    out.mkdir(parents=True, exist_ok=True)
    (out / "dates_benchmark.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
