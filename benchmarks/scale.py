"""`make bench`, tables at scale: the stages that read the whole corpus at
once (tables, database, evaluate, report) on a generated corpus of many small
documents, each run as in dvc.yaml, with its time and peak resident memory.
The per-document stages' outputs are generated, not computed: a document of
a few sentences with its sections, entities, gold (a few entities dropped or
given another norm, so there are mismatches) and baseline rows. Adds
`scale_<stage>_seconds` and `scale_<stage>_peak_rss_mb` to outputs/benchmark.json,
with the machine's 1-minute load average as each stage started.

    python -m benchmarks.scale [--documents 100000] [--keep]"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.figures import merge_figures, report_figures  # noqa: E402

STAGES = ("tables", "database", "evaluate", "report")
TARGETS = {f"scale_{s}_seconds": ("<=", 600) for s in STAGES} | {f"scale_{s}_peak_rss_mb": ("<=", 2048) for s in STAGES}
QUALIFIERS = ["National", "Regional", "Federal", "International", "Central", "Joint", "Northern", "Coastal",
              "Rural", "Urban", "Maritime", "Digital", "Public", "Civil", "Strategic", "Social"]
FIELDS = ["Development", "Energy", "Health", "Trade", "Water", "Transport", "Finance", "Education", "Climate",
          "Security", "Statistics", "Agriculture", "Housing", "Research", "Labour", "Fisheries"]
BODIES = ["Agency", "Bank", "Council", "Institute", "Commission", "Fund", "Office", "Authority"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
COUNTRIES = [(c.alpha_3, c.name) for c in pycountry.countries if "," not in c.name and "(" not in c.name]


class Writer:
    """A document's text built piece by piece, with the entities it mentions."""

    def __init__(self):
        self.text, self.entities = "", []

    def add(self, piece: str, label: str = "", norm: str = "", section: str = "") -> None:
        if label:
            self.entities.append({"label": label, "start": len(self.text), "end": len(self.text) + len(piece),
                                  "text": piece, "norm": norm, "section_id": section, "page": "", "flags": ""})
        self.text += piece


def organization(i: int) -> str:
    return f"{QUALIFIERS[i % 16]} {FIELDS[i // 16 % 16]} {BODIES[i // 256 % 8]}"


def document(i: int) -> tuple[dict, dict, dict]:
    """The ingested document, its sections and its entities, number `i`."""
    org, partner = organization(i * 7 % 2048), organization(i * 13 % 2048 + 1)
    (code, country), (code2, country2) = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[i * 5 % len(COUNTRIES)]
    year, month, day = 1995 + i % 30, i % 12, 1 + i % 28
    w = Writer()
    title = f"Cooperation note {i}"
    w.add(f"{title}\n")
    w.add(f"{MONTHS[month]} {day}, {year}", "DATE", f"{year}-{month + 1:02d}-{day:02d}", "0")
    w.add("\n\n")
    first = len(w.text)
    w.add("1. Background\nThe ")
    w.add(org, "ORG", org, "1")
    w.add(" met officials of ")
    w.add(country, "COUNTRY", code, "1")
    w.add(" and pledged ")
    w.add(f"USD {i % 90 + 1} million", "AMOUNT", f"{(i % 90 + 1) * 1_000_000} USD", "1")
    w.add(" for the year. It works with the ")
    w.add(partner, "ORG", partner, "1")
    w.add(".\n\n")
    second = len(w.text)
    w.add("2. Next steps\nA review with ")
    w.add(country2, "COUNTRY", code2, "2")
    w.add(" follows in ")
    w.add(str(year + 1), "DATE", str(year + 1), "2")
    w.add(".\n")
    doc_id = f"doc{i:06d}"
    sections = [
        {"section_id": "0", "parent_id": "", "level": 0, "number": "", "title": title, "start": 0, "end": len(w.text)},
        {"section_id": "1", "parent_id": "0", "level": 1, "number": "1.", "title": "Background", "start": first, "end": second},
        {"section_id": "2", "parent_id": "0", "level": 1, "number": "2.", "title": "Next steps", "start": second,
         "end": len(w.text)},
    ]
    doc = {"doc_id": doc_id, "file": f"{doc_id}.txt", "format": "text", "title": title, "date": str(year),
           "source": "generated", "split": "synthetic", "text": w.text, "pages": [], "headings": [], "tables": []}
    return doc, {"doc_id": doc_id, "content_end": 0, "sections": sections, "contents": []}, \
        {"doc_id": doc_id, "entities": w.entities}


def gold_of(i: int, entities: list[dict]) -> list[dict]:
    """The gold: the entities, but one dropped in every 7th document and one
    norm changed in every 11th, so that scores and mismatches are not trivial."""
    gold = [{k: e[k] for k in ("label", "start", "end", "text", "norm")} for e in entities]
    if i % 7 == 0:
        gold.pop(i % len(gold))
    if i % 11 == 0:
        gold[0]["norm"] = "other"
    return gold


def make_corpus(project: Path, n: int) -> None:
    interim = project / "outputs" / "interim"
    folders = {name: interim / name for name in ("docs", "sections", "entities", "errors")}
    for folder in [*folders.values(), project / "corpus" / "gold"]:
        folder.mkdir(parents=True, exist_ok=True)
    baseline_file = open(project / "outputs" / "baseline_entities.csv", "w", encoding="utf-8", newline="")
    baseline = csv.writer(baseline_file, lineterminator="\n")
    baseline.writerow(["doc_id", "label", "start", "end", "text", "norm"])
    for i in range(n):
        doc, sections, entities = document(i)
        doc_id = doc["doc_id"]
        for name, value in (("docs", doc), ("sections", sections), ("entities", entities)):
            (folders[name] / f"{doc_id}.json").write_text(json.dumps(value), encoding="utf-8")
        gold = "".join(json.dumps(g) + "\n" for g in gold_of(i, entities["entities"]))
        (project / "corpus" / "gold" / f"{doc_id}.jsonl").write_text(gold, encoding="utf-8")
        for e in entities["entities"][::2]:
            baseline.writerow([doc_id, e["label"], e["start"], e["end"], e["text"], e["text"]])
    baseline_file.close()
    for stage in ("ingest", "segment", "extract", "baseline"):
        (folders["errors"] / f"{stage}.csv").write_text("doc_id,file,error,hint,transient\n", encoding="utf-8")
    for name in ("pipeline", "models"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "params.yaml", project / "params.yaml")


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of `command`, run in its own probe process."""
    probe = [sys.executable, "-c",
             "import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)", *command]
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    seconds, rss_kb = subprocess.run(probe, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.split()
    return float(seconds), int(rss_kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated project and print where it is")
    args = parser.parse_args()
    project = Path(tempfile.mkdtemp(prefix="polex-scale-"))
    commands = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    figures = {}
    try:
        make_corpus(project, args.documents)
        for stage in STAGES:
            figures[f"scale_{stage}_load_average"] = os.getloadavg()[0]  # other work on the machine when it started
            seconds, rss = measure(shlex.split(commands[stage]["cmd"]), project)
            figures[f"scale_{stage}_seconds"], figures[f"scale_{stage}_peak_rss_mb"] = seconds, rss
        rows = sum(1 for _ in open(project / "outputs" / "entities.csv", encoding="utf-8")) - 1
        assert rows == 7 * args.documents, f"entities.csv has {rows} rows"
        assert (project / "outputs" / "entities.parquet").stat().st_size > 0
    finally:
        if args.keep:
            print(f"kept {project}")
        else:
            shutil.rmtree(project, ignore_errors=True)
    figures["scale_documents"] = args.documents
    merge_figures(figures)
    report_figures(f"tables at scale: {args.documents:,} generated documents", figures, TARGETS)


if __name__ == "__main__":
    main()
