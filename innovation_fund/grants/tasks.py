"""Background work for grants: writing the decision letter and telling the applicant."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from innovation_fund.assessment.models import BatchDecision, Decision
from innovation_fund.core.audit import record
from innovation_fund.core.dates import london_today
from innovation_fund.core.links import absolute_url
from innovation_fund.core.money import format_gbp
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import MemberRole, Membership

from .models import Letter
from .reminders import send_due_reminders

KINDS = {
    Decision.Outcome.APPROVE: Letter.Kind.OFFER,
    Decision.Outcome.REJECT: Letter.Kind.REJECTION,
}
EMAIL_TEMPLATES = {
    Decision.Outcome.APPROVE: "grant_offer",
    Decision.Outcome.REJECT: "bid_decision",
}


@task()
def write_and_send_letter(decision_id: int, created_by_id: int) -> int | None:
    """Write the letter for an announced decision, keep it, and email the lead organisation's
    accountable officers a link to it. Returns the letter's id.

    Safe to run twice: a decision has one letter, and only the run that writes it sends emails.
    """
    decision = Decision.objects.select_related(
        "application__lead_organisation", "application__round"
    ).get(pk=decision_id)
    if Letter.objects.filter(decision=decision).exists():
        return None
    if not BatchDecision.objects.filter(decision=decision).exists():
        # Applicants hear nothing of a decision until its batch is announced.
        raise ValueError(f"Decision {decision.pk} has not been announced: no letter yet")
    # WeasyPrint takes most of a second to import: only the worker that writes letters pays.
    from .letters import render_letter

    # Rendering is slow: do it before taking any lock.
    pdf = render_letter(decision)
    created_by = get_user_model().objects.get(pk=created_by_id)
    with transaction.atomic():
        Decision.objects.select_for_update().get(pk=decision.pk)
        if Letter.objects.filter(decision=decision).exists():
            return None  # another run wrote it while this one was rendering
        application = decision.application
        letter = Letter(
            application=application,
            decision=decision,
            kind=KINDS[decision.outcome],
            created_by=created_by,
        )
        letter.file.save(f"{application.reference}-{letter.kind}.pdf", ContentFile(pdf), save=False)
        letter.save()
        record(
            actor=created_by,
            action="grants.letter_written",
            target=letter,
            after={
                "decision": decision.pk,
                "kind": letter.kind,
                "file": letter.file.name,
                "size_bytes": len(pdf),
            },
        )
        _tell_accountable_officers(decision, letter)
    return letter.pk


def _tell_accountable_officers(decision: Decision, letter: Letter) -> None:
    application = decision.application
    link = absolute_url("grants:letter", application.reference, letter.pk)
    officers = Membership.objects.filter(
        organisation_id=application.lead_organisation_id, role=MemberRole.ACCOUNTABLE_OFFICER
    ).select_related("user")
    personalisation = {
        "reference": application.reference,
        "title": application.display_title,
        "organisation": application.lead_organisation.name,
        "round_name": application.round.name,
        "outcome": decision.get_outcome_display().lower(),
        "link": link,
    }
    if decision.award_pence is not None:
        personalisation["amount"] = format_gbp(decision.award_pence)
    for email in sorted({membership.user.email for membership in officers}):
        send_email_after_commit(email, EMAIL_TEMPLATES[decision.outcome], **personalisation)


@task()
def send_return_reminders() -> int:
    """Today's reminders about monitoring returns (run daily: `manage.py send_return_reminders`
    enqueues this from cron or a systemd timer). Running it twice in a day sends nothing more."""
    return send_due_reminders(london_today())
