"""Names of bodies without a head word (`Gazprom`, `Oryx Natural Resources`)
that the words around them show to be bodies (models/orgs/name_contexts.tsv:
`Gazprom CEO`, `shares of Gazprom`, `the state-run company ONGC`), and
companies named without their legal form (`Lockheed Martin` in a text that
names `Lockheed Martin Corporation`), and the bodies people are from in a list of
people that names other found bodies so (`Jackie Sinclair, NACRO` below `Farah
Ahmed, Cabinet Office`). Once shown, a name is a body wherever the
text writes it, as an acronym shown to be one is (acronyms.py). There is no list
of company names."""
from __future__ import annotations

import re
from pathlib import Path

from pipeline import scan
from pipeline.extract.orgs.words import OrgWords
from pipeline.lexicon import expand, read_table

MAX_NAME_WORDS = 4
# A capitalized word of a name: `Gazprom`, `Al-Shanfari's` is cut at its possessive by the contexts.
NAME_WORD = r"[A-Z][\w&-]*"
# The legal forms that a company's short name leaves off, beside words.tsv's `company_form`s.
FORMS = {"corporation"}

Span = tuple[int, int]


class NameContext:
    """Contexts that show a capitalized name is a body (name_contexts.tsv):
    `after` is matched right after the name, `before` right before it."""

    def __init__(self, table: Path):
        rows = read_table(table)
        name = rf"(?<![\w&.'’-])({NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,{MAX_NAME_WORDS - 1}}})"
        role = {"role": r["regex"] for r in rows if r["kind"] == "role"}
        self.after = [re.compile(name + "(?=" + expand(r["regex"], role) + ")") for r in rows if r["kind"] == "after"]
        self.before = [re.compile("(?:" + r["regex"] + ")" + name) for r in rows if r["kind"] == "before"]
        self.after_person = [re.compile(expand(r["regex"], {"name": name})) for r in rows if r["kind"] == "after_person"]
        self.after_titled = [re.compile(expand(r["regex"], {"name": name})) for r in rows if r["kind"] == "after_titled"]
        self.person = [re.compile(r["regex"]) for r in rows if r["kind"] == "person"]
        scan.prepare(self.after + self.before)

    def names(self, text: str) -> list[Span]:
        """The names in a context; one shown by what follows it is a whole run of capitalized words."""
        return [m.span(1) for rx in self.after for m in scan.finditer(rx, text) if whole_run(text, m.start(1))] + \
            [m.span(1) for rx in self.before for m in scan.finditer(rx, text)]


def affiliations(context: NameContext, text: str, persons: list[Span], not_bodies: set[str],
                 found: set[Span]) -> list[Span]:
    """The names written as the body a person is from (`Jackie Sinclair, NACRO`,
    `Mr M J Mahlangu (NCOP)`, `Roberto Roca from Conservation International`),
    where at least one such name is among the bodies `found` (the text writes
    people's bodies that way); none whose text the NER calls a place or a person
    (`not_bodies`). `persons`: the NER's; a title of address before names is one too."""
    titled = [m.span() for rx in context.person for m in rx.finditer(text)]
    after = [(end, context.after_person) for end in sorted({end for _, end in persons + titled})]
    after += [(end, context.after_titled) for _, end in titled]
    names = [m.span(1) for end, rules in after for rx in rules if (m := rx.match(text, end))]
    names = [span for span in names if text[span[0]:span[1]] not in not_bodies
             and not any(s == span[0] for s, _ in titled)]  # `Mr S J Njikelana, Ms F Hajaig`
    return names if any(span in found for span in names) else []


def whole_run(text: str, start: int) -> bool:
    """Whether no capitalized word stands right before `start` on its line
    (`Miller AlexeiGazprom CEO`: a name shown by what follows it is a whole run)."""
    before = re.search(r"(\S+)[ \t]+$", text[max(0, start - 40):start])
    return not before or not before.group(1)[0].isupper()


def shown_names(words: OrgWords, text: str, context: NameContext, taken: set[Span],
                is_word) -> set[str]:
    """The names `context` shows to be bodies. Not one: a country (`taken`), a
    name with a title in it (`Gazprom CEO Alexei Miller`), a generic word (`the
    head of Government`), a role or qualifier (`the head of State`), a demonym, a
    month, a single word the text also writes in lower case (`is_word`: `the head
    of Research`), or acronyms side by side (`Regional Head of PSA NSCB-CAR`: a
    body and its office)."""
    found = set()
    for start, end in context.names(text):
        parts = text[start:end].split()
        while parts and parts[0].lower() in words.lead:
            start = text.index(parts[1], start + len(parts[0])) if len(parts) > 1 else end
            parts = parts[1:]  # `With Gazprom CEO Alexei Miller`
        if not parts or (start, end) in taken:
            continue
        lower = [p.lower() for p in parts]
        if any(w in words.titles or w in words.connector or w.capitalize() in words.calendar for w in lower) \
                or words.is_generic(parts) or parts[0] in words.demonyms or text[start:end] in words.not_orgs \
                or (len(parts) == 1 and (is_word(lower[0]) or words.names_a_role(parts[0]))) \
                or (len(parts) > 1 and all(p.isupper() for p in parts)):
            continue
        found.add(text[start:end])
    return found


def without_form(words: OrgWords, text: str, spans: list[Span], taken_names: set[str]) -> set[str]:
    """`Lockheed Martin` of `Lockheed Martin Corporation`, `Scotfin` of `Scotfin
    Limited`: the name of each company found, without its legal form."""
    found = set()
    for start, end in spans:
        parts = text[start:end].split()
        if len(parts) < 2 or parts[-1].lower() not in words.company_forms | FORMS:
            continue
        short = " ".join(parts[:-1]).rstrip(",")
        if short in taken_names or parts[0] in words.demonyms or words.has_head(parts[:-1]) \
                or words.is_generic(parts[:-1]) or any(w.lower() in words.connector for w in parts[:-1]):
            continue
        found.add(short)
    return found
