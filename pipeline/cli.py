"""`polex`: add documents, run the pipeline, look at results, annotate gold.
Works from any folder inside the project; text from documents and meta files
is printed as plain text, never as terminal markup."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import unicodedata
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from pipeline import layout
from pipeline.cache import AtomicFile, read_json, write_json
from pipeline.cli_common import PROJECT_FILES, err, fail, find_root, load_doc, out, plain, remember_caller, user_path
from pipeline.cli_gold import gold_app
from pipeline.corpus import FORMATS, META_SUFFIX, doc_id_of, list_documents
from pipeline.gold import LABELS, GoldError

app = typer.Typer(help="polex: policy documents to tables of organizations, countries, dates and amounts.",
                  no_args_is_help=True, add_completion=False)
app.add_typer(gold_app, name="gold")


@app.callback()
def main(verbose: bool = typer.Option(False, "-v", "--verbose", help="Show DVC's and each stage's full output.")):
    """Commands run at the project's root, wherever they are called from."""
    root = find_root(Path.cwd())
    if root is None:
        fail(f"not inside a polex project: no {' and '.join(PROJECT_FILES)} in {Path.cwd()} or any folder above it")
    remember_caller(Path.cwd())
    os.chdir(root)
    os.environ["POLEX_VERBOSE"] = "1" if verbose else os.environ.get("POLEX_VERBOSE", "")


def slug(name: str) -> str:
    """A safe document id from a file name: ASCII, lower case, words joined by `-`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "document"


def checked_date(value: Optional[str]) -> Optional[str]:
    from pipeline.meta import calendar_date

    try:
        return calendar_date(value) if value else value
    except ValueError as problem:
        fail(f"--date: {problem}")


def same_bytes(data: bytes, folder: Path) -> Path | None:
    """A document in `folder` whose content is exactly `data`."""
    digest = hashlib.sha256(data).digest()
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.endswith(META_SUFFIX) and path.stat().st_size == len(data) \
                and hashlib.sha256(path.read_bytes()).digest() == digest:
            return path
    return None


def check_new_document(file: Path, doc_id: str, meta: dict) -> dict:
    """Read `file` exactly as the ingest stage will, from a scratch copy, so a
    file that cannot be read never touches the corpus."""
    from pipeline.config import load_params
    from pipeline.ingest import ingest
    from pipeline.ingest.errors import DocumentError
    from pipeline.meta import date_rules, not_titles

    limits, skip_titles = load_params()["ingest"], not_titles(layout.MODELS)
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copyfile(file, Path(scratch) / f"{doc_id}{file.suffix.lower()}")
        if meta:
            write_json(Path(scratch) / f"{doc_id}{META_SUFFIX}", meta)
        [document] = list_documents(Path(scratch))
        try:
            return ingest(document, date_rules(layout.MODELS), limits["max_chars"], limits["timeout_s"], skip_titles)
        except DocumentError as problem:
            fail(f"{file}: {problem.cause} ({problem.hint}); not added")


@app.command()
def add(
    files: list[Path] = typer.Argument(..., help="Documents to add (.txt, .html, .pdf)."),
    title: Optional[str] = typer.Option(None, help="Title, written to the meta file."),
    date: Optional[str] = typer.Option(None, help="Document date: YYYY, YYYY-MM or YYYY-MM-DD.", callback=checked_date),
    source: Optional[str] = typer.Option(None, help="Where the document comes from (URL)."),
    replace: bool = typer.Option(False, "--replace", help="Replace the document with the same id."),
):
    """Copy documents into corpus/raw under a safe id and check they can be read."""
    layout.RAW.mkdir(parents=True, exist_ok=True)
    for file in files:
        file = user_path(file)
        if file.is_dir():
            fail(f"{file}: is a folder; give the document files in it")
        if not file.is_file():
            fail(f"{file}: no such file")
        suffix = file.suffix.lower()
        if suffix not in FORMATS:
            fail(f"{file}: unknown extension '{file.suffix}'; polex reads {', '.join(sorted(set(FORMATS)))}")
        doc_id = slug(file.stem)
        target = layout.RAW / f"{doc_id}{suffix}"
        existing = [p for p in layout.RAW.iterdir() if not p.name.endswith(META_SUFFIX) and doc_id_of(p) == doc_id]
        if existing and not replace:
            fail(f"{file}: document id '{doc_id}' is taken by {existing[0]}; use --replace to replace it")
        data = file.read_bytes()
        twin = same_bytes(data, layout.RAW)
        if twin is not None and twin.resolve() == file.resolve():
            fail(f"{file} is already the corpus document '{doc_id_of(twin)}'; nothing to add")
        meta = {k: v for k, v in (("title", title), ("date", date), ("source", source)) if v}
        ingested = check_new_document(file, doc_id, meta)
        if twin is not None:
            err.print(Text(plain(f"warning: {file} has the same content as {twin}")), style="yellow")
        with AtomicFile(target, binary=True) as copy:
            copy.file.write(data)
            copy.commit()
        for old in existing:
            if old != target:
                old.unlink()
        if meta:
            write_json(layout.RAW / f"{doc_id}{META_SUFFIX}", meta)
        out.print(plain(f"added {target} as '{doc_id}': {len(ingested['text']):,} characters, "
                        f"title {ingested['title']!r}, date {ingested['date'] or 'unknown'}"))
    out.print("next: polex run")


def summary(seconds: float) -> str:
    """The run's last line, from the tables it left (the `tables` stage may not
    have run): one column of each, the entities' labels from the Parquet copy."""
    import pandas as pd

    counts = pd.read_parquet(layout.ENTITY_PARQUET, columns=["label"]).label.value_counts()
    documents = pd.read_csv(layout.DOCUMENT_TABLE, usecols=["doc_id"])
    errors = pd.read_csv(layout.ERRORS, usecols=["doc_id"])
    per_label = ", ".join(f"{label} {counts.get(label, 0)}" for label in LABELS)
    return f"polex: {len(documents)} documents, {per_label}, {len(errors)} errors, {seconds:.1f} s"


@app.command()
def run(
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", envvar="POLEX_SCHEDULER",
        help="A Dask scheduler (tcp://HOST:8786) for the per-document stages, or local:N for N local workers."),
):
    """Run the pipeline (dvc repro): only new or changed documents are processed."""
    from pipeline.cache import only_run, rerun_stale_stages
    from pipeline.cluster import SchedulerUnreachable, scheduler_for_run
    from pipeline.evaluate import print_table

    verbose = bool(os.environ.get("POLEX_VERBOSE"))
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    started = time.monotonic()
    try:
        with scheduler_for_run(scheduler) as cluster, only_run(layout.RUN_LOCK):
            for stage, why in rerun_stale_stages(layout.MANIFESTS, layout.STAGE_ERRORS).items():
                err.print(f"polex: {stage} runs again: {why}")
            # -q keeps DVC's own lines (stage headers, hints about git add, autostage
            # and dvc push) out; each stage still prints its one summary line.
            result = subprocess.run([sys.executable, "-m", "dvc", "repro", "-v" if verbose else "-q"],
                                    env={**env, **cluster})
    except SchedulerUnreachable as problem:
        fail(str(problem))
    except BlockingIOError:
        fail(f"another `polex run` is working in this project ({layout.RUN_LOCK} is taken); run again when it has ended")
    if result.returncode:
        fail("the pipeline stopped; the stage's message is above")
    if layout.METRICS.exists():
        print_table(json.loads(layout.METRICS.read_text(encoding="utf-8")), out)
    out.print(summary(time.monotonic() - started))


@app.command()
def show(doc: str = typer.Argument(..., help="Document id (file name without extension).")):
    """A document's section tree and its entities."""
    ingested = load_doc(doc)
    sections = read_json(layout.SECTIONS / f"{doc}.json")["sections"]
    entities = read_json(layout.ENTITIES / f"{doc}.json")["entities"]
    out.print(Text(plain(ingested["title"]), style="bold") + Text(plain(f"  {ingested['date']}  {ingested['format']}  {ingested['source']}")))
    nodes = {}
    for s in sections:
        label = Text(plain(f"{s['section_id']} {s['number']} {s['title'][:80]}".replace("  ", " ")))
        nodes[s["section_id"]] = (nodes[s["parent_id"]].add(label) if s["parent_id"] in nodes else Tree(label))
    out.print(nodes["0"])
    table = Table(title=f"{len(entities)} entities")
    for column in ("section", "label", "text", "norm", "page"):
        table.add_column(column, overflow="fold")
    for e in entities:
        table.add_row(*(Text(plain(v)) for v in (e["section_id"], e["label"], " ".join(e["text"].split()), e["norm"], e["page"])))
    out.print(table)


def checked_label(value: Optional[str]) -> Optional[str]:
    if value and value.upper() not in LABELS:
        fail(f"--label: unknown label '{value}'; use one of {', '.join(LABELS)}")
    return value.upper() if value else value


def score_gold(doc: Optional[str]) -> tuple[dict, list[dict]]:
    """Scores and errors from the gold as it is now and the last run's tables."""
    from pipeline.evaluate import gold_documents, score_documents

    errors: list[dict] = []
    try:
        scores = score_documents([doc] if doc else gold_documents(layout.GOLD, layout.DOCS)[0], layout.GOLD,
                                 layout.DOCS, layout.ENTITY_TABLE, layout.BASELINE, errors.extend)
    except GoldError as problem:
        fail(str(problem))
    return scores.totals(), errors


def print_errors(errors: list[dict], console: Console) -> None:
    """One error per entry: what, then its context on indented lines that fit the terminal."""
    console.print(f"\n{len(errors)} errors")
    width = max(40, min(console.width, 100))
    for e in errors:
        norms = f"gold {e['gold_norm'] or '-'}, predicted {e['predicted_norm'] or '-'}"
        console.print(plain(f"{e['doc_id']}  {e['kind']}  {e['label']}  {' '.join(e['text'].split())!r}  {norms}"))
        console.print(textwrap.fill(plain(e["context"]), width=width, initial_indent="    ", subsequent_indent="    "))


@app.command("eval")
def evaluate(
    doc: Optional[str] = typer.Option(None, "--doc", help="Only this document."),
    label: Optional[str] = typer.Option(None, "--label", help=f"Only this label: {', '.join(LABELS)}.", callback=checked_label),
):
    """Per-label scores, and every error with its context, from the gold as it is now."""
    from pipeline.evaluate import print_table

    for needed in (layout.ENTITY_TABLE, layout.BASELINE):
        if not needed.exists():
            fail(f"no {needed}; run `polex run` first")
    if doc:
        load_doc(doc)
        if not (layout.GOLD / f"{doc}.jsonl").exists():
            gold = ", ".join(sorted(p.stem for p in layout.GOLD.glob("*.jsonl"))) or "none"
            fail(f"no gold for '{doc}'; documents with gold: {gold}")
    metrics, errors = score_gold(doc)
    print_table(metrics, out)
    print_errors([e for e in errors if not label or e["label"] == label], out)


@app.command()
def metrics():
    """The last run's scores (outputs/metrics.json): one small table per level."""
    if not layout.METRICS.exists():
        fail(f"no {layout.METRICS}; run `polex run` first")
    found = json.loads(layout.METRICS.read_text(encoding="utf-8"))
    out.print(f"{found['documents']} documents with gold")
    for level in ("strict", "partial", "value"):
        table = Table(title=f"{level} match", title_justify="left")
        for column in ("label", "gold", "P", "R", "F1", "spaCy P", "spaCy R", "spaCy F1"):
            table.add_column(column, justify="left" if column == "label" else "right")
        for label in LABELS + ("micro",):
            ours, base = found["polex"][label], found["spacy_baseline"][label]
            table.add_row(label, str(ours["gold"]), *(f"{m[level][k]:.3f}" for m in (ours, base) for k in ("precision", "recall", "f1")))
        out.print(table)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on; 0.0.0.0 opens it to the network."),
    port: int = typer.Option(8001, help="Port to listen on."),
    database: Path = typer.Option(layout.DATABASE, help="The database the `database` stage built."),
):
    """Explore the outputs in Datasette: search, facets, canned queries, CSV and JSON export."""
    from pipeline.serve import serve as run_datasette

    if not database.is_file():
        fail(f"no {database}; run `polex run` first")
    out.print(f"polex serve: http://{host}:{port}/polex (Ctrl-C stops it)")
    run_datasette(database, host, port)


if __name__ == "__main__":
    app()
