"""A small processed corpus for the database, report and serve tests: the
interim documents and the CSV tables the `tables` stage would write, with
entities placed by finding their text."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.cache import write_csv
from pipeline.tables import (COUNTRY_COLUMNS, DOCUMENT_COLUMNS, ENTITY_COLUMNS, ERROR_COLUMNS, ORG_COLUMNS,
                             SECTION_COLUMNS, Names, countries, organizations)

OECD = "Organisation for Economic Co-operation and Development"
# doc_id, title, date, format, [(section title, text)], [(label, text, norm, section index, page)]
DOCUMENTS = [
    ("kenya-2016", "Kenya energy loan", "2016-05-10", "text",
     [("Summary", "Kenya and the World Bank signed a EUR 50 million loan in March 2016.\n"),
      ("Reactions", "The OECD welcomed the loan to Kenya.\n")],
     [("COUNTRY", "Kenya", "KEN", 0, ""), ("ORG", "World Bank", "World Bank", 0, ""),
      ("AMOUNT", "EUR 50 million", "50000000 EUR", 0, ""), ("DATE", "March 2016", "2016-03", 0, ""),
      ("ORG", "OECD", OECD, 1, ""), ("COUNTRY", "Kenya", "KEN", 1, "")]),
    ("oecd-2020", "Ministerial meeting", "2020-11", "pdf",
     [("Meeting", "The OECD met in Paris in June 2020.\n"),
      ("Pledges", "France pledged EUR 2 billion and Kenya US$5 million to the World Bank.\n")],
     [("ORG", "OECD", OECD, 0, "1"), ("DATE", "June 2020", "2020-06", 0, "1"),
      ("COUNTRY", "France", "FRA", 1, "2"), ("AMOUNT", "EUR 2 billion", "2000000000 EUR", 1, "2"),
      ("COUNTRY", "Kenya", "KEN", 1, "2"), ("AMOUNT", "US$5 million", "5000000 USD", 1, "2"),
      ("ORG", "World Bank", "World Bank", 1, "2")]),
    ("ghana-2014", "Ghana and the bank", "2014", "html",
     [("Agreement", "Ghana and the African Development Bank agreed on EUR 10 million in 2014.\n")],
     [("COUNTRY", "Ghana", "GHA", 0, ""), ("ORG", "African Development Bank", "African Development Bank", 0, ""),
      ("AMOUNT", "EUR 10 million", "10000000 EUR", 0, ""), ("DATE", "2014", "2014", 0, "")]),
]
ERRORS = [{"doc_id": "broken", "stage": "ingest", "error": "broken.pdf: encrypted", "hint": "remove the password"}]


def one_document(doc_id, title, date, fmt, parts, found):
    text, sections = "", [{"section_id": "0", "parent_id": "", "level": 0, "number": "", "title": title, "start": 0}]
    for i, (heading, body) in enumerate(parts, 1):
        sections.append({"section_id": str(i), "parent_id": "0", "level": 1, "number": str(i), "title": heading,
                         "start": len(text)})
        text += f"{heading}\n{body}"
    for i, section in enumerate(sections):
        section["end"] = sections[i + 1]["start"] if 0 < i < len(sections) - 1 else len(text)
    entities, searched = [], {}
    for label, words, norm, part, page in found:
        section = sections[part + 1]
        start = text.index(words, max(section["start"], searched.get(words, 0)))
        searched[words] = start + len(words)
        entities.append({"doc_id": doc_id, "section_id": section["section_id"], "label": label, "start": start,
                         "end": start + len(words), "text": words, "norm": norm, "page": page, "flags": ""})
    doc = {"doc_id": doc_id, "title": title, "date": date, "source": "https://example.org", "format": fmt,
           "text": text, "pages": [], "headings": []}
    return doc, [{"doc_id": doc_id, **s} for s in sections], sorted(entities, key=lambda e: e["start"])


def write_corpus(root: Path, specs=DOCUMENTS) -> dict[str, Path]:
    """The interim documents and the tables of `specs` under `root`; returns their paths by name."""
    docs_dir = root / "interim" / "docs"
    docs_dir.mkdir(parents=True)
    documents, sections, entities = [], [], []
    for spec in specs:
        doc, doc_sections, doc_entities = one_document(*spec)
        (docs_dir / f"{doc['doc_id']}.json").write_text(json.dumps(doc))
        sections += doc_sections
        entities += doc_entities
        documents.append({**{k: doc[k] for k in ("doc_id", "title", "date", "source", "format")},
                          "chars": len(doc["text"]), "sections": len(doc_sections), "entities": len(doc_entities)})
    tables = {"documents": (DOCUMENT_COLUMNS, documents), "sections": (SECTION_COLUMNS, sections),
              "entities": (ENTITY_COLUMNS, entities), "errors": (ERROR_COLUMNS, ERRORS),
              "organizations": (ORG_COLUMNS, organizations(Names.of("ORG", entities))),
              "countries": (COUNTRY_COLUMNS, countries(Names.of("COUNTRY", entities)))}
    paths = {"docs": docs_dir}
    for name, (columns, rows) in tables.items():
        paths[name] = root / f"{name}.csv"
        write_csv(paths[name], columns, rows)
    return paths
