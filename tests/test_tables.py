"""The tables stage, streamed: the CSVs and entities.parquet from the per-document files."""
import json

import pandas as pd
import pytest

from pipeline import tables

TEXT = "The OECD and Japan met. The Organisation for Economic Co-operation and Development paid $5 million."
ENTITIES = [
    {"label": "ORG", "start": 4, "end": 8, "text": "OECD", "norm": "OECD", "section_id": "1", "page": 1, "flags": ""},
    {"label": "COUNTRY", "start": 13, "end": 18, "text": "Japan", "norm": "JPN", "section_id": "1", "page": 1, "flags": ""},
    {"label": "ORG", "start": 28, "end": 83, "text": "Organisation for Economic Co-operation and\nDevelopment",
     "norm": "OECD", "section_id": "1", "page": 2, "flags": ""},
    {"label": "AMOUNT", "start": 89, "end": 99, "text": "$5 million", "norm": "5000000 USD", "section_id": "1",
     "page": 2, "flags": "table"},
]


def interim(tmp_path, doc_id: str, entities: list[dict], pages: list[int]):
    for folder, value in (
        ("docs", {"doc_id": doc_id, "title": "T", "date": "2001", "source": "", "format": "pdf" if pages else "text",
                  "text": TEXT, "pages": pages, "headings": [], "tables": []}),
        ("sections", {"doc_id": doc_id, "sections": [{"section_id": "1", "parent_id": "", "level": 1, "number": "",
                                                      "title": "T", "start": 0, "end": len(TEXT)}]}),
        ("entities", {"doc_id": doc_id, "entities": entities}),
    ):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / f"{doc_id}.json").write_text(json.dumps(value))


def build(tmp_path):
    return tables.build(tmp_path / "docs", tmp_path / "sections", tmp_path / "entities", tmp_path / "out")


def test_tables_count_names_over_documents_and_parquet_holds_the_csv_rows(tmp_path):
    interim(tmp_path, "a", ENTITIES, [24])
    interim(tmp_path, "b", [{**ENTITIES[0], "page": ""}], [])
    assert build(tmp_path) == (2, {"ORG": 3, "COUNTRY": 1, "AMOUNT": 1})
    orgs = pd.read_csv(tmp_path / "out" / "organizations.csv", keep_default_na=False)
    assert orgs.to_dict("records") == [{"name": "OECD", "mentions": 3, "documents": 2,
                                        "short_forms": "Organisation for Economic Co-operation and Development"}]
    csv_rows = pd.read_csv(tmp_path / "out" / "entities.csv", keep_default_na=False, dtype=str)
    parquet = pd.read_parquet(tmp_path / "out" / "entities.parquet")
    assert list(parquet.columns) == tables.ENTITY_COLUMNS and len(parquet) == len(csv_rows) == 5
    assert parquet.page.tolist()[:4] == [1, 1, 2, 2] and pd.isna(parquet.page.iloc[4])  # no page outside PDFs
    assert parquet.start.dtype == "int64"
    for column in ("doc_id", "label", "text", "norm", "flags"):
        assert parquet[column].tolist() == csv_rows[column].tolist()


def test_a_stage_that_fails_midway_leaves_the_previous_tables(tmp_path, monkeypatch):
    interim(tmp_path, "a", ENTITIES, [])
    build(tmp_path)
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    interim(tmp_path, "b", ENTITIES[:1], [])
    monkeypatch.setattr(tables, "doc_tables", lambda doc: 1 / 0 if doc["doc_id"] == "b" else [])
    with pytest.raises(ZeroDivisionError):
        build(tmp_path)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before  # no temporary file left either
