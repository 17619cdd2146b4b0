"""A round declares its scoring scale: what each score means, from 0 up. It can change until an
assessor starts scoring, and the round's disagreement threshold must still fit within it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.services import score_scale as score_scale_services
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    scored,
    submitted_bid,
)
from tests.factories import UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

ZERO_TO_TWO = ["Not met", "Partly met", "Fully met"]


@pytest.fixture
def funding_round():
    return assessed_round()


def test_a_manager_declares_a_scale_with_an_audit_trail(funding_round):
    manager = manager_of(funding_round)
    score_scale_services.set_score_scale(
        manager, funding_round, ["  Not met ", "", *ZERO_TO_TWO[1:]]
    )
    funding_round.refresh_from_db()
    assert funding_round.score_descriptors == ZERO_TO_TWO
    event = AuditEvent.objects.get(action="round.score_scale_set")
    assert event.after == {"score_descriptors": ZERO_TO_TWO}
    assert len(event.before["score_descriptors"]) == 5


@pytest.mark.parametrize(
    ("descriptors", "message"),
    [
        (["Only one"], "between 2 and 11 scores"),
        ([f"Score {n}" for n in range(12)], "between 2 and 11 scores"),
        (["Fine", "x" * 201], "What score 1 means must be 200 characters or fewer"),
        (["Not met", "Met"], "needs a scale up to at least 2"),  # threshold 2 needs 0 to 2
    ],
)
def test_a_scale_that_cannot_work_is_refused(funding_round, descriptors, message):
    with pytest.raises(DomainError, match=message):
        score_scale_services.set_score_scale(manager_of(funding_round), funding_round, descriptors)
    funding_round.refresh_from_db()
    assert len(funding_round.score_descriptors) == 5


def test_the_scale_is_fixed_once_an_assessor_starts_scoring(funding_round):
    manager = manager_of(funding_round)
    bid = submitted_bid(funding_round)
    eligible(bid, by=manager)
    assignment = assigned(bid, assessor_of(funding_round), by=manager)
    score_scale_services.set_score_scale(
        manager, funding_round, ZERO_TO_TWO
    )  # assigned, not yet scoring
    scored(assignment, [1, None], submitted=False)
    with pytest.raises(DomainError, match="can no longer change"):
        score_scale_services.set_score_scale(manager, funding_round, ["A", "B", "C", "D"])


def test_only_the_programmes_managers_may_change_it(funding_round):
    with pytest.raises(PermissionDenied):
        score_scale_services.set_score_scale(UserFactory(), funding_round, ZERO_TO_TWO)


def test_the_page_saves_the_scale_and_shows_errors_keeping_what_was_typed(client, funding_round):
    sign_in(client, manager_of(funding_round))
    url = reverse("programmes:score_scale", args=[funding_round.pk])
    page = client.get(url).content.decode()
    assert "Unacceptable: the bid does not address the criterion" in page
    refused = client.post(url, {"descriptors": "Only one line"})
    html = refused.content.decode()
    assert "<title>Error: " in html and "govuk-error-summary" in html
    assert "Only one line" in html
    saved = client.post(url, {"descriptors": "\n".join(ZERO_TO_TWO)})
    assert saved.status_code == 302
    detail = client.get(reverse("programmes:round_detail", args=[funding_round.pk]))
    assert "Partly met" in detail.content.decode()


def test_someone_who_does_not_manage_the_programme_gets_404(client, funding_round):
    sign_in(client, assessor_of(funding_round))
    url = reverse("programmes:score_scale", args=[funding_round.pk])
    assert client.get(url).status_code == 404


def test_a_scale_typed_after_the_session_ended_is_shown_back(client, funding_round):
    url = reverse("programmes:score_scale", args=[funding_round.pk])
    typed = "\n".join(ZERO_TO_TWO)
    assert client.post(url, {"descriptors": typed})["Location"].startswith(
        reverse("accounts:sign_in")
    )
    sign_in(client, manager_of(funding_round))  # keeps the session, as signing in by link does
    page = client.get(url).content.decode()
    assert f">{typed}</textarea>" in page
    funding_round.refresh_from_db()
    assert len(funding_round.score_descriptors) == 5
