"""The same gold documents as text, HTML and PDF: does the format change the
scores? Renders each `corpus/raw/*.txt` that has gold as a web page and as a
paginated PDF (running header, page numbers), ingests and extracts each, and
scores against the gold moved onto the new text by matching each mention's
words in order. Prints micro strict and value F1 per format; writes
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
from pipeline.extract import Settings, build_nlp, extract_documents  # noqa: E402
from pipeline.extract.__main__ import settings_from  # noqa: E402
from pipeline.gold import read_gold  # noqa: E402
from pipeline.ingest.html import read_html  # noqa: E402
from pipeline.ingest.pdf import read_pdf  # noqa: E402
from pipeline.ingest.text import read_plain  # noqa: E402


def to_html(text: str, title: str) -> bytes:
    body = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if line.startswith("- "):
            body.append(f"<ul><li>{html.escape(line[2:])}</li></ul>")
        else:
            body.append(f"<p>{html.escape(line)}</p>")
    page = (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body>"
            "<nav><ul><li>Home</li><li>France</li><li>Japan</li><li>Kenya</li></ul></nav>"
            f"<main>{''.join(body)}</main><footer>Copyright 2024 Ministry</footer></body></html>")
    return page.encode("utf-8")


def to_pdf(text: str, title: str) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    def decorate(canvas, doc):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, letter[1] - 40, title[:80])
        canvas.drawString(letter[0] / 2, 30, str(doc.page))

    style = getSampleStyleSheet()["BodyText"]
    buffer = BytesIO()
    story = [Paragraph(html.escape(line), style) for line in text.split("\n") if line.strip()]
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
    for gold_path in sorted((ROOT / "corpus" / "gold").glob("*.jsonl")):
        doc_id = gold_path.stem
        raw = ROOT / "corpus" / "raw" / f"{doc_id}.txt"
        if not raw.exists():
            continue
        meta = read_json(raw.with_suffix(".meta.json"), {}) or {}
        text = read_plain(raw.read_bytes())["text"]
        gold = read_gold(gold_path, text)
        data = {"text": raw.read_bytes(), "html": to_html(text, meta.get("title", doc_id)), "pdf": to_pdf(text, meta.get("title", doc_id))}
        for fmt, reader in readers.items():
            ingested = reader(data[fmt])["text"]
            moved, missing = (gold, 0) if fmt == "text" else move_gold(gold, ingested)
            lost[fmt] += missing
            [(_, entities)] = extract_documents(nlp, [(doc_id, ingested, meta.get("date", ""))], settings)
            gold_all[fmt] += [{"doc_id": doc_id, **g} for g in moved]
            pred_all[fmt] += [{"doc_id": doc_id, "label": e.label, "start": e.start, "end": e.end, "norm": e.norm} for e in entities]
    results = {}
    for fmt in readers:
        micro = score(gold_all[fmt], pred_all[fmt])["micro"]
        results[fmt] = {"strict_f1": micro["strict"]["f1"], "value_f1": micro["value"]["f1"], "gold_not_found": lost[fmt]}
    for fmt in ("html", "pdf"):
        results[fmt]["strict_gap"] = round(results["text"]["strict_f1"] - results[fmt]["strict_f1"], 4)
        results[fmt]["value_gap"] = round(results["text"]["value_f1"] - results[fmt]["value_f1"], 4)
    from rich.console import Console
    from rich.table import Table

    table = Table(title="The same documents as text, HTML and PDF (micro F1; target: gap <= 0.05)")
    for column in ("format", "strict", "value", "strict gap", "value gap", "gold mentions not found"):
        table.add_column(column)
    for fmt, r in results.items():
        table.add_row(fmt, f"{r['strict_f1']:.3f}", f"{r['value_f1']:.3f}", f"{r.get('strict_gap', 0):.3f}",
                      f"{r.get('value_gap', 0):.3f}", str(r["gold_not_found"]))
    Console().print(table)
    out = ROOT / "outputs" / "formats.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
