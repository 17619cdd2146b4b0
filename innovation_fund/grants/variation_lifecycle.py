"""The lifecycle of a variation (a change to a live grant), declared once.

    requested ──approve (a programme manager)──────────────▶ approved
    requested ──refuse (a programme manager, with reasons)──▶ refused
    requested ──withdraw (whoever asked for it)─────────────▶ withdrawn

Whoever asked withdraws: an accountable officer of the grantee for a variation the grantee asked
for, a programme manager for one the programme team recorded (`policies.variations` narrows the
row's `who` to that side).

Two rules hold before a variation can be asked for, and again when one is approved:
- only an accepted (live) grant can be varied: an offer not yet accepted is not a grant to
  change, and a grant declined or handed back has ended;
- one variation waits for a decision at a time on each grant, so each is decided against the
  grant as the one before it left it.
"""

from innovation_fund.core.dates import format_date, to_london
from innovation_fund.core.transitions import Lifecycle, transition

from .models import Grant, Variation
from .policies.grants import ACCOUNTABLE_OFFICER, PROGRAMME_MANAGER

State = Variation.State


def reasons_grant_cannot_be_varied(grant: Grant, *, waiting: Variation | None) -> list[str]:
    """Why no variation can be asked for on this grant now (empty when one can). `waiting` is
    the grant's variation waiting for a decision, if it has one."""
    if not grant.is_live:
        return [
            "Only an accepted grant can be varied: this grant is "
            f"{grant.get_state_display().lower()}."
        ]
    if waiting is not None:
        asked_on = format_date(to_london(waiting.requested_at).date())
        return [
            "This grant already has a variation waiting for a decision "
            f"({waiting.get_kind_display().lower()}, asked for on {asked_on}): it must be "
            "approved, refused or withdrawn before another is asked for."
        ]
    return []


def _grant_is_live(variation: Variation) -> list[str]:
    grant = variation.grant
    if grant.is_live:
        return []
    return [
        "Only an accepted grant can be varied: this grant is "
        f"{grant.get_state_display().lower()}, so the variation can only be refused or withdrawn."
    ]


VARIATION_LIFECYCLE = Lifecycle(
    "variation",
    dict(State.choices),
    [
        transition(
            "approve",
            sources=[State.REQUESTED],
            target=State.APPROVED,
            who=[PROGRAMME_MANAGER],
            label="Approve",
            guards=[_grant_is_live],
            description="Change the grant as asked and rebuild the instalments not yet paid.",
        ),
        transition(
            "refuse",
            sources=[State.REQUESTED],
            target=State.REFUSED,
            who=[PROGRAMME_MANAGER],
            label="Refuse",
            description="Leave the grant as it is, saying why.",
        ),
        transition(
            "withdraw",
            sources=[State.REQUESTED],
            target=State.WITHDRAWN,
            who=[ACCOUNTABLE_OFFICER, PROGRAMME_MANAGER],
            label="Withdraw",
            description="Take the request back before it is decided.",
        ),
    ],
)
