"""What happens to the awarded demonstration round's grants after the award (not real), made
through the services people use: both offers accepted; instalments already due requested by the
manager, approved by the finance officer and paid (one left approved, waiting in the payment
run); the charity's last instalment paid by results for one of the programme's demonstration
outcomes; the council's grant re-profiled by an approved variation after its first payment.

Called once, by `awarded.seed_awarded_round`, right after the grants are announced.
"""

from datetime import timedelta

from innovation_fund.core.dates import london_today
from innovation_fund.grants.models import Grant, Instalment, Variation
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.grants.services.outcome_payments import add_outcome_term
from innovation_fund.grants.services.payments import approve_payment, record_paid, request_payment
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
    _paid_by_results(manager, charity_grant)
    paid = _pay_what_is_due(manager, finance_officer, charity_grant, leave_in_the_run=1)
    paid += _pay_what_is_due(manager, finance_officer, council_grant, most=1)
    _reprofiled(manager, council_officer, council_grant)
    return [
        f"Both demonstration offers accepted; {paid} instalments paid and one waiting in the "
        "payment run; one grant pays its last instalment by results; one grant re-profiled by an "
        "approved variation (not real)"
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
