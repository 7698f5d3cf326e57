"""What the finder components leave on a Doc: proposed entities as character spans."""
from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc

LABELS = ("ORG", "COUNTRY", "DATE", "AMOUNT")


class Candidate(NamedTuple):
    label: str
    start: int
    end: int
    norm: str
    source: str  # which finder proposed it; resolve.py ranks by it


# Candidates travel between processes as plain lists (spaCy's n_process>1).
def candidates_of(doc: Doc) -> list[Candidate]:
    return [Candidate(*c) for c in (doc._.candidates or [])]


if not Doc.has_extension("candidates"):
    Doc.set_extension("candidates", default=None)
if not Doc.has_extension("anchor"):
    # The document date ("2001-10", "2015-03-03" or ""), against which relative dates resolve.
    Doc.set_extension("anchor", default="")


def add(doc: Doc, found: list[Candidate]) -> None:
    if doc._.candidates is None:
        doc._.candidates = []
    doc._.candidates.extend(found)


def inside_word(text: str, start: int, end: int | None = None) -> bool:
    """True where the span is part of a single token: the tail of a hyphenated
    word with a lower-case head (`ASEAN` in `e-ASEAN`, `non-ODA`), or a piece
    of a slash-joined code (`DAC` in `DCD/DAC(2004)12`). Nothing is annotated
    inside a single token; `Japan-China` is two names."""
    if start > 1 and text[start - 1] == "/" and text[start - 2].isalnum():
        return True
    if end is not None and end + 1 < len(text) and text[end] == "/" and text[end + 1].isalnum():
        return True
    i = start
    while i > 0 and text[i - 1] == "-":
        j = i - 1
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "+.&"):
            j -= 1
        if j == i - 1:
            return False
        if text[j].islower():
            return True
        i = j
    return False


_SMALL_WORDS = {"OF", "THE", "AND", "FOR", "ON", "IN", "TO", "DE", "DU", "DES", "AT", "BY"}
_CAPS_RUN = re.compile(r"(?<![\w'’])(?:[A-Z][A-Z'’]{3,}|OF|THE|AND)(?:[ \t]+(?:[A-Z][A-Z'’]{3,}|OF|THE|AND))*(?![\w'’])")


def titled_caps_lines(text: str) -> str | None:
    """The text with its words in capitals (headings such as `28 FEBRUARY 2011`,
    `ADDIS ABABA, ETHIOPIA`) in title case, same length, so case-sensitive rules
    find their names; None when there are none."""
    runs = [m for m in _CAPS_RUN.finditer(text) if re.search(r"[A-Z]{4}", m.group())]
    if not runs:
        return None
    chars = list(text)
    for m in runs:
        titled = re.sub(r"[A-Z][A-Z'’]*", lambda w: w.group().lower() if w.start() and w.group() in _SMALL_WORDS
                        else w.group().capitalize(), m.group())
        if len(titled) == len(m.group()):
            chars[m.start():m.end()] = titled
    return "".join(chars)
