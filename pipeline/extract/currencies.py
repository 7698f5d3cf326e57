"""Currency forms and what they mean, from CLDR (through Babel): every ISO
4217 code, every symbol any CLDR locale writes (`Rs.`, `₱`, `kr`, `R`), every
English name with its plural (`Sri Lankan rupees`), and each name's unit word
(`rupees`, `pesos`), plus models/amounts/currencies.tsv for what CLDR lacks.

A form may stand for several currencies (`Rs` is INR, LKR, PKR, ...); its
codes are listed default first, and resolve.py picks one by the document's
issuer. Which currency a country uses at a date is CLDR's too."""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale, localedata
from babel.core import get_global

from pipeline.lexicon import read_table

OLDEST_YEAR = 1970  # currencies legal tender since then count (old documents say `francs`, `DM`)
AMBIGUOUS = "|"  # joins a form's codes in a candidate's norm until resolve.py picks one
# A last code that makes a sum of the issuer's currency only: a sign that needs a scale word
# elsewhere, written bare (`P500` in a Philippine release: the guidelines' peso sign).
ISSUER_ONLY = "issuer"


@dataclass
class Form:
    codes: list[str] = field(default_factory=list)  # default first
    position: str = "prefix"  # prefix, suffix, both, prefix-scaled, suffix-scaled, prefix-issuer
    factor: Decimal = Decimal(1)  # a subunit's share of its unit (`cents`: 0.01)
    # A symbol that reads as an acronym (`DA`, `KM`, `SR`): a sum only where the document's currency context has it.
    acronym: bool = False


@lru_cache(maxsize=1)
def tender_history() -> dict[str, list[tuple[str, tuple | None, tuple | None]]]:
    """ISO alpha-2 territory -> (code, from, to) of each legal tender it had."""
    return {t: [(code, start, end) for code, start, end, tender in rows if tender]
            for t, rows in get_global("territory_currencies").items()}


def currencies_of(alpha2: str, day: datetime.date | None = None) -> list[str]:
    """The currencies legal tender in a territory on `day`; with no day, those
    the CLDR data has as tender still (not today's, which would make an undated
    document's amounts depend on the day the pipeline runs)."""
    if day is None:
        return [code for code, _, end in tender_history().get(alpha2, []) if end is None]
    key = day.timetuple()[:3]
    return [code for code, start, end in tender_history().get(alpha2, [])
            if (start is None or tuple(start) <= key) and (end is None or key <= tuple(end))]


@lru_cache(maxsize=1)
def tender_counts() -> tuple[Counter, set[str]]:
    """How many territories use each currency today, and every currency legal
    tender somewhere since OLDEST_YEAR."""
    today, recent = Counter(), set()
    for rows in tender_history().values():
        for code, _, end in rows:
            if end is None:
                today[code] += 1
            if end is None or end[0] >= OLDEST_YEAR:
                recent.add(code)
    return today, recent


@lru_cache(maxsize=1)
def locale_symbols() -> list[tuple[str, str]]:
    """(code, symbol) for every symbol any CLDR locale writes; each locale's own
    data only, as its parent locales are in the list too."""
    return [(code, symbol) for locale_id in localedata.locale_identifiers()
            for code, symbol in localedata.load(locale_id, merge_inherited=False).get("currency_symbols", {}).items()]


def _visible(symbol: str) -> str:
    return " ".join(symbol.replace("\u200e", "").replace("\u200f", "").replace("\u200b", "").split())


def _capitalized(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


def _position_of_symbol(symbol: str) -> str:
    letters = [c for c in symbol if c.isalpha()]
    if len(letters) == 1 and len(symbol.rstrip(".")) == 1:
        return "prefix-scaled"  # `R2 billion`; a bare `R2` or `L.210` is a route or a label
    if letters and symbol[0].islower():
        return "both"  # `kr 500`, `500 kr`
    if not letters:
        return "both"  # `€5 billion`, `5 €`
    return "prefix"


def cldr_forms(not_codes: set[str]) -> dict[str, Form]:
    today, recent = tender_counts()
    en = Locale("en")
    forms: dict[str, Form] = {}

    def put(text: str, code: str, position: str) -> None:
        form = forms.setdefault(text, Form([], position))  # the first use sets the position
        if code not in form.codes:
            form.codes.append(code)

    for code in sorted(recent - not_codes):
        put(code, code, "both")
    for code, symbol in locale_symbols():
        symbol = _visible(symbol)
        if code in recent and symbol and symbol != code and not symbol.isdigit():
            # `Rs.` and `Rs`: a symbol of letters is written with or without its final period
            for variant in {symbol, symbol.rstrip("."), symbol.rstrip(".") + "."}:
                if any(c.isalpha() for c in variant) or variant == symbol:
                    put(variant, code, _position_of_symbol(variant))
    plurals = en._data["currency_names_plural"]
    for code in sorted(recent):
        names = {en.currencies.get(code, "")} | set(dict(plurals.get(code, {})).values())
        plural = dict(plurals.get(code, {})).get("other", "")
        for name in names:
            if not name or "(" in name:
                continue
            put(name, code, "suffix")
            put(_capitalized(name), code, "suffix")
            if " " in name:
                unit = name.split()[-1].lower()
                # A singular unit word needs a scale word: `3 million real`, never `3 real`.
                position = "suffix" if name.lower() == plural.lower() else "suffix-scaled"
                put(unit, code, position)
                put(unit.capitalize(), code, position)
    # A form's default: the currency English writes that way (`$` USD, `¥` JPY), else the one most territories use.
    for text, form in forms.items():
        form.codes.sort(key=lambda c: (en.currency_symbols.get(c) != text, -today[c], c))
    return forms


def reads_as_acronym(text: str, form: Form) -> bool:
    """A symbol of two or more capitals that is no ISO code (`DA` for the dinar, as in `DA 2` among
    party seats): as often an acronym as a currency."""
    letters = text.rstrip(".")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper() and letters not in form.codes


def currency_forms(table: Path, not_codes: set[str]) -> dict[str, Form]:
    """CLDR's forms, then the table's rows: a row's code becomes its form's
    default, and its position and factor replace CLDR's."""
    forms = cldr_forms(not_codes)
    for text, form in forms.items():
        form.acronym = reads_as_acronym(text, form)
    for row in read_table(table):
        if row["position"] == "none":  # a CLDR unit word that is mostly an English word
            forms.pop(row["form"], None)
            continue
        form = forms.setdefault(row["form"], Form([], row["position"]))
        codes = [c for c in row["code"].split(AMBIGUOUS) if c]
        if row.get("unit"):  # a subunit: the codes of its unit word
            codes = codes or list(forms[row["unit"]].codes)
        form.codes = codes + [c for c in form.codes if c not in codes]
        form.position = row["position"]
        form.acronym = False  # the table's forms are written as money (`RMB`, `SDR`)
        if row.get("factor"):
            form.factor = Decimal(row["factor"])
    return forms


def demonym_countries() -> dict[str, str]:
    """`Sri Lankan` -> LK: the words before a current currency's unit word in
    its English name name the country whose code begins the currency's ISO
    code (`Sri Lankan rupee`, LKR, LK)."""
    en = Locale("en")
    found: dict[str, str] = {}
    for territory, rows in tender_history().items():
        for code, _, end in rows:
            name = en.currencies.get(code, "")
            if end is None and code.startswith(territory) and " " in name and "(" not in name:
                found.setdefault(name.rsplit(" ", 1)[0], territory)
    return found
