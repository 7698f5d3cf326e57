"""Saved web pages: the main content as text, with headings as hints. Nothing
is fetched: no network, no external entities, no DTD loading."""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from pipeline.ingest.errors import DocumentError
from pipeline.ingest.text import check_text, clean, decode
from pipeline.meta import page_title

DROP_TAGS = ("script", "style", "noscript", "nav", "aside", "form", "iframe",
             "svg", "select", "button", "template", "menu", "object", "embed")
BOILERPLATE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|header|cookie|consent|banner|breadcrumbs?|sidebar|skip|share|social|language|country-selector|subscribe)(?:$|[\s_-])", re.I)
BLOCKS = {"p", "div", "section", "article", "main", "li", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
          "blockquote", "pre", "dd", "dt", "dl", "br", "hr", "td", "th", "caption", "figure", "figcaption", "address"}
MIN_CONTENT_CHARS = 200  # paragraph text a block needs to count as the page's content
LINK_CONTAINERS = {"ul", "ol", "div", "section", "table", "p", "dl", "span", "td"}
MIN_MENU_LINKS = 5
MENU_LINK_SHARE = 0.7  # of a block's words inside links
DATE_META = ("article:published_time", "datePublished", "date", "dc.date", "dc.date.issued", "dcterms.date",
             "dcterms.issued", "pubdate", "publication_date", "citation_publication_date")


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)


def parse(data: bytes):
    try:
        root = lxml.html.document_fromstring(decode(data), parser=_parser())
    except (etree.ParserError, ValueError) as err:
        raise DocumentError(f"not readable as HTML ({err})", "open it in a browser and save it again as HTML") from None
    return root


def _is_boilerplate(el) -> bool:
    if not isinstance(el.tag, str):
        return True
    if el.tag in DROP_TAGS:
        return True
    if el.tag in ("header", "footer"):  # the page's, not an article's own headline or byline
        return not any(a.tag in ("article", "main") for a in el.iterancestors())
    role = (el.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "search", "menu", "menubar"):
        return True
    marks = f"{el.get('class') or ''} {el.get('id') or ''}"
    if BOILERPLATE.search(marks) and el.tag not in ("body", "main", "article"):
        return True
    return el.tag in LINK_CONTAINERS and _link_dense(el)


def _link_dense(el) -> bool:
    """A block that is mostly links (a menu of 150 countries, a list of related
    pages) is navigation, whatever its markup says."""
    links = el.findall(".//a")
    if len(links) < MIN_MENU_LINKS:
        return False
    total = len("".join(el.itertext()).split())
    linked = sum(len(a.text_content().split()) for a in links)
    return total > 0 and linked / total >= MENU_LINK_SHARE


def main_content(root):
    """The one <article>, else <main>, else the block that holds the most
    paragraph text (a page with no markup for its content), else <body>."""
    articles = root.xpath("//article")
    if len(articles) == 1:
        return articles[0]
    for xpath in ("//main", "//*[@role='main']"):
        found = root.xpath(xpath)
        if found:
            return found[0]
    credit: dict = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None and not any(_is_boilerplate(a) for a in paragraph.iterancestors()):
            credit[parent] = credit.get(parent, 0) + len(paragraph.text_content())
    if credit:
        best = max(credit, key=credit.get)
        if credit[best] >= MIN_CONTENT_CHARS:
            return best
    body = root.find("body")
    return body if body is not None else root


def metadata(root) -> tuple[str, str]:
    title, date = "", ""
    metas = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        if key and meta.get("content"):
            metas.setdefault(key.lower(), meta.get("content").strip())
    title = metas.get("og:title") or metas.get("dc.title") or ""
    if not title:
        el, h1 = root.find(".//title"), root.find(".//h1")
        title = page_title(" ".join(el.text_content().split()) if el is not None else "", metas.get("og:site_name", ""),
                           " ".join(h1.text_content().split()) if h1 is not None else "")
    for key in DATE_META:
        if metas.get(key.lower()):
            date = metas[key.lower()][:10]
            break
    if not date:
        for el in root.iter("time"):
            if el.get("datetime"):
                date = el.get("datetime")[:10]
                break
    return title, date


def render(node) -> tuple[str, list[dict]]:
    """Text of `node`, one line per block, list items as `- `; and each
    heading's span and level."""
    blocks: list[tuple[str, int]] = []  # (text, heading level or 0)
    buffer: list[str] = []

    def flush(level: int = 0):
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            blocks.append((text, level))

    def walk(el):
        if _is_boilerplate(el):
            if isinstance(el.tag, str) and el.tail:
                buffer.append(el.tail)
            return
        tag = el.tag
        heading = int(tag[1]) if tag in ("h1", "h2", "h3", "h4", "h5", "h6") else 0
        if tag in BLOCKS:
            flush()
        if tag == "li":
            buffer.append("- ")
        if el.text:
            buffer.append(el.text)
        for child in el:
            walk(child)
        if tag in BLOCKS:
            flush(heading)
        if el.tail:
            buffer.append(el.tail)

    walk(node)
    flush()
    text, headings = "", []
    for block, level in blocks:
        block = clean(block)
        if text:
            text += "\n"
        if level:
            headings.append({"start": len(text), "end": len(text) + len(block), "level": level})
        text += block
    return text, headings


def read_html(data: bytes) -> dict:
    root = parse(data)
    title, date = metadata(root)
    text, headings = render(main_content(root))
    check_text(text)
    return {"text": text, "title": title, "date": date, "headings": headings, "pages": []}
