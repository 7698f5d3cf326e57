"""Data files under models/: tab-separated tables and regex rule sets.

A table file starts with `#` comment lines (its format header and examples),
then a header row, then one row per entry. `#` lines may also appear between
rows, as the example above a rule.
"""
from __future__ import annotations

import re
from pathlib import Path


def read_table(path: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise ValueError(f"{path}:{lineno}: {len(cells)} cells, header has {len(header)}")
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    return rows


def named_rules(path: Path, names: tuple[str, ...]) -> dict[str, str]:
    """The regexes of a `name<TAB>regex` table that the code asks for by name."""
    rules = {row["name"]: row["regex"] for row in read_table(path)}
    missing = [name for name in names if name not in rules]
    if missing:
        raise ValueError(f"{path}: no rule named {', '.join(missing)}")
    return rules


def column(path: Path, name: str | None = None) -> list[str]:
    rows = read_table(path)
    key = name or (next(iter(rows[0])) if rows else "")
    return [row[key] for row in rows]


def alternation(words: list[str]) -> str:
    """A regex matching any of `words`, longest first, so `Sept.` beats `Sept`."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def indexed_alternation(words: list[str]) -> str:
    """`alternation(words)` for a regex that keeps case, with the words grouped
    by their first character (`(?:J(?:anuary|une)|...)`): `re` tries at a place
    only the words that start with its character, not each word of a long list.
    The matches are the same: two words can both match at one place only if
    they start alike, and a group keeps their order, longest first."""
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        groups.setdefault(word[:1], []).append(word)
    return "(?:" + "|".join(re.escape(first) + "(?:" + "|".join(re.escape(w[1:]) for w in group) + ")"
                            for first, group in groups.items()) + ")"


def spaced(pattern: str) -> str:
    """Let an escaped multi-word alternation match across line breaks and space runs."""
    return pattern.replace(r"\ ", r"\s+")


# `Inter-\n American`: a hyphen at a line end joins its word to the next line's
_HYPHEN_AT_LINE_END = re.compile(r"(?<=\w-)[ \t]*\n\s*(?=\w)")


def collapse(text: str) -> str:
    """Runs of white space as one space, as norms are written; a word hyphenated
    across a line break is written whole (`Inter-American`)."""
    return " ".join(_HYPHEN_AT_LINE_END.sub("", text).split())


_REF = re.compile(r"\{([A-Za-z_]\w*)(?::(\w+))?\}")  # not a quantifier such as {3}


def expand(pattern: str, fragments: dict[str, str]) -> str:
    """Replace `{name}` with its fragment and `{name:group}` with a named group."""

    def sub(match: re.Match) -> str:
        name, group = match.groups()
        if name not in fragments:
            raise KeyError(f"unknown fragment {{{name}}}")
        body = fragments[name]
        return f"(?P<{group}>{body})" if group else f"(?:{body})"

    return _REF.sub(sub, pattern)


def longest_matches(matches: list[list[re.Match]]) -> list[tuple[int, int, re.Match]]:
    """Non-overlapping (start, end, match) of all rules' `matches` (each
    rule's, in the order of the rules: rule_set.RuleSet): longer first, then
    earlier rule. A rule's group named `span` marks the span when it has one."""
    found = []
    for rank, rule_matches in enumerate(matches):
        for m in rule_matches:
            start, end = m.span("span") if "span" in m.re.groupindex else m.span()
            found.append((-(end - start), rank, start, end, m))
    found.sort(key=lambda x: x[:3])
    taken: list[tuple[int, int]] = []
    kept = []
    for _, _, start, end, m in found:
        if not any(start < e and s < end for s, e in taken):
            taken.append((start, end))
            kept.append((start, end, m))
    return sorted(kept, key=lambda k: k[0])
