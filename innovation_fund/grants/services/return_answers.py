"""Filling in, submitting and reviewing a monitoring return.

The grantee's members save it section by section (progress and risks, spend, outcome measures,
outcome payment claims), each save on its own; `version` detects two people saving over each
other: the later save is refused (`EditedMeanwhile`) and the page keeps what they typed. An
accountable officer submits it, with a declaration, once every section is complete; a programme
manager accepts it or asks for changes with comments. Each move follows `RETURN_LIFECYCLE`, is
audited, and emails go once it commits.
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
from ..return_questions import SECTION_TITLES, questions_for, sections_of

MOST_TEXT_CHARACTERS = 10_000


def _locked(monitoring_return: MonitoringReturn) -> MonitoringReturn:
    found = (
        MonitoringReturn.objects.select_for_update(of=("self",))
        .select_related("grant__round__programme", "grant__recipient", "grant__project")
        .get(pk=monitoring_return.pk)
    )
    return found


class EditedMeanwhile(DomainError):
    """The return changed since the person's page was drawn: their save is refused, not merged."""

    def __init__(self, current_version: int):
        super().__init__(
            "Someone else saved this return while you were editing it. Your answers are below, "
            "not saved: check the return as it is now, then save yours again if they are right."
        )
        self.current_version = current_version


class _Saving:
    """One save of (part of) a return: the row locked, the person and the state checked, and
    the version compared with the one the person's page was drawn from."""

    def __init__(self, user, monitoring_return: MonitoringReturn, expected_version: int):
        self.user = user
        self.report = _locked(monitoring_return)
        may_move_return(user, self.report, "save").enforce()
        self.row = RETURN_LIFECYCLE.check(self.report, "save")
        if self.report.version != expected_version:
            raise EditedMeanwhile(self.report.version)
        self.questions = questions_for(self.report)

    def done(self, sections: list[str], after: dict) -> MonitoringReturn:
        report = self.report
        report.state = self.row.target
        report.version += 1
        report.save(update_fields=["progress", "risks", "state", "version"])
        record(
            actor=self.user,
            action="grants.return_saved",
            target=report,
            after={
                "number": report.number,
                "sections": sections,
                **after,
                "version": report.version,
            },
        )
        return report


@transaction.atomic
def save_progress(
    user, monitoring_return: MonitoringReturn, *, expected_version: int, progress: str, risks: str
) -> MonitoringReturn:
    saving = _Saving(user, monitoring_return, expected_version)
    _check_texts(progress, risks)
    saving.report.progress, saving.report.risks = progress.strip(), risks.strip()
    return saving.done(["progress"], {"progress": saving.report.progress})


@transaction.atomic
def save_spend(
    user,
    monitoring_return: MonitoringReturn,
    *,
    expected_version: int,
    spend: dict[tuple[int, str], int | None],
) -> MonitoringReturn:
    """Spend: (year, heading) → pence, or None: not known yet in the profile, nothing spent
    under a heading outside it (as is any line not given)."""
    saving = _Saving(user, monitoring_return, expected_version)
    return saving.done(["spend"], {"spend": _write_spend(saving, spend)})


@transaction.atomic
def save_measures(
    user,
    monitoring_return: MonitoringReturn,
    *,
    expected_version: int,
    measures: dict[tuple[int, int], tuple[Decimal | None, str, bool]],
) -> MonitoringReturn:
    """Measures: (outcome id, authority id) → (value, period, not known yet)."""
    saving = _Saving(user, monitoring_return, expected_version)
    _check_measures(measures)
    return saving.done(["measures"], {"measures": _write_measures(saving, measures, {})})


@transaction.atomic
def save_claims(
    user,
    monitoring_return: MonitoringReturn,
    *,
    expected_version: int,
    claims: dict[int, tuple[int | None, str]],
) -> MonitoringReturn:
    """Claims: outcome payment term id → (units, evidence); no units withdraws the claim."""
    saving = _Saving(user, monitoring_return, expected_version)
    _check_claims(claims)
    return saving.done(["claims"], {"claims": _write_claims(saving, claims)})


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
    """Every section at once (the demonstration data and imports): spend or measures not given
    are recorded as not known yet."""
    saving = _Saving(user, monitoring_return, expected_version)
    _check_texts(progress, risks)
    _check_measures(measures)
    _check_claims(claims)
    saving.report.progress, saving.report.risks = progress.strip(), risks.strip()
    unknown = (None, "", True)
    return saving.done(
        list(SECTION_TITLES),
        {
            "spend": _write_spend(saving, spend),
            "measures": _write_measures(saving, measures, unknown),
            "claims": _write_claims(saving, claims),
        },
    )


def _check_texts(progress: str, risks: str) -> None:
    errors = [
        DomainError(f"Use {MOST_TEXT_CHARACTERS:,} characters or fewer", field=name)
        for name, text in (("progress", progress), ("risks", risks))
        if len(text or "") > MOST_TEXT_CHARACTERS
    ]
    if errors:
        raise DomainErrors(errors)


def _check_measures(measures) -> None:
    errors = [
        DomainError(
            "Either give the value or tick “not known yet”, not both",
            field=f"measure_{outcome_id}_{authority_id}_value",
        )
        for (outcome_id, authority_id), (value, _period, unknown) in measures.items()
        if unknown and value is not None
    ]
    if errors:
        raise DomainErrors(errors)


def _check_claims(claims) -> None:
    errors = [
        DomainError(
            "Describe the evidence for the units claimed", field=f"claim_{term_id}_evidence"
        )
        for term_id, (units, evidence) in claims.items()
        if units and not (evidence or "").strip()
    ]
    if errors:
        raise DomainErrors(errors)


def _write_spend(saving: _Saving, spend) -> dict:
    written = {}
    for line in saving.questions.spend:
        pence = spend.get(line.key_pair)
        if pence is None and not line.budgeted:
            ReturnSpend.objects.filter(
                monitoring_return=saving.report,
                financial_year=line.financial_year,
                cost_heading=line.cost_heading,
            ).delete()
            continue
        ReturnSpend.objects.update_or_create(
            monitoring_return=saving.report,
            financial_year=line.financial_year,
            cost_heading=line.cost_heading,
            defaults={"actual_pence": pence},
        )
        written[f"{line.financial_year} {line.cost_heading}"] = pence
    return written


def _write_measures(saving: _Saving, measures, missing) -> int:
    written = 0
    for line in saving.questions.measures:
        answer = measures.get(line.key_pair, missing)
        if not answer:
            continue
        value, period, unknown = answer
        ReturnMeasure.objects.update_or_create(
            monitoring_return=saving.report,
            outcome_id=line.outcome_id,
            authority_id=line.authority_id,
            defaults={
                "value": None if unknown else value,
                "period": (period or "").strip(),
                "not_known_yet": unknown,
            },
        )
        written += 1
    return written


def _write_claims(saving: _Saving, claims) -> dict:
    written = {}
    for line in saving.questions.claims:
        units, evidence = claims.get(line.term.pk, (None, ""))
        existing = OutcomeClaim.objects.filter(
            term=line.term, monitoring_return=saving.report
        ).first()
        if existing is not None and existing.state == OutcomeClaim.State.VERIFIED:
            continue  # verified: its units are settled
        if not units:
            if existing is not None:
                existing.delete()
            continue
        OutcomeClaim.objects.update_or_create(
            term=line.term,
            monitoring_return=saving.report,
            defaults={"units_claimed": units, "evidence": evidence.strip()},
        )
        written[str(line.term.pk)] = units
    return written


@transaction.atomic
def submit_return(
    user, monitoring_return: MonitoringReturn, *, declaration: bool
) -> MonitoringReturn:
    monitoring_return = _locked(monitoring_return)
    may_move_return(user, monitoring_return, "submit").enforce()
    row = RETURN_LIFECYCLE.check(monitoring_return, "submit")
    unfinished = [
        section.title.lower()
        for section in sections_of(monitoring_return, questions_for(monitoring_return))
        if not section.finished
    ]
    if unfinished:
        raise DomainError(
            f"Complete every section before you submit the return: {', '.join(unfinished)}"
        )
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
