"""Stage `evaluate`: scores outputs/entities.csv (and the bare-spaCy baseline
table) against corpus/gold. Reads tables and gold only; never the extractor.

strict: label, start and end equal. partial: same label, spans overlap.
value: strict, and the norm equal too. Per label and micro over all four."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.cache import AtomicFile, CsvStream, read_json, spreadsheet_value, write_csv
from pipeline.config import stage_args
from pipeline.gold import LABELS, GoldError, read_gold
from pipeline.progress import console

CONTEXT = 40
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_CELLS = 2_000_000  # documents x samples drawn at once
UNASSIGNED = "unassigned"  # a document whose meta file names no split
# part: the document's split (dev, test, synthetic), so that errors can be read for dev documents only
MISMATCH_COLUMNS = ["doc_id", "part", "kind", "label", "start", "end", "text", "gold_norm", "predicted_norm", "context"]


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


COUNTS = ("gold", "predicted", "strict", "value", "predicted_overlapping", "gold_overlapping")


def counts(gold: list[dict], pred: list[dict], labels: tuple[str, ...] = LABELS + ("micro",)) -> dict[str, list[int]]:
    """label -> the COUNTS, for gold and pred (dicts with doc_id, label, start,
    end, norm). Every match is within a document and a label, so micro counts
    are the sums of the labels' counts, and a corpus's the sums of its documents'."""
    by_label: dict[str, tuple[list, list]] = {}
    for side, found in enumerate((gold, pred)):
        for x in found:
            by_label.setdefault(x["label"], ([], []))[side].append(x)
    per_label = {label: matched(*found) for label, found in by_label.items()}
    zero = [0] * len(COUNTS)
    micro = [sum(c) for c in zip(zero, *per_label.values())]
    return {label: micro if label == "micro" else per_label.get(label, zero) for label in labels}


def matched(gold: list[dict], pred: list[dict]) -> list[int]:
    """The COUNTS of one label's entities."""
    overlaps = lambda a, b: a["start"] < b["end"] and b["start"] < a["end"]
    by_doc: tuple[dict, dict] = ({}, {})
    for found, side in ((gold, by_doc[0]), (pred, by_doc[1])):
        for x in found:
            side.setdefault(x["doc_id"], []).append(x)
    p_hit = sum(1 for x in pred if any(overlaps(x, y) for y in by_doc[0].get(x["doc_id"], ())))
    g_hit = sum(1 for x in gold if any(overlaps(x, y) for y in by_doc[1].get(x["doc_id"], ())))
    return [*tallies(gold, pred), p_hit, g_hit]


def scored(c: list[int]) -> dict:
    """One label's COUNTS as precision, recall and F1, strict, partial and value."""
    n_gold, n_pred, strict, value, p_hit, g_hit = c
    return {"gold": n_gold, "predicted": n_pred, "strict": prf(strict, n_pred, strict, n_gold),
            "partial": prf(p_hit, n_pred, g_hit, n_gold), "value": prf(value, n_pred, value, n_gold)}


def score(gold: list[dict], pred: list[dict], labels: tuple[str, ...] = LABELS + ("micro",)) -> dict:
    """gold and pred: dicts with doc_id, label, start, end, norm."""
    return {label: scored(c) for label, c in counts(gold, pred, labels).items()}


def added(total: dict[str, list[int]], more: dict[str, list[int]]) -> dict[str, list[int]]:
    return {label: [a + b for a, b in zip(total.get(label, [0] * len(COUNTS)), c)] for label, c in more.items()}


def tallies(gold: list[dict], pred: list[dict]) -> tuple[int, int, int, int]:
    """gold, predicted, strict matches, value matches."""
    gk = {(x["doc_id"], x["label"], x["start"], x["end"]): x["norm"] for x in gold}
    pk = {(x["doc_id"], x["label"], x["start"], x["end"]): x["norm"] for x in pred}
    strict = gk.keys() & pk.keys()
    return len(gk), len(pk), len(strict), sum(1 for k in strict if gk[k] == pk[k])


class Scores:
    """The scores of a corpus summed a document at a time, so that no more than
    one document's entities is needed at once: the corpus's, each part's (with
    bootstrap intervals over its documents) and each document's."""

    def __init__(self):
        self.polex = self.baseline = counts([], [])
        self.parts: dict[str, dict[str, list[int]]] = {}
        self.part_documents: dict[str, list[tuple]] = {}  # part -> each document's micro tallies, in order
        self.per_document: dict[str, dict] = {}

    def add(self, doc_id: str, part: str, gold: list[dict], pred: list[dict], baseline: list[dict] = ()) -> None:
        found = counts(gold, pred)
        self.polex = added(self.polex, found)
        self.baseline = added(self.baseline, counts(gold, list(baseline)))
        self.parts[part] = added(self.parts.get(part, {}), found)
        self.part_documents.setdefault(part, []).append(tuple(found["micro"][:4]))
        self.per_document[doc_id] = scored(found["micro"])

    def totals(self) -> dict:
        """The corpus's scores, polex's and the baseline's, per label and micro."""
        return {"documents": len(self.per_document), "polex": labelled(self.polex),
                "spacy_baseline": labelled(self.baseline)}

    def metrics(self) -> dict:
        return {
            **self.totals(),
            "parts": {part: {"documents": len(self.part_documents[part]), "polex": labelled(total),
                             "interval": bootstrap_interval(self.part_documents[part])}
                      for part, total in sorted(self.parts.items())},
            "per_document": self.per_document,
        }


def labelled(total: dict[str, list[int]]) -> dict:
    return {label: scored(c) for label, c in total.items()}


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


def part_of(doc: dict) -> str:
    """The part a document is scored in: its meta file's split."""
    return doc.get("split") or UNASSIGNED


def mismatches(gold: list[dict], pred: list[dict], text: str, part: str = UNASSIGNED) -> list[dict]:
    """Every missed, spurious or wrongly normalized entity of one document, with
    the document's part (its split) and its context in `text`, the document's text."""
    def context(start: int, end: int) -> str:
        if start < 0:
            return "(quoted gold entity not found in the ingested text)"
        return " ".join((text[max(0, start - CONTEXT):start] + "[[" + text[start:end] + "]]" + text[end:end + CONTEXT]).split())

    gk = {(x["doc_id"], x["label"], x["start"], x["end"]): x for x in gold}
    pk = {(x["doc_id"], x["label"], x["start"], x["end"]): x for x in pred}
    rows = []
    for key in sorted(gk.keys() | pk.keys(), key=lambda k: (k[0], k[2], k[3], k[1])):
        g, p = gk.get(key), pk.get(key)
        kind = "missed" if p is None else "spurious" if g is None else "wrong_norm" if g["norm"] != p["norm"] else ""
        if kind:
            x = g or p
            rows.append({"doc_id": key[0], "part": part, "kind": kind, "label": key[1],
                         "start": key[2], "end": key[3], "text": x["text"], "gold_norm": g["norm"] if g else "", "predicted_norm": p["norm"] if p else "",
                         "context": context(key[2], key[3])})
    return rows


class Predictions:
    """A predictions table (entities.csv, the baseline's) read once into
    columns, its rows grouped by document; `of(doc_id)` gives one document's
    rows as dicts. Memory holds the columns, not a dict per row."""

    BLOCK_ROWS = 50_000
    COLUMNS = {"doc_id": pa.string(), "label": pa.string(), "start": pa.int64(), "end": pa.int64(),
               "text": pa.string(), "norm": pa.string()}

    def __init__(self, path: Path, doc_ids: set[str]):
        from pyarrow import csv

        reader = csv.open_csv(path, parse_options=csv.ParseOptions(newlines_in_values=True),
                              convert_options=csv.ConvertOptions(column_types=self.COLUMNS, include_columns=list(self.COLUMNS),
                                                                 strings_can_be_null=False))
        wanted = pa.array(sorted(doc_ids), pa.string())
        # read a block at a time and keep the scored documents' rows only: a
        # corpus of millions with gold for a few hundred costs little memory
        table = pa.Table.from_batches([batch.filter(pc.is_in(batch["doc_id"], wanted)) for batch in reader], reader.schema)
        self.table = table.sort_by("doc_id")  # a stable sort: a document's rows keep their order
        self.rows: dict[str, tuple[int, int]] = {}
        self.block_start, self.block = 0, []
        if len(self.table):
            runs = pc.run_end_encode(self.table["doc_id"].combine_chunks())
            ends = runs.run_ends.to_pylist()
            self.rows = dict(zip(runs.values.to_pylist(), zip([0] + ends, ends)))

    def of(self, doc_id: str) -> list[dict]:
        start, end = self.rows.get(doc_id, (0, 0))
        if start == end:
            return []
        if not self.block_start <= start <= end <= self.block_start + len(self.block):
            # rows made Python objects a block at a time: asked in doc_id order, each row once
            self.block_start, self.block = start, self.table.slice(start, max(end - start, self.BLOCK_ROWS)).to_pylist()
        # The CSV quotes a cell a spreadsheet would run as a formula (`'-1000000000 USD`); the score reads the value.
        return [{**row, "text": spreadsheet_value(row["text"]), "norm": spreadsheet_value(row["norm"])}
                for row in self.block[start - self.block_start:end - self.block_start]]


def gold_documents(gold_dir: Path, docs: Path) -> tuple[list[str], list[str]]:
    """The documents with gold that the corpus holds, and those it does not, by id."""
    documents = sorted(path.stem for path in Path(gold_dir).glob("*.jsonl"))
    absent = [doc_id for doc_id in documents if not (Path(docs) / f"{doc_id}.json").exists()]
    return sorted(set(documents) - set(absent)), absent


def score_documents(doc_ids: list[str], gold_dir: Path, docs: Path, entities: Path, baseline: Path | None,
                    wrong: Callable[[list[dict]], None] = lambda rows: None) -> Scores:
    """Each document scored against its gold, one at a time (its text, gold
    and predictions); its mismatches go to `wrong`. Raises GoldError."""
    predicted = Predictions(entities, set(doc_ids))
    spacy = Predictions(baseline, set(doc_ids)) if baseline else None
    scores = Scores()
    for doc_id in doc_ids:
        doc = read_json(Path(docs) / f"{doc_id}.json")
        gold = [{"doc_id": doc_id, **g} for g in read_gold(Path(gold_dir) / f"{doc_id}.jsonl", doc["text"])]
        pred = predicted.of(doc_id)
        scores.add(doc_id, part_of(doc), gold, pred, spacy.of(doc_id) if spacy else ())
        wrong(mismatches(gold, pred, doc["text"], part_of(doc)))
    return scores


def main() -> None:
    args = stage_args(__doc__, "gold", "docs", "entities", "baseline", "metrics", "mismatches", "plots", code=False)
    scored, absent = gold_documents(args.gold, args.docs)
    if absent:
        console.print(f"evaluate: gold for {len(absent)} documents not in the corpus, not scored "
                      f"({', '.join(absent[:3])}{', ...' if len(absent) > 3 else ''}); see corpus/real-documents.md")
    with CsvStream(args.mismatches, MISMATCH_COLUMNS) as wrong:
        try:
            metrics = score_documents(scored, args.gold, args.docs, args.entities, args.baseline, wrong.write).metrics()
        except GoldError as err:
            raise SystemExit(f"evaluate: {err}")
        with AtomicFile(args.metrics) as out:  # written as encoded: no second copy of the scores as one string
            json.dump(metrics, out.file, indent=1)
            out.file.write("\n")
            out.commit()
        write_plots(Path(args.plots), metrics)
        wrong.commit()
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
