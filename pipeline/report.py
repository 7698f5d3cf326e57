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
- plots/*.svg: the evaluation plots (also `dvc plots show`'s).

The tables are read as a stream, document by document in documents.csv's
order (the order the `tables` stage writes every table in): memory holds the
countries' and organizations' aggregates, never all the entities. A page is
written only when its content changed, and pages of documents, countries and
organizations no longer in the tables are removed, so a run after a small
change rewrites little and a copy of the site synchronizes quickly."""
from __future__ import annotations

import hashlib
import html
import json
from collections import Counter
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import pandas as pd

from pipeline.cache import atomic_write, read_csv, read_json
from pipeline.config import stage_args
from pipeline.gold import LABELS
from pipeline.highlight import COLORS, STYLE as TEXT_STYLE, marked_text, section_label
from pipeline.progress import console
from pipeline.svg_plots import per_document, per_label

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


def country_file(code: str) -> str:
    return f"c/{code}.html"


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


def plots(plots_dir: Path, site) -> str:
    """Write the SVG plots beside the report and show them on the index."""
    shown = []
    for name, draw in (("per_label", per_label), ("per_document", per_document)):
        source = Path(plots_dir) / f"{name}.csv"
        if source.exists():
            frame = pd.read_csv(source, keep_default_na=False)
            if not frame.empty:
                site.write(f"plots/{name}.svg", draw(frame))
                shown.append(f'<img src="plots/{name}.svg" alt="{name}">')
    return "".join(shown)


class Mentioned:
    """An organization or a country as its page shows it: how often it is
    mentioned, its first MAX_MENTIONS mentions, its documents, and the entities
    of the other label mentioned in the same sections."""

    def __init__(self):
        self.count = 0
        self.shown = []  # (doc_id, anchor, text, norm, section_id, page): a tuple, smaller than the row
        self.documents = Counter()
        self.together = Counter()

    def add(self, doc_id: str, anchor: int, entity: dict) -> None:
        self.count += 1
        if len(self.shown) < MAX_MENTIONS:
            self.shown.append((doc_id, anchor, " ".join(entity["text"].split()), entity["norm"], entity["section_id"],
                               entity["page"]))
        self.documents[doc_id] += 1


class Corpus:
    """What the index and the country and organization pages need, gathered document by document."""

    def __init__(self):
        self.named = {"ORG": {}, "COUNTRY": {}}
        self.formats, self.labels = Counter(), Counter()
        self.titles, self.dates = {}, ()

    def add(self, meta: dict, entities: list[dict]) -> None:
        doc_id = meta["doc_id"]
        self.titles[doc_id] = meta["title"] or doc_id
        self.formats[meta["format"]] += 1
        if meta["date"]:
            first, last = self.dates or (meta["date"], meta["date"])
            self.dates = (min(first, meta["date"]), max(last, meta["date"]))
        self.labels.update(e["label"] for e in entities)
        in_section = {}
        for anchor, e in enumerate(entities):
            if e["label"] in self.named:
                self.named[e["label"]].setdefault(e["norm"], Mentioned()).add(doc_id, anchor, e)
                in_section.setdefault((e["section_id"], e["label"]), set()).add(e["norm"])
        for (section, label), norms in in_section.items():
            if label == "ORG":
                for country in in_section.get((section, "COUNTRY"), ()):
                    for org in norms:
                        self.named["ORG"][org].together[country] += 1
                        self.named["COUNTRY"][country].together[org] += 1

    def overview(self, documents: int, errors: int) -> str:
        formats = ", ".join(f"{fmt} {n}" for fmt, n in self.formats.most_common())
        labels = " ".join(f'<span style="background:{COLORS[l]};padding:0 .4rem">{l} <b>{self.labels[l]}</b></span>'
                          for l in LABELS)
        span = f", dated {self.dates[0]} to {self.dates[1]}" if self.dates else ""
        return (f'<p><b id="document-count">{documents}</b> documents ({esc(formats)}){esc(span)}; '
                f'<b id="error-count">{errors}</b> could not be processed.</p><p>Entities: {labels}</p>')


class Site:
    """The report's files under `out`: each written only when its content
    changed; `remove_stale` removes the pages this run did not make."""

    PAGES = ("d/*.html", "c/*.html", "o/*.html", "list-*.html", "plots/*.svg")

    def __init__(self, out: Path):
        self.out, self.made, self.written, self.removed = Path(out), set(), 0, 0

    def write(self, name: str, content: str) -> None:
        path = self.out / name
        self.made.add(name)
        try:
            if path.read_bytes() == content.encode("utf-8"):
                return
        except FileNotFoundError:
            pass
        atomic_write(path, content)
        self.written += 1

    def remove_stale(self) -> None:
        for pattern in self.PAGES:
            for path in self.out.glob(pattern):
                if path.relative_to(self.out).as_posix() not in self.made:
                    path.unlink()
                    self.removed += 1


class InOrder:
    """The rows of a per-document table, taken document by document in the
    order of documents.csv; checked first, so that no page is written from a
    table in another order."""

    def __init__(self, path: Path, position: dict[str, int]):
        last = -1
        for row in read_csv(path):
            at = position.get(row["doc_id"], -1)
            if at < last:
                raise SystemExit(f"report: {path}: the rows of document {row['doc_id']!r} are not in the order of "
                                 "documents.csv, or name no document in it; write the tables with the `tables` stage")
            last = at
        self.groups = groupby(read_csv(path), key=itemgetter("doc_id"))
        self.ahead = next(self.groups, None)

    def take(self, doc_id: str) -> list[dict]:
        if self.ahead is None or self.ahead[0] != doc_id:
            return []
        rows = list(self.ahead[1])
        self.ahead = next(self.groups, None)
        return rows


def document_row(meta: dict, entities: list[dict]) -> list[str]:
    counts = Counter(e["label"] for e in entities)
    return ([link(doc_file(meta["doc_id"]), meta["title"] or meta["doc_id"]), esc(meta["date"]), esc(meta["format"])]
            + [f'<span class="n">{counts[l]}</span>' for l in LABELS])


def document_list(number: int, total: int, rows: list[list[str]]) -> str:
    """Page `number` (from 1) of the document list; the first goes on the index."""
    pages = max(1, -(-total // LIST_PAGE))
    pager = " ".join(link("index.html" if i == 0 else f"list-{i + 1}.html",
                          f"{i * LIST_PAGE + 1}–{min(total, (i + 1) * LIST_PAGE)}") for i in range(pages))
    return f"<p>Documents {pager}</p>" + table(["title", "date", "format", *LABELS], rows, "documents")


def ranking(rows: list[dict], href) -> str:
    return table(["name", "mentions", "documents"],
                 [[link(href(r), r["name"]), esc(r["mentions"]), esc(r["documents"])] for r in rows])


def mentions_table(seen: Mentioned, titles: dict[str, str]) -> str:
    rows = [[link(f"../{doc_file(doc_id)}#e{anchor}", text), esc(norm), esc(titles.get(doc_id, doc_id)), esc(section),
             esc(page)] for doc_id, anchor, text, norm, section, page in seen.shown]
    more = f"<p>The first {MAX_MENTIONS:,} of {seen.count:,} mentions.</p>" if seen.count > MAX_MENTIONS else ""
    return more + table(["text", "norm", "document", "section", "page"], rows, "mentions")


def entity_page(name: str, seen: Mentioned, other: str, titles: dict[str, str], other_href) -> str:
    doc_rows = [[link(f"../{doc_file(d)}", titles.get(d, d)), str(n)] for d, n in seen.documents.most_common()]
    together = sorted(seen.together.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    other_rows = [[link(other_href(o), o), str(n)] for o, n in together]
    body = (f'<p><b class="mentions">{seen.count}</b> mentions in <b class="documents">{len(seen.documents)}</b> '
            f"documents.</p><h2>Documents</h2>{table(['document', 'mentions'], doc_rows)}"
            f"<h2>Mentioned in the same section ({other})</h2>{table([other.lower(), 'sections'], other_rows)}"
            f"<h2>Mentions</h2>{mentions_table(seen, titles)}")
    return page(name, body, "../")


def section_tree(sections: list[dict]) -> str:
    items = "".join(f'<li style="margin-left:{int(s["level"])}em"><a href="#s{esc(s["section_id"])}">'
                    f"{esc(section_label(s))}</a>" for s in sections)
    return f'<details class="sections" open><summary>Sections ({len(sections)})</summary><ul>{items}</ul></details>'


def document_page(doc: dict, meta: dict, sections: list[dict], entities: list[dict]) -> str:
    """Entities are anchored by their place among the document's own (#e0, #e1...), so a
    document's page changes only when the document does."""
    marks = [{"anchor": n, **e} for n, e in enumerate(entities)]
    counts = Counter(e["label"] for e in entities)
    labels = " ".join(f'<span><mark class="{l}">{l}</mark> <b data-label="{l}">{counts[l]}</b></span>' for l in LABELS)
    body = (f"<p>{esc(meta['doc_id'])} · {esc(meta['date'] or 'no date')} · {esc(meta['format'])} · "
            f"{esc(meta['source'])} · {len(doc['text']):,} characters</p><p class=\"counts\">{labels}</p>"
            f"{section_tree(sections)}{marked_text(doc['text'], marks, sections)}")
    return page(meta["title"] or meta["doc_id"], body, "../")


def documents(args, site: Site, corpus: Corpus) -> str:
    """Write each document's page and the document list; return the list's first page, for the index."""
    position = {row["doc_id"]: n for n, row in enumerate(read_csv(args.documents))}
    total = len(position)
    sections, entities = InOrder(args.sections, position), InOrder(args.entities, position)
    rows, first = [], ""
    for n, meta in enumerate(read_csv(args.documents), start=1):
        doc_sections, doc_entities = sections.take(meta["doc_id"]), entities.take(meta["doc_id"])
        corpus.add(meta, doc_entities)
        doc = read_json(Path(args.docs) / f"{meta['doc_id']}.json")
        if doc is not None:
            site.write(doc_file(meta["doc_id"]), document_page(doc, meta, doc_sections, doc_entities))
        rows.append(document_row(meta, doc_entities))
        if len(rows) == LIST_PAGE or n == total:
            number = -(-n // LIST_PAGE)
            listing = document_list(number, total, rows)
            if number == 1:
                first = listing
            else:
                site.write(f"list-{number}.html", page(f"Documents, page {number}", listing))
            rows = []
    return first or document_list(1, 0, [])


def build(args) -> dict[str, int]:
    out = Path(args.out)
    site, corpus = Site(out), Corpus()
    first_list = documents(args, site, corpus)
    countries, organizations = list(read_csv(args.countries)), list(read_csv(args.organizations))
    for c in countries:
        site.write(country_file(c["code"]), entity_page(f"{c['name']} ({c['code']})", corpus.named["COUNTRY"].get(
            c["code"], Mentioned()), "ORG", corpus.titles, lambda name: f"../{org_file(name)}"))
    for o in organizations:
        site.write(org_file(o["name"]), entity_page(o["name"], corpus.named["ORG"].get(o["name"], Mentioned()),
                                                    "COUNTRY", corpus.titles, lambda code: f"../{country_file(code)}"))
    country_href, org_href = lambda row: country_file(row["code"]), lambda row: org_file(row["name"])
    site.write("countries.html", page("Countries", ranking(countries, country_href)))
    site.write("organizations.html", page("Organizations", ranking(organizations, org_href)))
    metrics = json.loads(Path(args.metrics).read_text()) if Path(args.metrics).exists() else None
    errors = sum(1 for _ in read_csv(args.errors))
    index = (f"<h2>Corpus</h2>{corpus.overview(len(corpus.titles), errors)}"
             f"<h2>Scores</h2>{metrics_section(metrics)}{plots(args.plots, site)}"
             f"<h2>Countries</h2>{ranking(countries[:TOP], country_href)}"
             f"<p>{link('countries.html', f'All {len(countries)} countries')}</p>"
             f"<h2>Organizations</h2>{ranking(organizations[:TOP], org_href)}"
             f"<p>{link('organizations.html', f'All {len(organizations)} organizations')}</p>"
             f"<h2>Documents</h2>{first_list}")
    site.write("index.html", page("polex report", index))
    site.remove_stale()
    console.print(f"report: {out}: {len(site.made)} pages, {site.written} written (the others unchanged), "
                  f"{site.removed} removed")
    return {"documents": len(corpus.titles), "countries": len(countries), "organizations": len(organizations)}


def main() -> None:
    args = stage_args(__doc__, "docs", "documents", "sections", "entities", "errors", "countries", "organizations",
                      "metrics", "plots", "out", code=False)
    build(args)


if __name__ == "__main__":
    main()
