"""A document's title, date and source: from its meta file, checked against
a schema; else from the reader's candidates (PDF metadata, the cover's
largest type, a web page's title) or read off its top lines."""
from __future__ import annotations

import calendar
import json
import re
import unicodedata
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from pipeline.dates import DateRules
from pipeline.lexicon import column

TOP_LINES = 10
MAX_TITLE = 200
# What joins a web page's title to its site's name: `Budget 2019 | Ministry of Finance`.
_SITE_SEPARATOR = re.compile(r"\s+(?:[|–—:-]|::)\s+")
FIRST_YEAR, LAST_YEAR = 1000, 2999  # a document date outside these is a typing error


def calendar_date(value: str) -> str:
    """`value` if it is a calendar date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; else ValueError."""
    found = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if not found:
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else 0 for g in found.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"date {value!r}: the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    if found.group(2) and not 1 <= month <= 12:
        raise ValueError(f"date {value!r}: there is no month {month}")
    if found.group(3) and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"date {value!r}: that day does not exist")
    return value


def one_line(value: str) -> str:
    """Text a terminal and a table show as it is: no control or format characters."""
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise ValueError(f"{value!r} holds control characters")
    return value


class MetaFile(BaseModel):
    """The schema of `<doc_id>.meta.json`; other keys are kept as they are."""
    model_config = ConfigDict(extra="allow", strict=True)

    title: Optional[str] = ""
    date: Optional[str] = ""
    source: Optional[str] = ""
    issuer: Optional[str] = ""  # the issuing body's name (`Bank of Japan`, `World Bank Group Archives`)

    @property
    def extra(self) -> dict:
        return self.model_extra or {}

    @field_validator("title", "source", "issuer")
    @classmethod
    def _plain(cls, value):
        return one_line(value) if value else ""

    @field_validator("date")
    @classmethod
    def _date(cls, value):
        return calendar_date(value) if value else ""


def read_meta(path: Path | None) -> MetaFile:
    """The meta file at `path` (none: empty); ValueError naming the file and the field."""
    if path is None:
        return MetaFile()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as err:
        raise ValueError(f"{Path(path).name}: not a readable JSON meta file ({err})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{Path(path).name}: a meta file holds one JSON object with title, date, source")
    try:
        return MetaFile.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(x) for x in first["loc"]) or "file"
        cause = str(first.get("ctx", {}).get("error") or first["msg"])
        raise ValueError(f"{Path(path).name}: {field}: {cause}") from None


def valid_date(value: str) -> str:
    """`value` if it is a calendar date, else "" (a web page's metadata may hold anything)."""
    try:
        return calendar_date(value)
    except ValueError:
        return ""


def top_lines(text: str) -> list[str]:
    """The first TOP_LINES lines, without splitting the whole text."""
    lines, start = [], 0
    while len(lines) < TOP_LINES and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        lines.append(text[start:end])
        start = end + 1
    return lines


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()).rstrip(":"))


def not_titles(models_dir: Path) -> frozenset[str]:
    return frozenset(_key(line) for line in column(Path(models_dir) / "ingest" / "not_titles.tsv"))


def pick_title(candidates: list[str], skip: frozenset[str] = frozenset()) -> str:
    """The first candidate that is not a generic page word (`Contents`, `Page 1`)."""
    return next((c for c in candidates if c and _key(c) not in skip), "")


def page_title(title: str, site_name: str = "", h1: str = "") -> str:
    """A web page's `<title>` without its site's name (`Budget 2019 | Ministry
    of Finance` -> `Budget 2019`): the part the h1 repeats, else the part that
    is not the site's name, else the first part; with no title, the h1."""
    parts = [p for p in _SITE_SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return title or h1
    for part in parts:
        if h1 and part.lower() == h1.lower():
            return part
    named = [p for p in parts if p.lower() != site_name.lower()]
    return named[0] if named else parts[0]


def infer_title(text: str, rules: DateRules | None = None, skip: frozenset[str] = frozenset()) -> str:
    """The first short line near the top that is not a date, a web address, a
    code or a generic page word."""
    for line in top_lines(text):
        line = " ".join(line.split())
        if not line or len(line) > MAX_TITLE or line.startswith(("http://", "https://", "www.")) or _key(line) in skip:
            continue
        if " " not in line and (re.search(r"\d", line) or line.isupper()):
            continue  # `RS22331`, `ANNEX`: a code or a label, not a title
        if rules and any(end - start >= 0.5 * len(line) for start, end, _ in rules.find(line)):
            continue
        return line
    return ""


def infer_date(text: str, rules: DateRules) -> str:
    """The first line near the top that is essentially a date (`October 2001`,
    `March 3, 2015`, `Issued 3 March 2015`), as its ISO value."""
    for line in top_lines(text):
        stripped = line.strip()
        if not stripped or len(stripped) > MAX_TITLE:
            continue  # a date line is short; the rules on one long line would take quadratic time
        for start, end, norm in rules.find(stripped, anchor=""):
            whole = (end - start) >= 0.5 * len(stripped)
            if whole and re.fullmatch(r"\d{4}(?:-\d\d){0,2}", norm):  # a calendar date, not `2002-H1`
                return norm
    return ""


def date_rules(models_dir: Path) -> DateRules:
    return DateRules(Path(models_dir) / "dates")
