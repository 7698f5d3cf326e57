"""params.yaml, read in one place; stage modules get paths from dvc.yaml."""
from __future__ import annotations

import argparse
from pathlib import Path

import yaml

DEFAULT_PARAMS = Path("params.yaml")


def load_params(path: Path = DEFAULT_PARAMS) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


PER_DOCUMENT = ("out", "manifest", "errors")


def stage_args(description: str, *paths: str, code: bool = True) -> argparse.Namespace:
    """Parse `--name PATH` for each of `paths`, plus `--params` and `--code`
    (the files whose content decides the stage's per-document cache key).
    A per-document stage (code=True) also gets --out, --manifest and --errors."""
    parser = argparse.ArgumentParser(description=description)
    for name in paths + (PER_DOCUMENT if code else ()):
        parser.add_argument(f"--{name}", type=Path, required=True)
    parser.add_argument("--params", type=Path, default=DEFAULT_PARAMS)
    if code:
        parser.add_argument("--code", type=Path, nargs="+", default=[], help="files or folders that decide the cache key")
    return parser.parse_args()
