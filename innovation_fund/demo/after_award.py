"""What happens to the awarded demonstration round's grants after the award (not real), made
through the services people use: both offers accepted; the charity's last instalment paid by
results for one of the programme's demonstration outcomes; the council's grant re-profiled by an
approved variation.

Called once, by `awarded.seed_awarded_round`, right after the grants are announced.
"""

from innovation_fund.grants.models import Grant, Instalment, Variation
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.grants.services.outcome_payments import add_outcome_term
from innovation_fund.grants.services.schedules import adjust_instalments
from innovation_fund.grants.services.variations import approve_variation, request_variation

CHARITY_OFFICER = "accountable.officer@demo.invalid"
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
    _paid_by_results(manager, charity_grant)
    _reprofiled(manager, council_officer, council_grant)
    return [
        "Both demonstration offers accepted; one grant pays its last instalment by results; "
        "one grant re-profiled by an approved variation (not real)"
    ]


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
