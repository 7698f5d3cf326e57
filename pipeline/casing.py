"""Letter case of running text, for rules that read names by their capitals."""
from __future__ import annotations

import re

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
