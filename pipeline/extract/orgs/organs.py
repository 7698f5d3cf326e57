"""Standing organs named only by head words and words of a state's organs
(`organ` in models/orgs/words.tsv: `Federal Executive Council`, `the Executive
Board`, `Central Committee`, `Federation Council`, `Executive Yuan`): the
guidelines make a named organ an ORG, and a shortened back-reference (`the
Executive Board` after `IMF Executive Board`) or a kind of body (`as an
Executive Agency`) none. words.py rejects every name of generic words by its
words alone; this reads the whole text for what tells the two apart: the name
is an organ's own only where the text never writes it as the tail or head of a
longer name, after `a`, before a person's title or a place. Generic words of a
kind of working body (`the Task Force`, `the Working Party`) are no organ's."""
from __future__ import annotations

from pipeline.extract.orgs.words import OrgWords, mentions


def organ_name(words: OrgWords, text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]`, made only of generic and head words, names a standing
    organ on its own wherever the text writes it."""
    parts = text[start:end].split()
    content = [w for w in parts if w.lower() not in words.connector]
    last = content[-1] if content else ""
    if len(content) < 2 or not all(words.organ_words.issuperset(words.parts(w)) for w in content) \
            or not words.has_head([last]) or words.singular(last) != last or last.lower() in words.common_heads:
        return False
    # `Bank Group Board` where the text writes `World Bank Group`: a leading part is a longer name's tail
    heads = (span for k in range(2, len(parts)) for span in mentions(text, parts[:k]))
    return not any(after_a_name(words, text, start) for start, _ in heads) \
        and not any(after_a_name(words, text, start) or goes_on(words, text, end) for start, end in mentions(text, parts))


def after_a_name(words: OrgWords, text: str, start: int) -> bool:
    """Whether the word before `start` ends a longer name, closes a parent's bracketed
    short name, or is `a`/`an`."""
    before = words.organ_patterns["last_word"].search(text, max(0, start - 40), start)
    word = before.group(1) if before else ""
    return word.lower() in ("a", "an") or word.endswith(")") or (word[:1].isupper() and word.lower() not in words.lead)


def goes_on(words: OrgWords, text: str, end: int) -> bool:
    """Whether a complement, a place or a person's title follows the name ending at `end`
    (a month does not: `the Central Committee in October`)."""
    follows, complement = text[end:end + 40].split(), words.organ_patterns["goes_on"].match(text, end)
    return bool(complement and complement.group(1) not in words.calendar) \
        or bool(follows and words.singular(follows[0]).lower() in words.titles)
