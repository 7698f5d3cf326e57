"""`polex gold`: draft gold from predictions, and exchange with annotation
tools (Label Studio, doccano, spaCy)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from pipeline import layout
from pipeline.cache import atomic_write, read_json
from pipeline.cli_common import fail, load_doc, out, plain, user_path
from pipeline.gold import DRAFT_MARKER, FIELDS, GoldError, write_gold

gold_app = typer.Typer(help="Gold annotations: drafts, import and export.", no_args_is_help=True)


@gold_app.command("init")
def gold_init(doc: str, force: bool = typer.Option(False, "--force", help="Overwrite an existing gold file.")):
    """Write a draft gold file from the current predictions, for a person to correct."""
    load_doc(doc)
    path = layout.GOLD / f"{doc}.jsonl"
    if path.exists() and not force:
        fail(f"{path} exists; use --force to overwrite it with a new draft")
    entities = read_json(layout.ENTITIES / f"{doc}.json")["entities"]
    marker = json.dumps({DRAFT_MARKER: "made from predictions: correct every line, then delete this one"})
    lines = [marker] + [json.dumps({f: e[f] for f in FIELDS}, ensure_ascii=False) for e in entities]
    atomic_write(path, "\n".join(lines) + "\n")
    out.print(plain(f"wrote {path}: {len(entities)} draft entities. Correct them, delete the first line, then `polex run`."))


@gold_app.command("export")
def gold_export(
    doc: str,
    to: str = typer.Option(..., "--format", help="label-studio, doccano or spacy."),
    output: Path = typer.Option(..., "--out", help="File to write."),
):
    """Export a document's gold (or its draft) for an annotation tool."""
    from pipeline.exchange import FORMATS as EXCHANGE, export

    if to not in EXCHANGE:
        fail(f"unknown format '{to}'; use one of {', '.join(EXCHANGE)}")
    text = load_doc(doc)["text"]
    path = layout.GOLD / f"{doc}.jsonl"
    if not path.exists():
        fail(f"no gold for '{doc}'; start one with `polex gold init {doc}`")
    lines = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    entities = [l for l in lines if DRAFT_MARKER not in l]
    export(to, doc, text, entities, user_path(output))
    out.print(plain(f"wrote {output}: {len(entities)} entities of '{doc}' as {to}"))
    if to == "label-studio":
        out.print(f"Label Studio's labeling config for it: {layout.LABEL_STUDIO_CONFIG.absolute()}")


def checked_import(file: Path, fmt: str, doc: Optional[str]) -> dict[Path, tuple[list[dict], str]]:
    """Every document of an export, checked in full before anything is written:
    gold file -> (entities, text). Fails with every problem found."""
    from pipeline.exchange import load
    from pipeline.goldcheck import NormForms, check_doc_id, entity_problems

    try:
        documents = load(fmt, file)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as problem:
        fail(f"{file}: not a {fmt} export ({problem})")
    if doc and len(documents) > 1:
        fail(f"{file}: holds {len(documents)} documents; --doc names only one")
    forms = NormForms(layout.GOLD_NORMS)
    checked, problems = {}, []
    for found_id, (text, entities) in documents.items():
        doc_id = doc or found_id
        if not doc_id:
            fail(f"{file}: the export does not name its document; give --doc")
        try:
            check_doc_id(doc_id)
        except GoldError as problem:
            fail(f"{file}: {problem}")
        if load_doc(doc_id)["text"] != text:
            fail(f"{file}: the text of '{doc_id}' differs from the processed document; annotate the text polex ingested")
        problems += [f"{doc_id}: {p}" for p in entity_problems(entities, text, forms)]
        checked[layout.GOLD / f"{doc_id}.jsonl"] = (entities, text)
    if problems:
        fail(f"{file}: nothing imported, {len(problems)} problems:\n" + "\n".join(f"  {p}" for p in problems))
    return checked


@gold_app.command("import")
def gold_import(
    file: Path,
    fmt: str = typer.Option(..., "--format", help="label-studio, doccano or spacy."),
    doc: Optional[str] = typer.Option(None, "--doc", help="Document id, where the file does not carry one."),
    force: bool = typer.Option(False, "--force", help="Replace existing gold files."),
):
    """Import gold from an annotation tool's export. Everything is checked against
    the documents first; nothing is written unless all of it is right."""
    from pipeline.exchange import FORMATS as EXCHANGE

    if fmt not in EXCHANGE:
        fail(f"unknown format '{fmt}'; use one of {', '.join(EXCHANGE)}")
    if not user_path(file).is_file():
        fail(f"{file}: no such file")
    checked = checked_import(user_path(file), fmt, doc)
    taken = [str(path) for path in checked if path.exists()]
    if taken and not force:
        fail(f"{', '.join(taken)} exists; nothing imported; use --force to replace it")
    for path, (entities, text) in checked.items():
        write_gold(path, entities, text)  # with quotes, so the gold survives a change of reader
        out.print(plain(f"wrote {path}: {len(entities)} entities"))
