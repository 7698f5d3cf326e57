"""What the finder components leave on a Doc: proposed entities as character spans."""
from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc

from pipeline.casing import titled_caps_lines  # noqa: F401  (countries.py imports it from here)

LABELS = ("ORG", "COUNTRY", "DATE", "AMOUNT")
# Sources that guess a name (by its shape, by the NER); a definition and its linked uses are the
# document's own word, and a well-known name stands, so filters that doubt a name leave those alone.
GUESSED = frozenset({"ner", "shape"})


class Candidate(NamedTuple):
    label: str
    start: int
    end: int
    norm: str
    source: str  # which finder proposed it; resolve.py ranks by it


def text_of(doc: Doc) -> str:
    """The Doc's text, joined once: `Doc.text` joins every token again each
    time it is read, and each finder component reads it."""
    text = doc.user_data.get("polex_text")
    if text is None:
        text = doc.user_data["polex_text"] = doc.text
    return text


# Candidates travel between processes as plain lists (spaCy's n_process>1).
def candidates_of(doc: Doc) -> list[Candidate]:
    return [Candidate(*c) for c in (doc._.candidates or [])]


if not Doc.has_extension("candidates"):
    Doc.set_extension("candidates", default=None)
if not Doc.has_extension("issuer"):
    # The country that issued the document (ISO alpha-3, "" unknown): its fiscal year is the one a text means.
    Doc.set_extension("issuer", default="")
if not Doc.has_extension("anchor"):
    # The document date ("2001-10", "2015-03-03" or ""), against which relative dates resolve.
    Doc.set_extension("anchor", default="")


def add(doc: Doc, found: list[Candidate]) -> None:
    if doc._.candidates is None:
        doc._.candidates = []
    doc._.candidates.extend(found)


def code_token(text: str, start: int, end: int) -> bool:
    """Whether the slash-joined token around `start:end` is a code: it holds a digit,
    a bracket or a second slash (`DCD/DAC(2004)12`, `PSC/PR/COMM.(CCLXI)`), unlike
    two names (`OAS/CICAD`, `FAO/WFP`)."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    token = text[start:end]
    return token.count("/") > 1 or any(c.isdigit() or c in "()" for c in token)


def inside_word(text: str, start: int, end: int | None = None) -> bool:
    """True where the span is part of a single token: the tail of a hyphenated
    word with a lower-case head (`ASEAN` in `e-ASEAN`, `non-ODA`), or a piece
    of a slash-joined code (`DAC` in `DCD/DAC(2004)12`; `OAS/CICAD` is two names). Nothing is annotated
    inside a single token; `Japan-China` is two names."""
    slashed = (start > 1 and text[start - 1] == "/" and text[start - 2].isalnum()) or \
        (end is not None and end + 1 < len(text) and text[end] == "/" and text[end + 1].isalnum())
    if slashed:
        return code_token(text, start, end if end is not None else start)
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


def spells_initials(text: str, start: int, code: str) -> bool:
    """Whether the bracketed code at `start` spells the initials of the capitalized words before it, earlier
    brackets passed over: a person's in an attendance list (`Adam Tickell (AT)`, `Sejal Acharya (Cabinet
    Office) (SA)`) or a name's short form (`Governing Council (GC)`), no country."""
    before = text[max(0, start - 200):start - 1].rstrip()
    while before.endswith(")") and "(" in before:
        before = before[:before.rfind("(")].rstrip()
    run = []
    for word in reversed(before.split()[-4:]):
        if not word[:1].isupper():
            break
        run.insert(0, word)
    return len(run) >= 2 and code in (run[-2][0] + run[-1][0], run[0][0] + run[-1][0])
