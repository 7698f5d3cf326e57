"""Where the CLI finds the project's folders: the same paths dvc.yaml gives
the stages (change both together)."""
from pathlib import Path

RAW = Path("corpus/raw")
GOLD = Path("corpus/gold")
MODELS = Path("models")
OUTPUTS = Path("outputs")
DOCS = OUTPUTS / "interim" / "docs"
SECTIONS = OUTPUTS / "interim" / "sections"
ENTITIES = OUTPUTS / "interim" / "entities"
METRICS = OUTPUTS / "metrics.json"
MISMATCHES = OUTPUTS / "mismatches.csv"
ERRORS = OUTPUTS / "errors.csv"
BASELINE = OUTPUTS / "baseline_entities.csv"
MANIFESTS = OUTPUTS / "interim" / "manifests"
STAGE_ERRORS = OUTPUTS / "interim" / "errors"
RUN_LOCK = Path(".dvc/tmp/polex-run.lock")  # held by `polex run`, so that two runs never overlap
