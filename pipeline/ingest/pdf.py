"""PDF via pdfminer.six: text boxes in reading order, lines re-flowed into
paragraphs, running headers, footers and page numbers dropped, page offsets
and large-font headings kept as hints for the segment stage."""
from __future__ import annotations

import io
import re
from collections import Counter
from statistics import median

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSEOF, PSException

from pipeline.ingest.errors import DocumentError
from pipeline.ingest.text import clean

MAX_RUNNING_CHARS = 160
MARGIN = 0.1  # the outer tenth of a page, where running heads and margin notes sit
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$", re.I)


def _line_size(line: LTTextLine) -> tuple[float, bool]:
    chars = [c for c in line if isinstance(c, LTChar)]
    if not chars:
        return 0.0, False
    bold = sum("bold" in c.fontname.lower() for c in chars) > len(chars) / 2
    return median(c.size for c in chars), bold


def _reflow(lines: list[str]) -> str:
    """Join a box's lines into one paragraph: a hyphen that splits a word at a
    line end goes, a real hyphen (`high-` + `Tech`, `co-` + digit) stays."""
    out = ""
    for line in (l.strip() for l in lines):
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[a-z]-$", out) and line[:1].islower():
            out = out[:-1] + line
        elif out.endswith(("-", "–", "/")):
            out += line
        else:
            out += " " + line
    return out


def _boxes(layout) -> list[dict]:
    boxes = []
    margin_x, margin_y = layout.width * MARGIN, layout.height * MARGIN
    for element in layout:
        if not isinstance(element, LTTextBox):
            continue
        lines = [l for l in element if isinstance(l, LTTextLine)]
        sizes = [_line_size(l) for l in lines]
        text = _reflow([l.get_text() for l in lines])
        if text:
            size = max((s for s, _ in sizes), default=0.0)
            bold = bool(sizes) and all(b for _, b in sizes)
            in_margin = (element.y0 > layout.height - margin_y or element.y1 < margin_y
                         or element.x1 < margin_x or element.x0 > layout.width - margin_x)
            boxes.append({"text": text, "size": size, "bold": bold, "margin": in_margin})
    return boxes


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def read_pdf(data: bytes) -> dict:
    try:
        pages = [_boxes(layout) for layout in extract_pages(io.BytesIO(data), laparams=LAParams())]
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise DocumentError(f"encrypted PDF that cannot be opened ({type(err).__name__})", "ask for an unprotected copy or remove the password") from None
    except (PDFSyntaxError, PSEOF, PSException, ValueError, KeyError, TypeError, AssertionError) as err:
        raise DocumentError(f"truncated or corrupt PDF ({type(err).__name__}: {err})", "download the file again or re-save it as PDF") from None
    if not any(pages):
        raise DocumentError("PDF has no text layer (a scan)", "run OCR on it first, e.g. ocrmypdf in.pdf out.pdf")
    # Running headers, footers and margin text: the same short text near the
    # page's edge on many pages (digits aside: page numbers and dates change).
    edges = Counter()
    for boxes in pages:
        edges.update({_signature(b["text"]) for b in boxes if b["margin"] and len(b["text"]) <= MAX_RUNNING_CHARS})
    repeat = max(3, len(pages) // 2)
    sizes = [b["size"] for boxes in pages for b in boxes if b["size"]]
    body_size = median(sizes) if sizes else 0.0
    text, page_starts, headings = "", [], []
    for boxes in pages:
        page_starts.append(len(text) + (1 if text else 0))
        for box in boxes:
            sig = _signature(box["text"])
            if _PAGE_NUMBER.match(box["text"].strip()) or (len(pages) >= 3 and edges[sig] >= repeat):
                continue
            paragraph = clean(box["text"])
            if text and paragraph[:1].islower() and re.search(r"[a-z]-$", text):
                text = text[:-1] + paragraph  # a word split across a column or page break
                continue
            if text and paragraph[:1].islower() and text[-1:].isalpha() or text[-1:] == ",":
                text += " " + paragraph  # a sentence that goes on in the next column
                continue
            if text:
                text += "\n"
            start = len(text)
            text += paragraph
            short = len(paragraph) < 150 and not paragraph.rstrip().endswith(".")
            if short and body_size and (box["size"] >= body_size * 1.15 or box["bold"]):
                headings.append({"start": start, "end": len(text), "size": round(box["size"], 1)})
    if not text.strip():
        raise DocumentError("PDF has no text layer (a scan)", "run OCR on it first, e.g. ocrmypdf in.pdf out.pdf")
    # Three or more headings in a row at one size are a table's header row, not sections.
    kept, i = [], 0
    while i < len(headings):
        j = i
        while j + 1 < len(headings) and headings[j + 1]["size"] == headings[i]["size"] \
                and text.count("\n", headings[j]["end"], headings[j + 1]["start"]) <= 1:
            j += 1
        if j - i + 1 < 3:
            kept += headings[i:j + 1]
        i = j + 1
    headings = kept
    # Heading level: bigger fonts are higher levels.
    ranks = {size: level for level, size in enumerate(sorted({h["size"] for h in headings}, reverse=True), 1)}
    for h in headings:
        h["level"] = ranks[h.pop("size")]
    first_page_end = page_starts[1] if len(page_starts) > 1 else len(text)
    title = next((text[h["start"]:h["end"]] for h in headings if h["level"] == 1 and h["start"] < first_page_end), "")
    return {"text": text, "title": " ".join(title.split()), "date": "", "headings": headings, "pages": page_starts}
