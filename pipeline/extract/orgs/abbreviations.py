"""Short forms defined in the text: `Full Name (ACR)`, `ACR (Full Name)` and
`Name (Other Name)`. Each definition is (long span, short span, is_org);
resolve.py links every other use of the short form to the long one."""
from __future__ import annotations

import re
from typing import Callable

from pipeline import scan
from pipeline.extract.candidates import spells_initials
from pipeline.lexicon import collapse
from pipeline.extract.orgs.words import OrgWords

_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&+.-]*$")
_PAREN = re.compile(r"\(([^()]{1,90})\)")
# `the United Nations Convention on the Law of the Sea [UNCLOS]`: an acronym in square brackets
_SQUARE = re.compile(r"\[([A-Z][A-Za-z0-9&.-]{1,15})\]")
# `Long Name, or ACR,`: an acronym given after a comma
_APPOSITIVE = re.compile(r",\s+or\s+([A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*)(?=\s*[,;.)])")
# `What is the Organization for Economic Cooperation and Development - OECD?`, `Ministry of Transport -\nMT`:
# an acronym after a spaced dash, on the same line or the next
_DASHED = re.compile(r"[ \t]+[-–—]\s+([A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*)(?![\w&-])")
_QUOTES = "\"“”‘’'"
# `Deep Seabed Hard Mineral Resources Act (DSHMRA; 30 U.S.C. §§1401 et seq.)`: a short form, then a citation
_CITED = re.compile(r"([A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*)\s*;\s")
# `(hereinafter the "Bank")`, `("SEBI")`, `(the Committee)`: what comes before the short form itself
_LEAD_IN = re.compile(r"(?:(?:hereinafter|hereafter|henceforth|referred\s+to\s+as|called|a\.k\.a\.?|also\s+known\s+as)\s+)*"
                      r"(?:[Tt]he\s+)?[\"“‘']?")
# `Office of Inspector General’s (OIG)`, `The Metal Company’s (TMC’s)`: a possessive outside the name
_POSSESSIVE = re.compile(r"['’]s?$")
WINDOW_CHARS = 300  # how far back a long form may start before its `(ACR)`

Span = tuple[int, int]


def long_form(short: str, before: str) -> str | None:
    """Schwartz & Hearst (2003): the shortest tail of `before` whose letters
    spell `short` in order, its first letter starting a word."""
    s, l = len(short) - 1, len(before) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while l >= 0 and (before[l].lower() != c or (s == 0 and l > 0 and before[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = max(before.rfind(" ", 0, l + 1), before.rfind("\n", 0, l + 1)) + 1
    return before[start:]


def initials(name: str) -> set[str]:
    """`Office of Inspector General` -> {`OIG`}: the first letters of its capitalized
    words, of the whole name and of each run of them between lower-case words
    (`Governing Board of the Swiss National Bank` -> also `GB`, `SNB`). A run after
    `in` names where the body is, not a body (`Board in the Cordillera
    Administrative Region`: no `CAR`)."""
    found, run, whole, place = set(), "", "", False
    for word in name.split() + ["."]:
        if word[0].isupper():
            run += word[0]
            whole += word[0]
        else:
            if not place:
                found.add(run)
            run = ""
            place = word == "in" or (place and word == "the")
    return {a for a in found | {whole} if len(a) >= 2}


def is_org_short(words: OrgWords, short: str, long_text: str) -> bool:
    return short not in words.not_orgs and (short in words.known or words.is_org_name(collapse(long_text), plural=True))


def before_its_head(text: str, short: str, long: str) -> bool:
    """Whether the text writes the short form before its long form's last word in
    lower case (`the SURS units` after `... Subsystems Units (SURS)`): the short
    form names what the units are of, a unit named only by an acronym, no body."""
    head = long.split()[-1].lower()
    before_head = re.compile(rf"(?<!\w){re.escape(short)}\s+{re.escape(head)}(?!\w)")
    return next(scan.from_literal(short, before_head, text), None) is not None


def names_a_programme(words: OrgWords, name: str) -> bool:
    """Whether a name holds a programme's, a law's or a plan's word and no body's head
    (`Program for the International Assessment of Adults Competencies`,
    `Freedom of Information Act`): what its acronym names is no body."""
    parts = name.split()
    return words.has_nonorg(parts) and not words.has_head(parts)


def possessive_start(text: str, start: int, end: int) -> int:
    """Where a possessive ending at `end` begins (`’s`, `'s`, `’`), else `end`; never before `start`."""
    m = _POSSESSIVE.search(text, max(start, end - 2), end)
    return m.start() if m else end


def definitions(words: OrgWords, text: str, org_spans: dict[int, int], countries: set[Span],
                written_lower: Callable[[str], bool]) -> list[tuple[Span, Span, bool]]:
    """(long span, short span, is_org) for each `Long (Short)` or `Short (Long)`.
    `org_spans` maps the end of each shape or known ORG span to its start;
    `countries` are the country spans, never an alias; `written_lower`: whether
    the text writes a word in lower case (ner.LowerWords)."""
    found = []
    brackets = [(m.start(), m.start(1), m.group(1), True) for rx in (_PAREN, _SQUARE) for m in rx.finditer(text)]
    brackets += [(m.start(), m.start(1), m.group(1), False) for m in _APPOSITIVE.finditer(text)]
    found += dashed(text, org_spans)
    for opening, inner_start, content, bracketed in sorted(brackets):
        lead = _LEAD_IN.match(content)
        inner_start += lead.end()
        content = content[lead.end():].rstrip()
        content = content[:possessive_start(content, 1, len(content))].rstrip(_QUOTES)
        cited = _CITED.match(content)
        if cited and bracketed:
            content = cited.group(1)  # `(DSHMRA; 30 U.S.C. §§1401 et seq.)`: the acronym, then where the law stands
        inner_end = inner_start + len(content)
        if not content or (inner_start, inner_end) in countries:
            continue
        if bracketed and text[:opening].rstrip().endswith(")") and spells_initials(text, inner_start, content):
            continue  # `Sejal Acharya (Cabinet Office) (SA)`: an attendee's initials after the affiliation, no short form
        before_end = opening
        while before_end > 0 and text[before_end - 1] in " \t\n":
            before_end -= 1
        before_end = possessive_start(text, 0, before_end)
        window = text[max(0, before_end - WINDOW_CHARS):before_end].replace("\n", " ")
        short = (inner_start, inner_end)
        pair = paired_acronyms(words, text, content, short, before_end, window)
        if pair:
            found += pair
            continue
        found_one = acronym_after(words, text, content, short, before_end, window, org_spans.get(before_end),
                                  written_lower)
        if found_one is None and bracketed and content.split()[0][0].isupper():
            found_one = name_before(words, content, short, before_end, window, org_spans.get(before_end))
        if found_one:
            found.append(found_one)
    return found


def dashed(text: str, org_spans: dict[int, int]) -> list[tuple[Span, Span, bool]]:
    """`Organization for Economic Cooperation and Development - OECD`: an acronym after a
    spaced dash defines the body named right before it only where it is that name's
    initials; a dash also joins a regional office or a list's owner to a name
    (`Digital Transformation Roadmap – DTA`), and then the letters differ."""
    found = []
    for m in _DASHED.finditer(text):
        start = org_spans.get(m.start())
        if start is not None and m.group(1) in initials(collapse(text[start:m.start()])):
            found.append(((start, m.start()), m.span(1), True))
    return found


def paired_acronyms(words: OrgWords, text: str, content: str, short: Span, before_end: int, window: str
                    ) -> list[tuple[Span, Span, bool]]:
    """`Parent Authority-Office Board (PA OB)`: two names joined by a hyphen after a
    head word, each defined by its own acronym in one bracket, in order (as
    shape.at_joined_parent splits the names)."""
    parts = content.split()
    if len(parts) != 2 or not all(_ACRONYM.match(p) and sum(c.isupper() for c in p) >= 2 for p in parts):
        return []
    long = long_form(content, " ".join(window.split(" ")[-(2 * len(content) + 2):]))
    joint = re.search(r"(\w+)[-‐–](?=[A-Z])", long or "")
    if not joint or not words.has_head([joint.group(1)]):
        return []
    start = before_end - len(long)
    names = [(start, start + joint.end() - 1), (start + joint.end(), before_end)]
    if not all(p[0] == text[s] and long_form(p, text[s:e]) and words.is_org_name(text[s:e])
               for p, (s, e) in zip(parts, names)):
        return []
    second = short[0] + content.index(parts[1], len(parts[0]))
    return [(names[0], (short[0], short[0] + len(parts[0])), True),
            (names[1], (second, second + len(parts[1])), True)]


def acronym_after(words: OrgWords, text: str, content: str, short: Span, before_end: int, window: str,
                  preceding: int | None, written_lower: Callable[[str], bool]) -> tuple[Span, Span, bool] | None:
    """`Long Name (ACR)`: the acronym in brackets after the name it spells. A
    plural long form whose qualifiers the text writes in lower case names a kind
    of body (`International Financial Institutions (IFIs)` in a text that writes
    `financial` and `international`; words.describes_a_kind)."""
    parts = content.split()
    if not (_ACRONYM.match(parts[0]) and sum(c.isupper() for c in parts[0]) >= 2 and len(parts) <= 2):
        return None
    tail = " ".join(window.split(" ")[-(2 * len(content) + 2):])
    long = long_form(content, tail)
    if long and not long[0].isupper() and long.islower():
        return short, short, False  # `social units (SU)`: a common noun's short form
    capital = None
    if long and long[0].islower():  # `... Justice Office of Inspector General’s (OIG)`: `O` is the name's, not `of`'s
        capital = next(reversed(list(re.finditer(rf"\b{re.escape(content[0].upper())}", tail[:len(tail) - len(long)]))), None)
        long = tail[capital.start():] if capital else long
    if long and long[0].isupper():
        start = before_end - len(long)
        if preceding is not None and preceding < start and capital is None:
            if names_a_programme(words, long):
                return short, short, False  # `Board of ... for the Program for the International Assessment ... (PIAAC)`
            start = preceding  # `Office of the United Nations High Commissioner for Refugees (UNHCR)`
        elif re.match(r"[Tt]he\s+[A-Z]", long):
            start += len(re.match(r"[Tt]he\s+", long).group())  # `The Metal Company’s (TMC’s)`
        is_org = is_org_short(words, content, text[start:before_end]) and (
            content in words.known or not (before_its_head(text, content, long) or words.describes_a_kind(long, written_lower)))
        return (start, before_end), short, is_org
    last = re.search(r"([A-Z][\w-]*)\s*$", window)
    if preceding is None and last and last.group(1).lower() in words.nonorg:
        return short, short, False  # `... Programme (PEPAM)`
    if preceding is not None and content not in words.not_orgs:
        # `Federal Ministry ... (BMZ)`; a demonym the acronym spells is part of the name
        demonym = re.search(r"(\S+)\s+$", text[max(0, preceding - 40):preceding])
        if demonym and demonym.group(1) in words.demonyms and content[0] == demonym.group(1)[0] != text[preceding]:
            preceding -= len(demonym.group(0))  # `German Corporation for ... (GIZ)`
        return (preceding, before_end), short, True
    return None


def shortened(short: str, long: str) -> bool:
    """Whether `short` keeps some of `long`'s words, in order and from its first
    (`Mobile Zone` of `Mobile Zone International Import-Export S.R.L.`, `Meta
    Ireland` of `Meta Platforms Ireland Ltd.`): a company's name without its other words."""
    left, right = short.split(), long.split()
    if len(left) < 2 or not right or left[0] != right[0]:
        return False
    rest = iter(right[1:])
    return all(word in rest for word in left[1:])


def name_before(words: OrgWords, content: str, inner: Span, before_end: int, window: str,
                preceding: int | None) -> tuple[Span, Span, bool] | None:
    """`ACR (Long Name)` and `Name (Other Name)`."""
    prev = re.search(r"([A-Z][\w&+.-]*)\s*$", window)
    name = collapse(content)
    spelled = prev and long_form(prev.group(1), name) == name
    if len(content.split()) >= 2 and prev and sum(c.isupper() for c in prev.group(1)) >= 2 \
            and (spelled or words.is_org_name(name)):  # `DEG (German Investment Corporation)`
        start = before_end - len(prev.group(1))
        return inner, (start, before_end), is_org_short(words, prev.group(1), name)
    if preceding is not None and words.names_a_role(name):
        return None  # `Simon Denison, Ministry of Justice (Secretary)`: the person's role there, not another name
    long = window[len(window) - (before_end - preceding):] if preceding is not None else ""
    if preceding is not None and (words.is_org_name(name) or len(content.split()) == 1 or shortened(name, long)):
        first = long.split()[0]
        if len(content.split()) >= 2 and sum(c.isupper() for c in first) >= 2 and long_form(first, name) == name:
            return inner, (preceding, before_end), True  # `NITI Aayog (National Institution for Transforming India)`
        return (preceding, before_end), inner, True  # `Australian Trade Commission (Austrade)`
    if preceding is not None and in_other_words(words, name):
        return (preceding, before_end), inner, True  # `High Court of Western Denmark (Vestre Landsret)`
    return None


def in_other_words(words: OrgWords, name: str) -> bool:
    """Whether a name in brackets after a body's reads as that body's own name in
    another language (`Vestre Landsret`, `Retten i Aarhus`, `Centro de Operações
    de Defesa Aeroespacial`): at least two capitalized words, joined only by short
    lower-case words (`i`, `de`; never `and`: `(Japan, China and the ROK)` lists
    others), none a title, a role, a demonym or an event's, a programme's or a
    document's word (`(Draft Resolution)`), not generic words alone."""
    parts = name.split()
    capitalized = [w for w in parts if w[0].isupper()]
    joints = [w for w in parts if not w[0].isupper()]
    return len(capitalized) >= 2 and parts[0][0].isupper() and parts[-1][0].isupper() \
        and all(w.isalpha() and len(w) <= 3 and w not in ("and", "or") for w in joints) \
        and all(w.replace("-", "").replace("’", "").replace("'", "").isalpha() for w in capitalized) \
        and not words.is_generic(capitalized) and not words.has_nonorg(capitalized) \
        and not any(words.names_a_role(w) or w in words.demonyms for w in capitalized)
