"""Plain text: bytes to clean text. Offsets everywhere refer to what this returns."""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from charset_normalizer import from_bytes

from pipeline.ingest.errors import DocumentError

# Characters that end a line without being `\n`: form feed (a page break),
# vertical tab, next line, line and paragraph separators.
_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
# C0/C1 control characters other than tab and newline, and stray surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, cp1252, else the charset
    that charset-normalizer detects. Raises DocumentError for binary content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                if encoding == "utf-8-sig" and _few_broken_bytes(data):
                    # The mark says UTF-8; a byte broken in copying (a quote cut to `?`)
                    # becomes U+FFFD rather than costing the whole document.
                    return data.decode(encoding, errors="replace")
                raise DocumentError(f"invalid {encoding} after its byte-order mark ({err.reason})", "re-save the file as UTF-8") from None
    if b"\x00" in data[:4096]:
        raise DocumentError("binary content (NUL bytes), not text", "check the file: it is not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Western documents that are not UTF-8 are nearly always cp1252; it leaves
    # five bytes undefined, so other encodings mostly fail it and go to detection.
    # A file pasted together from UTF-8 and cp1252 parts is decoded line by line.
    try:
        return "".join(_utf8_or_cp1252(line) for line in data.splitlines(keepends=True))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("binary content: no text encoding fits", "check the file: it is not a text document")
    return str(best)


# At most one undecodable byte in this many: more means the mark is wrong, not a few bytes.
BROKEN_BYTES_PER = 1000


def _few_broken_bytes(data: bytes) -> bool:
    broken = data.decode("utf-8-sig", errors="replace").count("\ufffd")
    return broken * BROKEN_BYTES_PER <= len(data)


def _utf8_or_cp1252(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252")


@functools.cache
def _format_characters() -> dict[int, None]:
    """Unicode's format characters (category Cf), for str.translate to delete;
    the planes that hold them: basic, supplementary and special-purpose."""
    planes = (range(0x10000), range(0x10000, 0x20000), range(0xE0000, 0xE1000))
    return {c: None for plane in planes for c in plane if unicodedata.category(chr(c)) == "Cf"}


def clean(text: str) -> str:
    """`\\r\\n`, `\\r`, form feeds and other line breaks to `\\n`, NFC, control
    characters removed, and format characters too: zero-width spaces and
    joiners, soft hyphens and bidi marks are invisible, and a name they sit
    in (`Ja\\u200bpan`) is one word to a reader."""
    text = _BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    return text if text.isascii() else text.translate(_format_characters())


def check_text(text: str) -> None:
    if not text.strip():
        raise DocumentError("the document is empty or only white space", "remove it or put its text in the file")
    printable = sum(ch.isprintable() or ch in "\n\t" for ch in text[:20000])
    if printable < 0.9 * min(len(text), 20000):
        raise DocumentError("binary content: mostly unprintable characters", "check the file: it is not a text document")


def read_text(data: bytes) -> str:
    text = clean(decode(data))
    check_text(text)
    return text


def read_plain(data: bytes) -> dict:
    return {"text": read_text(data), "title": "", "date": "", "headings": [], "pages": []}
