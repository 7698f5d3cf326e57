"""White space that layout put inside sentences, read as the word space it
stands for. PDF and web text carries no-break spaces, tabs between the words
of a justified line (`The\tAfrican\tDevelopment\tBank`), tabs before the line
end of a line that goes on (`U.S.\tNational\t\nAcademy`) and, in double-spaced
text, a blank line after every wrapped line (`China-Africa\n\nDevelopment
Fund`). The finders and spaCy read `spaced(text)`: the same text, character
for character the same length, with that white space made spaces, so a name
wrapped that way is one run of words and every offset is the document's own.
A paragraph break, a column gap (a tab beside another space, or a number's
`$135\tmillion`) and a line that ends its sentence stay as they are."""
from __future__ import annotations

import re

from pipeline import scan

NO_BREAK_SPACES = re.compile("[\u00a0\u2007\u202f]")
# `African\tDevelopment`, `work,\tthe`, `Zealand\t–\tMinistry`: one tab between two words of a line
WORD_TAB = re.compile(r"(?<=[^\s\d])\t(?=[^\s\d])")
# `National\t\nAcademy`: a tab before the line break of a line that goes on
TAB_WRAP = re.compile(r"(?<=\w)\t\n(?=[ \t]*\w)")
# `China-Africa\n\nDevelopment`: a wrapped line, a blank line, the line that goes on
BLANK_WRAP = re.compile(r"(?<=[\w,;])\n[ \t]*\n(?=[ \t]*[\w(])")
SINGLE_BREAK = re.compile(r"\S[ \t]*\n[ \t]*\S")
DOUBLE_BREAK = re.compile(r"\S[ \t]*\n[ \t]*\n[ \t]*\S")
# A text is double-spaced where blank lines part far more of its lines than single breaks do.
DOUBLE_SPACED_SHARE = 5
MIN_DOUBLE_BREAKS = 20
MIN_WRAPPED_LINE = 40  # characters: a shorter line is a heading or a list item, not a wrapped line
WRAPPED_SHARE = 0.75  # of the wrap width


def wrap_width(text: str) -> int:
    """The width a hard-wrapped text is wrapped at (its long lines' length)."""
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Where the line holding `pos` starts and ends (before its line break)."""
    line_end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if line_end < 0 else line_end


def long_line(text: str, pos: int, width: int) -> bool:
    """Whether the line holding `pos` is near the wrap width."""
    line_start, line_end = line_bounds(text, pos)
    return line_end - line_start >= max(MIN_WRAPPED_LINE, WRAPPED_SHARE * width)


def wrapped_line(text: str, pos: int, width: int) -> bool:
    """Whether the line holding `pos` (just after its last word) breaks inside a
    sentence: near the wrap width, no final punctuation, and no column gap (a
    table's row is no wrapped line)."""
    line_start, line_end = line_bounds(text, pos)
    return line_end - line_start >= max(MIN_WRAPPED_LINE, WRAPPED_SHARE * width) and text[pos - 1].isalnum() \
        and line_end - pos <= 1 and "   " not in text[line_start:line_end].strip()


def double_spaced(text: str) -> bool:
    doubles = len(DOUBLE_BREAK.findall(text))
    return doubles >= MIN_DOUBLE_BREAKS and doubles >= DOUBLE_SPACED_SHARE * len(SINGLE_BREAK.findall(text))


def spaced(text: str) -> str:
    """`text` with layout white space inside sentences made spaces, same length."""
    chars = list(NO_BREAK_SPACES.sub(" ", text))
    for m in scan.finditer(WORD_TAB, text):  # a text without tabs or blank lines is not scanned
        chars[m.start()] = " "
    for m in scan.finditer(TAB_WRAP, text):
        chars[m.start():m.end()] = "  "
    if double_spaced(text):
        width = wrap_width(text)
        for m in scan.finditer(BLANK_WRAP, text):
            if long_line(text, m.start(), width):
                chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)
