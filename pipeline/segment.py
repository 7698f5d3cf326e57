"""The section tree of a document: numbered headings (`1.`, `(1)`, `a.`),
bracketed labels (`(Asian region)`), bullets that head body text, headings
that run on at the end of a line (`... etc. - Tackling high-tech crime`), and
the ingest stage's heading hints (HTML h1-h6, large PDF fonts). Heading styles
and boilerplate lines are data in models/segment/."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.lexicon import read_table

# A heading that runs on at a line's end: " - Title" after the last sentence.
_RUN_ON = re.compile(r"\s-\s+(?=[A-Z\"'(])")
# Text before a run-on heading: a sentence or more, not a bullet's own dash.
MIN_RUN_ON_PREFIX = 40
SHORT_LINE = 60  # a group title inside a contents block (`Figures`) is no longer
MAX_ENTRY_CHARS = 300  # nor a contents entry
# Most white space between a run-on heading's dash and its title.
MAX_RUN_ON_GAP = 16


def _key(line: str) -> str:
    return " ".join(line.lower().split())


@dataclass
class Section:
    section_id: str
    parent_id: str
    level: int
    number: str
    title: str
    start: int
    end: int


@dataclass
class Heading:
    start: int
    style: str
    number: str
    title: str
    hint_level: int = 0  # from ingest: HTML hN or PDF font rank
    kind: str = "numbered"
    new_document: bool = False  # from ingest: the next document of a compilation starts here


class Segmenter:
    def __init__(self, data_dir: Path, max_title_chars: int = 160):
        data_dir = Path(data_dir)
        self.styles = [(r["name"], r["kind"], re.compile(r["regex"])) for r in read_table(data_dir / "headings.tsv")]
        self.boilerplate = {_key(r["line"]) for r in read_table(data_dir / "boilerplate.tsv")}
        contents = read_table(data_dir / "contents.tsv")
        self.entry = [re.compile(r["regex"]) for r in contents if r["kind"] == "entry"]
        self.bare = [re.compile(r["regex"]) for r in contents if r["kind"] == "bare"]
        self.contents_title = [re.compile(r["regex"], re.I) for r in contents if r["kind"] == "title"]
        self.not_heading = [re.compile(r["regex"], re.I) for r in read_table(data_dir / "not_headings.tsv")]
        self.max_title = max_title_chars

    def content_end(self, text: str) -> int:
        """Where trailing boilerplate (`Back to Index`) begins."""
        end = len(text)
        while end > 0:
            line_start = text.rfind("\n", 0, end - 1) + 1 if end > 1 else 0
            line = _key(text[line_start:end])
            if line and line not in self.boilerplate:
                break
            end = line_start
        return end

    def classify(self, line: str) -> tuple[str, str, str, str] | None:
        """(style, kind, number, title) of a line that has a heading's shape."""
        stripped = line.strip()
        for name, kind, regex in self.styles:
            m = regex.match(stripped)
            if m:
                groups = m.groupdict()
                return name, kind, groups.get("number") or "", (groups.get("title") or "").strip()
        return None

    def is_title(self, title: str) -> bool:
        return 0 < len(title) <= self.max_title and not title.endswith((".", ";", ",")) and not self.continued(title)

    def continued(self, title: str) -> bool:
        """`ESTIMATED COSTS—Continued`: a part begun earlier goes on, no new section."""
        return any(r.search(title) for r in self.not_heading)

    def contents(self, text: str, hints: list[dict] = ()) -> list[tuple[int, int]]:
        """Spans of contents blocks (models/segment/contents.tsv): runs of
        entry lines, with the short lines between them and a contents title
        just above; blank lines do not end a run. An entry names a heading
        where its text comes again as a heading: a line with a heading's
        shape, or one the ingest stage's `hints` mark (HTML hN, large or bold
        PDF type)."""
        hinted = {h["start"] for h in hints}
        lines, last_seen, pos = [], {}, 0  # last_seen: a heading's text -> the last line that holds it
        for line in text.split("\n"):
            stripped = line.strip()
            shape = self.classify(stripped) if stripped else None
            if pos + len(line) - len(line.lstrip()) in hinted or shape and shape[1] != "item":
                last_seen[_key(stripped)] = len(lines)
            lines.append(((pos, pos + len(line)), stripped))
            pos += len(line) + 1
        blocks, run = [], []
        for i, (_, stripped) in enumerate(lines):
            if not stripped:
                continue
            if self._leader_entry(stripped) or self._bare_entry(stripped) or len(stripped) <= SHORT_LINE \
                    and not stripped.endswith("."):
                run.append(i)
                continue
            blocks.append(self._block(lines, run, last_seen))
            run = []
        blocks.append(self._block(lines, run, last_seen))
        return [b for b in blocks if b]

    def _leader_entry(self, line: str) -> bool:
        return len(line) <= MAX_ENTRY_CHARS and any(r.match(line) for r in self.entry)

    def _bare_entry(self, line: str) -> re.Match | None:
        if len(line) > MAX_ENTRY_CHARS:  # no entry is that long, and the regexes stay linear
            return None
        return next((m for m in (r.match(line) for r in self.bare) if m), None)

    def _block(self, lines, run: list[int], last_seen: dict[str, int]) -> tuple[int, int] | None:
        """The contents block a run of short lines holds, if any: from its
        title (or first entry) to its last entry."""
        texts = {i: lines[i][1] for i in run}
        title = next((i for i in run if any(r.match(texts[i]) for r in self.contents_title)), None)
        leaders = [i for i in run if self._leader_entry(texts[i])]
        if len(leaders) >= 2:
            return lines[leaders[0] if title is None else title][0][0], lines[leaders[-1]][0][1]
        after = [i for i in run if title is None or i > title]
        bare = {i: m for i in after if (m := self._bare_entry(texts[i]))}
        pages = [int(m.group("page")) for m in bare.values()]
        end = run[-1] if run else 0

        def repeated(keys: dict[int, str]) -> list[int]:
            """The entries whose text comes again as a heading after the run."""
            return [i for i, key in keys.items() if last_seen.get(key, -1) > end]

        if len(bare) >= 2 and pages == sorted(pages):
            named = repeated({i: _key(m.group("entry")) for i, m in bare.items()})
            if title is not None or len(bare) >= 3 and 2 * len(named) >= len(bare):
                return lines[min(bare) if title is None else title][0][0], lines[max(bare)][0][1]
        elif not bare and title is not None:
            named = repeated({i: _key(texts[i]) for i in after})
            if len(named) >= 2 and 2 * len(named) >= len(after):
                return lines[title][0][0], lines[max(named)][0][1]
        return None

    def run_on(self, line: str) -> int | None:
        """Offset in `line` of a heading run on at its end, if any. A title is
        at most max_title long, so only the line's tail can hold one: looking
        there keeps a long line of run-on headings linear."""
        tail = max(0, len(line.rstrip()) - self.max_title - MAX_RUN_ON_GAP)
        for m in _RUN_ON.finditer(line, tail):
            rest = line[m.end():]
            if m.start() >= MIN_RUN_ON_PREFIX and self.is_title(rest.rstrip()) and not re.search(r"[.!?]\s", rest):
                return m.start() + 1
        return None

    def headings(self, text: str, end: int, hints: list[dict]) -> list[Heading]:
        lines = []
        pos = 0
        for line in text[:end].split("\n"):
            lines.append((pos, line))
            pos += len(line) + 1
        shapes = [self.classify(line) for _, line in lines]
        found: list[Heading] = []
        hinted = {h["start"]: h["level"] for h in hints}
        new_documents = {h["start"] for h in hints if h.get("new_document")}
        skipped = self.contents(text[:end], hints)
        for i, ((start, line), shape) in enumerate(zip(lines, shapes)):
            if not line.strip() or any(s <= start < e for s, e in skipped):
                continue
            lead = len(line) - len(line.lstrip())
            nxt = next((j for j in range(i + 1, len(lines)) if lines[j][1].strip()), None)
            body_follows = nxt is not None and shapes[nxt] is None and lines[nxt][0] + lead not in hinted
            if start + lead in hinted:
                if not self.continued(line.strip()):
                    new = start + lead in new_documents  # a top-level section; the new document's headings go under it
                    level = 1 if new else hinted[start + lead]
                    found.append(Heading(start + lead, f"h{level}", "", line.strip(), level, new_document=new))
            elif shape and self.is_title(shape[3]):
                style, kind, number, title = shape
                if kind != "item" or body_follows:
                    found.append(Heading(start + lead, style, number, title, kind=kind))
            offset = self.run_on(line)
            if offset is not None and body_follows:
                title = line[offset:].strip()[1:].strip()
                found.append(Heading(start + offset, "bullet", "-", title, kind="item"))
        return found

    def segment(self, text: str, title: str = "", hints: list[dict] | None = None) -> tuple[list[Section], int]:
        """The sections, the root `0` first, and where the content ends."""
        end = self.content_end(text)
        root = Section("0", "", 0, "", title, 0, end)
        sections = [root]
        stack: list[tuple[Heading, Section]] = []
        children: dict[str, int] = {}
        for heading in self.headings(text, end, hints or []):
            depth = self._depth(stack, heading)
            for _, open_section in stack[depth:]:
                open_section.end = heading.start
            stack = stack[:depth]
            parent = stack[-1][1] if stack else root
            children[parent.section_id] = children.get(parent.section_id, 0) + 1
            prefix = "" if parent is root else parent.section_id + "."
            section = Section(f"{prefix}{children[parent.section_id]}", parent.section_id, depth + 1,
                              heading.number, heading.title, heading.start, end)
            sections.append(section)
            stack.append((heading, section))
        return sections, end

    @staticmethod
    def _depth(stack: list[tuple[Heading, Section]], heading: Heading) -> int:
        """How many open sections stay open above the new heading."""
        if heading.new_document:
            return 0
        for depth, (open_heading, _) in enumerate(stack):
            if heading.hint_level and open_heading.hint_level and open_heading.hint_level >= heading.hint_level:
                return depth
            if not heading.hint_level and open_heading.style == heading.style:
                return depth
        if heading.kind == "label":  # `(Asian region)` groups bullets; it never sits under one
            for depth, (open_heading, _) in enumerate(stack):
                if open_heading.kind == "item":
                    return depth
        return len(stack)


def section_lookup(sections: list[Section]):
    """position -> id of the innermost section holding it ("" in boilerplate).
    Sections nest, so the holder that starts last is the innermost."""
    ordered = sorted(sections, key=lambda s: (s.start, s.level))
    starts = [s.start for s in ordered]

    def lookup(position: int) -> str:
        for section in reversed(ordered[: bisect_right(starts, position)]):
            if position < section.end:
                return section.section_id
        return ""

    return lookup


def to_rows(sections: list[Section]) -> list[dict]:
    return [asdict(s) for s in sections]


@dataclass(frozen=True)
class Segment:
    models: Path
    max_title_chars: int

    def load(self):
        from pipeline.worker import one_by_one

        segmenter = Segmenter(self.models, self.max_title_chars)

        def segment(doc: dict) -> dict:
            sections, content_end = segmenter.segment(doc["text"], doc["title"], doc["headings"])
            contents = [list(span) for span in segmenter.contents(doc["text"][:content_end], doc["headings"])]
            return {"doc_id": doc["doc_id"], "content_end": content_end, "sections": to_rows(sections),
                    "contents": contents}

        return one_by_one(segment)


def main() -> None:
    from pipeline.cache import Task, document_files, read_input, run_documents, stage_of
    from pipeline.config import load_params, stage_args

    args = stage_args("Stage `segment`: ingested documents -> section trees.", "docs", "models")
    params = load_params(args.params)
    settings = params["segment"]
    # A document takes milliseconds here, less than sending it to a Dask worker.
    stage = stage_of("segment", args, settings, strict=params.get("strict", False), distributed=False)

    def tasks() -> list[Task]:
        return [Task(p.stem, [p], lambda p=p: read_input(p)) for p in document_files(args.docs)]

    run_documents(stage, Segment(args.models, settings["max_title_chars"]), tasks, watch=[args.docs])


if __name__ == "__main__":
    main()
