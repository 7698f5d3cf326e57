"""Stage `evaluate`: scores outputs/entities.csv (and the bare-spaCy baseline
table) against corpus/gold. Reads tables and gold only; never the extractor.

strict: label, start and end equal. partial: same label, spans overlap.
value: strict, and the norm equal too. Per label and micro over all four."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline.cache import atomic_write, read_json, write_csv
from pipeline.config import stage_args
from pipeline.gold import LABELS, GoldError, read_gold
from pipeline.progress import console

CONTEXT = 40
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_CELLS = 2_000_000  # documents x samples drawn at once
UNASSIGNED = "unassigned"  # a document whose meta file names no split
MISMATCH_COLUMNS = ["doc_id", "kind", "label", "start", "end", "text", "gold_norm", "predicted_norm", "context"]


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(gold: list[dict], pred: list[dict], labels: tuple[str, ...] = LABELS + ("micro",)) -> dict:
    """gold and pred: dicts with doc_id, label, start, end, norm."""
    result = {}
    for label in labels:
        g = [x for x in gold if label in ("micro", x["label"])]
        p = [x for x in pred if label in ("micro", x["label"])]
        n_gold, n_pred, strict, value = tallies(g, p)
        overlaps = lambda a, b: a["doc_id"] == b["doc_id"] and a["label"] == b["label"] and a["start"] < b["end"] and b["start"] < a["end"]
        by_doc: dict[tuple, list[dict]] = {}
        for x in g:
            by_doc.setdefault((x["doc_id"], x["label"]), []).append(x)
        p_hit = sum(1 for x in p if any(overlaps(x, y) for y in by_doc.get((x["doc_id"], x["label"]), [])))
        pred_by_doc: dict[tuple, list[dict]] = {}
        for x in p:
            pred_by_doc.setdefault((x["doc_id"], x["label"]), []).append(x)
        g_hit = sum(1 for x in g if any(overlaps(x, y) for y in pred_by_doc.get((x["doc_id"], x["label"]), [])))
        result[label] = {
            "gold": n_gold, "predicted": n_pred,
            "strict": prf(strict, n_pred, strict, n_gold),
            "partial": prf(p_hit, n_pred, g_hit, n_gold),
            "value": prf(value, n_pred, value, n_gold),
        }
    return result


def tallies(gold: list[dict], pred: list[dict]) -> tuple[int, int, int, int]:
    """gold, predicted, strict matches, value matches."""
    gk = {(x["doc_id"], x["label"], x["start"], x["end"]): x["norm"] for x in gold}
    pk = {(x["doc_id"], x["label"], x["start"], x["end"]): x["norm"] for x in pred}
    strict = gk.keys() & pk.keys()
    return len(gk), len(pk), len(strict), sum(1 for k in strict if gk[k] == pk[k])


def bootstrap_interval(per_doc: list[tuple[int, int, int, int]], samples: int = BOOTSTRAP_SAMPLES) -> dict:
    """95% intervals of micro strict and value F1, resampling documents
    (fixed seed: the same tallies always give the same interval)."""
    import numpy as np

    counts = np.array(per_doc, dtype=float).reshape(-1, 4)
    if not len(counts):
        return {"strict_f1": [0.0, 0.0], "value_f1": [0.0, 0.0]}
    # Samples drawn a slice at a time (the same stream as all at once), so
    # memory stays flat however many documents there are.
    rng, step = np.random.default_rng(0), max(1, BOOTSTRAP_CELLS // len(counts))
    sums = np.concatenate([counts[rng.integers(0, len(counts), size=(min(step, samples - done), len(counts)))].sum(axis=1)
                           for done in range(0, samples, step)])
    size = np.maximum(sums[:, 0] + sums[:, 1], 1)
    interval = lambda f1: [round(float(np.percentile(f1, 2.5)), 4), round(float(np.percentile(f1, 97.5)), 4)]
    return {"strict_f1": interval(2 * sums[:, 2] / size), "value_f1": interval(2 * sums[:, 3] / size)}


def by_document(gold: list[dict], pred: list[dict], doc_ids) -> dict[str, tuple[list, list]]:
    """doc_id -> (its gold, its predictions), in one pass over each."""
    by_doc: dict[str, tuple[list, list]] = {doc_id: ([], []) for doc_id in doc_ids}
    for x in gold:
        by_doc[x["doc_id"]][0].append(x)
    for x in pred:
        if x["doc_id"] in by_doc:
            by_doc[x["doc_id"]][1].append(x)
    return by_doc


def score_parts(gold: list[dict], pred: list[dict], parts: dict[str, str]) -> dict:
    """Scores and bootstrap intervals for each part of the corpus (dev, test,
    synthetic): a document's part comes from its meta file's `split`."""
    by_doc = by_document(gold, pred, parts)
    result = {}
    for part in sorted(set(parts.values())):
        doc_ids = sorted(d for d, p in parts.items() if p == part)
        part_gold = [x for d in doc_ids for x in by_doc[d][0]]
        part_pred = [x for d in doc_ids for x in by_doc[d][1]]
        result[part] = {"documents": len(doc_ids), "polex": score(part_gold, part_pred),
                        "interval": bootstrap_interval([tallies(*by_doc[d]) for d in doc_ids])}
    return result


def mismatches(gold: list[dict], pred: list[dict], texts: dict[str, str]) -> list[dict]:
    def context(doc_id: str, start: int, end: int) -> str:
        if start < 0:
            return "(quoted gold entity not found in the ingested text)"
        text = texts.get(doc_id, "")
        return " ".join((text[max(0, start - CONTEXT):start] + "[[" + text[start:end] + "]]" + text[end:end + CONTEXT]).split())

    gk = {(x["doc_id"], x["label"], x["start"], x["end"]): x for x in gold}
    pk = {(x["doc_id"], x["label"], x["start"], x["end"]): x for x in pred}
    rows = []
    for key in sorted(gk.keys() | pk.keys(), key=lambda k: (k[0], k[2], k[3], k[1])):
        g, p = gk.get(key), pk.get(key)
        kind = "missed" if p is None else "spurious" if g is None else "wrong_norm" if g["norm"] != p["norm"] else ""
        if kind:
            x = g or p
            rows.append({"doc_id": key[0], "kind": kind, "label": key[1], "start": key[2], "end": key[3],
                         "text": x["text"], "gold_norm": g["norm"] if g else "", "predicted_norm": p["norm"] if p else "",
                         "context": context(key[0], key[2], key[3])})
    return rows


def load_predictions(path: Path, doc_ids: set[str]) -> list[dict]:
    frame = pd.read_csv(path, dtype={"doc_id": str, "text": str, "norm": str}, keep_default_na=False)
    frame = frame[frame.doc_id.isin(doc_ids)]
    return frame[["doc_id", "label", "start", "end", "text", "norm"]].to_dict("records")


def main() -> None:
    args = stage_args(__doc__, "gold", "docs", "entities", "baseline", "metrics", "mismatches", "plots", code=False)
    texts, parts, gold, absent = {}, {}, [], []
    for path in sorted(Path(args.gold).glob("*.jsonl")):
        doc = read_json(Path(args.docs) / f"{path.stem}.json")
        if doc is None:
            absent.append(path.stem)
            continue
        try:
            gold += [{"doc_id": path.stem, **g} for g in read_gold(path, doc["text"])]
        except GoldError as err:
            raise SystemExit(f"evaluate: {err}")
        texts[path.stem] = doc["text"]
        parts[path.stem] = doc.get("split") or UNASSIGNED
    if absent:
        console.print(f"evaluate: gold for {len(absent)} documents not in the corpus, not scored "
                      f"({', '.join(absent[:3])}{', ...' if len(absent) > 3 else ''}); see corpus/real-documents.md")
    scored = set(texts)
    predicted = load_predictions(args.entities, scored)
    metrics = {
        "documents": len(scored),
        "polex": score(gold, predicted),
        "spacy_baseline": score(gold, load_predictions(args.baseline, scored)),
        "parts": score_parts(gold, predicted, parts),
    }
    per_document = by_document(gold, predicted, sorted(scored))
    metrics["per_document"] = {doc_id: score(*found, labels=("micro",))["micro"] for doc_id, found in per_document.items()}
    atomic_write(args.metrics, json.dumps(metrics, indent=1) + "\n")
    write_plots(Path(args.plots), metrics)
    write_csv(args.mismatches, MISMATCH_COLUMNS, mismatches(gold, predicted, texts))
    micro = metrics["polex"]["micro"]
    console.print(f"evaluate: {len(scored)} gold documents, micro F1 strict {micro['strict']['f1']:.3f}, "
                  f"value {micro['value']['f1']:.3f}; `make repro` prints the table")


def write_plots(folder: Path, metrics: dict) -> None:
    """Tables for `dvc plots`: P/R/F1 per label, and F1 per document."""
    rows = [{"label": label, "system": system, "precision": m[label]["strict"]["precision"],
             "recall": m[label]["strict"]["recall"], "f1": m[label]["strict"]["f1"]}
            for system, m in (("polex", metrics["polex"]), ("spacy", metrics["spacy_baseline"])) for label in LABELS]
    write_csv(folder / "per_label.csv", ["label", "system", "precision", "recall", "f1"], rows)
    write_csv(folder / "per_document.csv", ["doc_id", "strict_f1", "value_f1"],
              [{"doc_id": d, "strict_f1": m["strict"]["f1"], "value_f1": m["value"]["f1"]}
               for d, m in metrics["per_document"].items()])


def print_table(metrics: dict, to=None) -> None:
    """The score table, on `to` (a rich Console; the stage's log by default)."""
    from rich.table import Table

    table = Table(title=f"Scores on {metrics['documents']} gold documents (F1)")
    for column in ("label", "gold", "strict", "partial", "value", "spaCy strict", "spaCy value"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label in LABELS + ("micro",):
        ours, base = metrics["polex"][label], metrics["spacy_baseline"][label]
        table.add_row(label, str(ours["gold"]), f"{ours['strict']['f1']:.3f}", f"{ours['partial']['f1']:.3f}",
                      f"{ours['value']['f1']:.3f}", f"{base['strict']['f1']:.3f}", f"{base['value']['f1']:.3f}")
    (to or console).print(table)
    if metrics.get("parts"):
        (to or console).print(parts_table(metrics["parts"]))


def parts_table(parts: dict):
    from rich import box
    from rich.table import Table

    table = Table(title="Micro F1 by part, 95% bootstrap interval over documents", box=box.SIMPLE, pad_edge=False)
    for column in ("part", "documents", "gold", "strict", "interval", "value", "interval"):
        table.add_column(column, justify="left" if column == "part" else "right", no_wrap=True)
    for part, m in parts.items():
        micro, ci = m["polex"]["micro"], m["interval"]
        table.add_row(part, str(m["documents"]), str(micro["gold"]),
                      f"{micro['strict']['f1']:.3f}", "{:.2f}-{:.2f}".format(*ci["strict_f1"]),
                      f"{micro['value']['f1']:.3f}", "{:.2f}-{:.2f}".format(*ci["value_f1"]))
    return table


if __name__ == "__main__":
    main()
