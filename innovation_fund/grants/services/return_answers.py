"""Filling in, submitting and reviewing a monitoring return.

The grantee's members save answers as they go (`version` detects two people saving over each
other: the later save is refused and keeps what they typed); an accountable officer submits it
with a declaration; a programme manager accepts it or asks for changes with comments. Each move
follows `RETURN_LIFECYCLE`, is audited, and emails go once it commits.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.links import absolute_url
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import MemberRole, Membership
from innovation_fund.programmes.models import ProgrammeRole

from ..models import MonitoringReturn, OutcomeClaim, ReturnMeasure, ReturnSpend
from ..policies.returns import may_move_return
from ..return_lifecycle import RETURN_LIFECYCLE
from ..return_questions import questions_for

MOST_TEXT_CHARACTERS = 10_000


def _locked(monitoring_return: MonitoringReturn) -> MonitoringReturn:
    found = (
        MonitoringReturn.objects.select_for_update(of=("self",))
        .select_related("grant__round__programme", "grant__recipient", "grant__project")
        .get(pk=monitoring_return.pk)
    )
    return found


@transaction.atomic
def save_return(
    user,
    monitoring_return: MonitoringReturn,
    *,
    expected_version: int,
    progress: str,
    risks: str,
    spend: dict[tuple[int, str], int | None],
    measures: dict[tuple[int, int], tuple[Decimal | None, str, bool]],
    claims: dict[int, tuple[int | None, str]],
) -> MonitoringReturn:
    """Save every answer given. Spend: (year, heading) → pence or None (not known yet).
    Measures: (outcome id, authority id) → (value, period, not known yet). Claims: outcome
    payment term id → (units, evidence)."""
    monitoring_return = _locked(monitoring_return)
    may_move_return(user, monitoring_return, "save").enforce()
    row = RETURN_LIFECYCLE.check(monitoring_return, "save")
    if monitoring_return.version != expected_version:
        raise DomainError(
            "Someone else saved this return while you were editing it. Your answers are below, "
            "not saved: check the return as it is now, then save yours again."
        )
    errors = _check(progress, risks, measures, claims)
    if errors:
        raise DomainErrors(errors)
    questions = questions_for(monitoring_return)
    asked_spend = {(line.financial_year, line.cost_heading) for line in questions.spend}
    for (year, heading), pence in spend.items():
        if (year, heading) not in asked_spend:
            continue
        ReturnSpend.objects.update_or_create(
            monitoring_return=monitoring_return,
            financial_year=year,
            cost_heading=heading,
            defaults={"actual_pence": pence},
        )
    asked_measures = {(line.outcome_id, line.authority_id) for line in questions.measures}
    for (outcome_id, authority_id), (value, period, unknown) in measures.items():
        if (outcome_id, authority_id) not in asked_measures:
            continue
        ReturnMeasure.objects.update_or_create(
            monitoring_return=monitoring_return,
            outcome_id=outcome_id,
            authority_id=authority_id,
            defaults={
                "value": None if unknown else value,
                "period": period,
                "not_known_yet": unknown,
            },
        )
    _save_claims(monitoring_return, questions, claims)
    monitoring_return.progress = progress.strip()
    monitoring_return.risks = risks.strip()
    monitoring_return.state = row.target
    monitoring_return.version += 1
    monitoring_return.save(update_fields=["progress", "risks", "state", "version"])
    record(
        actor=user,
        action="grants.return_saved",
        target=monitoring_return,
        after={
            "number": monitoring_return.number,
            "spend": {f"{y} {h}": p for (y, h), p in sorted(spend.items())},
            "measures": len(measures),
            "claims": {str(term): units for term, (units, _e) in claims.items()},
            "version": monitoring_return.version,
        },
    )
    return monitoring_return


def _check(progress, risks, measures, claims) -> list[DomainError]:
    errors = []
    for name, text in (("progress", progress), ("risks", risks)):
        if len(text or "") > MOST_TEXT_CHARACTERS:
            errors.append(
                DomainError(f"Use {MOST_TEXT_CHARACTERS:,} characters or fewer", field=name)
            )
    for (outcome_id, authority_id), (value, _period, unknown) in measures.items():
        if unknown and value is not None:
            errors.append(
                DomainError(
                    "Either give the value or tick “not known yet”, not both",
                    field=f"measure_{outcome_id}_{authority_id}_value",
                )
            )
    for term_id, (units, evidence) in claims.items():
        if units and not (evidence or "").strip():
            errors.append(
                DomainError(
                    "Describe the evidence for the units claimed", field=f"claim_{term_id}_evidence"
                )
            )
    return errors


def _save_claims(monitoring_return, questions, claims) -> None:
    for line in questions.claims:
        units, evidence = claims.get(line.term.pk, (None, ""))
        existing = OutcomeClaim.objects.filter(
            term=line.term, monitoring_return=monitoring_return
        ).first()
        if existing is not None and existing.state == OutcomeClaim.State.VERIFIED:
            continue  # verified: its units are settled
        if not units:
            if existing is not None:
                existing.delete()
            continue
        OutcomeClaim.objects.update_or_create(
            term=line.term,
            monitoring_return=monitoring_return,
            defaults={"units_claimed": units, "evidence": evidence.strip()},
        )


@transaction.atomic
def submit_return(
    user, monitoring_return: MonitoringReturn, *, declaration: bool
) -> MonitoringReturn:
    monitoring_return = _locked(monitoring_return)
    may_move_return(user, monitoring_return, "submit").enforce()
    row = RETURN_LIFECYCLE.check(monitoring_return, "submit")
    if declaration is not True:
        raise DomainError(
            "Confirm that the return is accurate to the best of your knowledge", field="declaration"
        )
    monitoring_return.state = row.target
    monitoring_return.submitted_at = timezone.now()
    monitoring_return.submitted_by = user
    monitoring_return.save(update_fields=["state", "submitted_at", "submitted_by"])
    record(
        actor=user,
        action="grants.return_submitted",
        target=monitoring_return,
        after={"number": monitoring_return.number, "state": monitoring_return.state},
    )
    _tell(_managers(monitoring_return), "return_submitted", monitoring_return, team=True, by=user)
    return monitoring_return


@transaction.atomic
def accept_return(user, monitoring_return: MonitoringReturn) -> MonitoringReturn:
    monitoring_return = _locked(monitoring_return)
    may_move_return(user, monitoring_return, "accept").enforce()
    row = RETURN_LIFECYCLE.check(monitoring_return, "accept")
    _review(user, monitoring_return, row.target, "")
    record(
        actor=user,
        action="grants.return_accepted",
        target=monitoring_return,
        after={"number": monitoring_return.number, "state": monitoring_return.state},
    )
    _tell(_officers(monitoring_return), "return_accepted", monitoring_return, team=False, by=user)
    return monitoring_return


@transaction.atomic
def ask_for_changes(
    user, monitoring_return: MonitoringReturn, *, comments: str
) -> MonitoringReturn:
    monitoring_return = _locked(monitoring_return)
    may_move_return(user, monitoring_return, "ask_for_changes").enforce()
    row = RETURN_LIFECYCLE.check(monitoring_return, "ask_for_changes")
    comments = (comments or "").strip()
    if not comments:
        raise DomainError("Enter what needs to change", field="comments")
    _review(user, monitoring_return, row.target, comments)
    record(
        actor=user,
        action="grants.return_changes_requested",
        target=monitoring_return,
        after={"number": monitoring_return.number, "comments": comments},
    )
    _tell(
        _officers(monitoring_return),
        "return_changes_requested",
        monitoring_return,
        team=False,
        by=user,
        comments=comments,
    )
    return monitoring_return


def _review(user, monitoring_return, state: str, comments: str) -> None:
    monitoring_return.state = state
    monitoring_return.reviewed_at = timezone.now()
    monitoring_return.reviewed_by = user
    monitoring_return.review_comments = comments
    monitoring_return.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_comments"])


def _managers(monitoring_return) -> list[str]:
    return sorted(
        set(
            ProgrammeRole.objects.filter(
                programme_id=monitoring_return.grant.round.programme_id,
                role=ProgrammeRole.Role.PROGRAMME_MANAGER,
            ).values_list("user__email", flat=True)
        )
    )


def _officers(monitoring_return) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organisation_id=monitoring_return.grant.recipient_id,
                role=MemberRole.ACCOUNTABLE_OFFICER,
            ).values_list("user__email", flat=True)
        )
    )


def _tell(emails, template, monitoring_return, *, team: bool, by, **more) -> None:
    grant = monitoring_return.grant
    name = "grant_management:return_review" if team else "your_grants:return"
    link = absolute_url(name, grant.pk, monitoring_return.number)
    for email in emails:
        send_email_after_commit(
            email,
            template,
            link=link,
            number=str(monitoring_return.number),
            organisation=grant.recipient.name,
            grant_name=grant.project.display_name if grant.project_id else str(grant),
            by=by.email,
            **more,
        )
