"""The demonstration programme's outcome framework: made up for trying the service, not real.

Each outcome is marked `is_demonstration` and named "(not real)", so no page can pass it off as
the real programme's; the real programme's framework is only what its sources name (see
demo_data/programme.json).
"""

from datetime import datetime

from innovation_fund.core.audit import record, snapshot
from innovation_fund.programmes.models import Outcome, Programme

Direction = Outcome.Direction

# (name, definition, measure, unit, direction)
DEMONSTRATION_OUTCOMES = [
    (
        "Children safely kept at home (not real)",
        "Children referred to the project who go on living with their family, safely.",
        "Children referred to the project who are living at home six months after referral",
        "per cent of children referred",
        Direction.HIGHER,
    ),
    (
        "Days spent in care (not real)",
        "Time children spend looked after by the local authority.",
        "Days looked after in the year, from the authority's SSDA903 return",
        "days per child",
        Direction.LOWER,
    ),
    (
        "Family wellbeing (not real)",
        "How parents and carers say their family is doing.",
        "A family wellbeing questionnaire at referral and after six months",
        "score from 0 to 50",
        Direction.HIGHER,
    ),
    (
        "Social worker caseloads (not real)",
        "How many children each social worker is responsible for.",
        "Children allocated to each qualified social worker on 31 March",
        "children per social worker",
        Direction.LOWER,
    ),
    (
        "Contacts with other services (not real)",
        "How often the family is in touch with health, school and community services.",
        "Contacts recorded in the case file in the year",
        "contacts per family",
        Direction.NONE,
    ),
]


def seed_demonstration_outcomes(
    programme: Programme, *, added_at: datetime, actor_label: str
) -> list[Outcome]:
    """The made-up framework, once: loading again adds nothing. `added_at` is no later than the
    demonstration round opened, so its bids can choose them. Call inside a transaction."""
    outcomes = []
    for position, (name, definition, measure, unit, direction) in enumerate(DEMONSTRATION_OUTCOMES):
        outcome, created = Outcome.objects.get_or_create(
            programme=programme,
            slug=f"demonstration-{position + 1}",
            defaults={
                "name": name,
                "definition": definition,
                "measure": measure,
                "unit": unit,
                "direction": direction,
                "position": position,
                "added_at": added_at,
                "is_demonstration": True,
            },
        )
        if created:
            record(
                actor=None,
                actor_label=actor_label,
                action="outcome.added",
                target=outcome,
                after=snapshot(outcome, ["name", "measure", "unit", "direction", "added_at"]),
            )
        outcomes.append(outcome)
    return outcomes
