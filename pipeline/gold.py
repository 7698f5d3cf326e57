"""The gold format (docs/annotation-guidelines.md): one JSON object per line,
label, start, end, text, norm. Reading validates every line against the text."""
from __future__ import annotations

import json
from pathlib import Path

LABELS = ("ORG", "COUNTRY", "DATE", "AMOUNT")
FIELDS = ("label", "start", "end", "text", "norm")
DRAFT_MARKER = "_draft"  # a line {"_draft": ...} marks a file nobody has corrected yet


class GoldError(ValueError):
    pass


def read_gold(path: Path, text: str) -> list[dict]:
    path = Path(path)
    entities = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            item = json.loads(line)
        except ValueError as err:
            raise GoldError(f"{where}: not valid JSON ({err.msg})") from None
        if not isinstance(item, dict):
            raise GoldError(f"{where}: expected a JSON object")
        if DRAFT_MARKER in item:
            raise GoldError(f"{where}: draft gold, made from predictions; correct it and delete this line")
        missing = [f for f in FIELDS if f not in item]
        if missing:
            raise GoldError(f"{where}: missing {', '.join(missing)}")
        if item["label"] not in LABELS:
            raise GoldError(f"{where}: unknown label {item['label']!r}; use one of {', '.join(LABELS)}")
        start, end = item["start"], item["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise GoldError(f"{where}: bad offsets {start}-{end} for a text of {len(text)} characters")
        if text[start:end] != item["text"]:
            raise GoldError(f"{where}: text {item['text']!r} does not match the document at {start}-{end}: {text[start:end]!r}")
        entities.append({f: item[f] for f in FIELDS})
    entities.sort(key=lambda e: e["start"])
    for before, after in zip(entities, entities[1:]):
        if after["start"] < before["end"]:
            raise GoldError(f"{path}: {before['text']!r} at {before['start']} overlaps {after['text']!r} at {after['start']}")
    return entities


def write_gold(path: Path, entities: list[dict]) -> None:
    from pipeline.cache import atomic_write

    lines = [json.dumps({f: e[f] for f in FIELDS}, ensure_ascii=False) for e in sorted(entities, key=lambda e: e["start"])]
    atomic_write(Path(path), "".join(line + "\n" for line in lines))
