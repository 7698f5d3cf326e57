"""Saved web pages: the main content as text, with headings as hints.

Pages are parsed as browsers parse them (HTML5 tree construction, lexbor via
selectolax): void elements such as `<embed>` hold nothing, unclosed tags close
where a browser closes them, and there is no limit on depth or text size.
Every walk over the tree is a loop, never recursion. Nothing is fetched: no
network, no external entities, no DTD."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from pipeline.ingest.html_tables import html_tables
from pipeline.ingest.html_tree import TEXT, children, elements
from pipeline.ingest.text import check_text, clean, decode
from pipeline.meta import page_title

DROP_TAGS = ("script", "style", "noscript", "nav", "aside", "form", "iframe",
             "svg", "select", "button", "template", "menu", "object", "embed")
BOILERPLATE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|header|cookie|consent|banner|breadcrumbs?|sidebar|skip|share|social|language|country-selector|subscribe)(?:$|[\s_-])", re.I)
BLOCKS = {"p", "div", "section", "article", "main", "li", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
          "blockquote", "pre", "dd", "dt", "dl", "br", "hr", "td", "th", "caption", "figure", "figcaption", "address"}
CELLS = ("td", "th", "caption")  # what a table's text sits in
# An image's alt text of this many words or more describes the picture as a caption does
# (`With President of Egypt Mohammed Morsi.` under a slider's photo) and is read as the page's
# text; fewer words name an icon or a logo (`RSS icon`, `US Flag`).
MIN_CAPTION_WORDS = 3
MIN_CONTENT_CHARS = 200  # paragraph text a block needs to count as the page's content
LIST_TAGS = {"li", "ul", "ol", "dl", "dt", "dd"}  # a list is part of the block that holds it
LINK_CONTAINERS = {"ul", "ol", "div", "section", "table", "p", "dl", "span", "td"}
MIN_MENU_LINKS = 5
MENU_LINK_SHARE = 0.7  # of a block's words inside links
DATE_META = ("article:published_time", "datePublished", "date", "dc.date", "dc.date.issued", "dcterms.date",
             "dcterms.issued", "pubdate", "publication_date", "citation_publication_date")


def parse(data: bytes):
    return LexborHTMLParser(decode(data))


def _words(node) -> int:
    return len((node.text_content or "").split())


def link_counts(root) -> dict:
    """Per element: (links, words, words inside links) of all it holds, counted
    from the leaves up in one pass, so no block is re-read per ancestor."""
    counts: dict = {}
    for el in reversed(list(elements(root))):  # every element after all it holds
        links = words = linked = 0
        for child in children(el):
            if child.tag == TEXT:
                words += _words(child)
            elif child in counts:
                child_links, child_words, child_linked = counts[child]
                links, words, linked = links + child_links, words + child_words, linked + child_linked
        counts[el] = (links + 1, words, words) if el.tag == "a" else (links, words, linked)
    return counts


def _ancestors(el):
    el = el.parent
    while el is not None and not el.tag.startswith("-"):
        yield el
        el = el.parent


def _is_boilerplate(el, counts: dict, content_words: int) -> bool:
    if el.tag in DROP_TAGS:
        return True
    if el.tag in ("header", "footer"):  # the page's, not an article's own headline or byline
        return not any(a.tag in ("article", "main") for a in _ancestors(el))
    attributes = el.attributes
    role = (attributes.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "search", "menu", "menubar"):
        return True
    marks = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    # A block that holds most of the content's words is its wrapper, whatever
    # its class says (`sidebar-with-body` around a GOV.UK publication's text).
    if BOILERPLATE.search(marks) and el.tag not in ("body", "main", "article") and 2 * counts[el][1] <= content_words:
        return True
    return el.tag in LINK_CONTAINERS and _link_dense(*counts[el])


def _link_dense(links: int, words: int, linked: int) -> bool:
    """A block that is mostly links (a menu of 150 countries, a list of related
    pages) is navigation, whatever its markup says."""
    return links >= MIN_MENU_LINKS and words > 0 and linked / words >= MENU_LINK_SHARE


def main_content(tree, counts: dict):
    """The one <article>, else <main>, else the block that holds the most
    paragraph text (a page with no markup for its content), else <body>."""
    articles = tree.css("article")
    if len(articles) == 1:
        return articles[0]
    for selector in ("main", "[role='main']"):
        found = tree.css_first(selector)
        if found is not None:
            return found
    hidden = {}  # inside boilerplate: decided from the root down
    credit: dict = {}
    page_words = counts[tree.body or tree.root][1]
    for el in elements(tree.root):
        parent = el.parent
        hidden[el] = parent in hidden and (hidden[parent] or _is_boilerplate(parent, counts, page_words))
        if el.tag == "p" and not hidden[el]:
            # A paragraph in a list item is the text of the block around the list
            # (a communique numbered as <ol><li><p>), not of its one item.
            while parent.tag in LIST_TAGS and parent.parent is not None:
                parent = parent.parent
            credit[parent] = credit.get(parent, 0) + len(el.text(deep=True))
    if credit:
        best = max(credit, key=credit.get)
        if credit[best] >= MIN_CONTENT_CHARS:
            return best
    return tree.body or tree.root


def _caption(img) -> str:
    """An image's alt text, one line, where it is a caption (MIN_CAPTION_WORDS)."""
    alt = " ".join((img.attributes.get("alt") or "").split())
    return alt if len(alt.split()) >= MIN_CAPTION_WORDS else ""


def _one_line(el) -> str:
    return clean(" ".join(el.text(deep=True).split()))


def metadata(tree) -> tuple[str, str]:
    title, date = "", ""
    metas = {}
    for meta in tree.css("meta"):
        attributes = meta.attributes
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").strip()
        if key and attributes.get("content"):
            metas.setdefault(key.lower(), attributes["content"].strip())
    title = metas.get("og:title") or metas.get("dc.title") or ""
    if not title:
        el, h1 = tree.css_first("title"), tree.css_first("h1")
        title = page_title(_one_line(el) if el is not None else "", metas.get("og:site_name", ""),
                           _one_line(h1) if h1 is not None else "")
    for key in DATE_META:
        if metas.get(key.lower()):
            date = metas[key.lower()][:10]
            break
    if not date:
        for el in tree.css("time"):
            if el.attributes.get("datetime"):
                date = el.attributes["datetime"][:10]
                break
    return title, date


def render(node, counts: dict) -> tuple[str, list[dict], list[dict]]:
    """Text of `node`, one line per block, list items as `- `; each
    heading's span and level; and the tables (html_tables.py)."""
    blocks: list[tuple[str, int, object]] = []  # (text, heading level or 0, the cell or caption it is in)
    buffer: list[str] = []
    owners: list = []  # the open cells and captions, innermost last
    tables: list[list] = []  # [table, its first block, the block after its last, whether it holds a table]
    open_tables: list[list] = []
    content_words = counts[node][1]

    def flush(level: int = 0):
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            blocks.append((text, level, owners[-1] if owners else None))

    pending = [(node, False)]  # (node, its end reached)
    while pending:
        el, closing = pending.pop()
        if el.tag == TEXT:
            buffer.append(el.text_content or "")
        elif closing:
            if el.tag in BLOCKS:
                flush(int(el.tag[1]) if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6") else 0)
            if el.tag in CELLS:
                owners.pop()
            elif el.tag == "table":
                open_tables.pop()[2] = len(blocks)
        elif not el.tag.startswith("-") and not _is_boilerplate(el, counts, content_words):
            if el.tag in BLOCKS:
                flush()
            if el.tag == "li":
                buffer.append("- ")
            caption = _caption(el) if el.tag == "img" else ""
            if caption:
                flush()
                buffer.append(caption)
                flush()
            if el.tag in CELLS:
                owners.append(el)
            elif el.tag == "table":
                if open_tables:
                    open_tables[-1][3] = True  # a layout table (its own enclosing one is marked by it)
                tables.append([el, len(blocks), len(blocks), False])
                open_tables.append(tables[-1])
            pending.append((el, True))
            pending.extend(reversed([(child, False) for child in children(el)]))
    flush()
    text, headings, spans = "", [], []
    for block, level, _ in blocks:
        block = clean(block)
        if text:
            text += "\n"
        if level:
            headings.append({"start": len(text), "end": len(text) + len(block), "level": level})
        spans.append((len(text), len(text) + len(block)))
        text += block
    return text, headings, html_tables(text, tables, spans, [owner for _, _, owner in blocks])


def read_html(data: bytes) -> dict:
    tree = parse(data)
    title, date = metadata(tree)
    counts = link_counts(tree.root)
    text, headings, tables = render(main_content(tree, counts), counts)
    check_text(text)
    return {"text": text, "title": title, "date": date, "headings": headings, "pages": [], "tables": tables}
