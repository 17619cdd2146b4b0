"""What happens to the awarded demonstration round's grants after the award (not real), made
through the services people use: both offers accepted; instalments already due requested by the
manager, approved by the finance officer and paid (one left approved, waiting in the payment
run); the charity's last instalment paid by results for one of the programme's demonstration
outcomes; the council's grant re-profiled by an approved variation after its first payment.

Called once, by `awarded.seed_awarded_round`, right after the grants are announced.
"""

from datetime import timedelta

from innovation_fund.core.dates import london_today
from innovation_fund.grants.models import Grant, Instalment, MonitoringReturn, Variation
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.grants.services.outcome_payments import add_outcome_term, verify_claim
from innovation_fund.grants.services.payments import (
    approve_payment,
    record_paid,
    request_outcome_payment,
    request_payment,
)
from innovation_fund.grants.services.return_answers import accept_return, save_return, submit_return
from innovation_fund.grants.services.returns import set_return_schedule
from innovation_fund.grants.services.schedules import adjust_instalments
from innovation_fund.grants.services.variations import approve_variation, request_variation

CHARITY_OFFICER = "accountable.officer@demo.invalid"
FINANCE_OFFICER = "finance.officer@demo.invalid"
COUNCIL_OFFICER = "officer.borough@demo.invalid"


def seed_after_award(funding_round, users: dict, manager) -> list[str]:
    grants = {
        grant.recipient.memberships.filter(user__email=CHARITY_OFFICER).exists(): grant
        for grant in Grant.objects.filter(round=funding_round).select_related("recipient")
    }
    charity_grant, council_grant = grants[True], grants[False]
    charity_officer = users[CHARITY_OFFICER]
    council_officer = council_grant.recipient.memberships.get(user__email=COUNCIL_OFFICER).user
    accept_offer(charity_officer, charity_grant, accepts_conditions=True)
    accept_offer(council_officer, council_grant, accepts_conditions=True)
    finance_officer = users[FINANCE_OFFICER]
    set_return_schedule(manager, funding_round, every_months=3, due_days_after_period=30)
    _paid_by_results(manager, charity_grant)
    _first_return_in_and_its_claim_paid(manager, charity_officer, finance_officer, charity_grant)
    paid = _pay_what_is_due(manager, finance_officer, charity_grant, leave_in_the_run=1)
    paid += _pay_what_is_due(manager, finance_officer, council_grant, most=1)
    _reprofiled(manager, council_officer, council_grant)
    overdue = MonitoringReturn.objects.filter(
        grant__round=funding_round,
        state=MonitoringReturn.State.NOT_STARTED,
        due_on__lt=london_today(),
    ).count()
    return [
        "Quarterly monitoring returns: the charity's first accepted with an outcome claim verified "
        f"and paid; {overdue} overdue (not real)",
        f"Both demonstration offers accepted; {paid} instalments paid and one waiting in the "
        "payment run; one grant pays its last instalment by results; one grant re-profiled by an "
        "approved variation (not real)",
    ]


def _pay_what_is_due(
    manager, finance_officer, grant: Grant, *, most: int | None = None, leave_in_the_run: int = 0
) -> int:
    """The manager requests each instalment already due, the finance officer approves it, and
    it is paid a week after it fell due (except the last `leave_in_the_run`, left approved)."""
    today = london_today()
    due = [
        instalment
        for instalment in grant.instalments.filter(kind=Instalment.Kind.FIXED).order_by("number")
        if instalment.due_on <= today
    ][:most]
    paid = 0
    for index, instalment in enumerate(due):
        payment = approve_payment(finance_officer, request_payment(manager, instalment))
        if index < len(due) - leave_in_the_run:
            record_paid(
                finance_officer,
                payment,
                paid_on=min(instalment.due_on + timedelta(days=7), today),
                finance_reference=f"DEMO-{grant.pk}-{instalment.number} (not real)",
            )
            paid += 1
    return paid


def _paid_by_results(manager, grant: Grant) -> None:
    """The grant's last instalment becomes its outcome budget, paid at a price per family."""
    instalments = list(grant.instalments.order_by("number"))
    last = instalments[-1]
    adjust_instalments(
        manager,
        grant,
        [
            {
                "number": instalment.number,
                "due_on": instalment.due_on,
                "amount_pence": instalment.amount_pence,
                "kind": Instalment.Kind.OUTCOMES if instalment == last else instalment.kind,
            }
            for instalment in instalments
        ],
    )
    outcome = grant.round.programme.outcomes.filter(retired_at__isnull=True).first()
    add_outcome_term(
        manager,
        grant,
        outcome=outcome,
        price_per_unit_pence=2_000_00,
        cap_pence=last.amount_pence,
        evidence_required=(
            "The case records of each family, checked by the programme's analyst (not real)."
        ),
    )


def _first_return_in_and_its_claim_paid(manager, officer, finance_officer, grant: Grant) -> None:
    """Return 1 filled in and submitted by the charity, with 4 families claimed; accepted by the
    manager, who verifies 3 of them; the payment approved and paid. Return 2 is left overdue."""
    first = grant.returns.get(number=1)
    term = grant.outcome_terms.get()
    first_year = grant.starts_on.year
    save_return(
        officer,
        first,
        expected_version=first.version,
        progress="Two multi-disciplinary teams recruited and trained (not real).",
        risks="One adult mental health post is still vacant (not real).",
        spend={(first_year, "staff"): 52_000_00},
        measures={},
        claims={term.pk: (4, "Case records of four families (not real).")},
    )
    submit_return(officer, first, declaration=True)
    accept_return(manager, first)
    claim = verify_claim(
        manager,
        first.outcome_claims.get(),
        units_verified=3,
        reason="One family's case record was incomplete (not real).",
    )
    today = london_today()
    for payment in request_outcome_payment(manager, claim):
        approve_payment(finance_officer, payment)
        record_paid(
            finance_officer,
            payment,
            paid_on=today,
            finance_reference=f"DEMO-{grant.pk}-PBR (not real)",
        )


def _reprofiled(manager, officer, grant: Grant) -> Variation:
    """The council moves £30,000 from this financial year into the next (not real)."""
    years = dict(grant.years.values_list("financial_year", "amount_pence"))
    first, second = sorted(years)
    moved = 30_000_00
    variation = request_variation(
        officer,
        grant,
        kind=Variation.Kind.REPROFILE,
        reason="Recruiting the team took three months longer than planned (not real).",
        proposed_years={first: years[first] - moved, second: years[second] + moved},
    )
    return approve_variation(
        manager, variation, reasons="The work is the same; only its timing moves (not real)."
    )
