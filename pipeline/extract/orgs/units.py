"""Names that a lower-case noun says are bodies, though they have no head word
of their own; the noun stays outside the span.
- Units of a body (`unit_noun` in models/orgs/words.tsv): `the Economic Affairs
  division`, `the divisions Economic Affairs, Financial Stability and the
  Secretariat General`, `the Monetary Policy Analysis, ... and Communications units`.
- Examples of a kind of body (`body_noun`): `organizations such as IADB and
  CAF`, `companies including Unilever`, `players like Ayka Textile`, `such U.S.
  suppliers as GE`, `Samsung Electronics, LG Display and
  other companies`; each name so introduced is an ORG wherever the text writes it."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.orgs.words import OrgWords, Token, mentions

INTRODUCERS = (("such", "as"), ("including",), ("like",))  # `organizations such as ...`, `players like ...`
MAX_KIND_WORDS = 2  # words between `other` and the body noun: `and other Korean state-owned companies`


@dataclass(frozen=True)
class NameWords:
    lead: set[str]
    caps: bool  # whether a word in capitals (an acronym) may be a name: not in `the SURS units`
    inner: tuple[str, ...]  # words that may join two capitalized words inside one name

    def word(self, token: Token) -> bool:
        """A capitalized word that does not open a sentence (`The`)."""
        return token.text[0].isupper() and token.text[0].isalpha() and token.text.lower() not in self.lead \
            and (self.caps or not token.text.isupper())

    def before(self, tokens: list[Token], end: int) -> int:
        """The index where the name ending just before `tokens[end]` starts (`end` if none)."""
        i = end
        while i > 0 and (self.word(tokens[i - 1]) or (
                tokens[i - 1].text in self.inner and i < end and i > 1 and self.word(tokens[i - 2]))):
            i -= 1
        return i

    def after(self, tokens: list[Token], start: int) -> int:
        """The index just past the name starting at `tokens[start]` (`start` if none)."""
        i = start
        while i < len(tokens) and (self.word(tokens[i]) or (
                tokens[i].text in self.inner and i > start and i + 1 < len(tokens) and self.word(tokens[i + 1])
                and not tokens[i + 1].text.isupper())):  # `IADB and CAF` are two
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


def listed_after(tokens: list[Token], at: int, names: NameWords) -> list[tuple[int, int]]:
    """The names (token index ranges) of a list starting at `tokens[at]`."""
    found = []
    while at < len(tokens):
        end = names.after(tokens, at)
        if end == at:
            break
        found.append((at, end))
        at = separator_after(tokens, end)
        if at is None:
            break
    return found


def listed(tokens: list[Token], k: int, plural: bool, names: NameWords) -> list[tuple[int, int]]:
    """The names (token index ranges) the unit noun at `k` applies to."""
    found = []
    end, start = k, names.before(tokens, k)
    while start < end:
        found.append((start, end))
        sep = separator_before(tokens, start) if plural else None
        if sep is None:
            break
        end, start = sep, names.before(tokens, sep)
    return found + (listed_after(tokens, k + 1, names) if plural else [])


def introduced(tokens: list[Token], k: int, names: NameWords) -> list[tuple[int, int]]:
    """The names after `such as` or `including` that follow the body noun at `k`, or
    the list before `and other` that precedes it (`Samsung Electronics, LG Display
    and other Korean companies`)."""
    other = next((j for j in range(k - 1, max(0, k - 1 - MAX_KIND_WORDS) - 1, -1) if tokens[j].text == "other"), None)
    if other is not None and other > 1 and tokens[other - 1].text == "and":
        return listed(tokens, other - 1, True, names)
    first = k + 2 if k + 1 < len(tokens) and tokens[k + 1].text == "," else k + 1  # `partners, including`
    such = any(t.text == "such" for t in tokens[max(0, k - 1 - MAX_KIND_WORDS):k])
    if such and first < len(tokens) and tokens[first].text == "as":  # `such U.S. suppliers as GE`
        return listed_after(tokens, first + 1, names)
    for words in INTRODUCERS:
        at = first + len(words)
        if tuple(t.text for t in tokens[first:at]) == words:
            if at < len(tokens) and tokens[at].text == "the":
                at += 1
            return listed_after(tokens, at, names)
    return []


def is_body_name(words: OrgWords, names: list[str]) -> bool:
    return bool(names) and not words.is_generic(names) and names[0] not in words.demonyms \
        and names[0].lower() not in words.qualifiers and " ".join(names) not in words.not_orgs


def unit_spans(words: OrgWords, text: str, countries: set[tuple[int, int]] = frozenset()) -> list[tuple[int, int, str]]:
    """(start, end, source): `shape` for a unit's name, `examples` for a name the
    text says is a body (`organizations such as IADB`), as a definition would."""
    tokens = words.tokens(text)[1]  # `Dept.` is two words here
    # `Money Market and Foreign Exchange` is one unit; `Unilever and Petrobras` are two examples
    units = NameWords(words.lead, caps=False, inner=("and", "&", "of", "for"))
    examples = NameWords(words.lead, caps=True, inner=("&", "of", "for"))
    found, named = [], set()
    country_starts = {s for s, _ in countries}
    for k, tok in enumerate(tokens):
        if tok.text in words.unit_nouns:
            ranges = listed(tokens, k, words.singular(tok.text) != tok.text, units)
        elif tok.text in words.body_nouns:
            ranges = introduced(tokens, k, examples)
        else:
            continue
        for a, b in ranges:
            span = (tokens[a].start, tokens[b - 1].end)
            # `partners such as Japan, and South Korea\nYes`: a list that runs on from a country names none
            if is_body_name(words, [t.text for t in tokens[a:b]]) and span[0] not in country_starts:
                if tok.text in words.body_nouns:
                    named.add(text[span[0]:span[1]])
                else:
                    found.append((*span, "shape"))
    for name in named:  # `financed by IADB and CAF`, after `organizations such as IADB and CAF`
        found += [(*span, "examples") for span in mentions(text, name.split())]
    return found
