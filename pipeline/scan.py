"""Rule regexes tried only where a match can begin.

A rule pattern starts with look-behinds (`(?<![\\w$])`), and Python's `re`
then tries the whole pattern at every character of the text: a text costs
each rule its full length. `finditer` here reads from the pattern itself
which characters a match can start with (`first_chars`), jumps between
those with one character-class scan, and tries the rule only there. Its
matches are exactly those of `regex.finditer`."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from re import _constants as sre  # noqa: PLC2701  (the parsed pattern's opcodes)
from re import _parser as sre_parse  # noqa: PLC2701

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


class Unbounded(Exception):
    """The pattern may start with any character, or match nothing."""


def _char(code: int) -> str:
    return re.escape(chr(code))


def _class_items(items) -> list[str]:
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(_char(av))
        elif op is sre.RANGE:
            out.append(_char(av[0]) + "-" + _char(av[1]))
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:  # NEGATE and the rest
            raise Unbounded
    return out


def _first(seq) -> tuple[list[str], bool]:
    """(class items a match of `seq` can start with, whether it can match nothing)."""
    items: list[str] = []
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # look-arounds consume nothing: the next item starts the match
        if op is sre.LITERAL:
            return items + [_char(av)], False
        if op is sre.IN:
            return items + _class_items(av), False
        if op is sre.SUBPATTERN:
            _, add_flags, _, sub = av
            if add_flags & (re.IGNORECASE | re.LOCALE):
                raise Unbounded
            first, empty = _first(sub)
        elif op is sre.BRANCH:
            first, empty = [], False
            for alternative in av[1]:
                more, alt_empty = _first(alternative)
                first += more
                empty = empty or alt_empty
        elif op in _REPEATS:
            low, _, sub = av
            first, empty = _first(sub)
            empty = empty or low == 0
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            first, empty = _first(av)
        else:  # any character, a back-reference, a conditional
            raise Unbounded
        items += first
        if not empty:
            return items, False
    return items, True


@lru_cache(maxsize=None)
def first_chars(regex: re.Pattern) -> re.Pattern | None:
    """A one-character class matching every character a match of `regex`
    can start with; None where that cannot be told (a pattern that may
    start anywhere or match the empty string, or one ignoring case)."""
    if regex.flags & (re.IGNORECASE | re.LOCALE | re.VERBOSE):
        return None
    try:
        items, empty = _first(sre_parse.parse(regex.pattern, regex.flags))
    except Unbounded:
        return None
    if empty or not items:
        return None
    return re.compile("[" + "".join(sorted(set(items))) + "]")


# Trying a rule at one gate position from Python costs about as much as `re`
# trying a short rule at forty characters itself (measured on the benchmark
# corpus), so a gate pays where its characters are rare in running text: one
# without lower-case letters or broad classes (`\w`, `\S`), digits allowed.
_RARE = re.compile(r"\[(?:[^a-z\\]|\\d|\\[^a-zA-Z])*\]")


def finditer(regex: re.Pattern, text: str, *, costly: bool = False) -> Iterator[re.Match]:
    """The matches of `regex.finditer(text)`, trying `regex` only at the
    characters it can start with. `match` at a position sees the text before
    it, so look-behinds judge as they would in `finditer`. A gate that lets
    lower-case letters or word characters through is used only for a `costly`
    regex (a long alternation of names)."""
    gate = first_chars(regex)
    if gate is None or not (costly or _RARE.fullmatch(gate.pattern)):
        yield from regex.finditer(text)
        return
    pos, search, match = 0, gate.search, regex.match
    while (at := search(text, pos)) is not None:
        m = match(text, at.start())
        if m is None:
            pos = at.start() + 1
        else:
            yield m
            pos = m.end()  # never empty: the gate is only built for patterns that consume
