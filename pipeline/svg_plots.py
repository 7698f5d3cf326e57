"""The evaluation plots as SVG files: horizontal bars, drawn here so that the
report and `dvc plots show` (which shows an image plot as it is) need no
script and no network."""
from __future__ import annotations

import html

import pandas as pd

PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#b279a2"]
BAR, GAP, LABEL_W, PLOT_W = 12, 8, 260, 360
SHOWN = 60  # documents drawn in the per-document plot


def bars(title: str, categories: list[str], series: dict[str, list[float]]) -> str:
    """Values from 0 to 1; one group of bars per category, one bar per series."""
    group = BAR * len(series) + GAP
    height = 40 + group * len(categories) + 20 * len(series)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{LABEL_W + PLOT_W + 60}" height="{height}" '
           f'font-family="sans-serif" font-size="11"><title>{html.escape(title)}</title>',
           f'<text x="4" y="16" font-size="13" font-weight="bold">{html.escape(title)}</text>']
    for i, category in enumerate(categories):
        y = 30 + i * group
        out.append(f'<text x="{LABEL_W - 6}" y="{y + BAR * len(series) / 2 + 4}" text-anchor="end">'
                   f'{html.escape(category[:40])}</text>')
        for j, (name, values) in enumerate(series.items()):
            value = values[i]
            width = max(0.0, min(1.0, value)) * PLOT_W
            out.append(f'<rect x="{LABEL_W}" y="{y + j * BAR}" width="{width:.1f}" height="{BAR - 2}" '
                       f'fill="{PALETTE[j % len(PALETTE)]}"><title>{html.escape(category)} {html.escape(name)} '
                       f'{value:.3f}</title></rect>'
                       f'<text x="{LABEL_W + width + 4:.1f}" y="{y + j * BAR + BAR - 3}">{value:.3f}</text>')
    legend_y = 30 + group * len(categories) + 6
    for j, name in enumerate(series):
        out.append(f'<rect x="{LABEL_W + j * 110}" y="{legend_y}" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>'
                   f'<text x="{LABEL_W + j * 110 + 14}" y="{legend_y + 9}">{html.escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def per_label(table: pd.DataFrame) -> str:
    """per_label.csv: label, system, precision, recall, f1 -> strict F1 per label and system."""
    grid = table.pivot_table(index="label", columns="system", values="f1", sort=False)
    return bars("Strict F1 per label", list(grid.index), {s: list(grid[s]) for s in grid.columns})


def per_document(table: pd.DataFrame) -> str:
    """per_document.csv: doc_id and one column per score. Beyond SHOWN documents,
    the lowest by the first score: a bar per document of a large corpus would
    make an image too tall to read or to load."""
    scores = [c for c in table.columns if c != "doc_id"]
    title = "F1 per document"
    if len(table) > SHOWN:
        title += f", the {SHOWN} lowest of {len(table):,}"
        table = table.sort_values([scores[0], "doc_id"]).head(SHOWN)
    return bars(title, list(table.doc_id), {c: list(table[c]) for c in scores})
