"""Loads the real DfE Children's Social Care Innovation Programme (2014 to 2020)."""

from .report import LoadReport
from .reviewed import ReviewedDataError
from .run import load_programme

__all__ = ["LoadReport", "ReviewedDataError", "load_programme"]
