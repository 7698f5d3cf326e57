"""The gold format (docs/annotation-guidelines.md): one JSON object per line,
label, start, end, text, norm, and optionally `prefix` and `suffix`.

Offsets index the ingested text, which changes when a reader improves. A line
with `prefix`/`suffix` (the text just before and after it, as in the W3C Web
Annotation TextQuoteSelector) is therefore re-anchored: it goes to the
occurrence of its text whose surroundings match best, nearest its old offsets.
A quoted entity the text no longer holds stays in the gold as a miss. Lines
without quotes must match the text at their offsets exactly."""
from __future__ import annotations

import json
from pathlib import Path

LABELS = ("ORG", "COUNTRY", "DATE", "AMOUNT")
FIELDS = ("label", "start", "end", "text", "norm")
QUOTE_CHARS = 32  # characters of context kept on each side of a gold entity
DRAFT_MARKER = "_draft"  # a line {"_draft": ...} marks a file nobody has corrected yet


class GoldError(ValueError):
    pass


def read_gold(path: Path, text: str) -> list[dict]:
    """The entities, sorted by start. A quoted entity that cannot be found in
    `text` comes back with negative offsets, unique in the file (see `is_lost`)."""
    path = Path(path)
    entities, quoted = [], []
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
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            raise GoldError(f"{where}: bad offsets {start}-{end} for a text of {len(text)} characters")
        if "prefix" in item or "suffix" in item:
            quoted.append({**{f: item[f] for f in FIELDS}, "prefix": item.get("prefix", ""), "suffix": item.get("suffix", "")})
            continue
        if end > len(text):
            raise GoldError(f"{where}: bad offsets {start}-{end} for a text of {len(text)} characters")
        if text[start:end] != item["text"]:
            raise GoldError(f"{where}: text {item['text']!r} does not match the document at {start}-{end}: {text[start:end]!r}")
        entities.append({f: item[f] for f in FIELDS})
    entities += anchor(quoted, text)
    entities.sort(key=lambda e: e["start"])
    placed = [e for e in entities if not is_lost(e)]
    for before, after in zip(placed, placed[1:]):
        if after["start"] < before["end"]:
            raise GoldError(f"{path}: {before['text']!r} at {before['start']} overlaps {after['text']!r} at {after['start']}")
    return entities


def is_lost(entity: dict) -> bool:
    return entity["start"] < 0


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` with each run of white space made one space, and for each of its
    characters the offset it came from: readers differ in line breaks."""
    chars, origin = [], []
    for i, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        origin.append(i)
    origin.append(len(text))
    return "".join(chars), origin


def _shared_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _shared_head(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _same_word_edges(folded: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether the occurrence at start-end begins and ends a word where the
    annotated one did: `Egypt` annotated as a word does not move into `Egyptian`."""
    def joined(left: str, right: str) -> bool:
        return bool(left) and bool(right) and left.isalnum() and right.isalnum()
    needle = folded[start:end]
    return (joined(prefix[-1:], needle[:1]) == joined(folded[start - 1:start], needle[:1])
            and joined(needle[-1:], suffix[:1]) == joined(needle[-1:], folded[end:end + 1]))


def anchor(quoted: list[dict], text: str) -> list[dict]:
    """Place each quoted entity on its best occurrence in `text`. Entities
    still where they were, quotes and all, stay; each other one goes to the
    free occurrence that shares the most context, then the nearest to its old
    offset. Each occurrence is used once."""
    if not quoted:
        return []
    folded, origin = _folded(text)
    at_folded = {offset: i for i, offset in enumerate(origin)}
    taken: set[int] = set()  # folded positions already inside a placed entity
    placed: dict[int, dict] = {}

    def place(index: int, item: dict, at: int, length: int) -> None:
        taken.update(range(at, at + length))
        start, end = origin[at], origin[at + length - 1] + 1
        placed[index] = {**{f: item[f] for f in FIELDS}, "start": start, "end": end, "text": text[start:end]}

    order = sorted(range(len(quoted)), key=lambda i: quoted[i]["start"])
    for i in order:
        item = quoted[i]
        start, end = item["start"], item["end"]
        if (text[start:end] == item["text"] and text[max(0, start - len(item["prefix"])):start] == item["prefix"]
                and text[end:end + len(item["suffix"])] == item["suffix"] and start in at_folded):
            place(i, item, at_folded[start], len(_folded(item["text"])[0]))
    lost = 0
    for i in order:
        if i in placed:
            continue
        item = quoted[i]
        needle = _folded(item["text"])[0].strip()
        prefix, suffix = _folded(item["prefix"])[0], _folded(item["suffix"])[0]
        best = None
        at = folded.find(needle) if needle else -1
        while at >= 0:
            if not taken.intersection(range(at, at + len(needle))) and \
                    _same_word_edges(folded, at, at + len(needle), prefix, suffix):
                shared = _shared_tail(folded[max(0, at - len(prefix)):at], prefix) + \
                    _shared_head(folded[at + len(needle):at + len(needle) + len(suffix)], suffix)
                rank = (shared, -abs(origin[at] - item["start"]))
                if best is None or rank > best[0]:
                    best = (rank, at)
            at = folded.find(needle, at + 1)
        if best is None:
            lost += 1
            placed[i] = {**{f: item[f] for f in FIELDS}, "start": -lost, "end": -lost}
        else:
            place(i, item, best[1], len(needle))
    return [placed[i] for i in order]


def quote(entity: dict, text: str) -> dict:
    """The entity with the text around it, so that it survives a change of reader."""
    start, end = entity["start"], entity["end"]
    return {**{f: entity[f] for f in FIELDS}, "prefix": text[max(0, start - QUOTE_CHARS):start],
            "suffix": text[end:end + QUOTE_CHARS]}


def write_gold(path: Path, entities: list[dict], text: str | None = None) -> None:
    """One line per entity, sorted; with `text`, each line carries its quotes."""
    from pipeline.cache import atomic_write

    rows = [quote(e, text) if text is not None else {f: e[f] for f in FIELDS} for e in entities]
    lines = [json.dumps(row, ensure_ascii=False) for row in sorted(rows, key=lambda e: e["start"])]
    atomic_write(Path(path), "".join(line + "\n" for line in lines))
