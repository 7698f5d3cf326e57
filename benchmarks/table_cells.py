"""Does any amount join two table cells? Over a run's outputs: every AMOUNT
of outputs/entities.csv that touches a table cell (the cells' offsets in
outputs/interim/docs/<id>.json) must lie inside one cell, its text must be
inside one cell text of outputs/doc_tables.csv, and it holds no line break.
Prints counts per part and format (no document's text). Run after `make repro`:
`python -m benchmarks.table_cells`."""
from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(root: Path = ROOT) -> None:
    csv.field_size_limit(sys.maxsize)
    cells: dict[str, list[tuple[int, int]]] = defaultdict(list)
    kind: dict[str, tuple[str, str]] = {}
    for path in sorted((root / "outputs/interim/docs").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        kind[doc["doc_id"]] = (doc.get("split") or "synthetic", doc["format"])
        cells[doc["doc_id"]] = [(c["start"], c["end"]) for t in doc.get("tables") or [] for c in t["cells"]]
    texts: dict[str, set[str]] = defaultdict(set)
    with open(root / "outputs/doc_tables.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts[row["doc_id"]].add(row["text"])
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with open(root / "outputs/entities.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["label"] != "AMOUNT" or row["doc_id"] not in kind:
                continue
            start, end = int(row["start"]), int(row["end"])
            touched = [(a, b) for a, b in cells[row["doc_id"]] if a < end and start < b]
            if not touched and "in_table" not in row["flags"].split(";"):
                continue
            c = counts[kind[row["doc_id"]]]
            c[0] += 1
            c[1] += len(touched) != 1 or not (touched[0][0] <= start and end <= touched[0][1])
            c[2] += not any(row["text"] in text for text in texts[row["doc_id"]])
            c[3] += "\n" in row["text"]
    for (part, fmt), (n, crossing, outside, broken) in sorted(counts.items()):
        print(f"{part:9} {fmt:4}: {n:4} amounts in table cells; {crossing} not inside exactly one cell; "
              f"{outside} not inside one doc_tables cell text; {broken} hold a line break")
    with_tables = defaultdict(int)
    for doc_id, found in cells.items():
        with_tables[kind[doc_id]] += bool(found)
    print("documents with tables:", ", ".join(f"{p}/{f} {n}" for (p, f), n in sorted(with_tables.items())))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)
