"""ORG names found by their shape: a run of capitalized words (runs.py) is
split at `of`/`and` before another body, trimmed of sentence openers and
demonyms, cut at its last head word, and kept when its words read as a body
(words.py)."""
from __future__ import annotations

import re
from typing import Callable

from pipeline.extract.orgs.organs import organ_name
from pipeline.extract.orgs.runs import runs
from pipeline.extract.orgs.words import OrgWords, Token, mentions


def split_run(words: OrgWords, run: list[Token], text: str) -> list[list[Token]]:
    """Split `World Bank and the Asian Development Bank` into two names."""
    pieces, current = [], []
    for i, tok in enumerate(run):
        if current and tok.text == "to" and i + 1 < len(run) and run[i + 1].text == "the" \
                and words.has_head(words.first_segment([t.text for t in current])[-1:]):
            pieces.append(current)  # `allocate the name Digital Transformation Office to the Executive Agency`
            current = []
            continue
        if current and title_ends(words, current) and tok.text[0].isupper() \
                and tok.text.lower() not in words.connector and tok.text.lower() not in words.title_suffixes:
            pieces.append(current)  # `Gavin Slater Chief Executive Officer Digital Transformation Agency`
            current = []
        if current and tok.text == "and" and words.singular(current[-1].text).lower() in words.titles:
            pieces.append(current)  # `Finance Ministers and Central Bank Governors`: people, not a body
            current = []
            continue
        if current and tok.text == "and" and i + 1 < len(run) and run[i + 1].text.lower() in words.titles \
                and words.has_head([t.text for t in current]):
            pieces.append(current)  # `President of the Chamber of Commerce and Industry and Chairman of ...`
            current = []
            continue
        office = words.has_head([tok.text]) and i + 1 < len(run) and run[i + 1].text in ("of", "for", "on")
        acronym = bool(current) and i + 1 == len(run) and tok.text.isupper() and len(tok.text) > 1 \
            and not current[-1].text.isupper()
        if current and parent_complete(words, current) and tok.text[0].isupper() and (office or acronym) \
                and not any(k.startswith(f"{current[-1].text} {tok.text}") for k in words.known):
            pieces.append(current)  # `Department of Justice Office of Inspector General`, `... Transportation OIG`
            current = []
        if tok.text == "of" and current:
            rest = [t for t in run[i + 1:] if t.text != "the"]
            left_is_body = words.has_head(words.first_segment([t.text for t in current])[-1:])
            if rest and rest[0].text[0].isupper() and words.has_head([rest[0].text]) and not left_is_body:
                # `Chairperson of the African Union Commission`; but `Monetary Board of the
                # Bangko Sentral ...` and `Office of ... for the Department of ...` are one name
                pieces.append(current)
                current = []
                continue
        if tok.text == "and" and current:
            rest = run[i + 1:]
            left = [t.text for t in current]
            right = [t.text for t in rest]
            acronym = (bool(rest) and rest[0].text.isupper() and len(rest[0].text) > 1) or \
                (len(current) == 1 and current[0].text.isupper() and len(current[0].text) > 1)  # `LGA and Local ...`
            # `World Bank and ...` ends a name; `United Nations Educational, Scientific and ...` does not
            complete = words.has_head(words.first_segment(left)[-1:])
            if complete and parent_complete(words, current) and rest and rest[0].text[0].isupper():
                # `Ministry of Justice and Human Rights`, `Department of the Interior and Local
                # Government`: a complement goes on with `and` and a few capitalized words, unless
                # they are a name of their own, have a complement of their own, or hold a head
                # word and stand alone elsewhere in the text (`Ministry of Finance and Central Bank`)
                named = right[:right.index("and")] if "and" in right else right
                alone = words.has_head(named) and \
                    len(mentions(text, named)) > len(mentions(text, [left[-1], "and", *named]))
                complete = alone or words.is_org_name(" ".join(named)) \
                    or any(w.lower() in words.connector for w in named)
            # `... Bank of New York and in Tax and Loan accounts`: `and` joins capitalized words
            if (rest and rest[0].text[0].islower()) or acronym or (complete and words.has_head(right)):
                pieces.append(current)
                current = []
                continue
        current.append(tok)
    pieces.append(current)
    return pieces


def parent_complete(words: OrgWords, current: list[Token]) -> bool:
    """Whether the words so far are a body's whole name with its complement
    (`Department of Justice`), so that an acronym or a head word with its own
    complement right after them (`OIG`, `Office of Inspector General`) starts the
    name of an office of it: the guidelines give the two apart."""
    names = [t.text for t in current]
    head = max((i for i, w in enumerate(names) if words.has_head([w])), default=None)
    return head is not None and head + 2 < len(names) and names[head + 1].lower() in words.connector \
        and names[-1].lower() not in words.connector


def title_ends(words: OrgWords, current: list[Token]) -> bool:
    """Whether the words so far end with a person's title: `Chief Executive Officer`,
    `Inspector General` (a `title_suffix` after a title word is part of it)."""
    if len(current) > 1 and current[-1].text.lower() in words.title_suffixes:
        return current[-2].text.lower() in words.titles
    return current[-1].text.lower() in words.titles


def trim(words: OrgWords, run: list[Token]) -> list[Token]:
    while run and words.describes(run[0].text):
        run = run[1:]  # `California-based Tenet Healthcare Corporation`
    while run and (run[0].text.lower() in words.lead or run[0].text in words.demonyms or run[0].text == ","):
        if run[0].text in words.demonyms and len(run) > 1:
            if any(k.startswith(run[0].text + " " + run[1].text) for k in words.known):
                break  # `African Union Commission`
            # `Canadian Department of Finance` -> `Department of Finance`, but
            # `Australian Trade Commission` is the name itself.
            rest = [t.text for t in run[1:]]
            first = words.first_segment(rest)
            official = words.has_head(first[-1:]) and len(first) < len(rest)  # `Department of Finance`
            if official:
                run = run[1:]
                continue
            break
        if run[0].text.lower() not in words.lead and run[0].text != ",":
            break
        run = run[1:]
    while run and (run[-1].text.lower() in words.connector or not run[-1].text[0].isalnum()):
        run = run[:-1]
    if len(run) > 1 and words.singular(run[-1].text).lower() in words.titles and not any(t.text == "the" for t in run):
        # `Bank of Japan Governor`, `Central Bank Governors`: the body's officials; the holder's
        # office keeps its title (`Office of the Press Secretary`)
        return trim(words, run[:-1])
    while len(run) > 2 and run[0].text.lower() in words.titles and run[1].text[0].isupper() \
            and run[1].text.lower() not in words.connector and run[1].text.lower() not in words.title_suffixes:
        run = run[1:]  # `Chair Local Public Data Panel`: the holder's title before the body's name
    while run and run[0].text.lower() in words.company_forms:
        run = run[1:]  # `Texas Instruments (Philippines) Inc. for ...`: a legal form ends a name, never starts one
    return run


def named_after_country(words: OrgWords, text: str, piece: list[Token], countries: set[tuple[int, int]],
                        ending_at: dict[int, list[tuple[int, int]]], is_noun: Callable[[int], bool]) -> bool:
    """`Statistics Canada`, `Employment and Social Development Canada`: a body
    named with capitalized words and then its country, as Canada's are; at the
    start of a sentence, where a capital tells nothing, only if its first word
    is a noun (`Given Botswana’s location`, `Average U.S. temperatures`: no name).
    `ending_at`: the `countries` spans by their end, in the set's order;
    `is_noun(char)`: whether the word at that offset is tagged a noun."""
    country = next(((s, e) for s, e in ending_at.get(piece[-1].end, ()) if s > piece[0].start), None)
    if country is None:
        return False
    before = [t for t in piece if t.end <= country[0]]
    names = [t.text for t in before]
    if not names or "," in names or names[-1].lower() in words.connector:
        return False
    if words.is_org_name(" ".join(names)):
        return False  # `World Bank Myanmar`: a body's office in a country; the body is named already
    if opens_sentence(text, piece[0].start) and not is_noun(piece[0].start):
        return False
    return (
        names[0].lower() not in words.notname
        and not words.has_nonorg(names)
        and "\n" not in text[piece[0].start:piece[-1].end]
        and all(w == "and" or (w.lower() not in words.connector and w.lower() not in words.notname
                               and w not in words.demonyms) for w in names)
        and not any((t.start, t.end) in countries for t in before)
    )


def opens_sentence(text: str, start: int) -> bool:
    """Whether `start` begins a line, a sentence (only white space since `.`, `!` or `?`)
    or a table's cell (after a column gap: a tab or three spaces, as runs.py reads them)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    gap = text[i + 1:start]
    return i < 0 or text[i] in ".!?\n" or "\t" in gap or "   " in gap


def after_connector(words: OrgWords, run: list[Token]) -> list[Token]:
    """What follows the first connector words, if a capitalized word follows them."""
    for i, tok in enumerate(run[1:], 1):
        if tok.text.lower() in words.connector:
            rest = run[i:]
            while rest and rest[0].text.lower() in words.connector:
                rest = rest[1:]
            return rest
    return []


def before_event(words: OrgWords, run: list[Token], countries: set[tuple[int, int]]) -> list[Token]:
    """`Banque de France Financial Stability Review Launch Event`: where an event's or
    document's name (a `nonorg` word) runs on from a body's name that ends in its
    country (`... de France`, `... of Japan`), the body's name ends there."""
    last = max((i for i, t in enumerate(run) if words.has_nonorg([t.text])), default=None)
    if last is None:
        return run
    ends = [i for i in range(1, last) if run[i - 1].text.lower() in words.connector
            and any(s == run[i].start and e == run[i].end for s, e in countries)]
    return run[:ends[0] + 1] if ends else run


def end_at_head(words: OrgWords, run: list[Token]) -> list[Token]:
    """`Business Council Annual Luncheon` -> `Business Council`: a name without
    a complement (`of ...`, `for ...`) ends at its last head word, a company's at its legal form."""
    form = next((i for i, t in enumerate(run) if i and t.text.lower() in words.company_forms), None)
    if form is not None:
        return run[:form + 1]  # `Texas Instruments (Philippines) Inc. for Outstanding Respondent`: the form ends it
    if any(t.text.lower() in words.connector and t.text.lower() not in ("and", "&") for t in run[1:]):
        return run
    if run[0].text.lower() in words.head_initial:
        return run  # `Dewan Perwakilan Rakyat`: the head comes first
    heads = [i for i, t in enumerate(run) if words.has_head([t.text]) or (
        words.has_head([words.singular(t.text)]) and words.names_a_class([r.text for r in run[:i + 1]]))]
    if not heads:
        return run
    last_is_brand = any(p in words.brand for p in words.parts(run[heads[-1]].text))
    if words.has_nonorg([t.text for t in run[heads[-1] + 1:]]) and not last_is_brand:
        return run  # `... Service Bulletin` is a document, not the service; `Lion Air Flight 610` holds `Lion Air`
    return run[: heads[-1] + 1]


def one_word_body(words: OrgWords, token: Token) -> bool:
    """`Parliament`, `the Cabinet`: a standing institution named by one
    capitalized word, alone or after its country's name (`United States Treasury`,
    as `US Government`); `Treasury bills` is dropped with every name before a security (orgs/__init__.py)."""
    return token.text.lower() in words.one_word_bodies and token.text[0].isupper()


def without_qualifier(words: OrgWords, text: str, start: int, end: int) -> int:
    """Where a name starts once a leading qualifier is dropped: `State Medicaid Fraud
    Control Units` is `Medicaid Fraud Control Units` where the text also writes that
    name without `State`; `State Department` and `State Grid Corporation` stay whole."""
    qualifier = re.match(r"(\w+)\s+", text[start:end])
    if not qualifier or qualifier.group(1).lower() not in words.qualifiers:
        return start
    rest = start + qualifier.end()
    if not words.is_org_name(text[rest:end]):
        return start  # `State and Government Implementation Committee`
    bare = (m.start() for m in re.finditer(r"(?<!\w)" + re.escape(text[rest:end]) + r"(?!\w)", text))
    if any(not text[:at].rstrip().lower().endswith(qualifier.group(1).lower()) for at in bare):
        return rest
    return start


def at_joined_parent(words: OrgWords, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`Philippine Statistics Authority-National Statistical Coordination Board`: a parent
    body joined by a hyphen to an office's name is two names, as `HHS Office of Inspector
    General` is; `Japan-France Dialogue Forum` (no head before the hyphen) stays one."""
    for joint in re.finditer(r"(\w+)[-‐–](?=[A-Z])", text[start:end]):
        cut = start + joint.end() - 1
        if words.has_head([joint.group(1)]) and words.is_org_name(text[start:cut]) \
                and words.is_org_name(text[cut + 1:end]):
            return [(start, cut), (cut + 1, end)]
    return [(start, end)]


def before_person(words: OrgWords, text: str, start: int, end: int, persons: dict[int, int]) -> int:
    """Where a name ends that runs into the name of a person (`Speaker of the House of
    Representatives Mike Johnson`): before the person, where what is left is a name
    itself, with a head word of its own and more than a foreign head word (`The Fundação
    Getulio Vargas` is the foundation's whole name). `persons`: the NER's people of two words
    or more, start by end."""
    person = persons.get(end)
    if person is None or person <= start:
        return end
    cut = person
    while cut > start and text[cut - 1].isspace():
        cut -= 1
    left = text[start:cut].split()
    if not words.has_head(left) or (len(left) == 1 and left[0].lower() in words.head_initial):
        return end
    return cut if words.is_org_name(text[start:cut]) else end


def shape_spans(words: OrgWords, text: str, countries: set[tuple[int, int]] = frozenset(),
                is_noun: Callable[[int], bool] = lambda char: True,
                persons: dict[int, int] = {}) -> list[tuple[int, int]]:
    """`is_noun(char)`: whether the word at that offset is tagged a noun (tagging.noun_at);
    `persons`: the NER's people of two words or more, start by end (before_person)."""
    return [part for s, e in named_spans(words, text, countries, is_noun)
            for part in at_joined_parent(words, text, without_qualifier(words, text, s, e),
                                         before_person(words, text, s, e, persons))]


def named_spans(words: OrgWords, text: str, countries: set[tuple[int, int]],
                is_noun: Callable[[int], bool]) -> list[tuple[int, int]]:
    found = []
    ending_at: dict[int, list[tuple[int, int]]] = {}
    for span in countries:
        ending_at.setdefault(span[1], []).append(span)
    organs = {}  # organ_name reads the whole text, so ask it once per name, not at every mention

    def is_organ(start: int, end: int) -> bool:
        name = tuple(text[start:end].split())
        if name not in organs:
            organs[name] = organ_name(words, text, start, end)
        return organs[name]

    for run in runs(words, text):
        for piece in split_run(words, run, text):
            piece = before_event(words, trim(words, piece), countries)
            if not piece:
                continue
            if named_after_country(words, text, piece, countries, ending_at, is_noun):
                found.append((piece[0].start, piece[-1].end))
                continue
            if one_word_body(words, piece[-1]) and (len(piece) == 1 or (piece[0].start, piece[-2].end) in countries):
                found.append((piece[0].start, piece[-1].end))  # `Parliament`, `United States Treasury`
                continue
            uncut = piece  # end_at_head may cut the place noun that follows a body's word (`Parliament Street`)
            while piece:
                piece = end_at_head(words, piece)
                start, end = piece[0].start, piece[-1].end
                if len(piece) > 1 and (start, end) not in countries and (
                        words.is_org_name(text[start:end]) or is_organ(start, end)):
                    found.append((start, end))
                    break
                following = next((t for t in uncut if t.start > piece[0].start), None)
                if one_word_body(words, piece[0]) and (following is None or following.text.lower() not in words.place_nouns):
                    # `Secretary of the Treasury Janet L. Yellen`, `Treasury Targets ...`; not `Parliament Street`
                    found.append((piece[0].start, piece[0].end))
                    break
                piece = trim(words, after_connector(words, piece))  # `Talks in the Korea–Viet Nam Joint Committee`
    return found
