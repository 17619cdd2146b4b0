"""Answering a grant offer: the grantee's accountable officer accepts it (declaring they accept
its conditions) or declines it with a reason, by the date to respond by; a programme manager may
give more time. Each move follows `GRANT_LIFECYCLE`, is audited, and is emailed to the grantee's
accountable officers and the programme's managers once it commits.

A declined grant stops counting against the budgets (`Grant.commits_money`), so its money goes
back to the round's headroom: this sets only the state.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from innovation_fund.core.audit import record, snapshot
from innovation_fund.core.dates import format_date, london_today
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.money import format_gbp
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import MemberRole, Membership
from innovation_fund.programmes.models import ProgrammeRole

from ..models import Grant
from ..offer_lifecycle import GRANT_LIFECYCLE
from ..policies.offers import may_move_offer
from .returns import ensure_returns

ANSWER_FIELDS = ["state", "responded_at", "responded_by_id", "decline_reason"]
MOST_REASON_CHARACTERS = 5000


def _locked_grant(pk: int) -> Grant:
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("round__programme", "recipient", "project")
        .get(pk=pk)
    )


@transaction.atomic
def accept_offer(user, grant: Grant, *, accepts_conditions: bool) -> Grant:
    """Accept the offer for the grantee. The person must tick the declaration that they accept
    the grant's conditions on the organisation's behalf."""
    grant = _locked_grant(grant.pk)
    may_move_offer(user, grant, "accept").enforce()
    row = GRANT_LIFECYCLE.check(grant, "accept")
    if accepts_conditions is not True:
        raise DomainError(
            f"Confirm that you accept the conditions of this grant on behalf of "
            f"{grant.recipient.name}",
            field="accepts_conditions",
        )
    before = snapshot(grant, ANSWER_FIELDS)
    _answer(user, grant, row.target)
    _audit(user, grant, "grants.offer_accepted", before, {"accepts_conditions": True})
    _tell_everyone(grant, "grant_offer_accepted", by=user)
    ensure_returns(grant)
    return grant


@transaction.atomic
def decline_offer(user, grant: Grant, *, reason: str) -> Grant:
    """Decline the offer for the grantee, saying why."""
    grant = _locked_grant(grant.pk)
    may_move_offer(user, grant, "decline").enforce()
    row = GRANT_LIFECYCLE.check(grant, "decline")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter why the offer is declined", field="reason")
    if len(reason) > MOST_REASON_CHARACTERS:
        raise DomainError("The reason must be 5,000 characters or fewer", field="reason")
    before = snapshot(grant, ANSWER_FIELDS)
    grant.decline_reason = reason
    _answer(user, grant, row.target)
    _audit(user, grant, "grants.offer_declined", before)
    _tell_everyone(grant, "grant_offer_declined", by=user, reason=reason)
    return grant


@transaction.atomic
def extend_response_date(user, grant: Grant, *, respond_by: date) -> Grant:
    """Give the grantee until `respond_by` to answer the offer (a programme manager). The new
    date must be today or later, and later than the date it replaces."""
    grant = _locked_grant(grant.pk)
    may_move_offer(user, grant, "extend_response_date").enforce()
    GRANT_LIFECYCLE.check(grant, "extend_response_date")
    if not isinstance(respond_by, date):
        raise DomainError("Enter the new date to respond by", field="respond_by")
    today = london_today()
    if respond_by < today:
        raise DomainError(
            f"The date to respond by must be today ({format_date(today)}) or later",
            field="respond_by",
        )
    if grant.respond_by is not None and respond_by <= grant.respond_by:
        raise DomainError(
            f"The new date must be after the current date to respond by, "
            f"{format_date(grant.respond_by)}",
            field="respond_by",
        )
    before = snapshot(grant, ["respond_by"])
    grant.respond_by = respond_by
    grant.save(update_fields=["respond_by"])
    record(
        actor=user,
        action="grants.offer_response_date_extended",
        target=grant,
        before=before,
        after=snapshot(grant, ["respond_by"]),
    )
    _tell_everyone(grant, "grant_offer_extended", by=user)
    return grant


def _answer(user, grant: Grant, state: str) -> None:
    grant.state = state
    grant.responded_at = timezone.now()
    grant.responded_by = user
    grant.save(update_fields=["state", "responded_at", "responded_by", "decline_reason"])


def _audit(user, grant: Grant, action: str, before: dict, extra: dict | None = None) -> None:
    record(
        actor=user,
        action=action,
        target=grant,
        before=before,
        after={**snapshot(grant, ANSWER_FIELDS), **(extra or {})},
    )


def _tell_everyone(grant: Grant, template: str, *, by, **more: str) -> None:
    """The grantee's accountable officers (with a link to their grant page) and the programme's
    managers (with a link to the team's grant page)."""
    officers = set(
        Membership.objects.filter(
            organisation_id=grant.recipient_id, role=MemberRole.ACCOUNTABLE_OFFICER
        ).values_list("user__email", flat=True)
    )
    managers = set(
        ProgrammeRole.objects.filter(
            programme_id=grant.round.programme_id, role=ProgrammeRole.Role.PROGRAMME_MANAGER
        ).values_list("user__email", flat=True)
    )
    about = {
        "grant_name": grant.project.display_name if grant.project_id else str(grant),
        "organisation": grant.recipient.name,
        "amount": format_gbp(grant.amount_pence) if grant.amount_pence is not None else "",
        "by": by.email,
        "respond_by": format_date(grant.respond_by) if grant.respond_by else "no date set",
        **more,
    }
    grantee_link = absolute_url("your_grants:grant", grant.pk)
    team_link = absolute_url("grant_management:grant", grant.pk)
    for email in sorted(officers):
        send_email_after_commit(email, template, link=grantee_link, **about)
    for email in sorted(managers - officers):
        send_email_after_commit(email, template, link=team_link, **about)
