"""PDFs made in the tests with reportlab: nothing is read from outside."""
from io import BytesIO

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = letter


def pdf(pages: list[list[tuple[float, float, str, float]]], header: str = "", encrypt: str | None = None,
        font: str = "") -> bytes:
    """Each page: (x, y, text, font size) lines, or (x, y, text, font size,
    letter spacing in points); an optional running header and page-number
    footer on every page. `font`: one font for every line (else Helvetica,
    bold above 12 points)."""
    buffer = BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter, encrypt=encrypt)
    for number, lines in enumerate(pages, 1):
        if header:
            c.setFont("Helvetica", 8)
            c.drawString(72, HEIGHT - 40, header)
            c.drawString(WIDTH / 2, 30, str(number))
        for x, y, text, size, *spacing in lines:
            written = c.beginText(x, y)
            written.setFont(font or ("Helvetica-Bold" if size > 12 else "Helvetica"), size)
            written.setCharSpace(spacing[0] if spacing else 0)
            written.textOut(text)
            c.drawText(written)
        c.showPage()
    c.save()
    return buffer.getvalue()


def column(x: float, top: float, lines: list[str], size: float = 10, leading: float = 13):
    return [(x, top - i * leading, line, size) for i, line in enumerate(lines)]
