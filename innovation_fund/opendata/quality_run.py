"""Running the quality checks (quality.py) and the file's summary over a file's grants, whole or
a window at a time, with the same result either way.

A large file is checked a window of grants at a time so that memory holds one window, not the
file. Each check that looks at one grant at a time runs on each window; the few that compare
grants with each other (by their funders) run at the end on what they need of every grant: its
funding organisations, shared between grants that have the same ones, so a file with one funder
keeps one copy of it.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from innovation_fund.core.dates import london_today
from innovation_fund.opendata.orgid_prefixes import has_recognised_prefix

from .quality import (
    CHECKS,
    MAX_PATHS,
    GrantWindow,
    Notice,
    _grants,
    _is_number,
    _org_ids,
    _text,
)


@dataclass
class _Found:
    """What one check found so far: how many grants, the first paths, and (for a check across
    grants) every hit, which its message may need."""

    count: int = 0
    paths: dict = field(default_factory=dict)
    hits: list = field(default_factory=list)


class QualityRun:
    """The quality checks over a file's grants, given in windows in the file's order."""

    def __init__(self, today: date | None = None):
        self.today = today or london_today()
        self.found = {rule.name: _Found() for rule in CHECKS}
        self.funders: list[dict | None] = []  # each grant's funding organisations, shared
        self._shared: dict[str, dict] = {}

    def add(self, window: GrantWindow) -> None:
        for rule in CHECKS:
            if rule.across_grants:
                continue
            found = self.found[rule.name]
            grants_hit = set()
            for hit in rule.find(window, self.today):
                grants_hit.add(hit.grant)
                if len(found.paths) < MAX_PATHS:
                    found.paths.setdefault(hit.path)
            found.count += len(grants_hit)
        self.funders += [self._funders_of(grant) for grant in window]

    def _funders_of(self, grant) -> dict | None:
        if not isinstance(grant, dict):
            return None  # keeps its place, and is skipped as the grant itself would be
        funders = grant.get("fundingOrganization")
        key = json.dumps(funders, default=str)
        return self._shared.setdefault(key, {"fundingOrganization": funders})

    def notices(self) -> list[Notice]:
        """A notice for each check that tripped, in the tool's order."""
        notices = []
        for rule in CHECKS:
            found = self.found[rule.name]
            if rule.across_grants:
                found.hits = list(rule.find(self.funders, self.today))
                grants_hit = {hit.grant for hit in found.hits}
                count = min(len(grants_hit), 1) if rule.file_level else len(grants_hit)
                paths = tuple(dict.fromkeys(hit.path for hit in found.hits))[:MAX_PATHS]
            else:
                count, paths = found.count, tuple(found.paths)
            if not count:
                continue
            notices.append(
                Notice(
                    check=rule.name,
                    category=rule.category,
                    critical=rule.critical,
                    message=rule.describe(count, found.hits),
                    count=count,
                    paths=paths,
                )
            )
        return notices


def run_quality_checks(grants: list[dict], *, today: date | None = None) -> list[Notice]:
    """Run every check on a list of grants, in the tool's order, and return a notice for each
    one that tripped."""
    run = QualityRun(today)
    run.add(GrantWindow(grants if isinstance(grants, list) else [], 0))
    return run.notices()


# --- File aggregates -------------------------------------------------------------------------


@dataclass
class CurrencyTotals:
    count: int = 0
    total: int | float | Decimal = 0
    min: int | float | Decimal | None = None
    max: int | float | Decimal | None = None


@dataclass
class FileAggregates:
    """The summary the tool shows above its checks, added to a window of grants at a time."""

    count: int = 0
    unique_ids: set[str] = field(default_factory=set)
    duplicate_ids: set[str] = field(default_factory=set)
    min_award_date: str = ""  # YYYY-MM-DD
    max_award_date: str = ""
    award_years: dict[str, int] = field(default_factory=dict)
    currencies: dict[str | None, CurrencyTotals] = field(default_factory=dict)
    funding_org_ids: set[str] = field(default_factory=set)
    recipient_org_ids: set[str] = field(default_factory=set)
    dated: int = 0  # grants with an award date

    def add(self, grants: list) -> None:
        for _, grant in _grants(grants):
            self.count += 1
            grant_id = _text(grant.get("id"))
            if grant_id:
                if grant_id in self.unique_ids:
                    self.duplicate_ids.add(grant_id)
                self.unique_ids.add(grant_id)
            _add_amount(self.currencies, grant)
            award_date = _text(grant.get("awardDate"))
            if award_date:
                day = award_date.split("T")[0]
                first = self.dated == 0
                self.min_award_date = day if first else min(self.min_award_date, day)
                self.max_award_date = day if first else max(self.max_award_date, day)
                self.dated += 1
                year = award_date[:4]
                self.award_years[year] = self.award_years.get(year, 0) + 1
            self.funding_org_ids.update(
                org_id for _, org_id in _org_ids(grant, "fundingOrganization")
            )
            self.recipient_org_ids.update(
                org_id for _, org_id in _org_ids(grant, "recipientOrganization")
            )

    @property
    def unrecognised_funding_org_ids(self) -> set[str]:
        return {org_id for org_id in self.funding_org_ids if not has_recognised_prefix(org_id)}

    @property
    def unrecognised_recipient_org_ids(self) -> set[str]:
        return {org_id for org_id in self.recipient_org_ids if not has_recognised_prefix(org_id)}


def file_aggregates(grants: list[dict]) -> FileAggregates:
    """Count, ids, award date range and years, amounts per currency, and org-id prefixes."""
    totals = FileAggregates()
    totals.add(grants)
    return totals


def _add_amount(currencies: dict, grant: dict) -> None:
    currency = grant.get("currency") if isinstance(grant.get("currency"), str) else None
    totals = currencies.setdefault(currency, CurrencyTotals())
    totals.count += 1
    amount = grant.get("amountAwarded")
    if _is_number(amount):
        totals.total += amount
        totals.min = amount if totals.min is None else min(totals.min, amount)
        totals.max = amount if totals.max is None else max(totals.max, amount)
