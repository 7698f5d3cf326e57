"""Stage `tables`: the per-document files -> the tables an analyst opens:
entities, sections, documents, organizations, countries, errors, and the
documents' own tables cell by cell (doc_tables)."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pycountry

from pipeline.cache import document_files, read_json, write_csv
from pipeline.config import stage_args
from pipeline.progress import console

ENTITY_COLUMNS = ["doc_id", "section_id", "label", "start", "end", "text", "norm", "page", "flags"]
SECTION_COLUMNS = ["doc_id", "section_id", "parent_id", "level", "number", "title", "start", "end"]
DOCUMENT_COLUMNS = ["doc_id", "title", "date", "source", "format", "chars", "sections", "entities"]
ORG_COLUMNS = ["name", "short_forms", "mentions", "documents"]
COUNTRY_COLUMNS = ["code", "name", "mentions", "documents"]
ERROR_COLUMNS = ["doc_id", "stage", "error", "hint"]
DOC_TABLE_COLUMNS = ["doc_id", "table_id", "page", "row", "column", "header", "text"]
PER_DOCUMENT_STAGES = ("ingest", "segment", "extract", "baseline")


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_4=code)
    return getattr(country, "common_name", None) or country.name if country else code


def organizations(entities: pd.DataFrame) -> list[dict]:
    orgs = entities[entities.label == "ORG"]
    rows = []
    for name, group in orgs.groupby("norm", sort=True):
        forms = sorted({" ".join(t.split()) for t in group.text} - {name})
        rows.append({"name": name, "short_forms": "; ".join(forms), "mentions": len(group),
                     "documents": group.doc_id.nunique()})
    return sorted(rows, key=lambda r: (-r["mentions"], r["name"]))


def countries(entities: pd.DataFrame) -> list[dict]:
    found = entities[entities.label == "COUNTRY"]
    rows = [{"code": code, "name": country_name(code), "mentions": len(g), "documents": g.doc_id.nunique()}
            for code, g in found.groupby("norm", sort=True)]
    return sorted(rows, key=lambda r: (-r["mentions"], r["code"]))


def doc_tables(doc: dict) -> list[dict]:
    """The body cells of the document's tables, each with its column's header."""
    rows = []
    for table in doc.get("tables", []):
        headers = table.get("headers") or []
        for cell in table["cells"]:
            if not cell["header"]:
                rows.append({"doc_id": doc["doc_id"], "table_id": table["id"], "page": table.get("page", ""),
                             "row": cell["row"], "column": cell["column"],
                             "header": headers[cell["column"]] if cell["column"] < len(headers) else "",
                             "text": doc["text"][cell["start"]:cell["end"]]})
    return rows


def build(docs_dir: Path, sections_dir: Path, entities_dir: Path) -> dict[str, list[dict]]:
    documents, sections, entities, cells = [], [], [], []
    for path in document_files(docs_dir):
        found = read_json(Path(entities_dir) / path.name)
        segmented = read_json(Path(sections_dir) / path.name)
        if found is None or segmented is None:
            continue  # a later stage failed on it; errors.csv says why
        doc = read_json(path)
        doc_id = doc["doc_id"]
        sections += [{"doc_id": doc_id, **s} for s in segmented["sections"]]
        entities += [{"doc_id": doc_id, **e} for e in found["entities"]]
        cells += doc_tables(doc)
        documents.append({"doc_id": doc_id, "title": doc["title"], "date": doc["date"], "source": doc["source"],
                          "format": doc["format"], "chars": len(doc["text"]),
                          "sections": len(segmented["sections"]), "entities": len(found["entities"])})
    frame = pd.DataFrame(entities, columns=ENTITY_COLUMNS)
    return {"documents": documents, "sections": sections, "entities": entities,
            "organizations": organizations(frame), "countries": countries(frame), "doc_tables": cells}


def errors(folder: Path) -> list[dict]:
    """The per-document stages' error lists (pipeline.cache), in pipeline order."""
    rows = []
    for stage in PER_DOCUMENT_STAGES:
        path = Path(folder) / f"{stage}.csv"
        if path.exists():
            with open(path, encoding="utf-8", newline="") as fh:
                rows += [{"doc_id": e["doc_id"], "stage": stage, "error": f"{e['file']}: {e['error']}", "hint": e["hint"]}
                         for e in csv.DictReader(fh)]
    return rows


def main() -> None:
    args = stage_args(__doc__, "docs", "sections", "entities", "errors", "out", code=False)
    tables = build(args.docs, args.sections, args.entities)
    columns = {"documents": DOCUMENT_COLUMNS, "sections": SECTION_COLUMNS, "entities": ENTITY_COLUMNS,
               "organizations": ORG_COLUMNS, "countries": COUNTRY_COLUMNS, "doc_tables": DOC_TABLE_COLUMNS}
    for name, rows in tables.items():
        write_csv(Path(args.out) / f"{name}.csv", columns[name], rows)
    failed = errors(args.errors)
    write_csv(Path(args.out) / "errors.csv", ERROR_COLUMNS, failed)
    counts = pd.Series([e["label"] for e in tables["entities"]], dtype=object).value_counts()
    summary = ", ".join(f"{label} {counts.get(label, 0)}" for label in ("ORG", "COUNTRY", "DATE", "AMOUNT"))
    console.print(f"tables: {len(tables['documents'])} documents, {summary}, {len(failed)} errors")


if __name__ == "__main__":
    main()
