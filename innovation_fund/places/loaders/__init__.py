"""Loaders for the shared place data. Each runs in one transaction and is safe to re-run."""

from .authorities import load_authorities
from .boundaries import load_boundaries
from .districts import load_districts
from .report import LoadReport, Tally
from .statistics import load_statistics

__all__ = [
    "LoadReport",
    "Tally",
    "load_authorities",
    "load_boundaries",
    "load_districts",
    "load_statistics",
]
