"""Stage `report`: outputs/report/index.html, one self-contained page (no
scripts, no network): per corpus the metrics with a bar chart, organizations
by countries, a timeline of dated mentions and the amounts; per document its
metadata, section tree and text with entities highlighted (displaCy)."""
from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path

import pandas as pd
from spacy import displacy

from pipeline.cache import atomic_write, document_files, read_json
from pipeline.config import stage_args

COLORS = {"ORG": "#7aecec", "COUNTRY": "#feca74", "DATE": "#bfe1d9", "AMOUNT": "#e4e7d2"}
MAX_RENDER_CHARS = 200_000  # a longer document is shown up to here; its tables are complete
STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.bar{background:#4c78a8;height:.9rem;display:inline-block}.base{background:#bbb}
.doc{border-top:2px solid #888;margin-top:2rem}.tree ul{margin:0;padding-left:1.2rem}
.entities{line-height:2.2}nav a{margin-right:1rem}
"""


def esc(value) -> str:
    return html.escape(str(value))


def table(columns: list[str], rows: list[list], cls: str = "") -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def metrics_section(metrics: dict | None) -> str:
    if not metrics:
        return "<p>No gold annotations: nothing was scored.</p>"
    rows = []
    for label in ("ORG", "COUNTRY", "DATE", "AMOUNT", "micro"):
        ours, base = metrics["polex"][label], metrics["spacy_baseline"][label]
        f1, b1 = ours["strict"]["f1"], base["strict"]["f1"]
        chart = (f'<span class="bar" style="width:{f1 * 300:.0f}px"></span> {f1:.3f}<br>'
                 f'<span class="bar base" style="width:{b1 * 300:.0f}px"></span> {b1:.3f} (spaCy)')
        rows.append([esc(label), ours["gold"], f'{ours["strict"]["precision"]:.3f}', f'{ours["strict"]["recall"]:.3f}',
                     chart, f'{ours["value"]["f1"]:.3f}'])
    return (f"<p>{metrics['documents']} documents with gold. Strict F1: polex (blue) and bare spaCy (grey).</p>"
            + table(["label", "gold", "precision", "recall", "strict F1", "value F1"], rows, "metrics"))


def cooccurrence(entities: pd.DataFrame) -> str:
    orgs = entities[entities.label == "ORG"][["doc_id", "section_id", "norm"]].drop_duplicates()
    countries = entities[entities.label == "COUNTRY"][["doc_id", "section_id", "norm"]].drop_duplicates()
    pairs = orgs.merge(countries, on=["doc_id", "section_id"], suffixes=("_org", "_country"))
    if pairs.empty:
        return "<p>No organization and country share a section.</p>"
    grid = pd.crosstab(pairs.norm_org, pairs.norm_country)
    top_orgs = grid.sum(axis=1).sort_values(ascending=False).index[:40]
    top_countries = grid.sum(axis=0).sort_values(ascending=False).index[:15]
    grid = grid.loc[top_orgs, top_countries]
    rows = [[esc(org)] + [str(v) if v else "" for v in grid.loc[org]] for org in grid.index]
    return ("<p>Sections in which each organization and country are both mentioned (top 40 by 15).</p>"
            + table(["organization"] + [esc(c) for c in grid.columns], rows, "cooccurrence"))


def timeline(entities: pd.DataFrame) -> str:
    dates = entities[entities.label == "DATE"].copy()
    if dates.empty:
        return "<p>No dated mentions.</p>"
    dates["year"] = dates.norm.str.extract(r"^(?:FY)?(\d{4})")[0]
    years = Counter(dates.year.dropna())
    peak = max(years.values()) if years else 1
    bars = [[esc(y), f'<span class="bar" style="width:{n / peak * 300:.0f}px"></span> {n}'] for y, n in sorted(years.items())]
    rows = [[esc(r.norm), esc(" ".join(r.text.split())), esc(r.doc_id), esc(r.section_id)]
            for r in dates.sort_values(["norm", "doc_id"]).itertuples()]
    return (table(["year", "mentions"], bars, "timeline")
            + "<details><summary>Every dated mention</summary>" + table(["date", "text", "document", "section"], rows) + "</details>")


def amounts(entities: pd.DataFrame) -> str:
    found = entities[entities.label == "AMOUNT"]
    rows = []
    for r in found.itertuples():
        value, _, currency = r.norm.partition(" ")
        rows.append([esc(value), esc(currency), esc(" ".join(r.text.split())), esc(r.doc_id), esc(r.section_id)])
    return table(["value", "currency", "text", "document", "section"], rows, "amounts") if rows else "<p>No amounts.</p>"


def tree(sections: list[dict]) -> str:
    children: dict[str, list[dict]] = {}
    for s in sections:
        children.setdefault(s["parent_id"], []).append(s)

    def render(parent: str) -> str:
        items = "".join(f"<li>{esc(s['number'])} {esc(s['title'])} <small>[{esc(s['section_id'])}]</small>"
                        f"{render(s['section_id'])}</li>" for s in children.get(parent, []))
        return f"<ul>{items}</ul>" if items else ""

    return f'<div class="tree">{render("")}</div>'


def document_section(doc: dict, sections: list[dict], entities: list[dict]) -> str:
    text = doc["text"][:MAX_RENDER_CHARS]
    ents = [{"start": e["start"], "end": e["end"], "label": e["label"]} for e in entities if e["end"] <= len(text)]
    marked = displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True,
                             options={"colors": COLORS}, page=False, jupyter=False)
    cut = "" if len(doc["text"]) <= MAX_RENDER_CHARS else f"<p>Shown up to {MAX_RENDER_CHARS:,} characters.</p>"
    meta = table(["title", "date", "source", "format", "characters", "entities"],
                 [[esc(doc["title"]), esc(doc["date"]), esc(doc["source"]), esc(doc["format"]), f"{len(doc['text']):,}", len(entities)]])
    return (f'<section class="doc" id="doc-{esc(doc["doc_id"])}"><h2>{esc(doc["doc_id"])}</h2>{meta}'
            f"<h3>Sections</h3>{tree(sections)}<h3>Text</h3>{cut}<div class=\"entities\">{marked}</div></section>")


def build(docs_dir: Path, sections_dir: Path, entities_dir: Path, entities_csv: Path, metrics_path: Path) -> str:
    entities = pd.read_csv(entities_csv, keep_default_na=False, dtype=str)
    metrics = json.loads(Path(metrics_path).read_text()) if Path(metrics_path).exists() else None
    parts, links = [], []
    for path in document_files(docs_dir):
        found = read_json(Path(entities_dir) / path.name)
        segmented = read_json(Path(sections_dir) / path.name)
        if found is None or segmented is None:
            continue
        doc = read_json(path)
        links.append(f'<a href="#doc-{esc(doc["doc_id"])}">{esc(doc["doc_id"])}</a>')
        parts.append(document_section(doc, segmented["sections"], found["entities"]))
    legend = " ".join(f'<span style="background:{c};padding:0 .4rem">{l}</span>' for l, c in COLORS.items())
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>polex report</title>"
            f"<style>{STYLE}</style></head><body><h1>polex report</h1><p>{len(links)} documents. {legend}</p>"
            f"<nav>{''.join(links)}</nav>"
            f"<h2>Scores</h2>{metrics_section(metrics)}"
            f"<h2>Organizations by countries</h2>{cooccurrence(entities)}"
            f"<h2>Timeline</h2>{timeline(entities)}"
            f"<h2>Amounts</h2>{amounts(entities)}"
            f"{''.join(parts)}</body></html>")


def main() -> None:
    args = stage_args(__doc__, "docs", "sections", "entities", "table", "metrics", "out", code=False)
    atomic_write(Path(args.out) / "index.html", build(args.docs, args.sections, args.entities, args.table, args.metrics))


if __name__ == "__main__":
    main()
