"""Train and measure the ORG judge (pipeline/extract/orgs/judge.py).

    python -m pipeline.train_org_judge examples   # outputs/interim/docs + gold -> models/orgs/judge_examples.tsv
    python -m pipeline.train_org_judge fit        # judge_examples.tsv -> models/orgs/judge_weights.tsv
    python -m pipeline.train_org_judge cv         # leave-one-issuer-out cross-validation over dev

`examples` and `cv` read the ingested texts of a run (`make repro
REAL_CORPUS=...` first) and use only the `dev` and `synthetic` documents:
never a `test` document. Each example is one candidate span with its features
and whether the gold has an ORG with exactly its offsets. `fit` is a
deterministic L2-regularized logistic regression (Newton's method, a fixed
number of steps), weights rounded, so the same examples give the same bytes."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from pipeline.config import load_params
from pipeline.extract import anchor_day, build_nlp, chunks, decided, issuing
from pipeline.extract.issuer import IssuerReader, topic_words
from pipeline.extract.spacing import spaced
from pipeline.extract.candidates import Candidate, candidates_of, text_of
from pipeline.extract.orgs.features import NAMES, SOURCES, FeatureReader, Judged
from pipeline.extract.orgs.judge import as_candidate, feature_reader, judged_spans, keeps, probability
from pipeline.extract.resolve import link_short_forms, spelled_short_forms
from pipeline.extract.technical import TechnicalFilter
from pipeline.gold import is_lost, read_gold
from pipeline.lexicon import collapse

TRAIN_SPLITS = ("dev", "synthetic")
L2 = 1.0  # penalty on every weight but the bias
STEPS = 25
DIGITS = 4  # weights are rounded to this many decimals
HEADER = """\
# Examples the ORG judge is trained on (python -m pipeline.train_org_judge examples):
# one ORG candidate span of a dev or synthetic document per row, `gold` 1 where
# the gold has an ORG with exactly its offsets. `group` is the document's issuer
# (leave-one-issuer-out cross-validation); the features are those of
# pipeline/extract/orgs/features.py.
# example: "au-communique-2011	synthetic	247	260	known	1	1	0	1	0 ..." (an ORG the known list found, in the gold)
"""
WEIGHTS_HEADER = """\
# Weights of the ORG judge's logistic regression (pipeline/extract/orgs/judge.py),
# from models/orgs/judge_examples.tsv by `python -m pipeline.train_org_judge fit`.
# p = 1 / (1 + exp(-sum(weight * feature))); the thresholds are extract.org_judge_* in params.yaml.
# example: "source_dropped	-4.1233" lowers the odds of an NER span the rules dropped
"""


def issuer_group(meta: dict, doc_id: str) -> str:
    """The issuing body from a meta file's `issuer`: the name before any
    comma, parenthesis or semicolon (`U.S. Department of the Treasury,
    Financial Management Service`); the document's id without one."""
    issuer = meta.get("issuer") or doc_id
    for stop in (",", " (", ";"):
        issuer = issuer.split(stop)[0]
    return issuer.strip()


def merged_groups(groups: dict[str, str]) -> dict[str, str]:
    """Issuer names of which one starts another (`World Bank`, `World Bank
    Group`, `World Bank and Ministry of Planning and Finance`) are one issuer:
    the shortest name."""
    names = sorted(set(groups.values()), key=len)
    root = {}
    for name in names:
        root[name] = next((r for r in names if len(r) < len(name) and name.startswith(r + " ")), name)
    return {doc_id: root[g] for doc_id, g in groups.items()}


def training_documents(docs_dir: Path, raw_dir: Path, gold_dir: Path) -> list[dict]:
    """The dev and synthetic documents with gold: text, date, split, issuer group, gold ORG spans."""
    found, groups = [], {}
    for path in sorted(Path(docs_dir).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        gold_path = Path(gold_dir) / f"{doc['doc_id']}.jsonl"
        if doc.get("split") not in TRAIN_SPLITS or not gold_path.exists():
            continue
        metas = list(Path(raw_dir).rglob(f"{doc['doc_id']}.meta.json"))
        meta = json.loads(metas[0].read_text(encoding="utf-8")) if metas else {}
        groups[doc["doc_id"]] = issuer_group(meta, doc["doc_id"]) if doc["split"] == "dev" else "synthetic"
        gold = {(g["start"], g["end"]) for g in read_gold(gold_path, doc["text"]) if g["label"] == "ORG" and not is_lost(g)}
        found.append({"doc_id": doc["doc_id"], "text": doc["text"], "date": doc.get("date", ""),
                      "split": doc["split"], "gold": gold,
                      "meta": {k: doc.get(k, "") for k in ("source", "title", "issuer")}})
    groups = merged_groups(groups)
    for doc in found:
        doc["group"] = groups[doc["doc_id"]]
    return found


class Gathered:
    """One document as the extractor sees it before the judge: the candidates
    it does not judge, and those it judges with their features."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.view = spaced(doc["text"])  # what the rules read (extract/spacing.py)
        self.fixed: list[Candidate] = []
        self.judged: list[tuple[Judged, dict[str, float]]] = []
        self.issuers: list[str] = []
        self.dollar_share: float | None = None


def gather(nlp, reader: FeatureReader, documents: list[dict], chunk_chars: int, dollar_share: float,
           issuers_of: IssuerReader) -> list[Gathered]:
    """Runs the extractor's components (without the judge) over each document's
    pieces, with its issuers as the extractor reads them (extract_documents)."""
    out = []
    for doc_info in documents:
        g = Gathered(doc_info)
        g.issuers, g.dollar_share = issuing(issuers_of, doc_info["meta"], dollar_share)
        for offset, piece in chunks(g.view, chunk_chars) or [(0, "")]:
            doc = nlp.make_doc(piece)
            doc._.anchor = doc_info["date"]
            doc._.issuer = next(iter(g.issuers), "")
            doc = nlp(doc)
            text = text_of(doc)
            features = reader.document(doc, text)
            spans = judged_spans(reader.words, doc, text)
            g.fixed += [Candidate(c.label, c.start + offset, c.end + offset, c.norm, c.source)
                        for c in candidates_of(doc) if not (c.label == "ORG" and c.source in SOURCES)]
            g.judged += [(Judged(s.start + offset, s.end + offset, s.source), features(s)) for s in spans]
        out.append(g)
    return out


def organizations(g: Gathered, technical: TechnicalFilter, keep) -> set[tuple[int, int]]:
    """The ORG spans the extractor outputs for a document where `keep(span,
    features)` says which judged candidates stay."""
    text = g.doc["text"]
    pool = list(g.fixed) + [as_candidate(s, text) for s, f in g.judged if keep(s, f)]
    return {(e.start, e.end) for e in decided(text, pool, technical, g.issuers, anchor_day(g.doc["date"]), g.dollar_share, g.view) if e.label == "ORG"}


def rules_only(span: Judged, features: dict) -> bool:
    return span.source != "dropped"


def decisions(g: Gathered, technical: TechnicalFilter) -> list[tuple[Judged, dict[str, float], int]]:
    """The judged candidates whose decision changes the output: those the rules
    output (rejecting one removes it) unless an unjudged candidate has the same
    span (a definition's long form, a shown name's use: it stays), and the
    dropped NER spans in the gaps the rules leave (accepting one adds it); each
    with whether it is a gold ORG."""
    chosen = organizations(g, technical, rules_only)
    fixed = {(c.start, c.end) for c in g.fixed if c.label == "ORG"}
    taken = bytearray(len(g.doc["text"]) + 1)
    for s, e in chosen:
        taken[s:e] = b"\x01" * (e - s)
    return [(s, f, int((s.start, s.end) in g.doc["gold"])) for s, f in g.judged
            if ((s.start, s.end) in chosen and s.source != "dropped" and (s.start, s.end) not in fixed)
            or (s.source == "dropped" and not any(taken[s.start:s.end]))]


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> np.ndarray:
    """Logistic regression by Newton's method; the first column is the bias, not penalized."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1])
        w = w - np.linalg.solve(hess, grad)
    return np.round(w, DIGITS)


def matrix(rows: list[dict[str, float]]) -> np.ndarray:
    return np.array([[r[name] for name in NAMES] for r in rows], dtype=float)


def example_rows(gathered: list[Gathered], technical: TechnicalFilter) -> list[dict]:
    rows = []
    for g in gathered:
        for span, features, gold in sorted(decisions(g, technical), key=lambda d: (d[0].start, d[0].end, d[0].source)):
            rows.append({"doc_id": g.doc["doc_id"], "group": g.doc["group"], "start": span.start, "end": span.end,
                         "source": span.source, "gold": gold, **features})
    return rows


def write_examples(rows: list[dict], path: Path) -> None:
    columns = ["doc_id", "group", "start", "end", "source", "gold", *NAMES]
    lines = [HEADER + "\t".join(columns)]
    for r in rows:
        lines.append("\t".join(str(r[c]) if c not in NAMES else f"{round(r[c], DIGITS):g}" for c in columns))
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_examples(path: Path) -> list[dict]:
    from pipeline.lexicon import read_table
    return [{**r, "gold": int(r["gold"]), **{n: float(r[n]) for n in NAMES}} for r in read_table(path)]


def weights_text(w: np.ndarray) -> str:
    return WEIGHTS_HEADER + "feature\tweight\n" + "".join(f"{n}\t{v:.{DIGITS}f}\n" for n, v in zip(NAMES, w))


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def keeper(weights: dict[str, float], reject_below: float, accept_from: float):
    """The judge's decision (judge.keeps) with these weights and thresholds."""
    def keep(span: Judged, features: dict) -> bool:
        return keeps(probability(weights, features), span.source, reject_below, accept_from)
    return keep


def cross_validate(gathered: list[Gathered], technical: TechnicalFilter, settings: list[tuple[float, float]],
                   l2: float) -> dict[str, dict[str, dict]]:
    """Per held-out dev issuer, per document of it: (tp, predicted, gold) for
    the rules alone and for each (reject_below, accept_from) of a judge trained
    on every other issuer's documents (the synthetic ones always among them)."""
    issuers = sorted({g.doc["group"] for g in gathered if g.doc["split"] == "dev"})
    decided = {g.doc["doc_id"]: decisions(g, technical) for g in gathered}
    tallies = {}
    for issuer in issuers:
        train = [(f, y) for g in gathered if g.doc["group"] != issuer for _, f, y in decided[g.doc["doc_id"]]]
        w = dict(zip(NAMES, fit(matrix([f for f, _ in train]), np.array([y for _, y in train], dtype=float), l2)))
        keepers = [("rules", rules_only)] + [(pair, keeper(w, *pair)) for pair in settings]
        tallies[issuer] = {}
        for g in (g for g in gathered if g.doc["group"] == issuer):
            row = {}
            for name, keep in keepers:
                found = organizations(g, technical, keep)
                row[name] = (len(found & g.doc["gold"]), len(found), len(g.doc["gold"]))
            tallies[issuer][g.doc["doc_id"]] = row
    return tallies


def ceiling(gathered: list[Gathered]) -> tuple[int, int]:
    """Gold ORG spans that some candidate has exactly (judged or not, or a
    short form resolve.py links), and all gold ORG spans, over dev."""
    hit = total = 0
    for g in gathered:
        if g.doc["split"] != "dev":
            continue
        text = g.doc["text"]
        pool = g.fixed + [Candidate("ORG", s.start, s.end, collapse(text[s.start:s.end]), s.source) for s, _ in g.judged]
        pool += link_short_forms(text, pool) + spelled_short_forms(text, pool)
        spans = {(c.start, c.end) for c in pool if c.label == "ORG"}
        hit += len(g.doc["gold"] & spans)
        total += len(g.doc["gold"])
    return hit, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["examples", "fit", "cv"])
    parser.add_argument("--docs", default="outputs/interim/docs")
    parser.add_argument("--raw", default="corpus/raw")
    parser.add_argument("--gold", default="corpus/gold")
    parser.add_argument("--models", default="models")
    # A few settings, fixed before the folds are read: choosing among many on the same folds overfits them.
    parser.add_argument("--settings", default="0.3:0.9,0.5:0.9,0.7:0.9,0.5:0.7",
                        help="reject_below:accept_from pairs, comma-separated")
    parser.add_argument("--held-out", type=Path, help="a file of dev document ids (white space between them): "
                        "also report the folds on these documents alone")
    parser.add_argument("--l2", type=float, default=L2)
    args = parser.parse_args()
    models = Path(args.models)
    examples_path, weights_path = models / "orgs" / "judge_examples.tsv", models / "orgs" / "judge_weights.tsv"
    if args.command == "fit":
        rows = read_examples(examples_path)
        w = fit(matrix(rows), np.array([r["gold"] for r in rows], dtype=float), args.l2)
        weights_path.write_text(weights_text(w), encoding="utf-8")
        print(f"{weights_path}: {len(NAMES)} weights from {len(rows)} examples")
        return
    params = load_params(Path("params.yaml"))
    nlp = build_nlp(params["model"], models)
    reader = feature_reader(models / "orgs", models / "dates" / "months.tsv", models / "dates" / "weekdays.tsv")
    issuers_of = IssuerReader(nlp.get_pipe("polex_countries").find, topic_words(models / "country_context.tsv"))
    gathered = gather(nlp, reader, training_documents(Path(args.docs), Path(args.raw), Path(args.gold)),
                      params["extract"]["chunk_chars"], params["extract"]["local_dollar_share"], issuers_of)
    if args.command == "examples":
        rows = example_rows(gathered, TechnicalFilter(models / "orgs"))
        write_examples(rows, examples_path)
        print(f"{examples_path}: {len(rows)} examples from {len(gathered)} documents, "
              f"{sum(r['gold'] for r in rows)} of them gold ORGs")
        return
    hit, total = ceiling(gathered)
    print(f"dev gold ORG spans among the candidates: {hit} of {total} ({hit / total:.3f})")
    grid = [tuple(map(float, pair.split(":"))) for pair in args.settings.split(",")]
    tallies = cross_validate(gathered, TechnicalFilter(models / "orgs"), grid, args.l2)
    print_cv(tallies, grid)
    if args.held_out:
        only = set(args.held_out.read_text(encoding="utf-8").split())
        print_cv(tallies, grid, f"documents of {args.held_out}", only)


def summed(rows, name) -> tuple[int, int, int]:
    """(tp, predicted, gold) of `name` summed over tally rows."""
    return tuple(sum(row[name][i] for row in rows) for i in range(3))


def bootstrap_gain(per_issuer: list[dict], name, draws: int = 2000) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of micro F1(name) - F1(rules) over
    issuers drawn with replacement (seed 0): how much of a gain the choice of
    held-out issuers alone could give."""
    rng = np.random.default_rng(0)
    gains = []
    for _ in range(draws):
        drawn = [per_issuer[i] for i in rng.integers(0, len(per_issuer), len(per_issuer))]
        gains.append(prf(*summed(drawn, name))[2] - prf(*summed(drawn, "rules"))[2])
    low, high = np.percentile(gains, [2.5, 97.5])
    return float(low), float(high)


def print_cv(tallies: dict[str, dict[str, dict]], grid: list[tuple[float, float]], title: str = "all dev issuers",
             only: set[str] | None = None) -> None:
    """Micro P/R/F1 over the held-out issuers (their documents in `only`,
    where given) for the rules and each setting, with the issuers each setting
    does better and worse on (F1) and a bootstrap interval of its gain; then
    per issuer, the rules against the setting with the best micro F1."""
    per_issuer = {}
    for issuer, docs in tallies.items():
        rows = [row for doc_id, row in docs.items() if only is None or doc_id in only]
        if rows:
            per_issuer[issuer] = {n: summed(rows, n) for n in ["rules", *grid]}
    issuer_rows = list(per_issuer.values())
    micro = {n: summed(issuer_rows, n) for n in ["rules", *grid]}
    n_docs = sum(1 for docs in tallies.values() for d in docs if only is None or d in only)
    print(f"\n{title}: {len(per_issuer)} issuers held out, {n_docs} documents")
    print("setting (reject_below, accept_from)\tP\tR\tF1\tcorrect\tpredicted\tgold\tissuers better/worse\tF1 gain 95% (bootstrap over issuers)")
    for name, tally in micro.items():
        line = f"{name}\t" + "\t".join(f"{v:.4f}" for v in prf(*tally)) + "\t" + "\t".join(map(str, tally))
        if name != "rules":
            f1 = {i: (prf(*row[name])[2], prf(*row["rules"])[2]) for i, row in per_issuer.items()}
            better = sum(1 for j, r in f1.values() if j > r + 1e-9)
            worse = sum(1 for j, r in f1.values() if j < r - 1e-9)
            low, high = bootstrap_gain(issuer_rows, name)
            line += f"\t{better}/{worse}\t{low:+.4f} .. {high:+.4f}"
        print(line)
    best = max(grid, key=lambda n: (prf(*micro[n])[2], n))
    print(f"\nissuer\tgold ORG\trules P/R/F1\tjudge {best} P/R/F1")
    for issuer, row in per_issuer.items():
        print(f"{issuer}\t{row['rules'][2]}\t" + "\t".join("%.3f/%.3f/%.3f" % prf(*row[n]) for n in ("rules", best)))
    print(f"micro\t{micro['rules'][2]}\t" + "\t".join("%.3f/%.3f/%.3f" % prf(*micro[n]) for n in ("rules", best)))


if __name__ == "__main__":
    main()
