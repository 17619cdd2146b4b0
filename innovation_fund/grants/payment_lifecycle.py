"""A payment's lifecycle, declared once: state → action → who may → next state.

    requested ──approve (a finance officer who did not request it)──▶ approved
    requested ──refuse (a finance officer, with a reason)──▶ refused
    requested ──withdraw (a programme manager)──▶ withdrawn
    approved ──mark_paid (a finance officer: the date and the finance reference)──▶ paid

A paid payment has no moves: a mistake is corrected by a reversing entry (`reverse_payment`), a
new paid entry with a negative amount. Who may is checked by `policies.payments`, which reads
these rows; "nobody approves a payment they requested" is its rule too, and a database
constraint besides.
"""

from innovation_fund.core.transitions import Lifecycle, transition
from innovation_fund.programmes.models import ProgrammeRole

from .models import Payment

State = Payment.State
FINANCE_OFFICER = ProgrammeRole.Role.FINANCE_OFFICER
PROGRAMME_MANAGER = ProgrammeRole.Role.PROGRAMME_MANAGER

PAYMENT_LIFECYCLE = Lifecycle(
    "payment",
    {state.value: state.label for state in State},
    [
        transition(
            "approve",
            sources=[State.REQUESTED],
            target=State.APPROVED,
            who=[FINANCE_OFFICER],
            label="Approve",
        ),
        transition(
            "refuse",
            sources=[State.REQUESTED],
            target=State.REFUSED,
            who=[FINANCE_OFFICER],
            label="Refuse",
        ),
        transition(
            "withdraw",
            sources=[State.REQUESTED],
            target=State.WITHDRAWN,
            who=[PROGRAMME_MANAGER],
            label="Withdraw the request",
        ),
        transition(
            "mark_paid",
            sources=[State.APPROVED],
            target=State.PAID,
            who=[FINANCE_OFFICER],
            label="Record as paid",
        ),
    ],
)
