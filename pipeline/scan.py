"""Rule regexes tried only where a match can begin.

A rule pattern starts with look-behinds (`(?<![\\w$])`), and Python's `re`
then tries the whole pattern at every character of the text: a text costs
each rule its full length. `finditer` here lets `re` skip ahead with the
pattern's body alone (`body_of`), or jumps between the characters a match can
start with (`first_chars`, read from the pattern), and tries the rule only
there. Its matches are exactly those of `regex.finditer`."""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import Iterator

from re import _constants as sre  # noqa: PLC2701  (the parsed pattern's opcodes)
from re import _compiler as sre_compile  # noqa: PLC2701  (the info block's prefix tests)
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
        else:  # any character, a back-reference, a conditional, an atomic group (no rule has one)
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


@lru_cache(maxsize=None)
def body_of(regex: re.Pattern) -> re.Pattern | None:
    """`regex` without its leading look-arounds, where `re` can then skip
    ahead to where it may match itself (it starts with a literal or a class of
    characters, such as month names do); None where it cannot."""
    if regex.flags & (re.IGNORECASE | re.LOCALE):
        return None
    parsed = sre_parse.parse(regex.pattern, regex.flags)
    while parsed.data and parsed.data[0][0] in _ZERO_WIDTH:
        del parsed.data[0]
    if parsed.getwidth()[0] == 0:
        return None
    if not (sre_compile._get_literal_prefix(parsed, regex.flags)[0] or sre_compile._get_charset_prefix(parsed, regex.flags)):
        return None
    return sre_compile.compile(parsed, regex.flags)


# A set of more alternatives than this (month names, country names) is nearly
# always present in a document, and testing it costs more than the rule's scan.
MAX_ALTERNATIVES = 12
Needs = tuple[frozenset[str], ...]  # each set: strings one of which every match holds


def _needs(seq) -> list[frozenset[str]]:
    """The string sets every match of the parsed `seq` holds one of each of
    (or the text around it, for a look-around): its runs of literal characters,
    and what its groups, branches, required repeats and look-arounds need."""
    needs, run = [], []
    for op, av in list(seq) + [(None, None)]:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            needs.append(frozenset(["".join(run)]))
            run = []
        if op is sre.SUBPATTERN:
            if not av[1] & (re.IGNORECASE | re.LOCALE):
                needs += _needs(av[3])
        elif op is sre.BRANCH:
            needs += _branch_needs(av[1])
        elif op in _REPEATS and av[0] >= 1:
            needs += _needs(av[2])
        elif op is sre.ASSERT:  # what a look-ahead or look-behind asks for is in the text too, beside the match
            needs += _needs(av[1])
    return needs


def _branch_needs(alternatives) -> list[frozenset[str]]:
    """One set for a branch: each alternative's most telling need, together;
    none where an alternative needs nothing."""
    chosen: set[str] = set()
    for alternative in alternatives:
        options = _needs(alternative)
        if not options:
            return []
        chosen |= max(options, key=lambda strings: (min(map(len, strings)), -len(strings)))
    # `Jan` present covers `January`: keep only the shortest of strings that hold one another
    return [frozenset(s for s in chosen if not any(o != s and o in s for o in chosen))]


@lru_cache(maxsize=None)
def needs_of(regex: re.Pattern) -> Needs:
    """What any match of `regex` holds: sets of strings, one of each set, with
    at most MAX_ALTERNATIVES strings a set (no sets for a pattern that ignores case)."""
    if regex.flags & (re.IGNORECASE | re.LOCALE):
        return ()
    return tuple(sorted({n for n in _needs(sre_parse.parse(regex.pattern, regex.flags)) if len(n) <= MAX_ALTERNATIVES},
                        key=len))


_present: tuple[str, dict[str, bool]] = ("", {})  # the last text scanned and which strings it holds


def may_match(regex: re.Pattern, text: str) -> bool:
    """False where `text` lacks all strings of one of the sets `regex` needs:
    then it has no match. Tests of one text are kept while it is scanned."""
    global _present
    present = _present  # one read: a worker's other thread may swap in its own text meanwhile
    if present[0] is not text:
        present = _present = (text, {})
    held = present[1]
    for strings in needs_of(regex):
        for s in strings:
            if s not in held:
                held[s] = s in text
            if held[s]:
                break
        else:
            return False
    return True


def prepare(regexes) -> None:
    """Read each regex's body, gate and needs now, when its rules load: a worker
    process then pays for parsing the patterns (a long alternation of names
    takes a tenth of a second) before its first document, not during it."""
    for regex in regexes:
        needs_of(regex)
        if body_of(regex) is None:
            first_chars(regex)


def finditer(regex: re.Pattern, text: str, pos: int = 0, endpos: int = sys.maxsize, *,
             costly: bool = False) -> Iterator[re.Match]:
    """The matches of `regex.finditer(text, pos, endpos)`, trying `regex` only where its
    body without look-behinds matches (`body_of`), else only at the characters
    it can start with (`first_chars`). `match` at a position sees the text
    before it, so look-behinds judge as they would in `finditer`. A gate that
    lets lower-case letters or word characters through is used only for a
    `costly` regex (a long alternation of names). Over a whole text, a regex
    whose needs (`needs_of`) the text lacks is not tried at all."""
    if pos == 0 and endpos >= len(text) and not may_match(regex, text):
        return iter(())
    body = body_of(regex)
    if body is not None:
        return _tried_at(body.search, regex, text, pos, endpos)
    gate = first_chars(regex)
    if gate is None or not (costly or _RARE.fullmatch(gate.pattern)):
        return regex.finditer(text, pos, endpos)
    return _tried_at(gate.search, regex, text, pos, endpos)


def _tried_at(search, regex: re.Pattern, text: str, pos: int, endpos: int) -> Iterator[re.Match]:
    match = regex.match
    while (at := search(text, pos, endpos)) is not None:
        m = match(text, at.start(), endpos)
        if m is None:
            pos = at.start() + 1
        else:
            yield m
            pos = m.end()  # never empty: bodies and gates are only made for patterns that consume


def opens_with(template: str, slot: str) -> bool:
    """Whether every match of `template` (a pattern with `slot` to fill with
    an escaped word) starts with the word: all before the slot matches only
    the empty string (look-behinds). Then from_literal may find it."""
    if slot not in template:
        return False
    try:
        return sre_parse.parse(template.split(slot)[0]).getwidth() == (0, 0)
    except re.error:  # the slot inside a group: `(?:the\s+{acronym})`
        return False


def from_literal(literal: str, regex: re.Pattern, text: str) -> Iterator[re.Match]:
    """The matches of `regex.finditer(text)`, for a regex built at run time
    around a word (`(?<!\\w)SURS\\s+units`) every match of which starts with
    `literal`: its look-behinds keep `re` from skipping ahead to the word
    itself, str.find does, and the regex is tried only there. (finditer above
    reads a rule's gates once and keeps them, which suits rules that load once.)"""
    at = text.find(literal)
    while at >= 0:
        m = regex.match(text, at)
        if m is None:
            at = text.find(literal, at + 1)
        else:
            yield m
            at = text.find(literal, max(m.end(), at + 1))
