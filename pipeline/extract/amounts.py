"""AMOUNT: finds sums of money with the rules in models/amounts/ and
normalizes them to `<value> <ISO 4217>`; a range is `low/high CUR`."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

import pycountry

from pipeline.lexicon import alternation, column, expand, longest_matches, read_table
from pipeline.extract.candidates import Candidate, add

LOCAL_DOLLAR = "$"  # resolved per document in resolve.py
_EDGE_BEFORE = r"(?<![\w.,])"
_EDGE_AFTER = r"(?![\w])"


def plain(value: Decimal) -> str:
    """A plain decimal: no grouping, no exponent, an integer where whole."""
    return format(value.normalize(), "f")


class AmountRules:
    def __init__(self, data_dir: Path):
        data_dir = Path(data_dir)
        currencies = read_table(data_dir / "currencies.tsv")
        not_codes = set(column(data_dir / "not_codes.tsv"))
        listed = {row["form"] for row in currencies}
        iso = [c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in not_codes and c.alpha_3 not in listed]
        self.code = {row["form"]: row["code"] for row in currencies} | {code: code for code in iso}
        self.scale = {r["word"]: Decimal(r["multiplier"]) for r in read_table(data_dir / "scales.tsv")}
        self.words = {r["word"]: Decimal(r["value"]) for r in read_table(data_dir / "number_words.tsv")}
        fragments = {r["name"]: r["regex"] for r in read_table(data_dir / "fragments.tsv")}
        # A bare ISO code stands apart from its number: `COP 26 billion`, never `COP26`.
        codes = alternation(iso) + r"(?=\s)"
        fragments["prefix"] = f'(?:{alternation([r["form"] for r in currencies if r["position"] in ("prefix", "both")])}|{codes})'
        fragments["suffix"] = f'(?:{alternation([r["form"] for r in currencies if r["position"] in ("suffix", "both")])}|{alternation(iso)})'
        fragments["prefix_scaled"] = alternation([r["form"] for r in currencies if r["position"] == "prefix-scaled"])
        fragments["suffix_scaled"] = alternation([r["form"] for r in currencies if r["position"] == "suffix-scaled"])
        fragments["scale"] = alternation(list(self.scale)) + r"(?![A-Za-z])"
        fragments["numword"] = alternation(list(self.words) + [w.capitalize() for w in self.words])
        self.rules = [
            re.compile(_EDGE_BEFORE + "(?:" + expand(r["pattern"], fragments) + ")" + _EDGE_AFTER)
            for r in read_table(data_dir / "rules.tsv")
        ]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        return [(start, end, self.normalize(m.groupdict())) for start, end, m in longest_matches(self.rules, text)]

    def normalize(self, g: dict) -> str:
        code = self.code[g["pre"]] if g.get("pre") else self.code[g["suf"]]
        if g.get("word"):
            first = self.words[g["word"].lower()]
        else:
            first = Decimal(g["num"].replace(",", ""))
        scale2 = self.scale[g["scale2"]] if g.get("scale2") else None
        scale = self.scale[g["scale"]] if g.get("scale") else (scale2 or Decimal(1))
        low = plain(first * scale)
        if not g.get("num2"):
            return f"{low} {code}"
        high = plain(Decimal(g["num2"].replace(",", "")) * (scale2 or scale))
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
        add(doc, [Candidate("AMOUNT", s, e, norm, "amounts") for s, e, norm in self.rules.find(doc.text)])
        return doc
