"""Record documents' first-sight scores in corpus/first_sight.csv.

Run it right after a new document's gold is in and `polex run` has scored
it, before any rule is changed for it: the log is how the README's honest
figures are kept honest. A document is recorded once; its later scores are
tuned ones and live in outputs/metrics.json.

    python -m pipeline.first_sight DOC_ID [DOC_ID ...]
"""
from __future__ import annotations

import argparse
import csv
import datetime
import io
import subprocess
from pathlib import Path

from pipeline import layout
from pipeline.cache import atomic_write, read_json
from pipeline.evaluate import score_documents
from pipeline.gold import LABELS

LOG = Path("corpus/first_sight.csv")
COLUMNS = ["doc_id", "split", "scored_on", "commit", "gold", "predicted", "strict_f1", "value_f1", *LABELS]


def first_sight_row(doc_id: str, commit: str, today: str) -> dict:
    doc = read_json(layout.DOCS / f"{doc_id}.json")
    if doc is None:
        raise SystemExit(f"first_sight: no ingested document '{doc_id}'; run `polex run` first")
    result = score_documents([doc_id], layout.GOLD, layout.DOCS, layout.ENTITY_TABLE, None).totals()["polex"]
    micro = result["micro"]
    return {"doc_id": doc_id, "split": doc.get("split", ""), "scored_on": today, "commit": commit,
            "gold": micro["gold"], "predicted": micro["predicted"],
            "strict_f1": micro["strict"]["f1"], "value_f1": micro["value"]["f1"],
            **{label: result[label]["strict"]["f1"] if result[label]["gold"] else "" for label in LABELS}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("doc_ids", nargs="+")
    args = parser.parse_args()
    rows = list(csv.DictReader(LOG.open(encoding="utf-8"))) if LOG.exists() else []
    seen = {row["doc_id"] for row in rows}
    again = sorted(seen & set(args.doc_ids))
    if again:
        raise SystemExit(f"first_sight: already recorded in {LOG}: {', '.join(again)}; a first sight happens once")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    today = datetime.date.today().isoformat()
    new = [first_sight_row(doc_id, commit, today) for doc_id in args.doc_ids]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows + new)
    atomic_write(LOG, buffer.getvalue())
    for row in new:
        print(f"{row['doc_id']} ({row['split']}): strict {row['strict_f1']:.3f}, value {row['value_f1']:.3f}")


if __name__ == "__main__":
    main()
