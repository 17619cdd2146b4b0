"""Variations of a live grant: asked for by the grantee or recorded by the programme team, then
approved, refused or withdrawn (`variation_lifecycle`).

Approving one changes the grant, and an award can race it: both first lock the programme's row
(as `assessment.services.decisions.record_decision` does), then the grant, so an increase and an
award in the same round or year happen one after the other, each checked by the same function
(`assessment.budget.check_award_fits`) against the sums the other left.

On approval the grant is kept as it stood (`before`) and as it becomes (`after`); the
instalments no payment touches are rebuilt for the money each year has left, and instalments
with money requested, approved or paid never change.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from innovation_fund.assessment.budget import check_award_fits
from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import MemberRole, Membership
from innovation_fund.programmes.models import Programme, ProgrammeRole

from ..models import Grant, Variation
from ..policies.grants import roles_for
from ..policies.variations import (
    may_ask_for_variation,
    may_decide_variation,
    may_record_variation,
    may_withdraw_variation,
    waiting_variation,
)
from ..variation_lifecycle import VARIATION_LIFECYCLE
from ..variation_proposals import (
    Proposal,
    check_proposal,
    grant_now,
    proposal_of,
    version_of,
)
from .returns import ensure_returns
from .variation_changes import follow_on_project, hand_back, set_money, set_partners

Kind = Variation.Kind
State = Variation.State
ACCOUNTABLE_OFFICER = MemberRole.ACCOUNTABLE_OFFICER


# --- Asking -----------------------------------------------------------------------------------


def check_variation(grant: Grant, **fields) -> Proposal:
    """The proposal as `request_variation` would take it, without saving: for the question page
    to refuse at the field before the check-answers page."""
    return check_proposal(grant_now(grant), **fields)


@transaction.atomic
def request_variation(
    user,
    grant: Grant,
    *,
    kind: str,
    reason: str,
    proposed_amount_pence: int | None = None,
    proposed_years: dict[int, int] | None = None,
    proposed_ends_on: date | None = None,
    proposed_scope: str = "",
    proposed_partners=None,
) -> Variation:
    """Ask for a variation (an accountable officer of the grantee) or record one (a programme
    manager). A person who is both asks as the grantee."""
    grant = _locked_grant(grant.pk)
    waiting = waiting_variation(grant)
    asked_by_grantee = ACCOUNTABLE_OFFICER in roles_for(user, grant)
    if asked_by_grantee:
        may_ask_for_variation(user, grant, waiting=waiting).enforce()
    else:
        may_record_variation(user, grant, waiting=waiting).enforce()
    proposal = check_variation(
        grant,
        kind=kind,
        reason=reason,
        proposed_amount_pence=proposed_amount_pence,
        proposed_years=proposed_years,
        proposed_ends_on=proposed_ends_on,
        proposed_scope=proposed_scope,
        proposed_partners=proposed_partners,
    )
    variation = Variation.objects.create(
        grant=grant,
        asked_by_grantee=asked_by_grantee,
        requested_by=user,
        requested_at=timezone.now(),
        **proposal.model_fields(),
    )
    record(
        actor=user,
        action="grants.variation_requested",
        target=variation,
        after={"grant_id": grant.pk, "asked_by_grantee": asked_by_grantee, **_proposed(variation)},
    )
    _tell_managers(variation, grant, user)
    return variation


# --- Deciding ---------------------------------------------------------------------------------


@transaction.atomic
def refuse_variation(user, variation: Variation, *, reasons: str) -> Variation:
    _programme, grant, variation = _locked(variation)
    may_decide_variation(user, variation, "refuse").enforce()
    row = VARIATION_LIFECYCLE.check(variation, "refuse")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("Enter why the variation is refused", field="reasons")
    _decide(user, variation, row.target, reasons)
    record(
        actor=user,
        action="grants.variation_refused",
        target=variation,
        before={"state": State.REQUESTED},
        after={"grant_id": grant.pk, "state": variation.state, "decision_reasons": reasons},
    )
    _tell_grantee(variation, grant)
    return variation


@transaction.atomic
def withdraw_variation(user, variation: Variation) -> Variation:
    _programme, grant, variation = _locked(variation)
    may_withdraw_variation(user, variation).enforce()
    row = VARIATION_LIFECYCLE.check(variation, "withdraw")
    variation.state = row.target
    variation.save(update_fields=["state"])
    record(
        actor=user,
        action="grants.variation_withdrawn",
        target=variation,
        before={"state": State.REQUESTED},
        after={"grant_id": grant.pk, "state": variation.state},
    )
    return variation


@transaction.atomic
def approve_variation(user, variation: Variation, *, reasons: str = "") -> Variation:
    """Change the grant as the variation asks, within the budgets, and rebuild the instalments
    no payment touches. Errors name the field of the proposal they concern."""
    programme, grant, variation = _locked(variation)
    may_decide_variation(user, variation, "approve").enforce()
    row = VARIATION_LIFECYCLE.check(variation, "approve")
    now = grant_now(grant)
    proposal = proposal_of(variation)
    if proposal.kind != Kind.HAND_BACK:
        # Payments may have moved since it was asked for: check against the grant as it is.
        proposal = check_proposal(
            now,
            kind=proposal.kind,
            reason=proposal.reason,
            proposed_amount_pence=proposal.amount_pence,
            proposed_years=proposal.years,
            proposed_ends_on=proposal.ends_on,
            proposed_scope=proposal.scope,
            proposed_partners=proposal.partners,
        )
    before = version_of(grant)
    if proposal.kind == Kind.HAND_BACK:
        hand_back(user, grant)
    elif proposal.kind in (Kind.REPROFILE, Kind.AMOUNT):
        if _adds_money(now.amount_pence, now.years, proposal):
            check_award_fits(
                programme,
                grant.round,
                proposal.amount_pence,
                proposal.years,
                excluding_application_id=grant.application_id,
            )
        set_money(grant, proposal.amount_pence, proposal.years)
    elif proposal.kind == Kind.EXTEND:
        grant.ends_on = proposal.ends_on
    elif proposal.kind == Kind.SCOPE:
        grant.scope = proposal.scope
    elif proposal.kind == Kind.PARTNERS:
        set_partners(grant, proposal.partners)
    grant.version += 1
    grant.save()
    follow_on_project(grant, proposal.kind)
    ensure_returns(grant)  # an extension reports on its months too
    after = version_of(grant)
    variation.before, variation.after, variation.version_made = before, after, grant.version
    _decide(user, variation, row.target, (reasons or "").strip())
    record(
        actor=user,
        action="grants.variation_approved",
        target=variation,
        before=before,
        after={"grant_id": grant.pk, "decision_reasons": variation.decision_reasons, **after},
    )
    _tell_grantee(variation, grant)
    return variation


# --- Inside an approval -----------------------------------------------------------------------


def _locked(variation: Variation) -> tuple[Programme, Grant, Variation]:
    """Lock order: programme, grant, variation: the order every award and variation takes."""
    programme_id = (
        Grant.objects.filter(pk=variation.grant_id)
        .values_list("round__programme_id", flat=True)
        .get()
    )
    programme = Programme.objects.select_for_update().get(pk=programme_id)
    grant = _locked_grant(variation.grant_id)
    variation = Variation.objects.select_for_update().get(pk=variation.pk)
    variation.grant = grant
    return programme, grant, variation


def _locked_grant(pk: int) -> Grant:
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("round__programme", "recipient", "project")
        .get(pk=pk)
    )


def _decide(user, variation: Variation, state: str, reasons: str) -> None:
    variation.state = state
    variation.decided_at = timezone.now()
    variation.decided_by = user
    variation.decision_reasons = reasons
    variation.save()


def _adds_money(amount: int, years: dict[int, int], proposal: Proposal) -> bool:
    """More in total, or more in any financial year: checked against the budgets."""
    return proposal.amount_pence > amount or any(
        new > years.get(year, 0) for year, new in proposal.years.items()
    )


# --- Telling people ---------------------------------------------------------------------------


def _proposed(variation: Variation) -> dict:
    return {
        "kind": variation.kind,
        "reason": variation.reason,
        "proposed_amount_pence": variation.proposed_amount_pence,
        "proposed_years": variation.proposed_years,
        "proposed_ends_on": (
            variation.proposed_ends_on.isoformat() if variation.proposed_ends_on else None
        ),
        "proposed_scope": variation.proposed_scope,
        "proposed_partners": variation.proposed_partners,
    }


def _about(variation: Variation, grant: Grant) -> dict:
    return {
        "grant_name": grant.project.display_name if grant.project_id else str(grant),
        "organisation": grant.recipient.name,
        "kind": variation.get_kind_display(),
        "reason": variation.reason,
    }


def _tell_managers(variation: Variation, grant: Grant, asked_by) -> None:
    managers = ProgrammeRole.objects.filter(
        programme_id=grant.round.programme_id, role=ProgrammeRole.Role.PROGRAMME_MANAGER
    ).select_related("user")
    link = absolute_url("grant_management:variation", grant.pk, variation.pk)
    who = grant.recipient.name if variation.asked_by_grantee else "the programme team"
    for email in sorted({role.user.email for role in managers} - {asked_by.email}):
        send_email_after_commit(
            email, "variation_requested", asked_by=who, link=link, **_about(variation, grant)
        )


def _tell_grantee(variation: Variation, grant: Grant) -> None:
    officers = Membership.objects.filter(
        organisation_id=grant.recipient_id, role=ACCOUNTABLE_OFFICER
    ).select_related("user")
    link = absolute_url("your_grants:variation", grant.pk, variation.pk)
    template = "variation_approved" if variation.state == State.APPROVED else "variation_refused"
    for email in sorted({officer.user.email for officer in officers}):
        send_email_after_commit(
            email,
            template,
            decision_reasons=variation.decision_reasons or "None given",
            link=link,
            **_about(variation, grant),
        )
