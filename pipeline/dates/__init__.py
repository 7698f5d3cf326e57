"""Dates: finding and normalizing, with no spaCy (ingest uses them too)."""
from pipeline.dates.rules import DateRules

__all__ = ["DateRules"]
