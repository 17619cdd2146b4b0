"""The programme team's check of a bid against the round's rules: eligible, or not and why.

A bid found not eligible is not assessed (its assignments are withdrawn) and its lead
organisation's accountable officers are told why, in the reasons the team wrote for them. The
check may be changed until the panel records a decision on the bid.
"""

from django.db import transaction
from django.utils import timezone

from innovation_fund.applications.lifecycle import BID_LIFECYCLE, WITH_THE_PROGRAMME
from innovation_fund.applications.models import Application
from innovation_fund.core.audit import record, snapshot
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.permissions import Refused
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import MemberRole, Membership

from .. import policies
from ..bid_states import complete_if_assessed, move_bid
from ..models import Assignment, Decision, EligibilityCheck
from .assignments import end_assignment

State = Application.State
NOT_ELIGIBLE = "The bid was found not eligible"
AUDITED = ["is_eligible", "reasons", "checked_by_id", "checked_at"]


@transaction.atomic
def check_eligibility(
    user, application: Application, *, is_eligible: bool, reasons: str
) -> EligibilityCheck:
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "lead_organisation")
        .get(pk=application.pk)
    )
    if (
        not policies.may_manage_assessment(user, application.round)
        or application.state not in WITH_THE_PROGRAMME
    ):
        raise Refused("Only the programme team can check a submitted bid’s eligibility.")
    if Decision.objects.filter(application=application).exists():
        raise DomainError(
            "A decision has been recorded on this bid, so its eligibility can no longer be changed"
        )
    reasons = reasons.strip()
    if not is_eligible and not reasons:
        raise DomainError(
            "Enter why the bid is not eligible, in words the applicant will read", field="reasons"
        )

    check = EligibilityCheck.objects.filter(application=application).first()
    before = snapshot(check, AUDITED) if check else None
    if check is None:
        check = EligibilityCheck(application=application)
    check.is_eligible = is_eligible
    check.reasons = reasons
    check.checked_by = user
    check.checked_at = timezone.now()
    check.save()
    record(
        actor=user,
        action="assessment.eligibility_checked",
        target=application,
        before=before,
        after=snapshot(check, AUDITED),
    )
    # Re-checking with the same verdict (to reword the reasons) leaves the state where it is.
    action = "find_eligible" if is_eligible else "find_not_eligible"
    if BID_LIFECYCLE.row(application.state, action) is not None:
        policies.may_move_bid(user, application, action).enforce()
        move_bid(user, application, action)
    if is_eligible:
        complete_if_assessed(user, application)

    if not is_eligible:
        for assignment in (
            Assignment.objects.active().select_for_update().filter(application=application)
        ):
            end_assignment(user, assignment, NOT_ELIGIBLE)
        told_already = before is not None and not before["is_eligible"]
        if not (told_already and before["reasons"] == reasons):
            _tell_applicant(application, reasons)
    return check


def _tell_applicant(application: Application, reasons: str) -> None:
    officers = Membership.objects.filter(
        organisation_id=application.lead_organisation_id, role=MemberRole.ACCOUNTABLE_OFFICER
    ).select_related("user")
    link = absolute_url("applications:task_list", application.reference)
    for officer in officers:
        send_email_after_commit(
            officer.user.email,
            "bid_not_eligible",
            reference=application.reference,
            title=application.display_title,
            organisation=application.lead_organisation.name,
            round_name=application.round.name,
            reasons=reasons,
            link=link,
        )
