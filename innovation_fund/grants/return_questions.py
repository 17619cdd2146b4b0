"""What a monitoring return asks, read from the grant: spend by financial year and cost heading
beside the profile (every heading, so spending the bid did not plan for has somewhere to go),
the bid's outcome measures in each of the grant's authorities, and the grant's outcome
payments; with the answers already given (this return's own, else those carried forward from
the last submitted return, so nobody types them twice).

The profile by cost heading is the bid's, scaled to the grant's amount for the year where the
award differs from the ask: exact pence, each odd penny going to the heading whose exact share
lost most in rounding down (ties: the headings' order).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from innovation_fund.applications.models import ApplicationOutcome, BudgetLine, CostHeading
from innovation_fund.core.financial_years import FinancialYear

from .models import (
    GrantYear,
    MonitoringReturn,
    OutcomeClaim,
    OutcomePaymentTerm,
    ProjectArea,
    ReturnMeasure,
    ReturnSpend,
)

ALL_SPENDING = "all"  # the heading of a year whose bid gave no split by heading
HEADING_LABELS = {**dict(CostHeading.choices), ALL_SPENDING: "All spending"}
REPORTED = (MonitoringReturn.State.SUBMITTED, MonitoringReturn.State.ACCEPTED)


@dataclass
class SpendLine:
    financial_year: int
    cost_heading: str
    profile_pence: int
    actual_pence: int | None = None
    # In the profile: blank means "not known yet". Outside it, blank means nothing spent, so
    # nobody types a row of noughts; only a figure given there is kept.
    budgeted: bool = True

    @property
    def key(self) -> str:
        return f"spend_{self.financial_year}_{self.cost_heading}"

    @property
    def key_pair(self) -> tuple[int, str]:
        return (self.financial_year, self.cost_heading)

    @property
    def label(self) -> str:
        return f"{HEADING_LABELS[self.cost_heading]}, {FinancialYear(self.financial_year).label}"

    @property
    def variance_pence(self) -> int | None:
        return None if self.actual_pence is None else self.actual_pence - self.profile_pence


@dataclass
class MeasureLine:
    outcome_id: int
    outcome_name: str
    measure: str
    authority_id: int
    authority_name: str
    value: object = None
    period: str = ""
    not_known_yet: bool = False

    @property
    def key(self) -> str:
        return f"measure_{self.outcome_id}_{self.authority_id}"

    @property
    def key_pair(self) -> tuple[int, int]:
        return (self.outcome_id, self.authority_id)


@dataclass
class ClaimLine:
    term: OutcomePaymentTerm
    units: int | None = None
    evidence: str = ""
    verified: bool = False

    @property
    def key(self) -> str:
        return f"claim_{self.term.pk}"


@dataclass
class Questions:
    spend: list[SpendLine] = field(default_factory=list)
    measures: list[MeasureLine] = field(default_factory=list)
    claims: list[ClaimLine] = field(default_factory=list)
    carried_from: MonitoringReturn | None = None
    spend_carried: bool = False  # the figures shown are the earlier return's, not yet saved here
    measures_carried: bool = False
    saved_spend: set = field(default_factory=set)  # (year, heading) this return has answered
    saved_measures: set = field(default_factory=set)  # (outcome id, authority id)


def scale_exactly(amounts: list[int], total: int) -> list[int]:
    """`amounts` scaled to add up to `total` exactly (largest remainders get the odd pennies)."""
    whole = sum(amounts)
    if whole == 0:
        return [0 for _ in amounts]
    shares = [divmod(amount * total, whole) for amount in amounts]
    scaled = [quotient for quotient, _ in shares]
    short = total - sum(scaled)
    by_remainder = sorted(range(len(amounts)), key=lambda i: (-shares[i][1], i))
    for index in by_remainder[:short]:
        scaled[index] += 1
    return scaled


def questions_for(monitoring_return: MonitoringReturn) -> Questions:
    """What the return asks, with its own answers; a section it has not saved yet starts from
    the last submitted or accepted return's figures (each section on its own)."""
    grant = monitoring_return.grant
    questions = Questions()
    own_spend = {
        (row.financial_year, row.cost_heading): row.actual_pence
        for row in ReturnSpend.objects.filter(monitoring_return=monitoring_return)
    }
    own_measures = {
        (row.outcome_id, row.authority_id): row
        for row in ReturnMeasure.objects.filter(monitoring_return=monitoring_return)
    }
    questions.saved_spend, questions.saved_measures = set(own_spend), set(own_measures)
    spend, measures = own_spend, own_measures
    if not own_spend or not own_measures:
        previous = (
            MonitoringReturn.objects.filter(
                grant=grant, number__lt=monitoring_return.number, state__in=REPORTED
            )
            .order_by("-number")
            .first()
        )
        if previous is not None:
            if not own_spend:
                spend = {
                    (row.financial_year, row.cost_heading): row.actual_pence
                    for row in ReturnSpend.objects.filter(monitoring_return=previous)
                }
                questions.spend_carried = bool(spend)
            if not own_measures:
                measures = {
                    (row.outcome_id, row.authority_id): row
                    for row in ReturnMeasure.objects.filter(monitoring_return=previous)
                }
                questions.measures_carried = bool(measures)
            if questions.spend_carried or questions.measures_carried:
                questions.carried_from = previous
    questions.spend = _spend_lines(grant, spend)
    questions.measures = _measure_lines(grant, measures)
    questions.claims = _claim_lines(grant, monitoring_return)
    return questions


def _spend_lines(grant, actuals: dict) -> list[SpendLine]:
    years = dict(
        GrantYear.objects.filter(grant=grant).values_list("financial_year", "amount_pence")
    )
    bid: dict[int, dict[str, int]] = defaultdict(dict)
    if grant.application_id:
        for year, heading, amount in BudgetLine.objects.filter(
            application_id=grant.application_id
        ).values_list("financial_year", "cost_heading", "amount_pence"):
            bid[year][heading] = bid[year].get(heading, 0) + amount
    lines = []
    for year in sorted(years):
        budgeted = sorted(bid.get(year, {}), key=list(CostHeading.values).index)
        if not sum(bid.get(year, {}).values()):  # no split by heading to scale
            lines.append(
                SpendLine(year, ALL_SPENDING, years[year], actuals.get((year, ALL_SPENDING)))
            )
            continue
        scaled = scale_exactly([bid[year][heading] for heading in budgeted], years[year])
        profile = dict(zip(budgeted, scaled, strict=True))
        for heading in CostHeading.values:
            lines.append(
                SpendLine(
                    year,
                    heading,
                    profile.get(heading, 0),
                    actuals.get((year, heading)),
                    budgeted=heading in profile,
                )
            )
    return lines


def _measure_lines(grant, answers: dict) -> list[MeasureLine]:
    if not grant.application_id:
        return []
    outcomes = list(
        ApplicationOutcome.objects.filter(application_id=grant.application_id)
        .select_related("outcome")
        .order_by("outcome__position", "outcome__name")
    )
    authorities = list(
        {
            area.authority_id: area.authority
            for area in ProjectArea.objects.filter(project_id=grant.project_id)
            .select_related("authority")
            .order_by("authority__name")
        }.values()
    )
    lines = []
    for chosen in outcomes:
        for authority in authorities:
            answer = answers.get((chosen.outcome_id, authority.pk))
            lines.append(
                MeasureLine(
                    outcome_id=chosen.outcome_id,
                    outcome_name=chosen.outcome.name,
                    measure=chosen.measure,
                    authority_id=authority.pk,
                    authority_name=authority.name,
                    value=answer.value if answer else None,
                    period=answer.period if answer else "",
                    not_known_yet=answer.not_known_yet if answer else False,
                )
            )
    return lines


def _claim_lines(grant, monitoring_return) -> list[ClaimLine]:
    claims = {
        claim.term_id: claim
        for claim in OutcomeClaim.objects.filter(monitoring_return=monitoring_return)
    }
    lines = []
    for term in OutcomePaymentTerm.objects.filter(grant=grant).select_related("outcome"):
        claim = claims.get(term.pk)
        lines.append(
            ClaimLine(
                term=term,
                units=claim.units_claimed if claim else None,
                evidence=claim.evidence if claim else "",
                verified=bool(claim and claim.state == OutcomeClaim.State.VERIFIED),
            )
        )
    return lines


# --- The return's sections, as its task list shows them -------------------------------------

COMPLETED, INCOMPLETE, NOT_STARTED, OPTIONAL = (
    "Completed",
    "Incomplete",
    "Not yet started",
    "Optional",
)
SECTION_TITLES = {
    "progress": "Progress and risks",
    "spend": "Spending against the profile",
    "measures": "Outcome measures",
    "claims": "Outcome payments claimed",
}


@dataclass
class Section:
    slug: str
    status: str
    hint: str = ""

    @property
    def title(self) -> str:
        return SECTION_TITLES[self.slug]

    @property
    def finished(self) -> bool:
        return self.status in (COMPLETED, OPTIONAL)


def _status(answered: int, asked: int) -> str:
    if asked and answered == asked:
        return COMPLETED
    return INCOMPLETE if answered else NOT_STARTED


def sections_of(monitoring_return: MonitoringReturn, questions: Questions) -> list[Section]:
    """The sections this return asks, each with how far it has been answered. Blank spending
    in the profile counts as answered ("not known yet") once the section is saved; a measure
    needs a value or "not known yet"; outcome payment claims are optional."""
    texts = [monitoring_return.progress, monitoring_return.risks]
    found = [Section("progress", _status(sum(1 for text in texts if text.strip()), 2))]
    carried = questions.carried_from.number if questions.carried_from else None
    if questions.spend:
        asked = [line for line in questions.spend if line.budgeted]
        saved = sum(1 for line in asked if line.key_pair in questions.saved_spend)
        hint = f"Starts with the figures of return {carried}" if questions.spend_carried else ""
        found.append(Section("spend", _status(saved, len(asked)), hint))
    if questions.measures:
        answered = sum(
            1
            for line in questions.measures
            if line.key_pair in questions.saved_measures
            and (line.value is not None or line.not_known_yet)
        )
        hint = f"Starts with the figures of return {carried}" if questions.measures_carried else ""
        found.append(Section("measures", _status(answered, len(questions.measures)), hint))
    if questions.claims:
        units = sum(line.units or 0 for line in questions.claims)
        found.append(
            Section(
                "claims",
                COMPLETED if units else OPTIONAL,
                f"{units} unit{'s' if units != 1 else ''} claimed" if units else "",
            )
        )
    return found
