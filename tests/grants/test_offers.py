"""Answering a grant offer: accepting (with the declaration, by the date), declining (with a
reason), giving more time; who may; the lifecycle table; audit and emails."""

from datetime import timedelta

import pytest

from innovation_fund.core.audit import AuditEvent
from innovation_fund.core.dates import london_today
from innovation_fund.core.errors import DomainError
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Grant
from innovation_fund.grants.offer_lifecycle import GRANT_LIFECYCLE
from innovation_fund.grants.policies.offers import may_move_offer
from innovation_fund.grants.services.offers import accept_offer, decline_offer, extend_response_date
from tests.grants.builders import offered_grant

pytestmark = pytest.mark.django_db

State = Grant.State


@pytest.fixture
def cast():
    cast = offered_grant()
    cast.grant.respond_by = london_today() + timedelta(days=10)
    cast.grant.save(update_fields=["respond_by"])
    return cast


def emails(outbox, template):
    return sorted(email.to for email, _subject, _body in outbox if email.template == template)


# --- The table -----------------------------------------------------------------------------


def test_the_table_has_the_moves_the_service_makes_and_none_from_recorded():
    assert [(r.action, sorted(r.sources), r.target) for r in GRANT_LIFECYCLE.transitions] == [
        ("accept", ["offered"], "accepted"),
        ("decline", ["offered"], "declined"),
        ("extend_response_date", ["offered"], "offered"),
        ("hand_back", ["accepted"], "handed_back"),
    ]
    assert GRANT_LIFECYCLE.available(State.RECORDED) == []
    assert GRANT_LIFECYCLE.row(State.ACCEPTED, "hand_back").who == {"system"}


# --- Accepting -----------------------------------------------------------------------------


def test_the_accountable_officer_accepts(cast, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        grant = accept_offer(cast.officer, cast.grant, accepts_conditions=True)

    grant.refresh_from_db()
    assert grant.state == State.ACCEPTED
    assert grant.responded_by == cast.officer and grant.responded_at is not None
    event = AuditEvent.objects.get(action="grants.offer_accepted", object_id=str(grant.pk))
    assert event.before["state"] == "offered" and event.after["state"] == "accepted"
    assert event.after["accepts_conditions"] is True
    assert emails(outbox, "grant_offer_accepted") == sorted(
        [cast.officer.email, cast.manager.email, cast.second_manager.email]
    )
    officer_mail = next(m for m in outbox if m[0].to == cast.officer.email)
    assert f"/grants/{grant.pk}/" in officer_mail[2]
    manager_mail = next(m for m in outbox if m[0].to == cast.manager.email)
    assert f"/manage/grants/{grant.pk}/" in manager_mail[2]


def test_accepting_needs_the_declaration_ticked(cast):
    with pytest.raises(DomainError) as excinfo:
        accept_offer(cast.officer, cast.grant, accepts_conditions=False)

    assert excinfo.value.field == "accepts_conditions"
    assert cast.grant.recipient.name in excinfo.value.message
    cast.grant.refresh_from_db()
    assert cast.grant.state == State.OFFERED


def test_after_the_date_to_respond_by_accepting_is_refused_naming_the_date(cast):
    cast.grant.respond_by = london_today() - timedelta(days=1)
    cast.grant.save(update_fields=["respond_by"])

    with pytest.raises(Refused) as excinfo:
        accept_offer(cast.officer, cast.grant, accepts_conditions=True)

    day = cast.grant.respond_by
    assert f"{day.day} {day:%B %Y}" in excinfo.value.reason
    assert "Contact the programme team" in excinfo.value.reason
    assert not may_move_offer(cast.officer, cast.grant, "accept")


def test_on_the_date_to_respond_by_accepting_is_allowed(cast):
    cast.grant.respond_by = london_today()
    cast.grant.save(update_fields=["respond_by"])

    assert accept_offer(cast.officer, cast.grant, accepts_conditions=True).state == State.ACCEPTED


@pytest.mark.parametrize("who", ["member", "manager", "assessor", "outsider", "finance_officer"])
def test_only_an_accountable_officer_of_the_grantee_accepts(cast, who):
    with pytest.raises(Refused) as excinfo:
        accept_offer(getattr(cast, who), cast.grant, accepts_conditions=True)

    assert f"Only an accountable officer of {cast.grant.recipient.name}" in excinfo.value.reason


def test_an_offer_is_answered_once(cast):
    accept_offer(cast.officer, cast.grant, accepts_conditions=True)

    with pytest.raises(Refused) as excinfo:
        decline_offer(cast.officer, cast.grant, reason="Changed our minds")
    assert "accepted" in excinfo.value.reason
    with pytest.raises(Refused):
        accept_offer(cast.officer, cast.grant, accepts_conditions=True)


def test_a_recorded_grant_has_no_offer_to_answer(cast):
    Grant.objects.filter(pk=cast.grant.pk).update(state=State.RECORDED)
    cast.grant.refresh_from_db()

    with pytest.raises(Refused):
        accept_offer(cast.officer, cast.grant, accepts_conditions=True)


# --- Declining -----------------------------------------------------------------------------


def test_declining_needs_a_reason(cast):
    with pytest.raises(DomainError) as excinfo:
        decline_offer(cast.officer, cast.grant, reason="   ")

    assert excinfo.value.field == "reason"
    assert excinfo.value.message == "Enter why the offer is declined"


def test_the_accountable_officer_declines(cast, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decline_offer(cast.officer, cast.grant, reason="  We could not recruit the team.  ")

    grant = Grant.objects.get(pk=cast.grant.pk)
    assert grant.state == State.DECLINED
    assert grant.decline_reason == "We could not recruit the team."
    assert grant.responded_by == cast.officer
    assert not grant.commits_money  # its money goes back to the round's headroom
    event = AuditEvent.objects.get(action="grants.offer_declined")
    assert event.after["decline_reason"] == "We could not recruit the team."
    assert emails(outbox, "grant_offer_declined") == sorted(
        [cast.officer.email, cast.manager.email, cast.second_manager.email]
    )
    assert "We could not recruit the team." in next(
        body for email, _s, body in outbox if email.to == cast.manager.email
    )


def test_declining_after_the_date_is_still_possible(cast):
    cast.grant.respond_by = london_today() - timedelta(days=3)
    cast.grant.save(update_fields=["respond_by"])

    assert decline_offer(cast.officer, cast.grant, reason="Too late").state == State.DECLINED


def test_a_member_who_is_not_an_accountable_officer_cannot_decline(cast):
    with pytest.raises(Refused):
        decline_offer(cast.member, cast.grant, reason="No")


# --- More time -----------------------------------------------------------------------------


def test_a_manager_gives_more_time(cast, outbox, django_capture_on_commit_callbacks):
    old = cast.grant.respond_by
    new = old + timedelta(days=14)

    with django_capture_on_commit_callbacks(execute=True):
        extend_response_date(cast.manager, cast.grant, respond_by=new)

    cast.grant.refresh_from_db()
    assert cast.grant.respond_by == new and cast.grant.state == State.OFFERED
    event = AuditEvent.objects.get(action="grants.offer_response_date_extended")
    assert event.before == {"respond_by": old.isoformat()}
    assert event.after == {"respond_by": new.isoformat()}
    assert cast.officer.email in emails(outbox, "grant_offer_extended")
    assert f"{new.day} {new:%B %Y}" in outbox[0][2]


def test_more_time_lets_a_late_offer_be_accepted(cast):
    cast.grant.respond_by = london_today() - timedelta(days=1)
    cast.grant.save(update_fields=["respond_by"])

    extend_response_date(cast.manager, cast.grant, respond_by=london_today() + timedelta(days=7))

    assert accept_offer(cast.officer, cast.grant, accepts_conditions=True).state == State.ACCEPTED


def test_the_new_date_must_be_later_and_not_in_the_past(cast):
    with pytest.raises(DomainError) as excinfo:
        extend_response_date(cast.manager, cast.grant, respond_by=cast.grant.respond_by)
    assert excinfo.value.field == "respond_by"
    assert "after the current date to respond by" in excinfo.value.message

    cast.grant.respond_by = london_today() - timedelta(days=10)
    cast.grant.save(update_fields=["respond_by"])
    with pytest.raises(DomainError) as excinfo:
        extend_response_date(
            cast.manager, cast.grant, respond_by=london_today() - timedelta(days=1)
        )
    assert "today" in excinfo.value.message


@pytest.mark.parametrize("who", ["officer", "assessor", "finance_officer", "outsider"])
def test_only_a_programme_manager_gives_more_time(cast, who):
    with pytest.raises(Refused) as excinfo:
        extend_response_date(
            getattr(cast, who), cast.grant, respond_by=cast.grant.respond_by + timedelta(days=1)
        )
    assert "Only the programme's managers" in excinfo.value.reason


def test_an_accepted_offer_gets_no_more_time(cast):
    accept_offer(cast.officer, cast.grant, accepts_conditions=True)

    with pytest.raises(Refused):
        extend_response_date(
            cast.manager, cast.grant, respond_by=cast.grant.respond_by + timedelta(days=1)
        )
