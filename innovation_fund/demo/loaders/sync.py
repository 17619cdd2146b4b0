"""The shared write-only-what-differs helpers, counted into the programme's report."""

from django.db import models

from innovation_fund.core import loading
from innovation_fund.core.loading import CREATED, UNCHANGED, UPDATED, sync_many

from .report import LoadReport

__all__ = ["CREATED", "UNCHANGED", "UPDATED", "sync_many", "upsert"]


def upsert(
    model: type[models.Model], key: dict, values: dict, report: LoadReport, label: str
) -> tuple[models.Model, str]:
    """`core.loading.upsert`, with the outcome counted under `label`.

    `values` uses attribute names (`authority_id`, not `authority`) so comparisons never query.
    """
    instance, status = loading.upsert(model, key, values)
    report.count(label, status)
    return instance, status
