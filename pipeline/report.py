"""Stage `report`: outputs/report/, a static site that works from the file
system (no scripts, no network):

- index.html: scores (with SVG plots), an overview of the corpus, the most
  mentioned countries and organizations, and the first page of the document
  list (titles, dates, formats, entity counts); further pages of the list in
  list-<n>.html, so the index stays small however large the corpus;
- d/<doc_id>.html: a document, its sections linked to their place in the text,
  its entities highlighted with label, norm, section and page on hover;
- c/<code>.html and o/<name>.html: a country or an organization, its documents,
  what it is mentioned with, and its mentions linking to their place;
- plots/*.svg: the evaluation plots (also `dvc plots show`'s)."""
from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

import pandas as pd

from pipeline.cache import atomic_write, read_json
from pipeline.config import stage_args
from pipeline.highlight import COLORS, STYLE as TEXT_STYLE, marked_text
from pipeline.svg_plots import per_document, per_label

LABELS = ("ORG", "COUNTRY", "DATE", "AMOUNT")
LIST_PAGE = 500  # documents per page of the document list
TOP = 50  # countries and organizations on the index
MAX_MENTIONS = 1000  # mentions listed on a country's or organization's page
STYLE = TEXT_STYLE + """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right}nav a{margin-right:1rem}.sections ul{margin:0;padding-left:1.2rem}
"""


def esc(value) -> str:
    return html.escape("" if value is None else str(value))


def table(columns: list[str], rows: list[list[str]], cls: str = "") -> str:
    """Rows of HTML cells; end tags left out (HTML allows it) to keep long lists small."""
    head = "".join(f"<th>{esc(c)}" for c in columns)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}" for cell in row) for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</thead><tbody>\n{body}\n</tbody></table>'


def page(title: str, body: str, root: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<style>{STYLE}</style></head><body><nav><a href="{root}index.html">polex report</a>'
            f'<a href="{root}countries.html">countries</a><a href="{root}organizations.html">organizations</a></nav>'
            f"<h1>{esc(title)}</h1>{body}</body></html>")


def org_file(name: str) -> str:
    """A file name for an organization: readable, and unique by a hash of the name."""
    words = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in name.lower()).split("-")
    stem = "-".join(w for w in words if w)[:60]
    return f"o/{stem}-{hashlib.sha1(name.encode()).hexdigest()[:8]}.html"


def doc_file(doc_id: str) -> str:
    return f"d/{doc_id}.html"


def link(href: str, text) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def metrics_section(metrics: dict | None) -> str:
    if not metrics:
        return "<p>No gold annotations: nothing was scored.</p>"
    rows = []
    for label in (*LABELS, "micro"):
        ours, base = metrics["polex"][label], metrics["spacy_baseline"][label]
        rows.append([esc(label), str(ours["gold"]), f'{ours["strict"]["precision"]:.3f}', f'{ours["strict"]["recall"]:.3f}',
                     f'{ours["strict"]["f1"]:.3f}', f'{ours["value"]["f1"]:.3f}', f'{base["strict"]["f1"]:.3f}'])
    return (f"<p>{metrics['documents']} documents with gold.</p>"
            + table(["label", "gold", "precision", "recall", "strict F1", "value F1", "spaCy strict F1"], rows, "metrics"))


def plots(plots_dir: Path, out: Path) -> str:
    """Write the SVG plots beside the report and show them on the index."""
    shown = []
    for name, draw in (("per_label", per_label), ("per_document", per_document)):
        source = Path(plots_dir) / f"{name}.csv"
        if source.exists():
            frame = pd.read_csv(source, keep_default_na=False)
            if not frame.empty:
                atomic_write(out / "plots" / f"{name}.svg", draw(frame))
                shown.append(f'<img src="plots/{name}.svg" alt="{name}">')
    return "".join(shown)


def overview(documents: pd.DataFrame, entities: pd.DataFrame, errors: pd.DataFrame) -> str:
    formats = ", ".join(f"{fmt} {n}" for fmt, n in documents.format.value_counts().items())
    counts = entities.label.value_counts()
    labels = " ".join(f'<span style="background:{COLORS[l]};padding:0 .4rem">{l} <b>{counts.get(l, 0)}</b></span>'
                      for l in LABELS)
    dates = documents.date[documents.date != ""]
    span = f", dated {dates.min()} to {dates.max()}" if len(dates) else ""
    return (f'<p><b id="document-count">{len(documents)}</b> documents ({esc(formats)}){esc(span)}; '
            f'<b id="error-count">{len(errors)}</b> could not be processed.</p><p>Entities: {labels}</p>')


def entity_counts(entities: pd.DataFrame) -> pd.DataFrame:
    return entities.groupby(["doc_id", "label"]).size().unstack(fill_value=0).reindex(columns=list(LABELS), fill_value=0)


def document_rows(documents: pd.DataFrame, counts: pd.DataFrame) -> list[list[str]]:
    rows = []
    for doc in documents.itertuples():
        n = counts.loc[doc.doc_id] if doc.doc_id in counts.index else {l: 0 for l in LABELS}
        rows.append([link(doc_file(doc.doc_id), doc.title or doc.doc_id), esc(doc.date), esc(doc.format)]
                    + [f'<span class="n">{n[l]}</span>' for l in LABELS])
    return rows


def document_lists(documents: pd.DataFrame, counts: pd.DataFrame) -> list[str]:
    """The document list cut into pages; the first goes on the index."""
    columns = ["title", "date", "format", *LABELS]
    chunks = [documents.iloc[i:i + LIST_PAGE] for i in range(0, len(documents), LIST_PAGE)] or [documents]
    pager = " ".join(link("index.html" if i == 0 else f"list-{i + 1}.html", f"{i * LIST_PAGE + 1}–{i * LIST_PAGE + len(c)}")
                     for i, c in enumerate(chunks))
    return [f"<p>Documents {pager}</p>" + table(columns, document_rows(chunk, counts), "documents") for chunk in chunks]


def ranking(rows: pd.DataFrame, href) -> str:
    return table(["name", "mentions", "documents"],
                 [[link(href(r), r.name), str(r.mentions), str(r.documents)] for r in rows.itertuples()])


def mentions_table(found: pd.DataFrame, titles: dict[str, str]) -> str:
    shown = found.head(MAX_MENTIONS)
    rows = [[link(f"../{doc_file(r.doc_id)}#e{r.Index}", " ".join(r.text.split())), esc(r.norm),
             esc(titles.get(r.doc_id, r.doc_id)), esc(r.section_id), esc(r.page)] for r in shown.itertuples()]
    more = f"<p>The first {MAX_MENTIONS:,} of {len(found):,} mentions.</p>" if len(found) > MAX_MENTIONS else ""
    return more + table(["text", "norm", "document", "section", "page"], rows, "mentions")


def section_pairs(entities: pd.DataFrame) -> pd.DataFrame:
    """Each organization and country mentioned in one section: norm_org, norm_country, once per section."""
    keys = ["doc_id", "section_id", "norm"]
    orgs = entities[entities.label == "ORG"][keys].drop_duplicates()
    countries = entities[entities.label == "COUNTRY"][keys].drop_duplicates()
    return orgs.merge(countries, on=["doc_id", "section_id"], suffixes=("_org", "_country"))


def entity_page(name: str, found: pd.DataFrame, with_other: pd.Series, other: str, titles: dict[str, str],
                other_href) -> str:
    """`found`: the mentions; `with_other`: sections shared with each entity of the `other` label."""
    docs = found.doc_id.value_counts()
    doc_rows = [[link(f"../{doc_file(d)}", titles.get(d, d)), str(n)] for d, n in docs.items()]
    with_other = with_other.value_counts().head(TOP)
    other_rows = [[link(other_href(o), o), str(n)] for o, n in with_other.items()]
    body = (f'<p><b class="mentions">{len(found)}</b> mentions in <b class="documents">{len(docs)}</b> documents.</p>'
            f"<h2>Documents</h2>{table(['document', 'mentions'], doc_rows)}"
            f"<h2>Mentioned in the same section ({other})</h2>{table([other.lower(), 'sections'], other_rows)}"
            f"<h2>Mentions</h2>{mentions_table(found, titles)}")
    return page(name, body, "../")


def section_tree(sections: pd.DataFrame) -> str:
    items = "".join(f'<li style="margin-left:{int(s.level)}em"><a href="#s{esc(s.section_id)}">'
                    f"{esc(' '.join(p for p in (s.number, s.title) if p) or '(untitled)')}</a>" for s in sections.itertuples())
    return f'<details class="sections" open><summary>Sections ({len(sections)})</summary><ul>{items}</ul></details>'


def document_page(doc: dict, meta, sections: pd.DataFrame, entities: pd.DataFrame) -> str:
    marks = [{"anchor": i, **e} for i, e in zip(entities.index, entities.to_dict("records"))]
    counts = entities.label.value_counts()
    labels = " ".join(f'<span><mark class="{l}">{l}</mark> <b data-label="{l}">{counts.get(l, 0)}</b></span>' for l in LABELS)
    body = (f"<p>{esc(meta.doc_id)} · {esc(meta.date or 'no date')} · {esc(meta.format)} · {esc(meta.source)} · "
            f"{len(doc['text']):,} characters</p><p class=\"counts\">{labels}</p>"
            f"{section_tree(sections)}{marked_text(doc['text'], marks, sections.to_dict('records'))}")
    return page(meta.title or meta.doc_id, body, "../")


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, dtype=str)


def build(args) -> dict[str, int]:
    out = Path(args.out)
    documents, sections = read_table(args.documents), read_table(args.sections)
    entities, errors = read_table(args.entities), read_table(args.errors)
    countries, organizations = read_table(args.countries), read_table(args.organizations)
    for frame in (countries, organizations):
        frame[["mentions", "documents"]] = frame[["mentions", "documents"]].astype(int)
    metrics = json.loads(Path(args.metrics).read_text()) if Path(args.metrics).exists() else None
    titles = dict(zip(documents.doc_id, documents.title))
    mentions = {label: dict(list(entities[entities.label == label].groupby("norm"))) for label in ("ORG", "COUNTRY")}
    pairs = section_pairs(entities)
    orgs_with = dict(list(pairs.groupby("norm_country").norm_org))
    countries_with = dict(list(pairs.groupby("norm_org").norm_country))
    none = pd.Series([], dtype=str)
    country_href = lambda code: f"../c/{code}.html"
    org_href = lambda name: f"../{org_file(name)}"

    sections_of, entities_of = dict(list(sections.groupby("doc_id"))), dict(list(entities.groupby("doc_id")))
    empty_sections, empty_entities = sections.iloc[:0], entities.iloc[:0]
    for meta in documents.itertuples():
        doc = read_json(Path(args.docs) / f"{meta.doc_id}.json")
        if doc is not None:
            atomic_write(out / doc_file(meta.doc_id), document_page(
                doc, meta, sections_of.get(meta.doc_id, empty_sections), entities_of.get(meta.doc_id, empty_entities)))
    for c in countries.itertuples():
        atomic_write(out / "c" / f"{c.code}.html", entity_page(
            f"{c.name} ({c.code})", mentions["COUNTRY"][c.code], orgs_with.get(c.code, none), "ORG", titles, org_href))
    for o in organizations.itertuples():
        atomic_write(out / org_file(o.name), entity_page(
            o.name, mentions["ORG"][o.name], countries_with.get(o.name, none), "COUNTRY", titles, country_href))
    atomic_write(out / "countries.html", page("Countries", ranking(countries, lambda r: f"c/{r.code}.html")))
    atomic_write(out / "organizations.html",
                 page("Organizations", ranking(organizations, lambda r: org_file(r.name))))

    lists = document_lists(documents, entity_counts(entities))
    for number, listing in enumerate(lists[1:], start=2):
        atomic_write(out / f"list-{number}.html", page(f"Documents, page {number}", listing))
    index = (f"<h2>Corpus</h2>{overview(documents, entities, errors)}"
             f"<h2>Scores</h2>{metrics_section(metrics)}{plots(args.plots, out)}"
             f"<h2>Countries</h2>{ranking(countries.head(TOP), lambda r: f'c/{r.code}.html')}"
             f"<p>{link('countries.html', f'All {len(countries)} countries')}</p>"
             f"<h2>Organizations</h2>{ranking(organizations.head(TOP), lambda r: org_file(r.name))}"
             f"<p>{link('organizations.html', f'All {len(organizations)} organizations')}</p>"
             f"<h2>Documents</h2>{lists[0]}")
    atomic_write(out / "index.html", page("polex report", index))
    return {"documents": len(documents), "countries": len(countries), "organizations": len(organizations)}


def main() -> None:
    args = stage_args(__doc__, "docs", "documents", "sections", "entities", "errors", "countries", "organizations",
                      "metrics", "plots", "out", code=False)
    build(args)


if __name__ == "__main__":
    main()
