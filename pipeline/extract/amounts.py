"""AMOUNT: finds sums of money with the rules in models/amounts/ and the
currency forms of currencies.py, and normalizes them to `<value> <ISO 4217>`;
a range is `low/high CUR`. A form that stands for several currencies (`Rs`,
`$`) leaves its codes joined by `|`, default first, for resolve.py; a symbol
that reads as an acronym (`DA 2`) adds an empty code, for no currency; a sign that
needs a scale word except in its issuer's documents (`P500`), written bare, adds ISSUER_ONLY."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.lexicon import column, expand, indexed_alternation, longest_matches, read_table
from pipeline.rule_set import RuleSet
from pipeline.extract.candidates import Candidate, add, text_of
from pipeline.extract.currencies import AMBIGUOUS, ISSUER_ONLY, currency_forms

_EDGE_BEFORE = r"(?<![\w.,])"
_EDGE_AFTER = r"(?![\w])"
# A document that groups thousands with commas (`4,376`) reads `3, 145` as 3145; else as 3.145.
_COMMA_GROUPED = re.compile(r"\d,\d{3}(?![\d,])")
# One or two digits after a comma cannot be a group of thousands: a decimal comma (`€1,2 billion`).
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")


def plain(value: Decimal) -> str:
    """A plain decimal: no grouping, no exponent, an integer where whole."""
    return format(value.normalize(), "f")


def number_value(written: str, commas_group: bool, point_grouped: re.Pattern | None = None) -> Decimal:
    """`2 500 000`, `17,499.94`, `1,2` (a decimal comma), `3, 145` (a stray space after a separator comma),
    and `900.000` where `point_grouped` (given where the document groups thousands with points) matches it whole."""
    if point_grouped is not None and point_grouped.fullmatch(written):
        return Decimal(written.replace(".", ""))
    if _DECIMAL_COMMA.fullmatch(written):
        return Decimal(written.replace(",", "."))
    if ", " in written and not commas_group:
        head, _, tail = written.partition(", ")
        written = head + "." + tail
    return Decimal(re.sub(r"[,\s]", "", written))


class AmountRules:
    def __init__(self, data_dir: Path):
        data_dir = Path(data_dir)
        self.forms = currency_forms(data_dir / "currencies.tsv", set(column(data_dir / "not_codes.tsv")))
        self.scale = {r["word"]: Decimal(r["multiplier"]) for r in read_table(data_dir / "scales.tsv")}
        self.words = {r["word"]: Decimal(r["value"]) for r in read_table(data_dir / "number_words.tsv")}
        fragments = {r["name"]: r["regex"] for r in read_table(data_dir / "fragments.tsv")}

        def forms_at(*positions: str) -> str:
            return indexed_alternation([f for f, form in self.forms.items() if form.position in positions and form.codes])

        # A bare ISO code stands apart from its number (`COP 26 billion`, never `COP26`) unless
        # the number could be no label (fragments.tsv, not_label);
        # no currency of a pair (`NTD/USD`, `USD/RMB` over a column of figures) starts or ends an amount.
        codes = indexed_alternation([f for f, form in self.forms.items() if f in form.codes])
        symbols = indexed_alternation([f for f, form in self.forms.items()
                               if form.position in ("prefix", "both") and form.codes and f not in form.codes])
        fragments["prefix"] = f"(?<![A-Za-z]/)(?:{symbols}|{codes}(?:(?=\\s)|{{not_label}}))"
        fragments["suffix"] = forms_at("suffix", "both") + r"(?!/[A-Za-z])"
        # A sign of no letters may follow its number without a space (`201,000€`).
        fragments["suffix_sign"] = indexed_alternation(
            [f for f, form in self.forms.items() if form.position in ("suffix", "both") and form.codes
             and not any(c.isalpha() for c in f)]) + r"(?!/[A-Za-z])"
        fragments["prefix_scaled"] = forms_at("prefix-scaled", "prefix-issuer")
        fragments["prefix_issuer"] = forms_at("prefix-issuer")
        fragments["suffix_scaled"] = forms_at("suffix-scaled")
        fragments["scale"] = indexed_alternation(list(self.scale)) + r"(?![A-Za-z])"
        fragments["numword"] = indexed_alternation(list(self.words) + [w.capitalize() for w in self.words])
        self.point_grouped = re.compile(fragments["point_grouped"])
        self.points_group = re.compile(fragments["points_group"])
        for name in ("gap", "space", "range", "number", "scale_gap", "not_next", "price_basis", "not_label",
                     "prefix"):  # fragments built on other fragments
            fragments[name] = expand(fragments[name], fragments)
        self.rules = [
            re.compile(_EDGE_BEFORE + "(?:" + expand(r["pattern"], fragments) + ")" + _EDGE_AFTER)
            for r in read_table(data_dir / "rules.tsv")
        ]
        self.rule_set = RuleSet(self.rules, _EDGE_BEFORE)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        commas_group = bool(_COMMA_GROUPED.search(text))
        matches = longest_matches(self.rule_set.matches(text))
        points_group = bool(matches) and any("." in m.group() for _, _, m in matches) \
            and (bool(self.points_group.search(text)) or self._written_with_commas(text, matches))
        return [(start, end, self.normalize(m.groupdict(), commas_group, points_group))
                for start, end, m in matches]

    def _written_with_commas(self, text: str, matches: list) -> bool:
        """Whether an amount's number grouped by points is written grouped by commas elsewhere in the document
        (the guidelines' `Fine: 900.000 EUR` beside `€900,000`): evidence that its points group thousands."""
        numbers = (m.groupdict().get("num") or "" for _, _, m in matches)
        return any(self.point_grouped.fullmatch(n) and re.search(r"(?<![\d.,])" + re.escape(n.replace(".", ",")) + r"(?![\d,]|\.\d)", text)
                   for n in numbers)

    def normalize(self, g: dict, commas_group: bool = True, points_group: bool = False) -> str:
        form = self.forms[" ".join((g.get("pre") or g["suf"]).split())]
        # Points group thousands only in an amount without a scale word (`$1.500 billion` is 1.5 billion).
        point_grouped = self.point_grouped if points_group and not g.get("scale") and not g.get("scale2") else None
        if g.get("word"):
            first = self.words[g["word"].lower()]
        else:
            first = number_value(g["num"], commas_group, point_grouped)
        scale2 = self.scale[g["scale2"]] if g.get("scale2") else None
        scale = self.scale[g["scale"]] if g.get("scale") else (scale2 or Decimal(1))
        code = AMBIGUOUS.join(form.codes)
        if form.acronym and not g.get("scale"):
            code += AMBIGUOUS  # an empty last code: no sum at all unless resolve.py finds the currency in context
        if form.position == "prefix-issuer" and not g.get("scale"):
            code += AMBIGUOUS + ISSUER_ONLY  # bare (`P500`): a sum only where the issuer uses one of the currencies
        if g.get("sign"):
            first = -first
        low = plain(first * scale * form.factor)
        if not g.get("num2"):
            return f"{low} {code}"
        high = plain(number_value(g["num2"], commas_group, point_grouped) * (scale2 or scale) * form.factor)
        return f"{low}/{high} {code}"


@Language.factory("polex_amounts")
class AmountFinder:
    """Proposes AMOUNT candidates; rules come from `initialize(data_dir=...)`."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.rules: AmountRules | None = None

    def initialize(self, get_examples=None, *, nlp=None, data_dir: str = "models/amounts"):
        self.rules = AmountRules(Path(data_dir))

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise ValueError(f"{self.name}: call initialize(data_dir=...) before use")
        add(doc, [Candidate("AMOUNT", s, e, norm, "amounts") for s, e, norm in self.rules.find(text_of(doc))])
        return doc
