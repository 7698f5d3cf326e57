"""The same gold documents as text, HTML and PDF: does the format change the
scores? Renders each `corpus/raw/*.txt` that has gold as a web page and as a
paginated PDF (running header, page numbers), ingests and extracts each, and
scores against the gold moved onto the new text by matching each mention's
words in order. A text's own tables (space-aligned columns) become `<table>`s
in the page and ruled tables in the PDF, and each format's reader finds its
tables again, so the amounts' table units are measured too; the documents
with tables are scored apart as well. Prints micro strict and value F1 per format; writes
outputs/formats.json. Run with `make bench`."""
from __future__ import annotations

import html
import json
import re
import sys
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.cache import read_json  # noqa: E402
from pipeline.config import load_params  # noqa: E402
from pipeline.evaluate import score  # noqa: E402
from pipeline.extract.amounts import AmountRules  # noqa: E402
from pipeline.extract.cells import UnitRules, apply_tables  # noqa: E402
from pipeline.extract import Settings, build_nlp, extract_documents  # noqa: E402
from pipeline.extract.__main__ import settings_from  # noqa: E402
from pipeline.gold import read_gold  # noqa: E402
from pipeline.ingest.columns import text_tables  # noqa: E402
from pipeline.ingest.html import read_html  # noqa: E402
from pipeline.ingest.pdf import read_pdf  # noqa: E402
from pipeline.ingest.text import read_plain  # noqa: E402


def _pieces(text: str, tables: list[dict]) -> list[tuple[str, object]]:
    """The text's non-blank lines, each ("line", text), and its tables in
    their place, each ("table", rows): header rows first, a row a list of
    (cell text, is header), empty cells where a row has no cell in a column."""
    regions = {}
    for table in tables:
        first = text.count("\n", 0, min(c["start"] for c in table["cells"]))
        last = text.count("\n", 0, max(c["end"] for c in table["cells"]))
        rows: dict[int, dict[int, tuple[str, bool]]] = {}
        for c in table["cells"]:
            rows.setdefault(c["row"], {})[c["column"]] = (text[c["start"]:c["end"]], c["header"])
        grid = [[rows[r].get(k, ("", rows[r][min(rows[r])][1])) for k in range(table["columns"])] for r in sorted(rows)]
        regions[first] = (last, grid)
    pieces, skip_to = [], -1
    for number, line in enumerate(text.split("\n")):
        if number in regions:
            skip_to, grid = regions[number]
            pieces.append(("table", grid))
        elif number > skip_to and line.strip():
            pieces.append(("line", line))
    return pieces


def to_html(text: str, title: str, tables: list[dict] = ()) -> bytes:
    """A web page of the text: a line a paragraph, `- ` lines a list, and
    `tables` (the text's own, from ingest.columns) as `<table>`s."""
    body = []
    for kind, piece in _pieces(text, list(tables)):
        if kind == "table":
            rows = "".join("<tr>" + "".join(f"<{'th' if head else 'td'}>{html.escape(cell)}</{'th' if head else 'td'}>"
                                            for cell, head in row) + "</tr>" for row in piece)
            body.append(f"<table>{rows}</table>")
        elif piece.startswith("- "):
            body.append(f"<ul><li>{html.escape(piece[2:])}</li></ul>")
        else:
            body.append(f"<p>{html.escape(piece)}</p>")
    page = (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body>"
            "<nav><ul><li>Home</li><li>France</li><li>Japan</li><li>Kenya</li></ul></nav>"
            f"<main>{''.join(body)}</main><footer>Copyright 2024 Ministry</footer></body></html>")
    return page.encode("utf-8")


def to_pdf(text: str, title: str, tables: list[dict] = ()) -> bytes:
    """A paginated PDF of the text (running header, page numbers), `tables` as ruled tables."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    def decorate(canvas, doc):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, letter[1] - 40, title[:80])
        canvas.drawString(letter[0] / 2, 30, str(doc.page))

    style = getSampleStyleSheet()["BodyText"]
    buffer = BytesIO()
    story = [Table([[cell for cell, _ in row] for row in piece], style=[("GRID", (0, 0), (-1, -1), 0.5, "grey")])
             if kind == "table" else Paragraph(html.escape(piece), style) for kind, piece in _pieces(text, list(tables))]
    SimpleDocTemplate(buffer, pagesize=letter).build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def move_gold(gold: list[dict], text: str) -> tuple[list[dict], int]:
    """Gold on a re-rendered text: each mention's words, in order, white space free."""
    moved, pos, lost = [], 0, 0
    for g in gold:
        pattern = r"\s*".join(re.escape(ch) for ch in "".join(g["text"].split()))
        m = re.compile(pattern).search(text, pos)
        if m is None:
            lost += 1
            continue
        moved.append({**g, "start": m.start(), "end": m.end(), "text": m.group()})
        pos = m.end()
    return moved, lost


def main() -> None:
    params = load_params(ROOT / "params.yaml")
    settings = settings_from(params, ROOT / "models")
    nlp = build_nlp(settings.model, settings.models_dir)
    readers = {"text": read_plain, "html": read_html, "pdf": read_pdf}
    gold_all = {fmt: [] for fmt in readers}
    pred_all = {fmt: [] for fmt in readers}
    lost = {fmt: 0 for fmt in readers}
    in_tables = {fmt: [] for fmt in readers}  # documents whose text has tables: (id, tables the format's reader found)
    amount_rules, unit_rules = AmountRules(ROOT / "models" / "amounts"), UnitRules(ROOT / "models" / "amounts")
    for gold_path in sorted((ROOT / "corpus" / "gold").glob("*.jsonl")):
        doc_id = gold_path.stem
        raw = ROOT / "corpus" / "raw" / f"{doc_id}.txt"
        if not raw.exists():
            continue
        meta = read_json(raw.with_suffix(".meta.json"), {}) or {}
        text = read_plain(raw.read_bytes())["text"]
        gold = read_gold(gold_path, text)
        tables = text_tables(text)
        title = meta.get("title", doc_id)
        data = {"text": raw.read_bytes(), "html": to_html(text, title, tables), "pdf": to_pdf(text, title, tables)}
        for fmt, reader in readers.items():
            read = reader(data[fmt])
            ingested = read["text"]
            moved, missing = (gold, 0) if fmt == "text" else move_gold(gold, ingested)
            lost[fmt] += missing
            [(_, entities)] = extract_documents(nlp, [(doc_id, ingested, meta.get("date", ""))], settings)
            found = read.get("tables") or (text_tables(ingested) if fmt == "text" else [])
            entities = [e for e, _ in apply_tables(ingested, entities, found, amount_rules, unit_rules)]
            gold_all[fmt] += [{"doc_id": doc_id, **g} for g in moved]
            pred_all[fmt] += [{"doc_id": doc_id, "label": e.label, "start": e.start, "end": e.end, "norm": e.norm} for e in entities]
            if tables:
                in_tables[fmt].append((doc_id, len(found)))
    results = {}
    for fmt in readers:
        micro = score(gold_all[fmt], pred_all[fmt])["micro"]
        results[fmt] = {"strict_f1": micro["strict"]["f1"], "value_f1": micro["value"]["f1"], "gold_not_found": lost[fmt],
                        "tables_found": sum(n for _, n in in_tables[fmt])}
        with_tables = {doc_id for doc_id, _ in in_tables[fmt]}
        tabled = score([g for g in gold_all[fmt] if g["doc_id"] in with_tables],
                       [p for p in pred_all[fmt] if p["doc_id"] in with_tables])["micro"]
        results[fmt]["table_documents"] = {"documents": len(with_tables), "strict_f1": tabled["strict"]["f1"],
                                           "value_f1": tabled["value"]["f1"]}
    for fmt in ("html", "pdf"):
        for part in (results[fmt], results[fmt]["table_documents"]):
            base = results["text"] if part is results[fmt] else results["text"]["table_documents"]
            part["strict_gap"] = round(base["strict_f1"] - part["strict_f1"], 4)
            part["value_gap"] = round(base["value_f1"] - part["value_f1"], 4)
    from rich.console import Console
    from rich.table import Table

    table = Table(title="The same documents as text, HTML and PDF, their tables as tables (micro F1; target: gap <= 0.02)")
    for column in ("format", "documents", "strict", "value", "strict gap", "value gap", "gold not found", "tables found"):
        table.add_column(column)
    for fmt, r in results.items():
        t = r["table_documents"]
        table.add_row(fmt, "all", f"{r['strict_f1']:.3f}", f"{r['value_f1']:.3f}", f"{r.get('strict_gap', 0):.3f}",
                      f"{r.get('value_gap', 0):.3f}", str(r["gold_not_found"]), str(r["tables_found"]))
        table.add_row("", f"{t['documents']} tabled", f"{t['strict_f1']:.3f}", f"{t['value_f1']:.3f}",
                      f"{t.get('strict_gap', 0):.3f}", f"{t.get('value_gap', 0):.3f}", "", "")
    Console().print(table)
    out = ROOT / "outputs" / "formats.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
