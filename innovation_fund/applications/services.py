"""Every change to a bid. Each function runs in one transaction and writes its audit event.

The state moves only along the rows of the bid lifecycle table (`lifecycle.BID_LIFECYCLE`),
through `lifecycle.move`, which checks the row and its guards.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from innovation_fund.core.audit import record
from innovation_fund.core.dates import format_datetime
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import MemberRole, Membership, Organisation
from innovation_fund.programmes.models import Round

from . import rules
from .lifecycle import move
from .models import Application
from .policies import Action, may
from .references import new_reference

State = Application.State


class Refused(DomainError):
    """The person may not do this to this bid (views answer 404 or explain, as fits)."""


@dataclass
class EditConflict(DomainError):
    """Someone else saved the same section after this person opened it."""

    message: str
    saved_by: str
    saved_at: str
    current_version: int
    field: str | None = None


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("round").get(pk=application.pk)


def _require(user, action: Action, application: Application, message: str) -> None:
    if not may(user, action, application):
        raise Refused(message)


@transaction.atomic
def start_application(user, round: Round, organisation: Organisation) -> Application:
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise Refused("You can only start a bid for an organisation you belong to.")
    rules.check_open(round, timezone.now(), doing="start a bid")
    rules.check_may_lead(round, organisation)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    round=round,
                    lead_organisation=organisation,
                    reference=new_reference(),
                    created_by=user,
                )
            break
        except IntegrityError:
            continue  # a reference already taken: draw another
    else:
        raise RuntimeError("Could not find a free bid reference")
    record(
        actor=user,
        action="application.started",
        target=application,
        after={"round": round.pk, "lead_organisation": organisation.pk},
    )
    return application


@transaction.atomic
def save_section(
    user,
    application: Application,
    *,
    section: str,
    expected_version: int | None,
    change: Callable[[Application], tuple[dict, dict]],
) -> Application:
    """Save one section of a draft bid, refusing a save based on a stale copy of the section.

    `change` applies the section's new answers to the locked bid and returns (before, after) for
    the audit trail. `expected_version` is the section's version when its page was shown.
    """
    application = _locked(application)
    _require(user, Action.EDIT, application, "This bid can no longer be changed.")
    current = application.task_versions.get(section, 0)
    if expected_version is not None and expected_version != current:
        last = _last_save(application, section)
        raise EditConflict(
            message=(
                "Someone else saved this page while you were working on it. Your answers have "
                "not been saved. Check their answers and yours, then save again."
            ),
            saved_by=last[0],
            saved_at=last[1],
            current_version=current,
        )
    before, after = change(application)
    application.task_versions = {**application.task_versions, section: current + 1}
    application.updated_at = timezone.now()
    application.save()
    record(
        actor=user,
        action=f"application.{section}_saved",
        target=application,
        before=before,
        after=after,
    )
    return application


def _last_save(application: Application, section: str) -> tuple[str, str]:
    from innovation_fund.core.models import AuditEvent

    event = (
        AuditEvent.objects.filter(
            object_type=Application._meta.label_lower,
            object_id=str(application.pk),
            action=f"application.{section}_saved",
        )
        .order_by("-occurred_at", "-id")
        .first()
    )
    if event is None:
        return "someone", "just now"
    return event.actor_label, format_datetime(event.occurred_at)


def unfinished_sections(application: Application) -> list[tuple[str, list[str]]]:
    """(section title, problems) for every section not yet complete."""
    from .sections import SECTIONS

    unfinished = []
    for section in SECTIONS:
        problems = section.problems(application)
        if problems:
            unfinished.append((section.title, problems))
    return unfinished


def _check_ready(application: Application) -> None:
    unfinished = unfinished_sections(application)
    if unfinished:
        titles = ", ".join(title for title, _ in unfinished)
        raise DomainError(
            f"Complete every section before the bid is submitted. Still to do: {titles}."
        )


@transaction.atomic
def request_sign_off(user, application: Application) -> Application:
    """An editor sends a finished bid to the organisation's accountable officers."""
    application = _locked(application)
    _require(user, Action.REQUEST_SIGN_OFF, application, "This bid is not a draft.")
    _check_ready(application)
    before, after = move(application, "request_sign_off")
    application.sign_off_requested_by = user
    application.sign_off_requested_at = timezone.now()
    application.save()
    record(
        actor=user,
        action="application.sign_off_requested",
        target=application,
        before={"state": before},
        after={"state": after},
    )
    officers = Membership.objects.filter(
        organisation_id=application.lead_organisation_id, role=MemberRole.ACCOUNTABLE_OFFICER
    ).select_related("user")
    for officer in officers:
        send_email_after_commit(
            officer.user.email,
            "bid_sign_off_requested",
            reference=application.reference,
            title=application.display_title,
            requested_by=user.display_name,
            round_name=application.round.name,
            closes_at=format_datetime(application.round.closes_at)
            if application.round.closes_at
            else "",
            link=_link("applications:task_list", application),
        )
    return application


@transaction.atomic
def return_to_draft(user, application: Application) -> Application:
    application = _locked(application)
    _require(user, Action.RETURN_TO_DRAFT, application, "This bid is not waiting for sign-off.")
    before, after = move(application, "return_to_draft")
    application.save()
    record(
        actor=user,
        action="application.returned_to_draft",
        target=application,
        before={"state": before},
        after={"state": after},
    )
    return application


@transaction.atomic
def submit_application(user, application: Application) -> Application:
    """The accountable officer signs the bid off and submits it, only while the round is open.

    If anything stops it (too late, unfinished, not allowed) nothing changes: the draft is kept.
    """
    application = _locked(application)
    _require(
        user,
        Action.SUBMIT,
        application,
        "Only an accountable officer of the lead organisation can sign off and submit this bid.",
    )
    now = timezone.now()
    before = {"state": application.state}
    move(application, "submit")  # its guard: the round is open and the organisation may lead
    _check_ready(application)
    application.signed_off_by = user
    application.submitted_at = now
    application.save()
    record(
        actor=user,
        action="application.submitted",
        target=application,
        before=before,
        after={"state": application.state, "submitted_at": now.isoformat()},
    )
    recipients = {user.email}
    recipients.add(application.created_by.email)
    if application.sign_off_requested_by_id:
        recipients.add(application.sign_off_requested_by.email)
    for email in sorted(recipients):
        send_email_after_commit(
            email,
            "bid_submitted",
            reference=application.reference,
            title=application.display_title,
            organisation=application.lead_organisation.name,
            round_name=application.round.name,
            submitted_at=format_datetime(now),
            link=_link("applications:task_list", application),
        )
    return application


ANNOUNCED_CANNOT_BE_WITHDRAWN = (
    "The decision on this bid has been announced, so it can no longer be withdrawn. Handing a "
    "grant back is a variation, which the service will offer later: for now, contact the "
    "programme team."
)


@transaction.atomic
def withdraw_application(user, application: Application, reason: str) -> Application:
    application = _locked(application)
    if application.state == State.ANNOUNCED:
        raise Refused(ANNOUNCED_CANNOT_BE_WITHDRAWN)
    _require(
        user,
        Action.WITHDRAW,
        application,
        "Only an accountable officer of the lead organisation can withdraw a submitted bid.",
    )
    if not reason.strip():
        raise DomainError("Enter why you are withdrawing the bid", field="reason")
    before, _after = move(application, "withdraw")
    application.withdrawn_by = user
    application.withdrawn_at = timezone.now()
    application.withdrawal_reason = reason.strip()
    application.save()
    record(
        actor=user,
        action="application.withdrawn",
        target=application,
        before={"state": before},
        after={"state": application.state, "reason": application.withdrawal_reason},
    )
    return application


def _link(url_name: str, application: Application) -> str:
    return absolute_url(url_name, application.reference)
