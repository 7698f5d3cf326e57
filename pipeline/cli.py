"""`polex`: add documents, run the pipeline, look at results, annotate gold."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from pipeline import layout
from pipeline.cache import read_json, write_json
from pipeline.corpus import FORMATS, META_SUFFIX, list_documents
from pipeline.gold import DRAFT_MARKER, FIELDS, GoldError, read_gold, write_gold

app = typer.Typer(help="polex: policy documents to tables of organizations, countries, dates and amounts.",
                  no_args_is_help=True, add_completion=False)
gold_app = typer.Typer(help="Gold annotations: drafts, import and export.", no_args_is_help=True)
app.add_typer(gold_app, name="gold")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


def slug(name: str) -> str:
    """A safe document id from a file name: ASCII, lower case, words joined by `-`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "document"


@app.command()
def add(
    files: list[Path] = typer.Argument(..., help="Documents to add (.txt, .html, .pdf)."),
    title: Optional[str] = typer.Option(None, help="Title, written to the meta file."),
    date: Optional[str] = typer.Option(None, help="Document date, e.g. 2001-10 or 2015-03-03."),
    source: Optional[str] = typer.Option(None, help="Where the document comes from (URL)."),
    replace: bool = typer.Option(False, "--replace", help="Overwrite a document with the same id."),
):
    """Copy documents into corpus/raw under a safe id and check they can be read."""
    from pipeline.ingest import ingest
    from pipeline.ingest.errors import DocumentError
    from pipeline.meta import date_rules, not_titles

    rules, skip_titles = date_rules(layout.MODELS), not_titles(layout.MODELS)
    layout.RAW.mkdir(parents=True, exist_ok=True)
    for file in files:
        if not file.is_file():
            fail(f"{file}: no such file")
        suffix = file.suffix.lower()
        if suffix not in FORMATS:
            fail(f"{file}: unknown extension '{file.suffix}'; polex reads .txt, .html and .pdf")
        doc_id = slug(file.stem)
        existing = [p for p in layout.RAW.glob(f"{doc_id}.*") if not p.name.endswith(META_SUFFIX)]
        if existing and not replace:
            fail(f"{file}: document id '{doc_id}' is taken by {existing[0]}; use --replace to overwrite it")
        for old in existing:
            old.unlink()
        target = layout.RAW / f"{doc_id}{suffix}"
        shutil.copyfile(file, target)
        meta = {k: v for k, v in (("title", title), ("date", date), ("source", source)) if v}
        meta_path = layout.RAW / f"{doc_id}{META_SUFFIX}"
        if meta:
            write_json(meta_path, meta)
        document = next(d for d in list_documents(layout.RAW) if d.path == target)
        try:
            ingested = ingest(document, rules, max_chars=10**9, timeout_s=300, skip_titles=skip_titles)
        except DocumentError as problem:
            target.unlink()
            if meta:
                meta_path.unlink()
            fail(f"{file}: {problem.cause} ({problem.hint}); not added")
        out.print(f"added {target} as '{doc_id}': {len(ingested['text']):,} characters, "
                  f"title {ingested['title']!r}, date {ingested['date'] or 'unknown'}")
    out.print("next: polex run")


def summary(seconds: float) -> str:
    import pandas as pd

    entities = pd.read_csv(layout.OUTPUTS / "entities.csv", keep_default_na=False)
    documents = pd.read_csv(layout.OUTPUTS / "documents.csv", keep_default_na=False)
    errors = pd.read_csv(layout.ERRORS, keep_default_na=False)
    counts = entities.label.value_counts()
    per_label = ", ".join(f"{label} {counts.get(label, 0)}" for label in ("ORG", "COUNTRY", "DATE", "AMOUNT"))
    return f"polex: {len(documents)} documents, {per_label}, {len(errors)} errors, {seconds:.1f} s"


@app.command()
def run():
    """Run the pipeline (dvc repro): only new or changed documents are processed."""
    from pipeline.cache import rerun_stale_stages
    from pipeline.evaluate import show

    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    started = time.monotonic()
    for stage, why in rerun_stale_stages(layout.MANIFESTS, layout.STAGE_ERRORS).items():
        err.print(f"polex: {stage} runs again: {why}")
    result = subprocess.run([sys.executable, "-m", "dvc", "repro"], env=env)
    if result.returncode:
        fail("the pipeline stopped; the stage's message is above")
    if layout.METRICS.exists():
        show(str(layout.METRICS))
    out.print(summary(time.monotonic() - started))


def load_doc(doc: str) -> dict:
    found = read_json(layout.DOCS / f"{doc}.json")
    if found is None:
        fail(f"no processed document '{doc}'; see `ls {layout.RAW}` and run `polex run`")
    return found


@app.command()
def show(doc: str = typer.Argument(..., help="Document id (file name without extension).")):
    """A document's section tree and its entities."""
    ingested = load_doc(doc)
    sections = read_json(layout.SECTIONS / f"{doc}.json")["sections"]
    entities = read_json(layout.ENTITIES / f"{doc}.json")["entities"]
    out.print(f"[bold]{ingested['title']}[/bold]  {ingested['date']}  {ingested['format']}  {ingested['source']}")
    nodes = {}
    for s in sections:
        label = f"{s['section_id']} {s['number']} {s['title'][:80]}".replace("  ", " ")
        nodes[s["section_id"]] = (nodes[s["parent_id"]].add(label) if s["parent_id"] in nodes else Tree(label))
    out.print(nodes["0"])
    table = Table(title=f"{len(entities)} entities")
    for column in ("section", "label", "text", "norm", "page"):
        table.add_column(column, overflow="fold")
    for e in entities:
        table.add_row(e["section_id"], e["label"], " ".join(e["text"].split()), e["norm"], str(e["page"]))
    out.print(table)


@app.command("eval")
def evaluate(
    doc: Optional[str] = typer.Option(None, "--doc", help="Only this document."),
    label: Optional[str] = typer.Option(None, "--label", help="Only this label: ORG, COUNTRY, DATE or AMOUNT."),
):
    """Per-label scores, and every error with its context."""
    import pandas as pd

    from pipeline.evaluate import print_table, score

    if not layout.METRICS.exists():
        fail(f"no {layout.METRICS}; run `polex run` first")
    metrics = json.loads(layout.METRICS.read_text())
    if doc:
        if doc not in metrics.get("per_document", {}):
            fail(f"no gold for '{doc}'; gold documents: {', '.join(metrics.get('per_document', {})) or 'none'}")
        text = load_doc(doc)["text"]
        gold = [{"doc_id": doc, **g} for g in read_gold(layout.GOLD / f"{doc}.jsonl", text)]
        predicted = [{"doc_id": doc, **e} for e in read_json(layout.ENTITIES / f"{doc}.json")["entities"]]
        baseline = pd.read_csv(layout.BASELINE, keep_default_na=False, dtype={"doc_id": str, "norm": str})
        baseline = baseline[baseline.doc_id == doc].to_dict("records")
        metrics = {"documents": 1, "polex": score(gold, predicted), "spacy_baseline": score(gold, baseline)}
    print_table(metrics)
    errors = pd.read_csv(layout.MISMATCHES, keep_default_na=False)
    if doc:
        errors = errors[errors.doc_id == doc]
    if label:
        errors = errors[errors.label == label.upper()]
    table = Table(title=f"{len(errors)} errors")
    for column in ("doc", "kind", "label", "gold norm", "predicted norm", "context"):
        table.add_column(column, overflow="fold")
    for row in errors.itertuples():
        table.add_row(row.doc_id, row.kind, row.label, row.gold_norm, row.predicted_norm, row.context)
    out.print(table)


@gold_app.command("init")
def gold_init(doc: str, force: bool = typer.Option(False, "--force", help="Overwrite an existing gold file.")):
    """Write a draft gold file from the current predictions, for a person to correct."""
    path = layout.GOLD / f"{doc}.jsonl"
    if path.exists() and not force:
        fail(f"{path} exists; use --force to overwrite it with a new draft")
    load_doc(doc)
    entities = read_json(layout.ENTITIES / f"{doc}.json")["entities"]
    layout.GOLD.mkdir(parents=True, exist_ok=True)
    marker = json.dumps({DRAFT_MARKER: "made from predictions: correct every line, then delete this one"})
    lines = [marker] + [json.dumps({f: e[f] for f in FIELDS}, ensure_ascii=False) for e in entities]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out.print(f"wrote {path}: {len(entities)} draft entities. Correct them, delete the first line, then `polex run`.")


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
    export(to, doc, text, entities, output)
    out.print(f"wrote {output}: {len(entities)} entities of '{doc}' as {to}")


@gold_app.command("import")
def gold_import(
    file: Path,
    fmt: str = typer.Option(..., "--format", help="label-studio, doccano or spacy."),
    doc: Optional[str] = typer.Option(None, "--doc", help="Document id, where the file does not carry one."),
):
    """Import gold from an annotation tool's export; offsets are checked against the document."""
    from pipeline.exchange import FORMATS as EXCHANGE, load

    if fmt not in EXCHANGE:
        fail(f"unknown format '{fmt}'; use one of {', '.join(EXCHANGE)}")
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        documents = load(fmt, file)
    except (ValueError, KeyError, TypeError, IndexError) as problem:
        fail(f"{file}: not a {fmt} export ({problem})")
    for found_id, (text, entities) in documents.items():
        doc_id = doc or found_id
        if not doc_id:
            fail(f"{file}: the export does not name its document; give --doc")
        ingested = load_doc(doc_id)
        if ingested["text"] != text:
            fail(f"{file}: the text of '{doc_id}' differs from the processed document; annotate the text polex ingested")
        path = layout.GOLD / f"{doc_id}.jsonl"
        layout.GOLD.mkdir(parents=True, exist_ok=True)
        write_gold(path, entities)
        try:
            read_gold(path, text)
        except GoldError as problem:
            fail(str(problem))
        out.print(f"wrote {path}: {len(entities)} entities")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on; 0.0.0.0 opens it to the network."),
    port: int = typer.Option(8001, help="Port to listen on."),
    database: Path = typer.Option(layout.OUTPUTS / "polex.db", help="The database the `database` stage built."),
):
    """Explore the outputs in Datasette: search, facets, canned queries, CSV and JSON export."""
    from pipeline.serve import serve as run_datasette

    if not database.is_file():
        fail(f"no {database}; run `polex run` first")
    out.print(f"polex serve: http://{host}:{port}/polex (Ctrl-C stops it)")
    run_datasette(database, host, port)


if __name__ == "__main__":
    app()
