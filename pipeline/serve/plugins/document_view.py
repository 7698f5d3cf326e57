"""Datasette plugin for `polex serve`: what Datasette lacks.

- `/-/document/<doc_id>`: the document's text with its entities highlighted
  (norm, section and page on hover), its sections linked to their place in
  the text; `?entity=<id>` marks one entity and shows its norm, section and page.
- Every row that names an entity (entities' `text`, a view's `entity_id`)
  links there, and so does a document's title."""
from __future__ import annotations

from urllib.parse import quote

from datasette import Response, hookimpl
from markupsafe import Markup, escape

from pipeline.gold import LABELS
from pipeline.highlight import STYLE, marked_text, section_label

ENTITY_COLUMNS = "id AS anchor, label, start, \"end\", text, norm, page, section_id"


def document_url(doc_id: str, entity=None) -> str:
    url = f"/-/document/{quote(str(doc_id), safe='')}"
    return f"{url}?entity={entity}#e{entity}" if entity is not None else url


def link(url: str, text) -> Markup:
    return Markup(f'<a href="{escape(url)}">{escape(text)}</a>')


def plain(value):
    """A foreign key cell comes as {"value": ..., "label": ...}."""
    return value["value"] if isinstance(value, dict) else value


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    keys = row.keys() if hasattr(row, "keys") else []
    if "doc_id" not in keys or value is None:
        return None
    doc_id = plain(row["doc_id"])
    if table == "entities" and column == "text":
        return link(document_url(doc_id, plain(row["id"])), value)
    if column == "text" and "entity_id" in keys:
        return link(document_url(doc_id, plain(row["entity_id"])), value)
    if column == "title" and (table == "documents" or table is None or "entity_id" in keys):
        return link(document_url(doc_id), value)
    return None


async def document(datasette, request):
    doc_id = request.url_vars["doc_id"]
    db = datasette.get_database()
    found = (await db.execute("SELECT d.*, t.text FROM documents d JOIN texts t USING (doc_id) WHERE doc_id = ?",
                              [doc_id])).first()
    if found is None:
        return Response.html(f"<h1>No document {escape(doc_id)}</h1>", status=404)
    sections = [dict(r) for r in await db.execute(
        "SELECT section_id, parent_id, level, number, title, start FROM sections WHERE doc_id = ? ORDER BY start, level",
        [doc_id])]
    entities = [dict(r) for r in await db.execute(
        f"SELECT {ENTITY_COLUMNS} FROM entities WHERE doc_id = ? ORDER BY start", [doc_id])]
    focus = request.args.get("entity")
    chosen = next((e for e in entities if str(e["anchor"]) == focus), None)
    by_id = {s["section_id"]: s for s in sections}
    context = {
        "doc": dict(found), "style": Markup(STYLE), "sections": sections, "section_label": section_label,
        "text": Markup(marked_text(found["text"], entities, sections, focus)), "entity": chosen,
        "entity_section": by_id.get(chosen["section_id"]) if chosen else None,
        "counts": {label: sum(e["label"] == label for e in entities) for label in LABELS},
        "database": db.name,
    }
    return Response.html(await datasette.render_template("document.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/document/(?P<doc_id>[^/]+)$", document)]
