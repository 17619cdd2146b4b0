"""The grants app's records: see each module for its part of the grant's life."""

from .facts import ProjectFact
from .outcome_payments import OutcomeClaim, OutcomePaymentTerm
from .payments import Instalment, Payment, PaymentRun, ReleaseCondition
from .project_words import ProjectWords
from .projects_and_grants import (
    Grant,
    GrantQuerySet,
    GrantYear,
    Letter,
    Project,
    ProjectArea,
    ProjectPartner,
    ProjectQuerySet,
    public_round,
    published_project,
)
from .returns import (
    MonitoringReturn,
    ReturnMeasure,
    ReturnReminder,
    ReturnSchedule,
    ReturnSpend,
)
from .variations import Variation

__all__ = [
    "Grant",
    "GrantQuerySet",
    "GrantYear",
    "Instalment",
    "Letter",
    "MonitoringReturn",
    "OutcomeClaim",
    "OutcomePaymentTerm",
    "Payment",
    "PaymentRun",
    "Project",
    "ProjectArea",
    "ProjectFact",
    "ProjectPartner",
    "ProjectQuerySet",
    "ProjectWords",
    "ReleaseCondition",
    "ReturnMeasure",
    "ReturnReminder",
    "ReturnSchedule",
    "ReturnSpend",
    "Variation",
    "public_round",
    "published_project",
]
