"""dvc.yaml names every project module each stage runs, in its `deps` (so DVC
re-runs the stage when one changes) and in its `--code` (so the stage's
per-document cache key changes too). The modules are found by following the
imports of the stage's module, in every function too."""
import ast
import shlex
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

STAGES = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]


def module_file(name: str) -> Path | None:
    base = ROOT / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def with_packages(name: str) -> list[str]:
    """`pipeline.extract.dates` -> it and the packages whose __init__ importing it runs."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def imported(path: Path) -> list[str]:
    """Modules a file imports, at the top or inside functions: `import a.b`,
    `from a.b import c` (c a module or a name in a.b)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: a relative import; this check follows absolute ones only"
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return [n for name in names if name.split(".")[0] == "pipeline" for n in with_packages(name)]


def closure(module: str) -> set[Path]:
    """Every project file that `python -m module` executes."""
    todo = with_packages(module) + [f"{module}.__main__"]
    files: set[Path] = set()
    while todo:
        path = module_file(todo.pop())
        if path is not None and path not in files:
            files.add(path)
            todo += imported(path)
    return {p.relative_to(ROOT) for p in files}


def stage_module(cmd: str) -> str:
    words = shlex.split(cmd)
    return words[words.index("-m") + 1]


def code_paths(cmd: str) -> list[Path]:
    words = shlex.split(cmd)
    if "--code" not in words:
        return []
    rest = words[words.index("--code") + 1:]
    return [Path(w) for w in rest[: next((i for i, w in enumerate(rest) if w.startswith("--")), len(rest))]]


def covered(path: Path, listed: list[Path]) -> bool:
    return any(path == p or p in path.parents for p in listed)


@pytest.mark.parametrize("name", sorted(STAGES))
def test_deps_name_every_module_the_stage_runs(name):
    stage = STAGES[name]
    modules = closure(stage_module(stage["cmd"]))
    deps = [Path(d) for d in stage.get("deps", [])]
    assert sorted(str(m) for m in modules if not covered(m, deps)) == []
    pipeline_deps = [d for d in deps if d.parts[0] == "pipeline"]
    assert [str(d) for d in pipeline_deps if not any(covered(m, [d]) for m in modules)] == []  # nothing it never runs


@pytest.mark.parametrize("name", sorted(n for n, s in STAGES.items() if "--code" in s["cmd"]))
def test_code_names_every_module_the_stage_runs(name):
    stage = STAGES[name]
    modules = closure(stage_module(stage["cmd"]))
    code = code_paths(stage["cmd"])
    assert sorted(str(m) for m in modules if not covered(m, code)) == []
    assert sorted(str(p) for p in code) == sorted(str(d) for d in stage["deps"] if Path(d).parts[0] in ("pipeline", "models"))


def test_closure_follows_imports_inside_functions_and_packages():
    assert Path("pipeline/lexicon.py") in closure("pipeline.segment")  # imported at the top
    assert Path("pipeline/cache.py") in closure("pipeline.segment")  # imported inside main()
    assert Path("pipeline/extract/__init__.py") in closure("pipeline.extract")
