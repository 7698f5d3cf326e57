"""Acronyms of bodies that the document never defines (`UNMEER`, `CICAD`,
`GOM`): an acronym is an ORG where the words around it say it is a body
(models/orgs/acronym_contexts.tsv: `Head of the UNMEER`, `FATF's efforts`,
`GOM et al`) or where it stands in a list with a body (`OAS/CICAD, CFATF and
GAFISUD`, `the affected countries, UNMEER, and the WHO`). Once so shown, it is
one wherever the text writes it (resolve.py), as a definition would make it.
There is no list of acronyms: a price index, a programme or a law (`CPI`,
`PEPFAR`, `FYP`) is not written in such places."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from pipeline import scan
from pipeline.extract.candidates import inside_word
from pipeline.lexicon import expand, named_rules, read_table
from pipeline.extract.orgs.words import OrgWords

BEFORE_CHARS = 60
Span = tuple[int, int]


@lru_cache(maxsize=None)
def acronym_shapes(table: Path) -> "AcronymShapes":
    """One AcronymShapes per table, shared by the ORG finder and the technical filter (it never changes after loading)."""
    return AcronymShapes(table)


class AcronymShapes:
    """The shapes of acronyms and of the lists and table rows they stand in
    (models/orgs/acronym_patterns.tsv)."""

    NAMES = ("whole", "shape", "plural", "list_joint", "name_goes_on", "line_head", "row_figures", "name_run",
             "numbered", "year_before")

    def __init__(self, table: Path):
        rules = named_rules(table, self.NAMES)
        self.whole, self.plural = rules["whole"], rules["plural"]
        # Where only look-behinds come before `{acronym}`, every plural starts with its acronym:
        # has_plural tries the pattern only where str.find finds the acronym (scan.from_literal).
        self.plural_opens = scan.opens_with(self.plural, "{acronym}")
        self.acronym = re.compile(expand(self.whole, {"forms": rules["shape"]}))
        self.list_joint = re.compile(rules["list_joint"])
        self.name_goes_on = re.compile(rules["name_goes_on"])
        self.line_head = re.compile(rules["line_head"])
        self.row_figures = re.compile(rules["row_figures"])
        self.name_run = re.compile(rules["name_run"])
        self.numbered = re.compile(rules["numbered"])
        self.year_before = re.compile(rules["year_before"])

    def written(self, text: str) -> list[re.Match]:
        """Every word of `text` with an acronym's shape: read once per text, for both
        acronym_spans and programme_acronyms."""
        return list(scan.finditer(self.acronym, text))

    def uses(self, text: str, forms: set[str]) -> list[Span]:
        """Where the text writes any of `forms` as a whole word, not as the first word of a longer name."""
        if not forms:
            return []
        alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
        pattern = re.compile(expand(self.whole, {"forms": alternatives}))
        return [m.span() for m in pattern.finditer(text) if not self.name_goes_on.match(text, m.end())]

    def has_plural(self, text: str, acronym: str, seen: dict[str, bool]) -> bool:
        """Whether the text also writes the acronym's plural (`the Irish DPA` beside
        `other DPAs`): a kind of body, not a body's name. `seen` keeps the answers."""
        if acronym not in seen:
            plural = re.compile(expand(self.plural, {"acronym": re.escape(acronym)}))
            matches = scan.from_literal(acronym, plural, text) if self.plural_opens else plural.finditer(text)
            seen[acronym] = next(matches, None) is not None
        return seen[acronym]

    def row_heads(self, text: str) -> dict[int, tuple[int, int]]:
        """Where each line's first word starts (after spaces and a dash: `  -IFC`), with
        the first words of the rows on the lines just above and below: a table's row labels are a
        list down its first column (`EIB ... / IDBG ... / IsDB Group ...`)."""
        heads, line, at = {}, 0, 0
        for m in self.line_head.finditer(text):
            line, at = line + text.count("\n", at, m.start()), m.start()
            if self.row_figures.search(m.group()):
                heads[line] = m.start() + len(m.group()) - len(m.group().lstrip(" \t-–•"))
        return {here: (heads.get(line - 1, -1), heads.get(line + 1, -1)) for line, here in heads.items()}


class AcronymContext:
    """Whether the text around an acronym says it is a body (acronym_contexts.tsv)."""

    def __init__(self, table: Path):
        rows = read_table(table)
        self.after = [re.compile(r["regex"]) for r in rows if r["kind"] == "after"]
        self.undefined = self.after + [re.compile(r["regex"]) for r in rows if r["kind"] == "owner"]
        self.before = [re.compile(r["regex"]) for r in rows if r["kind"] == "before"]
        # `object`: the words on both sides of the acronym, split at `{acronym}`
        self.object = [(re.compile(left + "$"), re.compile(right)) for r in rows if r["kind"] == "object"
                       for left, right in [r["regex"].split("{acronym}")]]

    def __call__(self, text: str, start: int, end: int, defined: bool = False) -> bool:
        """`defined`: the acronym is a short form the text defines (`owner` rows do not count)."""
        before = text[max(0, start - BEFORE_CHARS):start]
        after = self.after if defined else self.undefined
        return any(rx.match(text, end) for rx in after) or any(rx.search(before) for rx in self.before) \
            or any(left.search(before) and right.match(text, end) for left, right in self.object)


def acronym_spans(text: str, acronyms: list[re.Match], orgs: list[Span], taken: set[Span],
                  is_word: Callable[[str], bool], said: Callable[[str, int, int], bool], shapes: AcronymShapes
                  ) -> list[Span]:
    """The acronyms of `text` (`acronyms`: shapes.written(text)) that `said` (the context test) shows to be bodies,
    or that stand in a list with one of `orgs` (the names found so far) or with
    an acronym so shown, or whose table row comes next to such a one's
    (row_heads), each list followed as far as it goes. Not an acronym:
    one of `taken` (a country), a word the text also writes in lower case
    (`is_word`: `SECURITY`), the first word of a longer name (`NEPAD
    Secretariat`), a word after a name (`AIIA CEO`), a piece of a code, one whose
    plural the text writes (`DPAs`)."""
    covered = bytearray(len(text) + 1)
    for s, e in orgs:
        covered[s:e] = b"\x01" * (e - s)
    name_ends = {e for _, e in orgs}
    plurals: dict[str, bool] = {}
    pending = []
    for m in acronyms:
        s, e = m.span()
        if m.span() in taken or any(covered[s:e]) or is_word(m.group()) or shapes.numbered.fullmatch(m.group()) \
                or shapes.name_goes_on.match(text, e) \
                or inside_word(text, s, e) or after_name(text, s, name_ends) \
                or shapes.has_plural(text, m.group(), plurals):
            continue
        pending.append((s, e))
    found = {span for span in pending if said(text, *span)}
    rows = shapes.row_heads(text)
    while True:
        listed = set(orgs) | found
        starts = {s for s, _ in listed}
        after = {j.end() for _, e in listed if (j := shapes.list_joint.match(text, e))}
        more = {(s, e) for s, e in pending if (s, e) not in found and (
            s in after or ((j := shapes.list_joint.match(text, e)) and j.end() in starts)
            or (s in rows and (rows[s][0] in starts or rows[s][1] in starts)))}
        if not more:
            return sorted(found)
        found |= more


def after_name(text: str, start: int, name_ends: set[int]) -> bool:
    """Whether a name ends just before `start`, a space or tab between (`AIIA CEO`)."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i < start and i in name_ends


def programme_acronyms(words: OrgWords, text: str, acronyms: list[re.Match], shapes: AcronymShapes) -> list[Span]:
    """Where the text writes an acronym (`acronyms`: shapes.written(text)), never defined, whose capitals are the
    initials of a name it writes of a law, a programme or a plan, with or
    without that word (`FoI` beside `Freedom of Information Act`, `TARP` beside
    `Troubled Asset Relief Program`): it names that, not a body."""
    names = set()
    for m in shapes.name_run.finditer(text):
        parts = m.group().split()
        if words.has_head(parts):
            continue
        capitals = [w[0] for w in parts if w[0].isupper()]
        for i, word in enumerate(parts):
            if words.has_nonorg([word]):
                upto = sum(w[0].isupper() for w in parts[:i])
                names |= {"".join(capitals[j:upto + 1]) for j in range(upto)}
                names |= {"".join(capitals[j:upto]) for j in range(upto - 1)}
    return [m.span() for m in acronyms
            if "".join(c for c in m.group() if c.isupper()) in names and not inside_word(text, *m.span())]
