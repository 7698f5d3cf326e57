"""NewsReader MEANTIME (English Wikinews, CAT XML) as TimeMLDocs for the dates benchmark.

A CAT file holds tokens (`<token t_id sentence>`) and, under `Markables`,
TIMEX3 elements that point at their tokens by `token_anchor`. `read_meantime`
joins the tokens into text as news prints them (no space before `,` or `'s`,
none after `(` or `$`; one line per sentence), and turns each anchored TIMEX3
into a character span of that text. MEANTIME annotates only the title, the
dateline and the first sentences of each article (sentences 0-5, or up to the
last one holding a markable), so the text ends there: what follows was never
annotated and would only add spurious DATEs. The TIMEX3 with functionInDocument
CREATION_TIME gives the document date; it is also the article's dateline,
so it is scored like any other DATE."""
from __future__ import annotations

import re
from pathlib import Path

from benchmarks.timeml import TimeMLDoc, Timex, parse_xml

# example: `Boeing 's` -> `Boeing's`; `( EADS )` -> `(EADS)`; `US$ 40` -> `US$40`
_NO_SPACE_BEFORE = re.compile(r"[,.;:!?)\]%}]|'s|'S|n't|''|'")
_NO_SPACE_AFTER = re.compile(r"[(\[{$£€]|US\$|``")
_QUOTES = {"``": '"', "''": '"'}
# A creation time is a day in ISO form; one written otherwise (`03-02-2009`) counts as none.
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
ANNOTATED_SENTENCES = 6  # the title, the dateline and four more (MEANTIME's annotated part)


def read_meantime(path: Path) -> TimeMLDoc:
    """The article's text, its TIMEX3 spans and its creation date ("" where it has none or not as an ISO day)."""
    path = Path(path)
    root = parse_xml(path, "CAT XML")
    tokens = root.findall("token")
    if not tokens:
        raise ValueError(f"{path}: no tokens")
    sentence_of = {t.get("t_id"): int(t.get("sentence", 0)) for t in tokens}
    anchored = [sentence_of.get(a.get("t_id"), 0) for a in root.iter("token_anchor")]
    last = max([ANNOTATED_SENTENCES - 1, *anchored])
    tokens = [t for t in tokens if sentence_of[t.get("t_id")] <= last]
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentence, previous, length = tokens[0].get("sentence"), "", 0
    for token in tokens:
        word = token.text or ""
        if parts:
            if token.get("sentence") != sentence:
                gap = "\n"
            elif _NO_SPACE_BEFORE.fullmatch(word) or _NO_SPACE_AFTER.fullmatch(previous):
                gap = ""
            else:
                gap = " "
            parts.append(gap)
            length += len(gap)
        shown = _QUOTES.get(word, word)
        offsets[token.get("t_id")] = (length, length + len(shown))
        parts.append(shown)
        length += len(shown)
        sentence, previous = token.get("sentence"), word
    text = "".join(parts)
    timexes, dct = [], ""
    for element in root.iter("TIMEX3"):
        spans = [offsets[a.get("t_id")] for a in element.findall("token_anchor") if a.get("t_id") in offsets]
        if element.get("functionInDocument") == "CREATION_TIME" and _ISO_DAY.fullmatch(element.get("value", "")):
            dct = element.get("value")
        if spans:
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            timexes.append(Timex(start, end, element.get("type", ""), element.get("value", ""), text[start:end]))
    timexes.sort(key=lambda t: t.start)
    return TimeMLDoc(root.get("doc_id") or path.stem, dct, text, timexes)
