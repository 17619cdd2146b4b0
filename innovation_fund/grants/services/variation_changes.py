"""What an approved variation changes: the grant's money and years (with the instalments no
payment touches rebuilt), its partners, the public project, or, for a hand back, the grant's end.
Called by `services.variations.approve_variation` inside its transaction, with the programme and
the grant locked."""

from collections import defaultdict

from innovation_fund.core.dates import london_today
from innovation_fund.core.errors import DomainError
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.money import format_gbp

from ..models import (
    Grant,
    GrantYear,
    Instalment,
    Payment,
    ProjectPartner,
    ReleaseCondition,
    Variation,
)
from ..money import money_by_instalment
from ..offer_lifecycle import GRANT_LIFECYCLE
from ..project_words import refresh_project_words
from ..schedules import plan_instalments
from ..variation_proposals import year_field

Kind = Variation.Kind


def set_money(grant: Grant, amount: int, years: dict[int, int]) -> None:
    grant.amount_pence = amount
    GrantYear.objects.filter(grant=grant).delete()
    GrantYear.objects.bulk_create(
        GrantYear(grant=grant, financial_year=year, amount_pence=pence)
        for year, pence in sorted(years.items())
        if pence
    )
    _rebuild_instalments(grant, years)


def _rebuild_instalments(grant: Grant, years: dict[int, int]) -> None:
    """Replan the fixed instalments no payment touches, in the years whose money changed.

    Instalments with money requested, approved or paid are kept as they are, and so are
    payment-by-results instalments (paid only as verified claims); what is left of each year
    after them is planned quarterly. A grant with no schedule yet keeps none: the programme team
    builds it.
    """
    instalments = list(Instalment.objects.filter(grant=grant).order_by("number"))
    if not instalments:
        return
    money = money_by_instalment(grant)
    replaceable = [
        instalment
        for instalment in instalments
        if instalment.kind == Instalment.Kind.FIXED and not money[instalment.pk].spoken_for_pence
    ]
    kept_by_year: dict[int, int] = defaultdict(int)
    replaceable_by_year: dict[int, int] = defaultdict(int)
    for instalment in instalments:
        if instalment in replaceable:
            replaceable_by_year[instalment.financial_year] += instalment.amount_pence
        else:
            kept_by_year[instalment.financial_year] += instalment.amount_pence
    to_plan: dict[int, int] = {}
    for year in sorted(set(years) | set(kept_by_year) | set(replaceable_by_year)):
        left = years.get(year, 0) - kept_by_year.get(year, 0)
        if left < 0:
            label = FinancialYear(year).label
            raise DomainError(
                f"{format_gbp(kept_by_year[year])} of {label} is in instalments already "
                f"requested, approved or paid, or kept for payment by results: {label} cannot "
                "be less than that",
                field=year_field(year),
            )
        if left != replaceable_by_year.get(year, 0):
            to_plan[year] = left
    if not to_plan:
        return
    replaced = [i for i in replaceable if i.financial_year in to_plan]
    planned = plan_instalments(
        {year: amount for year, amount in to_plan.items() if amount},
        pattern="quarterly",
        starts_on=max(london_today(), grant.starts_on or london_today()),
    )
    _replace_instalments(grant, replaced, planned, next_number=instalments[-1].number + 1)


def _replace_instalments(grant: Grant, replaced: list[Instalment], planned, *, next_number):
    """Remove the replaced instalments and add the planned ones after the highest number.

    An instalment a refused or withdrawn payment request points at cannot be removed (the
    ledger keeps every request), so it takes one of the planned instalments instead.
    """
    with_requests = set(
        Payment.objects.filter(instalment__in=replaced).values_list("instalment_id", flat=True)
    )
    planned = list(planned)
    for instalment in [i for i in replaced if i.pk in with_requests]:
        slot = next((p for p in planned if p.financial_year == instalment.financial_year), None)
        slot = slot or (planned[0] if planned else None)
        if slot is None:
            raise DomainError(
                f"Instalment {instalment.number} has a refused or withdrawn payment request on "
                "record, so it cannot be removed: keep some money in its year"
            )
        planned.remove(slot)
        instalment.due_on = slot.due_on
        instalment.financial_year = slot.financial_year
        instalment.amount_pence = slot.amount_pence
        instalment.save(update_fields=["due_on", "financial_year", "amount_pence"])
    Instalment.objects.filter(pk__in=[i.pk for i in replaced if i.pk not in with_requests]).delete()
    made = Instalment.objects.bulk_create(
        Instalment(
            grant=grant,
            number=next_number + position,
            due_on=slot.due_on,
            financial_year=slot.financial_year,
            amount_pence=slot.amount_pence,
        )
        for position, slot in enumerate(planned)
    )
    ReleaseCondition.objects.bulk_create(
        ReleaseCondition(instalment=instalment, kind=ReleaseCondition.Kind.OFFER_ACCEPTED)
        for instalment in made
    )


def hand_back(user, grant: Grant) -> None:
    """The grant ends: it keeps what was approved or paid, and the rest goes back to the
    round's and the years' headroom (the budget counts the grant's current amount)."""
    row = GRANT_LIFECYCLE.check(grant, "hand_back")
    money = money_by_instalment(grant)
    waiting = sum(held.requested_pence for held in money.values())
    if waiting:
        raise DomainError(
            f"{format_gbp(waiting)} of payments requested on this grant still wait for a finance "
            "officer: they must be approved or refused before the grant is handed back"
        )
    instalments = list(Instalment.objects.filter(grant=grant).order_by("number"))
    years: dict[int, int] = defaultdict(int)
    untouched = []
    for instalment in instalments:
        approved = money[instalment.pk].approved_pence
        if not approved:
            untouched.append(instalment)
            continue
        years[instalment.financial_year] += approved
        if instalment.amount_pence != approved:
            # Paid in part (outcome claims): the rest will never be paid.
            instalment.amount_pence = approved
            instalment.save(update_fields=["amount_pence"])
    stuck = Payment.objects.filter(instalment__in=untouched).values_list(
        "instalment__number", flat=True
    )
    if stuck:
        raise DomainError(
            f"Instalment {min(stuck)} has a refused or withdrawn payment request on record, so "
            "it cannot be removed: the grant cannot be handed back in this service yet"
        )
    Instalment.objects.filter(pk__in=[i.pk for i in untouched]).delete()
    grant.amount_pence = sum(years.values())  # nothing, if nothing was paid
    GrantYear.objects.filter(grant=grant).delete()
    GrantYear.objects.bulk_create(
        GrantYear(grant=grant, financial_year=year, amount_pence=pence)
        for year, pence in sorted(years.items())
    )
    grant.state = row.target


def set_partners(grant: Grant, names: list[str]) -> None:
    """The project's partners rebuilt from names, keeping the organisation of a name we know."""
    project = grant.project
    if project is None:
        return
    known = {
        str(partner).casefold(): partner.organisation_id
        for partner in project.partners.select_related("organisation")
        if partner.organisation_id
    }
    project.partners.all().delete()
    ProjectPartner.objects.bulk_create(
        ProjectPartner(
            project=project,
            organisation_id=known.get(name.casefold()),
            description="" if name.casefold() in known else name,
            position=position,
        )
        for position, name in enumerate(names)
    )
    refresh_project_words([project.pk])  # the partners were written in bulk


def follow_on_project(grant: Grant, kind: str) -> None:
    """The public project shows the grant as it is now."""
    project = grant.project
    if project is None:
        return
    project.amount_pence = grant.amount_pence
    project.ends_on = grant.ends_on
    if kind == Kind.SCOPE:
        project.summary = grant.scope
    project.save(update_fields=["amount_pence", "ends_on", "summary"])
