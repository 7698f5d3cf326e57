"""Plain text: bytes to clean text. Offsets everywhere refer to what this returns."""
from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from pipeline.ingest.errors import DocumentError

# C0/C1 control characters other than tab and newline, and stray surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, cp1252, else the charset
    that charset-normalizer detects. Raises DocumentError for binary content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise DocumentError(f"invalid {encoding} after its byte-order mark ({err.reason})", "re-save the file as UTF-8") from None
    if b"\x00" in data[:4096]:
        raise DocumentError("binary content (NUL bytes), not text", "check the file: it is not a text document")
    # Western documents that are not UTF-8 are nearly always cp1252; it leaves
    # five bytes undefined, so other encodings mostly fail it and go to detection.
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("binary content: no text encoding fits", "check the file: it is not a text document")
    return str(best)


def clean(text: str) -> str:
    """`\\r\\n` and `\\r` to `\\n`, NFC, control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub("", text)


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
