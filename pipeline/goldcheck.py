"""Checks on gold coming in from an annotation tool, made before anything is
written: a safe document id, known labels, offsets inside the text, spans that
neither overlap nor cut a word, and each norm in its label's form
(models/gold/norms.tsv)."""
from __future__ import annotations

import calendar
import re
from pathlib import Path

import pycountry

from pipeline.gold import LABELS, GoldError
from pipeline.lexicon import read_table


def check_doc_id(doc_id: str) -> None:
    """A document id names one file in corpus/gold: no folders, no `..`."""
    if not doc_id or doc_id in (".", "..") or doc_id.startswith(".") or any(c in doc_id for c in "/\\\0"):
        raise GoldError(f"document id {doc_id!r} is not a plain file name (no folders, no leading dot)")


def _known_country(code: str) -> bool:
    return bool(pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_4=code))


class NormForms:
    """The form a norm must have for its label."""

    def __init__(self, table: Path):
        self.forms = {row["label"]: (re.compile(row["pattern"]), row["range"] == "yes") for row in read_table(table)}

    def problem(self, label: str, norm) -> str:
        """Why `norm` is not a norm for `label`; "" when it is one."""
        if not isinstance(norm, str):
            return f"norm {norm!r} is not a string"
        pattern, ranged = self.forms[label]
        for part in norm.split("/") if ranged and norm.count("/") == 1 else [norm]:
            found = pattern.fullmatch(part)
            if not found:
                return f"norm {norm!r} is not in the {label} form (docs/annotation-guidelines.md)"
            why = self._bad_value(found.groupdict())
            if why:
                return f"norm {norm!r}: {why}"
        return ""

    @staticmethod
    def _bad_value(groups: dict) -> str:
        if groups.get("country") and not _known_country(groups["country"]):
            return f"{groups['country']} is not an ISO 3166 country code"
        if groups.get("currency") and not pycountry.currencies.get(alpha_3=groups["currency"]):
            return f"{groups['currency']} is not an ISO 4217 currency code"
        month, day = groups.get("month"), groups.get("day")
        if month and not 1 <= int(month) <= 12:
            return f"month {month} does not exist"
        if day:
            year = int(groups["year"]) if groups["year"].isdigit() else 2000  # XXXX: any leap year
            if not 1 <= int(day) <= calendar.monthrange(year, int(month))[1]:
                return f"day {day} does not exist in that month"
        return ""


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) or \
        (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


def entity_problems(entities: list[dict], text: str, forms: NormForms) -> list[str]:
    """Every problem in a document's entities, each naming the entity."""
    problems, placed = [], []
    for e in entities:
        start, end, label = e.get("start"), e.get("end"), e.get("label")
        where = f"{label} {start}-{end}"
        if label not in LABELS:
            problems.append(f"{where}: unknown label {label!r}; use one of {', '.join(LABELS)}")
            continue
        if not (type(start) is int and type(end) is int and 0 <= start < end <= len(text)):
            problems.append(f"{where}: offsets outside the text of {len(text)} characters")
            continue
        placed.append(e)
        span = text[start:end]
        if span != span.strip():
            problems.append(f"{where}: {span!r} starts or ends with white space")
        elif _cuts_a_word(text, start, end):
            problems.append(f"{where}: {span!r} cuts a word ({text[max(0, start - 10):end + 10]!r})")
        why = forms.problem(label, e.get("norm"))
        if why:
            problems.append(f"{where} {span!r}: {why}")
    ordered = sorted(placed, key=lambda e: (e["start"], e["end"]))
    for before, after in zip(ordered, ordered[1:]):
        if after["start"] < before["end"]:
            problems.append(f"{before['label']} {before['start']}-{before['end']} overlaps "
                            f"{after['label']} {after['start']}-{after['end']}")
    return problems
