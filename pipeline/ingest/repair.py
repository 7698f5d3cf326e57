"""Text as PDF producers leave it, repaired: accents set as separate glyphs
(`Ageˆncia`, `Aviac¸a˜o`) composed onto their letters, ligatures (`ﬁ`, `ﬂ`)
spelled out."""
from __future__ import annotations

import re
import unicodedata

# Spacing accents that PDF text layers put beside their letter, and the
# combining mark each stands for.
SPACING_TO_COMBINING = {
    "\u02cb": "\u0300",  # ˋ grave (not the ASCII backquote, a quote mark in text)
    "\u00b4": "\u0301",  # ´ acute
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u00af": "\u0304",  # ¯ macron
    "\u02d8": "\u0306",  # ˘ breve
    "\u02d9": "\u0307",  # ˙ dot above
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02da": "\u030a",  # ˚ ring above
    "\u02dd": "\u030b",  # ˝ double acute
    "\u02c7": "\u030c",  # ˇ caron
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02db": "\u0328",  # ˛ ogonek
}
_SPACING = "[" + "".join(SPACING_TO_COMBINING) + "]"
# An accent right after its letter, or (where that fails) right before it.
_AFTER = re.compile(r"(?<=[A-Za-z])" + _SPACING)
_BEFORE = re.compile("(" + _SPACING + ")([A-Za-z])")
_LIGATURES = re.compile("[\ufb00-\ufb06]")


# Letters an accent is composed onto: vowels, and the consonants that carry
# these marks in Latin-script languages (`´` after `n` is an apostrophe in `don´t`).
CONSONANTS = {"\u00b8": "CcSsTt", "\u02dc": "Nn", "\u02c7": "CcSsZzRrEeDdNn", "\u02db": ""}
VOWELS = "AEIOUYaeiouy"


def _composed(letter: str, accent: str) -> str | None:
    """The single precomposed character, or None when it is not a letter that
    carries that accent."""
    if letter not in VOWELS + CONSONANTS.get(accent, "") or (accent == "\u00b8" and letter in VOWELS):
        return None
    joined = unicodedata.normalize("NFC", letter + SPACING_TO_COMBINING[accent])
    return joined if len(joined) == 1 else None


def compose_accents(text: str) -> str:
    out, last = [], 0
    for m in _AFTER.finditer(text):
        composed = _composed(text[m.start() - 1], m.group())
        if composed is None:
            continue
        out.append(text[last:m.start() - 1] + composed)
        last = m.end()
    text = "".join(out) + text[last:]

    def before(m: re.Match) -> str:
        return _composed(m.group(2), m.group(1)) or m.group()

    text = _BEFORE.sub(before, text)
    return unicodedata.normalize("NFC", text)


def repair(text: str) -> str:
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return compose_accents(text)
