"""DATE: finds calendar expressions with the rules in models/dates/ and
normalizes them to the guideline's ISO 8601 values. Finding is the rule set's
job (data); normalizing is `normalize` below, which reads only named groups.
No spaCy here: ingest reads document dates with these rules too."""
from __future__ import annotations

import re
from pathlib import Path

from pipeline.casing import titled_caps_lines
from pipeline.lexicon import alternation, expand, longest_matches, read_table

SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month, to place `last fall`
TABLES = ("months", "seasons", "ordinals", "relatives", "modifiers")
_EDGE_BEFORE = r"(?<![\w$€£¥.,/–-])"
_EDGE_AFTER = r"(?![\w]|[–-]\d)"  # `2018–23–51` is an identifier, not a date
_YEAR = re.compile(_EDGE_BEFORE + r"(?:1[6-9]|20)\d\d" + r"(?![\w]|[.,]\d)")


class DateRules:
    def __init__(self, data_dir: Path):
        data_dir = Path(data_dir)
        self.tables = {name: read_table(data_dir / f"{name}.tsv") for name in TABLES}
        self.not_before = {r["word"] for r in read_table(data_dir / "not_dates.tsv")}
        fragments = {row["name"]: row["regex"] for row in read_table(data_dir / "fragments.tsv")}
        for name, rows in self.tables.items():
            fragments[name] = alternation([row["name"] for row in rows])
        self.month = {r["name"]: int(r["month"]) for r in self.tables["months"]}
        self.season = {r["name"]: r["season"] for r in self.tables["seasons"]}
        self.ordinal = {r["name"]: int(r["number"]) for r in self.tables["ordinals"]}
        self.relative = {r["name"]: int(r["offset"]) for r in self.tables["relatives"]}
        self.rules = []
        for row in read_table(data_dir / "rules.tsv"):
            body = expand(row["pattern"], fragments)
            try:
                regex = re.compile(_EDGE_BEFORE + "(?:" + body + ")" + _EDGE_AFTER)
            except re.error as err:
                raise ValueError(f"{data_dir / 'rules.tsv'}: rule {row['name']}: {err}") from None
            self.rules.append(regex)

    def find(self, text: str, anchor: str = "") -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, norm), longest match first."""
        text = titled_caps_lines(text) or text  # `28 FEBRUARY 2011` in a heading
        found = []
        for start, end, m in longest_matches(self.rules, text):
            before = text[max(0, start - 20):start].split()
            if text[start].isdigit() and before and before[-1] in self.not_before:
                continue  # `resolution 1964`, `No. 2001`
            norm = self.normalize(m.groupdict(), anchor, self.context_year(text, start))
            if norm:
                found.append((start, end, norm))
        return found

    @staticmethod
    def context_year(text: str, start: int) -> str:
        """The nearest explicit year before `start` in the same paragraph (line)."""
        line_start = text.rfind("\n", 0, start) + 1
        years = _YEAR.findall(text, line_start, start)
        return years[-1] if years else ""

    def normalize(self, g: dict, anchor: str, context_year: str = "") -> str:
        g = {k: v for k, v in g.items() if v}
        anchor_year = anchor[:4] if anchor[:4].isdigit() else ""
        anchor_month = int(anchor[5:7]) if anchor_year and anchor[5:7].isdigit() else 0
        if "rel" in g:
            return self._relative(g, anchor, anchor_year, anchor_month)
        if "decade" in g:
            first = g["decade"][:3] + "X"
            return f"{first}/{g['decade2'][:3]}X" if "decade2" in g else first
        if "century" in g:
            return f"{self.ordinal[g['century']] - 1:02d}XX"
        if "fy" in g:
            return f"FY{g['fy']}/FY{g['fy'][:2]}{g['fy2']}" if "fy2" in g else f"FY{g['fy']}"
        end_year = g.get("y2") or (g["y"][:2] + g["yy2"] if "yy2" in g and "y" in g else "")
        year = g.get("y") or end_year or context_year or anchor_year or "XXXX"
        if "mn" in g:  # day first (15/03/2016), unless the second number is no month (03/15/2016)
            first, second = int(g["dn"]), int(g["mn"])
            day, month = (first, second) if second <= 12 else (second, first)
            return f"{year}-{month:02d}-{day:02d}" if month <= 12 else ""
        start = self._point(year, g.get("m"), g.get("d"), g)
        if not any(k in g for k in ("y2", "yy2", "m2", "d2")):
            return start
        end = self._point(end_year or year, g.get("m2") or g.get("m"), g.get("d2"), g)
        return f"{start}/{end}"

    def _point(self, year: str, month: str | None, day: str | None, g: dict) -> str:
        if "season" in g:
            return f"{year}-{self.season[g['season']]}"
        if "q" in g:
            return f"{year}-Q{self.ordinal.get(g['q'], 0) or int(g['q'])}"
        if "h" in g:
            return f"{year}-H{self.ordinal.get(g['h'], 0) or int(g['h'])}"
        value = year
        if month:
            value += f"-{self.month[month]:02d}"
            if day:
                value += f"-{int(day.rstrip('stndrh')):02d}"
        return value

    def _relative(self, g: dict, anchor: str, year: str, month: int) -> str:
        offset = self.relative[g["rel"]]
        unit = " ".join(g.get("unit", "").split())
        if not year:
            return "XXXX" + (f"-{self.month[g['m']]:02d}" if "m" in g else "")
        y = int(year)
        if "season" in g:
            start = SEASON_MONTH[self.season[g["season"]]]
            if month and offset < 0 and start + 2 >= month:  # `last fall` said in November is the year before's
                y -= 1
            elif month and offset > 0 and start <= month:
                y += 1
            return f"{y}-{self.season[g['season']]}"
        if "m" in g:
            m = self.month[g["m"]]
            if unit == "year":
                return f"{y + offset}-{m:02d}"
            if month and offset < 0 and m >= month:
                y -= 1
            elif month and offset > 0 and m <= month:
                y += 1
            return f"{y}-{m:02d}"
        if unit == "year" and "h" in g:
            return f"{y + offset}-H{self.ordinal[g['h']]}"
        if unit == "year" and "q" in g:
            return f"{y + offset}-Q{self.ordinal[g['q']]}"
        if unit == "year":
            return str(y + offset)
        if unit.endswith(" year"):  # `next fiscal year`
            return f"FY{y + offset}"

        if unit == "month" and month:
            index = y * 12 + month - 1 + offset
            return f"{index // 12}-{index % 12 + 1:02d}"
        if unit == "quarter" and month:
            index = y * 4 + (month - 1) // 3 + offset
            return f"{index // 4}-Q{index % 4 + 1}"
        return anchor  # finer than the document date: resolve at its precision
