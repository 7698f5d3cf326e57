"""Units of a body named by a lower-case classifier word (`unit_noun` in
models/orgs/words.tsv): `the Economic Affairs division`, `the divisions
Economic Affairs, Financial Stability and the Secretariat General`, `the
Monetary Policy Analysis, ... and Communications units`. The names have no
head word of their own; the classifier says what they are, and stays outside
the span."""
from __future__ import annotations

from pipeline.extract.orgs.runs import Token
from pipeline.extract.orgs.words import TOKEN, OrgWords

INNER = ("and", "&", "of", "for")  # words that may join two capitalized words inside one name


def is_name_word(token: Token, lead: set[str]) -> bool:
    """A capitalized word that is not all capitals (`SURS units` are not named by
    this rule) and does not open a sentence (`The`)."""
    return token.text[0].isupper() and token.text[0].isalpha() and not token.text.isupper() \
        and token.text.lower() not in lead


def name_before(tokens: list[Token], end: int, lead: set[str]) -> int:
    """The index where the name ending just before `tokens[end]` starts (`end` if none)."""
    i = end
    while i > 0 and (is_name_word(tokens[i - 1], lead) or (
            tokens[i - 1].text in INNER and i < end and i > 1 and is_name_word(tokens[i - 2], lead))):
        i -= 1
    return i


def name_after(tokens: list[Token], start: int, lead: set[str]) -> int:
    """The index just past the name starting at `tokens[start]` (`start` if none)."""
    i = start
    while i < len(tokens) and (is_name_word(tokens[i], lead) or (
            tokens[i].text in INNER and i > start and i + 1 < len(tokens) and is_name_word(tokens[i + 1], lead))):
        i += 1
    return i


def separator_before(tokens: list[Token], i: int) -> int | None:
    """Where the list separator (`,`, `, and`, `and the`) ending just before `tokens[i]` starts."""
    j = i
    if j > 0 and tokens[j - 1].text == "the":
        j -= 1
    if j > 0 and tokens[j - 1].text == "and":
        j -= 1
    if j > 0 and tokens[j - 1].text == ",":
        return j - 1
    return j if j < i and tokens[j].text == "and" else None


def separator_after(tokens: list[Token], i: int) -> int | None:
    """Where the item after a list separator starting at `tokens[i]` starts."""
    j = i
    if j < len(tokens) and tokens[j].text == ",":
        j += 1
    if j < len(tokens) and tokens[j].text == "and":
        j += 1
    if j < len(tokens) and tokens[j].text == "the":
        j += 1
    return j if j > i else None


def listed(tokens: list[Token], k: int, plural: bool, lead: set[str]) -> list[tuple[int, int]]:
    """The names (token index ranges) the classifier at `k` applies to."""
    found = []
    end, start = k, name_before(tokens, k, lead)
    while start < end:
        found.append((start, end))
        sep = separator_before(tokens, start) if plural else None
        if sep is None:
            break
        end, start = sep, name_before(tokens, sep, lead)
    at = k + 1
    while plural and at < len(tokens):
        end = name_after(tokens, at, lead)
        if end == at:
            break
        found.append((at, end))
        nxt = separator_after(tokens, end)
        if nxt is None:
            break
        at = nxt
    return found


def unit_spans(words: OrgWords, text: str) -> list[tuple[int, int]]:
    tokens = [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    found = []
    for k, tok in enumerate(tokens):
        if tok.text not in words.unit_nouns:
            continue
        plural = words.singular(tok.text) != tok.text
        for a, b in listed(tokens, k, plural, words.lead):
            names = [t.text for t in tokens[a:b]]
            if not names or words.is_generic(names) or names[0] in words.demonyms \
                    or names[0].lower() in words.qualifiers:
                continue
            found.append((tokens[a].start, tokens[b - 1].end))
    return found
