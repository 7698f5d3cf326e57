"""Stage `tables`: the per-document files -> the tables an analyst opens:
entities, sections, documents, organizations, countries, errors, and the
documents' own tables cell by cell (doc_tables)."""
from __future__ import annotations

import csv
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pycountry

from pipeline.cache import AtomicFile, CsvStream, document_files, read_json, write_csv
from pipeline.config import stage_args
from pipeline.gold import LABELS
from pipeline.progress import console

ENTITY_COLUMNS = ["doc_id", "section_id", "label", "start", "end", "text", "norm", "page", "flags"]
SECTION_COLUMNS = ["doc_id", "section_id", "parent_id", "level", "number", "title", "start", "end"]
DOCUMENT_COLUMNS = ["doc_id", "title", "date", "source", "format", "chars", "sections", "entities"]
ORG_COLUMNS = ["name", "short_forms", "mentions", "documents"]
COUNTRY_COLUMNS = ["code", "name", "mentions", "documents"]
ERROR_COLUMNS = ["doc_id", "stage", "error", "hint"]
DOC_TABLE_COLUMNS = ["doc_id", "table_id", "page", "row", "column", "header", "text"]
PER_DOCUMENT_STAGES = ("ingest", "segment", "extract", "baseline")
# entities.parquet: the CSV's columns, typed (page is null outside PDFs).
ENTITY_SCHEMA = pa.schema([("doc_id", pa.string()), ("section_id", pa.string()), ("label", pa.string()),
                          ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()), ("norm", pa.string()),
                          ("page", pa.int64()), ("flags", pa.string())])


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_4=code)
    return getattr(country, "common_name", None) or country.name if country else code


class Names:
    """Mentions and documents per normalized name of one label, and the surface
    forms seen, counted a document at a time (memory grows with distinct names only)."""

    def __init__(self, label: str):
        self.label = label
        self.mentions: Counter[str] = Counter()
        self.documents: Counter[str] = Counter()
        self.forms: dict[str, set[str]] = {}

    @classmethod
    def of(cls, label: str, entities: list[dict]) -> "Names":
        """From entity rows of any number of documents (each with its doc_id)."""
        names = cls(label)
        by_doc: dict[str, list[dict]] = {}
        for e in entities:
            by_doc.setdefault(e["doc_id"], []).append(e)
        for found in by_doc.values():
            names.add(found)
        return names

    def add(self, entities: list[dict]) -> None:
        """One document's entities."""
        entities = [e for e in entities if e["label"] == self.label]
        for e in entities:
            self.mentions[e["norm"]] += 1
            self.forms.setdefault(e["norm"], set()).add(" ".join(e["text"].split()))
        self.documents.update({e["norm"] for e in entities})


def organizations(orgs: Names) -> list[dict]:
    rows = [{"name": name, "short_forms": "; ".join(sorted(orgs.forms[name] - {name})), "mentions": count,
             "documents": orgs.documents[name]} for name, count in orgs.mentions.items()]
    return sorted(rows, key=lambda r: (-r["mentions"], r["name"]))


def countries(found: Names) -> list[dict]:
    rows = [{"code": code, "name": country_name(code), "mentions": count, "documents": found.documents[code]}
            for code, count in found.mentions.items()]
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


def processed(docs_dir: Path, sections_dir: Path, entities_dir: Path) -> Iterator[tuple[dict, dict, dict]]:
    """(document, sections, entities) of each document every stage finished, by id."""
    for path in document_files(docs_dir):
        found = read_json(Path(entities_dir) / path.name)
        segmented = read_json(Path(sections_dir) / path.name)
        if found is None or segmented is None:
            continue  # a later stage failed on it; errors.csv says why
        yield read_json(path), segmented, found


class ParquetStream(AtomicFile):
    """A Parquet table written in row groups as rows come, atomically."""

    ROW_GROUP = 100_000

    def __init__(self, path: Path, schema: pa.Schema):
        import pyarrow.parquet as pq

        super().__init__(path, binary=True)
        self.schema, self.rows = schema, []
        self.writer = pq.ParquetWriter(self.file, schema)

    def write(self, rows: list[dict]) -> None:
        self.rows += rows
        if len(self.rows) >= self.ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        columns = {name: [r[name] if r[name] != "" or name != "page" else None for r in self.rows]
                   for name in self.schema.names}
        self.writer.write_table(pa.table(columns, schema=self.schema))
        self.rows = []

    def commit(self) -> None:
        self.flush()
        self.writer.close()
        super().commit()

    def __exit__(self, *exc) -> None:
        if not self.committed:
            # Closed before its file goes, or pyarrow closes it at exit onto a closed file.
            self.writer.close()
        super().__exit__(*exc)


def build(docs_dir: Path, sections_dir: Path, entities_dir: Path, out: Path) -> tuple[int, Counter[str]]:
    """Write the tables, streaming: rows go to their files document by
    document, so memory stays flat however many documents there are; all
    files replace the old ones together at the end. -> documents, entities per label."""
    orgs, found_countries, labels, documents = Names("ORG"), Names("COUNTRY"), Counter(), 0
    with ExitStack() as files:
        table = {name: files.enter_context(CsvStream(out / f"{name}.csv", columns))
                 for name, columns in (("documents", DOCUMENT_COLUMNS), ("sections", SECTION_COLUMNS),
                                       ("entities", ENTITY_COLUMNS), ("doc_tables", DOC_TABLE_COLUMNS))}
        parquet = files.enter_context(ParquetStream(out / "entities.parquet", ENTITY_SCHEMA))
        for doc, segmented, found in processed(docs_dir, sections_dir, entities_dir):
            doc_id, entities = doc["doc_id"], found["entities"]
            table["sections"].write({"doc_id": doc_id, **s} for s in segmented["sections"])
            rows = [{"doc_id": doc_id, **e} for e in entities]
            table["entities"].write(rows)
            parquet.write(rows)
            table["doc_tables"].write(doc_tables(doc))
            table["documents"].write([{"doc_id": doc_id, "title": doc["title"], "date": doc["date"],
                                       "source": doc["source"], "format": doc["format"], "chars": len(doc["text"]),
                                       "sections": len(segmented["sections"]), "entities": len(entities)}])
            orgs.add(entities)
            found_countries.add(entities)
            labels.update(e["label"] for e in entities)
            documents += 1
        table["organizations"] = files.enter_context(CsvStream(out / "organizations.csv", ORG_COLUMNS))
        table["organizations"].write(organizations(orgs))
        table["countries"] = files.enter_context(CsvStream(out / "countries.csv", COUNTRY_COLUMNS))
        table["countries"].write(countries(found_countries))
        for stream in [*table.values(), parquet]:
            stream.commit()
    return documents, labels


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
    failed = errors(args.errors)
    documents, labels = build(args.docs, args.sections, args.entities, Path(args.out))
    write_csv(Path(args.out) / "errors.csv", ERROR_COLUMNS, failed)
    summary = ", ".join(f"{label} {labels.get(label, 0)}" for label in LABELS)
    console.print(f"tables: {documents} documents, {summary}, {len(failed)} errors")


if __name__ == "__main__":
    main()
