"""TimeML (TempEval-3 TimeBank and AQUAINT) to polex's DATE gold.

A TimeML file gives a news text, its creation time (the DCT) and TIMEX3
elements. `read_timeml` returns the text with the markup removed and each
TIMEX3's character span in it; `to_norm` converts a TIMEX3 DATE value to the
annotation guidelines' norm, or None where the guidelines do not annotate
it (vague references, times of day, values that stay unresolved)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple


class Timex(NamedTuple):
    start: int
    end: int
    type: str
    value: str
    text: str


class TimeMLDoc(NamedTuple):
    doc_id: str
    dct: str
    text: str
    timexes: list[Timex]


# TIMEX3 value shape -> how the guidelines write it (docs/annotation-guidelines.md, DATE).
# example: 1998-W08 stays 1998-W08; 199 (the 1990s) is 199X; 19 (the 1900s) is 19XX
_SAME = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|-W(?:0[1-9]|[1-4]\d|5[0-3])|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?|FY\d{4}")
_DECADE = re.compile(r"(\d{3})X?")
_CENTURY = re.compile(r"(\d{2})(?:XX)?")
# Words the guidelines call vague: not a DATE whatever value TimeML gives them.
VAGUE = {"now", "today", "currently", "recently", "nowadays", "tonight", "at present", "present"}


def to_norm(value: str, text: str = "") -> str | None:
    """The guidelines' norm of a TIMEX3 DATE `value` (with its `text`), or None."""
    if " ".join(text.lower().split()) in VAGUE:
        return None
    if re.fullmatch(r"\d{4}", value) and "fiscal" in text.lower():
        return "FY" + value  # TimeML writes `fiscal 1989` as 1989
    if _SAME.fullmatch(value):
        return value
    if m := _DECADE.fullmatch(value):
        return m.group(1) + "X"
    if m := _CENTURY.fullmatch(value):
        return m.group(1) + "XX"
    return None  # PRESENT_REF, 1998-WXX, 1998-03-04TNI, XXXX-XX-XX, P1Y, ...


def read_timeml(path: Path) -> TimeMLDoc:
    """The TEXT element's plain text, its TIMEX3 spans, and the DCT value."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        raise ValueError(f"{path}: not well-formed TimeML: {err}") from None
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no TEXT element")
    dct = root.find("DCT/TIMEX3")
    parts: list[str] = []
    spans: list[tuple[int, int, ET.Element]] = []

    def walk(element: ET.Element, start: int) -> int:
        """Append the element's text; return the offset where it ends."""
        parts.append(element.text or "")
        end = start + len(parts[-1])
        for child in element:
            end = walk(child, end)
            parts.append(child.tail or "")
            end += len(parts[-1])
        if element.tag == "TIMEX3":
            spans.append((start, end, element))
        return end

    walk(body, 0)
    text = "".join(parts)
    timexes = [Timex(s, e, t.get("type", ""), t.get("value", ""), text[s:e]) for s, e, t in sorted(spans, key=lambda x: x[0])]
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    return TimeMLDoc(doc_id, dct.get("value", "") if dct is not None else "", text, timexes)


def gold_dates(doc: TimeMLDoc) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """(start, end, norm) of the TIMEX3 DATEs the guidelines annotate, and the
    spans of every other TIMEX3 DATE (not scored either way)."""
    kept, ignored = [], []
    for t in doc.timexes:
        if t.type != "DATE":
            continue
        norm = to_norm(t.value, t.text)
        if norm:
            kept.append((t.start, t.end, norm))
        else:
            ignored.append((t.start, t.end))
    return kept, ignored
