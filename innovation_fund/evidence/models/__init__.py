"""What evaluations found, and what outcomes are worth: evaluations with their plans and reports,
findings on named evidence scales, costs and benefits with their price years, GDP deflators and
unit costs."""

from .deflators import GdpDeflator
from .evaluations import (
    CostBenefitItem,
    Evaluation,
    EvaluationPlan,
    EvaluationReport,
    ReportDocument,
)
from .findings import Finding, UnitCost

__all__ = [
    "CostBenefitItem",
    "Evaluation",
    "EvaluationPlan",
    "EvaluationReport",
    "Finding",
    "GdpDeflator",
    "ReportDocument",
    "UnitCost",
]
