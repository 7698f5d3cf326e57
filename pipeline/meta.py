"""Title and date of a document that has no meta file, read off its top lines."""
from __future__ import annotations

import re
from pathlib import Path

from pipeline.dates import DateRules

TOP_LINES = 10
MAX_TITLE = 200


def infer_title(text: str, rules: DateRules | None = None) -> str:
    """The first short line near the top that is not a date, a web address or a code."""
    for line in text.splitlines()[:TOP_LINES]:
        line = " ".join(line.split())
        if not line or len(line) > MAX_TITLE or line.startswith(("http://", "https://", "www.")):
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
    for line in text.splitlines()[:TOP_LINES]:
        stripped = line.strip()
        if not stripped:
            continue
        for start, end, norm in rules.find(stripped, anchor=""):
            whole = (end - start) >= 0.5 * len(stripped)
            if whole and re.fullmatch(r"\d{4}(?:-\d\d){0,2}", norm):  # a calendar date, not `2002-H1`
                return norm
    return ""


def date_rules(models_dir: Path) -> DateRules:
    return DateRules(Path(models_dir) / "dates")
