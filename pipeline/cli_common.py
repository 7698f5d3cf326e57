"""What every `polex` command shares: the consoles, plain-text printing of
document text, the one-line failure, and paths as the user gave them."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from pipeline import layout
from pipeline.cache import read_json
from pipeline.gold import GoldError

out = Console(highlight=False, markup=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
PROJECT_FILES = ("dvc.yaml", "params.yaml")  # a folder holding both is a polex project
called_from = Path.cwd()  # where the user is; paths they give are relative to it


def plain(value) -> str:
    """User text made safe for a terminal: control and format characters
    (escape sequences, bidi overrides) shown as escapes."""
    return "".join(ch.encode("unicode_escape").decode() if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n" else ch
                   for ch in str(value))


def fail(message: str) -> None:
    err.print(Text("error: ", style="red") + Text(plain(message)))
    raise typer.Exit(1)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds dvc.yaml and params.yaml."""
    for folder in (start, *start.parents):
        if all((folder / name).is_file() for name in PROJECT_FILES):
            return folder
    return None


def remember_caller(folder: Path) -> None:
    global called_from
    called_from = folder


def user_path(path: Path) -> Path:
    return path if path.is_absolute() else called_from / path


def load_doc(doc: str) -> dict:
    from pipeline.goldcheck import check_doc_id

    try:
        check_doc_id(doc)
    except GoldError as problem:
        fail(str(problem))
    found = read_json(layout.DOCS / f"{doc}.json")
    if found is None:
        fail(f"no processed document '{doc}'; see `ls {layout.RAW}` and run `polex run`")
    return found
