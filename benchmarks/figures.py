"""outputs/benchmark.json, which several benchmarks add figures to, and the
table each prints of its own figures against their targets."""
from __future__ import annotations

import json
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parent.parent / "outputs" / "benchmark.json"


def merge_figures(figures: dict[str, float]) -> None:
    """Add or replace these figures, keeping the other benchmarks' ones."""
    BENCHMARK.parent.mkdir(exist_ok=True)
    known = json.loads(BENCHMARK.read_text()) if BENCHMARK.exists() else {}
    known.update({k: round(v, 3) for k, v in figures.items()})
    BENCHMARK.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n")


def report_figures(title: str, figures: dict[str, float], targets: dict[str, tuple[str, float]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in ("figure", "value", "target", "met"):
        table.add_column(column)
    for name, value in figures.items():
        op, target = targets.get(name, ("", None))
        met = "" if target is None else ("yes" if (value >= target if op == ">=" else value <= target) else "NO")
        table.add_row(name, f"{value:.2f}", f"{op} {target}" if target is not None else "", met)
    Console().print(table)
