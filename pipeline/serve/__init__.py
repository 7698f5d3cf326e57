"""`polex serve`: Datasette on outputs/polex.db with the project's metadata,
its document view plugin and template; local assets only."""
from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
# No suggested facets computed on every page of a large table; a view over all
# entities of 10,000 documents takes some seconds (make bench).
SETTINGS = {"suggest_facets": "off", "sql_time_limit_ms": "20000", "facet_time_limit_ms": "1000",
            "default_page_size": "50"}


def command(database: Path, host: str, port: int) -> list[str]:
    settings = [arg for name, value in SETTINGS.items() for arg in ("--setting", name, value)]
    return [sys.executable, "-m", "datasette", "serve", str(database), "--host", host, "--port", str(port),
            "--metadata", str(HERE / "metadata.yml"), "--plugins-dir", str(HERE / "plugins"),
            "--template-dir", str(HERE / "templates"), *settings]


def serve(database: Path, host: str, port: int) -> None:
    """Replace this process with Datasette, which serves until interrupted."""
    args = command(database, host, port)
    os.execv(args[0], args)
