"""`make bench`: speed, scaling, incrementality and memory, as ratios measured
in one run on this machine. Writes outputs/benchmark.json and prints a table.
Texts are cut and repeated from the project's own corpus (corpus/raw)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Callable

from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.figures import merge_figures, report_figures  # noqa: E402
from pipeline.config import load_params  # noqa: E402
from pipeline.extract import Settings, build_nlp, extract_documents  # noqa: E402
from benchmarks.cluster import cluster_figures  # noqa: E402
from benchmarks.formats import to_pdf  # noqa: E402
from benchmarks.rounds import fastest, timed  # noqa: E402
from benchmarks.runner import manifest_share  # noqa: E402
from pipeline.extract.__main__ import settings_from  # noqa: E402

TARGETS = {
    "manifest_share_30k_docs": ("<=", 0.05),
    "dask_overhead_ratio": ("<=", 1.15),
    "dask_scaling_2_workers": (">=", 1.7),
    "throughput_ratio_vs_spacy": (">=", 1.5),
    "n_process_scaling": (">=", 1.6),
    "incremental_ratio": ("<=", 3.0),
    "peak_rss_mb_1000_docs": ("<=", 1536),
    "peak_rss_mb_big_doc": ("<=", 1536),
}


def source_text() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))]
    return "\n".join(texts)


def corpus(n: int, sizes=(1500, 4000, 9000, 16000)) -> list[str]:
    """`n` documents of varied sizes, cut at line ends from the source text."""
    base = source_text()
    docs = []
    for i in range(n):
        size = sizes[i % len(sizes)]
        start = (i * 997) % max(1, len(base) - 1)
        text = (base[start:] + "\n" + base) * (size // len(base) + 2)
        cut = text.rfind("\n", 0, size)
        docs.append(text[: cut if cut > 0 else size])
    return docs


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def polex_nlp(texts: list[str], settings: Settings) -> Language:
    """polex's pipeline, loaded and warmed on the first text."""
    nlp = build_nlp(settings.model, settings.models_dir)
    list(extract_documents(nlp, [("warm", texts[0], "2001-10")], settings))
    return nlp


def extract_run(nlp: Language, texts: list[str], settings: Settings, n_process: int) -> Callable[[], float]:
    """Seconds for one pass of polex's extract over `texts` in `n_process` processes."""
    settings = replace(settings, n_process=n_process)
    return timed(lambda: list(extract_documents(nlp, ((str(i), t, "2001-10") for i, t in enumerate(texts)), settings)))


def spacy_run(texts: list[str], model: str) -> Callable[[], float]:
    """Seconds for one pass of the full default pipeline of `model` over `texts`
    (loaded and warmed on the first text before)."""
    import spacy

    nlp = spacy.load(model)
    nlp(texts[0])
    return timed(lambda: deque(nlp.pipe(texts, batch_size=16), maxlen=0))


def throughput(texts: list[str], settings: Settings) -> tuple[float, float, float]:
    """Words/s of polex in 1 process, of bare spaCy, and of polex in 2
    processes: each the fastest of the interleaved rounds (benchmarks/rounds.py)."""
    nlp = polex_nlp(texts, settings)
    runs = [extract_run(nlp, texts, settings, 1), spacy_run(texts, settings.model), extract_run(nlp, texts, settings, 2)]
    ours_1, bare, ours_2 = (words(texts) / seconds for seconds in fastest(runs))
    return ours_1, bare, ours_2


def make_project(texts: list[str]) -> Path:
    project = Path(tempfile.mkdtemp(prefix="polex-bench-"))
    for name in ("pipeline", "models"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("dvc.yaml", "params.yaml"):
        shutil.copy(ROOT / name, project / name)
    (project / "corpus" / "gold").mkdir(parents=True)
    raw = project / "corpus" / "raw"
    raw.mkdir(parents=True)
    for i, text in enumerate(texts):
        (raw / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "dvc", "init", "--no-scm", "-q"], cwd=project, check=True)
    return project


def repro(project: Path) -> float:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dvc", "repro", "-q"], cwd=project, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_rss_mb(command: list[str], cwd: Path) -> float:
    """Peak resident memory of the largest process `command` starts."""
    probe = [sys.executable, "-c",
             "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)", *command]
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    out = subprocess.run(probe, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


def main() -> None:
    params = load_params(ROOT / "params.yaml")
    settings = settings_from(params, ROOT / "models")
    figures: dict[str, float] = {}

    texts = corpus(60)
    ours_1, bare, ours_2 = throughput(texts, settings)
    figures["throughput_ratio_vs_spacy"] = ours_1 / bare
    figures["n_process_scaling"] = ours_2 / ours_1

    new_doc = corpus(1, sizes=(4000,))[0] + "\nAdded last."
    big = make_project(corpus(200, sizes=(1500, 3000)))
    repro(big)
    (big / "corpus" / "raw" / "new.txt").write_text(new_doc, encoding="utf-8")
    added = repro(big)
    again = repro(big)
    single = make_project([])
    (single / "corpus" / "raw" / "new.txt").write_text(new_doc, encoding="utf-8")
    alone = repro(single)
    figures["incremental_ratio"] = added / alone
    figures["unchanged_rerun_ratio"] = again / alone
    pdfs = [to_pdf(text, f"Document {i}") for i, text in enumerate(corpus(40, sizes=(3000, 6000)))]
    figures.update(cluster_figures(big, settings_from(params, ROOT / "models"), pdfs, ROOT / "models"))

    thousand = make_project(corpus(1000, sizes=(1200, 2500)))
    figures["peak_rss_mb_1000_docs"] = peak_rss_mb([sys.executable, "-m", "dvc", "repro", "-q"], thousand)

    big_text = (source_text() + "\n") * (5_000_000 // len(source_text()) + 1)
    big_file = Path(tempfile.mkdtemp(prefix="polex-big-")) / "big.txt"
    big_file.write_text(big_text[:5_000_000], encoding="utf-8")
    script = ("import sys; from pipeline.extract import *; s = Settings(model=sys.argv[1], models_dir=sys.argv[2]); "
              "nlp = build_nlp(s.model, s.models_dir); t = open(sys.argv[3]).read(); "
              "[n for _, e in extract_documents(nlp, [('big', t, '2001-10')], s) for n in e]")
    figures["peak_rss_mb_big_doc"] = peak_rss_mb([sys.executable, "-c", script, params["model"], str(ROOT / "models"), str(big_file)], ROOT)
    figures.update(manifest_share(Settings(model=params["model"], models_dir=ROOT / "models")))

    for folder in (big, single, thousand, big_file.parent):
        shutil.rmtree(folder, ignore_errors=True)
    report(figures, ours_1, bare)


def report(figures: dict[str, float], ours: float, bare: float) -> None:
    report_figures(f"polex benchmark (extract {ours:,.0f} words/s, bare spaCy {bare:,.0f} words/s on this machine)",
                   figures, TARGETS)
    merge_figures(figures)


if __name__ == "__main__":
    main()
