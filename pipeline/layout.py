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
ERRORS = OUTPUTS / "errors.csv"
ENTITY_TABLE = OUTPUTS / "entities.csv"
ENTITY_PARQUET = OUTPUTS / "entities.parquet"  # the same rows, typed: the run's summary reads one column of it
DOCUMENT_TABLE = OUTPUTS / "documents.csv"
DATABASE = OUTPUTS / "polex.db"
BASELINE = OUTPUTS / "baseline_entities.csv"
GOLD_NORMS = MODELS / "gold" / "norms.tsv"  # the form of each label's norms, checked on import
LABEL_STUDIO_CONFIG = Path("docs/label-studio.xml")  # Label Studio's labeling config for exported gold
MANIFESTS = OUTPUTS / "interim" / "manifests"
STAGE_ERRORS = OUTPUTS / "interim" / "errors"
RUN_LOCK = Path(".dvc/tmp/polex-run.lock")  # held by `polex run`, so that two runs never overlap
