"""Stage `database`: the output tables -> outputs/polex.db, one SQLite file
for `polex serve` (Datasette) and for any SQL client.

Tables: documents (with their text in `texts`), sections, entities, errors,
organizations, countries, and any other table the `tables` stage wrote (such
as doc_tables), with foreign keys to documents and indexes on doc_id, label
and norm. Entities carry typed values: an amount's value, upper value and
currency; a date's first and last day as ISO dates and its year. Full-text
search (FTS5) covers the documents' text, section titles and entity text.
Views answer corpus questions (models/database/views.sql). The file is built beside the
old one and renamed over it, so a reader never sees half a database."""
from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

import sqlite_utils

from pipeline.cache import read_csv, read_json
from pipeline.norms import DateRanges, amount
from pipeline.progress import console

# Columns stored as integers wherever a table has them; every other column is text.
INTEGER_COLUMNS = {"start", "end", "level", "page", "chars", "sections", "entities", "mentions", "documents",
                   "row", "column"}
KEYS = {"documents": "doc_id", "organizations": "name", "countries": "code"}
FIRST_TABLES = ("documents", "sections", "entities", "errors", "organizations", "countries")
FTS = {"texts": ["text"], "sections": ["title"], "entities": ["text", "norm"]}
INDEXES = [("sections", ["doc_id", "section_id"]), ("entities", ["doc_id", "section_id", "label"]),
           ("entities", ["label", "norm"]), ("entities", ["norm"]), ("entities", ["currency"]),
           ("entities", ["date_start"]), ("errors", ["doc_id"]), ("documents", ["year"])]
BATCH = 20_000


def typed(row: dict) -> dict:
    return {k: (int(v) if v.lstrip("-").isdigit() else None) if k in INTEGER_COLUMNS else v for k, v in row.items()}


def read_rows(path: Path):
    return map(typed, read_csv(path))


def days(norm: str, dates: DateRanges) -> dict:
    """A date norm's first and last day and its year (all None without a norm)."""
    start, end = dates(norm) if norm else (None, None)
    return {"date_start": start, "date_end": end, "year": int(start[:4]) if start else None}


def with_values(rows, dates: DateRanges):
    """Entities with their normalized values as typed columns."""
    for row in rows:
        value = amount(row["norm"]) if row["label"] == "AMOUNT" else None
        yield {**row, "amount_value": value and value.low, "amount_high": value and value.high,
               "currency": value and value.currency, **days(row["norm"] if row["label"] == "DATE" else "", dates)}


def with_dates(rows, dates: DateRanges):
    """Documents with their date's days and year."""
    for row in rows:
        yield {**row, **days(row["date"], dates)}


def texts(docs_dir: Path, doc_ids: list[str]):
    for doc_id in doc_ids:
        doc = read_json(Path(docs_dir) / f"{doc_id}.json")
        if doc is not None:
            yield {"doc_id": doc_id, "text": doc["text"]}


def columns_of(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh), [])


def create(db: sqlite_utils.Database, name: str, columns: list[str], extra: dict | None = None,
           foreign: bool = True) -> sqlite_utils.db.Table:
    types = {c: int if c in INTEGER_COLUMNS else str for c in columns} | (extra or {})
    pk = KEYS.get(name, "id")
    if pk not in types:
        types = {"id": int} | types
    refs = [("doc_id", "documents", "doc_id")] if foreign and "doc_id" in types and name != "documents" else []
    return db[name].create(types, pk=pk, foreign_keys=refs)


def build(table_files: list[Path], docs_dir: Path, models: Path, out: Path) -> dict[str, int]:
    dates = DateRanges(Path(models) / "date_parts.tsv")
    csvs = {Path(p).stem: Path(p) for p in table_files}
    missing = [name for name in FIRST_TABLES if name not in csvs or not csvs[name].exists()]
    if missing:
        raise SystemExit(f"database: no {', '.join(m + '.csv' for m in missing)} among the tables given; run the `tables` stage first")
    tmp = Path(out).with_name(f".{Path(out).name}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite_utils.Database(tmp)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    others = [n for n in csvs if n not in FIRST_TABLES]
    counts = {}
    dated = {"date_start": str, "date_end": str, "year": int}
    values = {"amount_value": float, "amount_high": float, "currency": str} | dated
    for name in (*FIRST_TABLES, *others):
        rows = read_rows(csvs[name])
        extra = None
        if name == "documents":
            rows, extra = with_dates(rows, dates), dated
        elif name == "entities":
            rows, extra = with_values(rows, dates), values
        # errors name documents that never reached the documents table
        table = create(db, name, columns_of(csvs[name]), extra, foreign=name != "errors")
        table.insert_all(rows, batch_size=BATCH)
        counts[name] = table.count
    doc_ids = [r[0] for r in db.execute("SELECT doc_id FROM documents ORDER BY doc_id")]
    db["texts"].create({"doc_id": str, "text": str}, pk="doc_id", foreign_keys=[("doc_id", "documents", "doc_id")])
    db["texts"].insert_all(texts(docs_dir, doc_ids), batch_size=500)
    for table, columns in INDEXES:
        db[table].create_index(columns, if_not_exists=True)
    for table, columns in FTS.items():
        db[table].enable_fts(columns, fts_version="FTS5", tokenize="porter")
    db.executescript((Path(models) / "views.sql").read_text(encoding="utf-8"))
    db.execute("ANALYZE")
    db.close()
    os.replace(tmp, out)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tables", type=Path, nargs="+", required=True, help="CSV tables, one database table each")
    for name in ("docs", "models", "out"):
        parser.add_argument(f"--{name}", type=Path, required=True)
    args = parser.parse_args()
    counts = build(args.tables, args.docs, args.models, args.out)
    console.print(f"database: {args.out}: " + ", ".join(f"{name} {n}" for name, n in counts.items()))


if __name__ == "__main__":
    main()
