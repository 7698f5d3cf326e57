"""Hostile files, made here: what an adversarial run threw at polex. Each is
(name, bytes, what ingest must make of it): the text it must hold, or the
cause of its error. `MUST_HOLD` texts are checked as substrings."""
from pdf_fixtures import column, pdf

BIG_BLOCK = b"Japan and Kenya. " * 700_000  # one text node of 11.9 MB
NESTED = 100_000
MUST_HOLD, ERROR = "holds", "error"

FILES = [
    ("unclosed-embed.html", b"<html><body><p>Japan<embed src=x.swf><p>Kenya and Chile signed.</p></body></html>",
     MUST_HOLD, "Japan\nKenya and Chile signed."),
    ("unclosed-divs.html", b"<html><body>" + b"".join(b"<div><p>Item %d" % i for i in range(400)) + b"</body></html>",
     MUST_HOLD, "Item 253\nItem 254\nItem 255"),
    ("big-block.html", b"<html><body><p>" + BIG_BLOCK + b"</p></body></html>", MUST_HOLD, "Kenya. Japan and Kenya."),
    ("nested.html", b"<html><body>" + b"<span>" * NESTED + b"Japan, deep inside</body></html>", MUST_HOLD, "Japan, deep inside"),
    ("xhtml.html", b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
     b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title>'
     b"</head><body><p>Caf\xc3\xa9 talks in Japan.</p></body></html>", MUST_HOLD, "Café talks in Japan."),
    ("form-feed.txt", b"Notes\nKenya\fJapan\n", MUST_HOLD, "Kenya\nJapan"),
    ("zero-width.txt", "Notes\nThe World\u200b Bank met Ja\u200bpan and \u202eKenya\u202c.\n".encode(), MUST_HOLD,
     "The World Bank met Japan and Kenya."),
    ("mixed-encoding.txt", "Notes\nCôte d’Ivoire\n".encode() + "São Tomé – 5 €\n".encode("cp1252"), MUST_HOLD,
     "Côte d’Ivoire\nSão Tomé – 5 €"),
    ("formula.txt", b"=HYPERLINK(\"http://example.invalid\",\"x\")\n@SUM(A1)\nJapan paid $5 million.\n", MUST_HOLD, "=HYPERLINK"),
    ("empty.txt", b"", ERROR, "the file is empty"),
    ("binary.txt", bytes(range(256)) * 4, ERROR, "binary content (NUL bytes), not text"),
    ("fake.pdf", b"Just some text", ERROR, "named .pdf but holds text content"),
    ("truncated.pdf", pdf([column(72, 700, ["Japan"])])[:400], ERROR, "truncated or corrupt PDF"),
    ("twin.txt", b"Japan", ERROR, "twin.txt shares its document id 'twin' with twin.html"),
    ("twin.html", b"<p>Japan</p>", ERROR, "twin.html shares its document id 'twin' with twin.txt"),
]
META = {  # meta files beside some of them
    "formula.meta.json": b'{"title": "=cmd|\' /C calc\'!A0", "source": "@evil"}',
    "form-feed.meta.json": b'{"date": "9999-99-99"}',
}
META_ERRORS = {"form-feed": "form-feed.meta.json: date: date '9999-99-99': the year must be from 1000 to 2999"}
LINK = ("passwd.txt", "passwd.txt is a link to a file outside the corpus folder")  # made by `write`


def write(folder, outside) -> None:
    """Every hostile file into `folder`; the link points at a file in `outside`."""
    for name, data, _, _ in FILES:
        (folder / name).write_bytes(data)
    for name, data in META.items():
        (folder / name).write_bytes(data)
    secret = outside / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / LINK[0]).symlink_to(secret)
