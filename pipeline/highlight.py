"""A document's text as HTML with its entities marked: each mark shows its
label, norm, section and page on hover and has an anchor (`#e<n>`), and each
section's start has one (`#s<section_id>`). Used by the static report and by
the document view of `polex serve`."""
from __future__ import annotations

import html

COLORS = {"ORG": "#7aecec", "COUNTRY": "#feca74", "DATE": "#bfe1d9", "AMOUNT": "#e4e7d2"}
STYLE = ("".join(f"mark.{label}{{background:{color}}}" for label, color in COLORS.items())
         + "mark{padding:0 .15em;border-radius:.2em}mark.focus,mark:target{outline:3px solid #d62728}"
         + "mark small{font-size:.7em;font-weight:bold;margin-left:.3em;color:#555}"
         + ".text{white-space:pre-wrap;line-height:1.9}")


def section_label(section: dict) -> str:
    return " ".join(str(part) for part in (section.get("number"), section.get("title")) if part) or "(untitled)"


def hover(entity: dict, section: dict | None) -> str:
    parts = [entity["label"], entity["norm"]]
    if section is not None:
        parts.append(f"section {section['section_id']}: {section_label(section)}")
    if entity.get("page") not in (None, ""):
        parts.append(f"page {entity['page']}")
    return " · ".join(str(p) for p in parts)


def marked_text(text: str, entities: list[dict], sections: list[dict], focus: str | None = None) -> str:
    """`entities`: dicts with anchor, label, start, end, norm, page, section_id;
    an entity overlapping an earlier one is left unmarked."""
    by_id = {str(s["section_id"]): s for s in sections}
    events = sorted([(int(s["start"]), 0, s) for s in sections] + [(int(e["start"]), 1, e) for e in entities],
                    key=lambda item: (item[0], item[1]))
    out, at = [], 0
    for position, kind, item in events:
        if position < at or position > len(text):
            continue  # inside an entity already marked, or past a cut text
        out.append(html.escape(text[at:position]))
        at = position
        if kind == 0:
            out.append(f'<a id="s{html.escape(str(item["section_id"]))}"></a>')
            continue
        end = min(int(item["end"]), len(text))
        cls = f'{item["label"]} focus' if focus is not None and str(item["anchor"]) == str(focus) else item["label"]
        tip = html.escape(hover(item, by_id.get(str(item["section_id"]))), quote=True)
        out.append(f'<mark id="e{item["anchor"]}" class="{cls}" title="{tip}">{html.escape(text[position:end])}'
                   f'<small>{item["label"]}</small></mark>')
        at = end
    out.append(html.escape(text[at:]))
    return f'<div class="text">{"".join(out)}</div>'
