"""Stage `extract`: ingested documents and their sections -> entities per
document, each with its section and page. The model loads once per worker
process, and only when some document is new or changed."""
from __future__ import annotations

from dataclasses import fields
from importlib.metadata import version
from pathlib import Path

from pipeline.cache import Task, document_files, read_input, run_documents, stage_of
from pipeline.config import load_params, stage_args
from pipeline.extract import Settings
from pipeline.extract.work import Extract


def model_version(name: str) -> str:
    try:
        return version(name.replace("_", "-"))
    except Exception:
        return "unknown"


def settings_from(params: dict, models: Path) -> Settings:
    """The extractor's settings from params.yaml, without the runner's (limits)."""
    known = {f.name for f in fields(Settings)}
    return Settings(model=params["model"], models_dir=models, **{k: v for k, v in params["extract"].items() if k in known})


def main() -> None:
    args = stage_args(__doc__, "docs", "sections", "models")
    params = load_params(args.params)
    settings = settings_from(params, args.models)
    stage = stage_of("extract", args, params["extract"], params["model"], model_version(params["model"]),
                     strict=params.get("strict", False))

    def tasks() -> list[Task]:
        found = []
        for path in document_files(args.docs):
            sections = Path(args.sections) / path.name
            if not sections.exists():
                continue  # segment failed on it, and its error list says why
            found.append(Task(path.stem, [path, sections], lambda p=path, s=sections: (read_input(p), read_input(s))))
        return found

    run_documents(stage, Extract(settings), tasks, watch=[args.docs, args.sections])


if __name__ == "__main__":
    main()
