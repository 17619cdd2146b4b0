"""The outcome framework pages, from the outside: who gets in, what each outcome allows, and
nothing typed is lost."""

import pytest
from django.urls import reverse
from django.utils import timezone

from innovation_fund.applications.models import ApplicationOutcome
from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.models import Outcome
from tests.factories import (
    ApplicationFactory,
    OpenRoundFactory,
    OutcomeFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    UserFactory,
)
from tests.helpers import sign_in, way_back_links

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Fewer children entering care",
    "definition": "Children who start to be looked after",
    "measure": "Children starting to be looked after in the year",
    "unit": "children per 10,000",
    "direction": "lower",
}


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Programme Nine")


@pytest.fixture
def manager(programme):
    return ProgrammeRoleFactory(programme=programme).user


@pytest.fixture
def outcome(programme):
    return OutcomeFactory(
        programme=programme,
        name="Days in care",
        definition="Time looked after",
        measure="Days looked after in the year",
        unit="days",
        direction=Outcome.Direction.LOWER,
    )


def use(outcome):
    bid = ApplicationFactory(round=OpenRoundFactory(programme=outcome.programme))
    ApplicationOutcome.objects.create(
        application=bid, outcome=outcome, measure="m", baseline="b", target="t"
    )


def list_url(programme):
    return reverse("programmes:outcomes", args=[programme.pk])


def outcome_url(name, outcome):
    return reverse(f"programmes:outcome_{name}", args=[outcome.programme_id, outcome.pk])


def every_url(programme, outcome) -> list[str]:
    return [
        list_url(programme),
        reverse("programmes:outcome_add", args=[programme.pk]),
        *(outcome_url(name, outcome) for name in ["edit", "retire", "reinstate", "delete"]),
    ]


def test_anyone_not_signed_in_is_sent_to_sign_in(client, programme, outcome):
    for url in every_url(programme, outcome):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:sign_in")), url


def test_someone_who_does_not_manage_the_programme_gets_404(client, programme, outcome):
    outsiders = [
        UserFactory(),
        ProgrammeRoleFactory(programme=ProgrammeFactory(slug="another")).user,
        ProgrammeRoleFactory(programme=programme, role="assessor").user,
    ]
    for person in outsiders:
        sign_in(client, person)
        for url in every_url(programme, outcome):
            assert client.get(url).status_code == 404, (person, url)
            assert client.post(url, NEW).status_code == 404, (person, url)
    outcome.refresh_from_db()
    assert (outcome.name, outcome.retired_at) == ("Days in care", None)
    assert Outcome.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_an_outcome_of_another_programme_is_404_even_for_a_manager(client, manager, programme):
    theirs = OutcomeFactory(programme=ProgrammeFactory(slug="theirs"))
    sign_in(client, manager)
    for name in ["edit", "retire", "delete"]:
        url = reverse(f"programmes:outcome_{name}", args=[programme.pk, theirs.pk])
        assert client.get(url).status_code == 404
    # Nor through its own programme's address.
    assert client.get(outcome_url("edit", theirs)).status_code == 404


def test_the_programme_page_links_to_the_framework(client, manager, programme):
    sign_in(client, manager)
    html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert f'href="{list_url(programme)}"' in html


def test_the_framework_lists_current_and_retired_outcomes_and_their_use(
    client, manager, programme, outcome
):
    use(outcome)
    old = OutcomeFactory(programme=programme, name="Old outcome", retired_at=timezone.now())
    sign_in(client, manager)
    html = client.get(list_url(programme)).content.decode()
    assert html.index("Current outcomes") < html.index("Days in care")
    assert html.index("Retired outcomes") < html.index("Old outcome")
    assert "Chosen 1 time: what it measures cannot change" in html
    assert "Lower is better" in html
    # A used outcome offers no delete; an unused one does.
    assert outcome_url("delete", outcome) not in html
    assert outcome_url("delete", old) in html
    assert outcome_url("reinstate", old) in html
    assert reverse("programmes:detail", args=[programme.pk]) in way_back_links(html)
    assert "not real" not in html.lower()


def test_a_retired_outcome_says_why_it_can_no_longer_be_reinstated(client, manager, programme):
    old = OutcomeFactory(programme=programme, name="Old outcome", retired_at=timezone.now())
    sign_in(client, manager)
    assert outcome_url("reinstate", old) in client.get(list_url(programme)).content.decode()
    OpenRoundFactory(programme=programme, name="Round Ten", opens_at=timezone.now())
    html = client.get(list_url(programme)).content.decode()
    assert outcome_url("reinstate", old) not in html
    assert "Round Ten has opened since ‘Old outcome’ was retired" in html


def test_adding_an_outcome(client, manager, programme):
    sign_in(client, manager)
    response = client.post(reverse("programmes:outcome_add", args=[programme.pk]), NEW)
    assert response.status_code == 302
    assert response["Location"] == list_url(programme)
    added = Outcome.objects.get(programme=programme)
    assert (added.name, added.unit, added.direction) == (NEW["name"], NEW["unit"], "lower")
    assert AuditEvent.objects.filter(action="outcome.added", actor=manager).count() == 1


def test_a_bad_outcome_form_shows_each_error_and_keeps_what_was_typed(client, manager, programme):
    sign_in(client, manager)
    url = reverse("programmes:outcome_add", args=[programme.pk])
    response = client.post(url, {**NEW, "measure": "", "direction": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_measure">Enter how the outcome is measured</a>' in html
    assert '<p class="govuk-error-message" id="id_measure-error">' in html
    assert '<a href="#id_direction">Select which direction is better</a>' in html
    assert f'value="{NEW["name"]}"' in html
    assert NEW["definition"] in html
    assert "<title>Error:" in html
    assert list_url(programme) in way_back_links(html)
    assert not Outcome.objects.exists()


def test_a_service_refusal_is_shown_at_its_field(client, manager, programme, outcome):
    sign_in(client, manager)
    response = client.post(
        reverse("programmes:outcome_add", args=[programme.pk]), {**NEW, "name": "days in care"}
    )
    html = response.content.decode()
    assert "The framework already has an outcome called ‘days in care’" in html
    assert 'id="id_name-error"' in html
    assert 'value="days in care"' in html


def test_an_unused_outcome_can_change_what_it_measures(client, manager, outcome):
    sign_in(client, manager)
    url = outcome_url("edit", outcome)
    html = client.get(url).content.decode()
    assert 'name="measure"' in html and 'value="days"' in html
    response = client.post(url, {**NEW, "name": "Days in care", "unit": "nights"})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.unit, outcome.measure) == ("nights", NEW["measure"])


def test_a_used_outcomes_meaning_is_locked_with_a_reason(client, manager, outcome):
    use(outcome)
    sign_in(client, manager)
    url = outcome_url("edit", outcome)
    html = client.get(url).content.decode()
    assert 'name="measure"' not in html and 'name="unit"' not in html
    assert 'name="direction"' not in html
    assert "Bids have used this outcome, so what it measures is fixed" in html
    assert "Days looked after in the year" in html
    response = client.post(
        url, {"name": "Days spent in care", "definition": "Time looked after", "unit": "weeks"}
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.name, outcome.unit) == ("Days spent in care", "days")


def test_retiring_asks_first_then_retires(client, manager, outcome):
    sign_in(client, manager)
    url = outcome_url("retire", outcome)
    html = client.get(url).content.decode()
    assert "Retire ‘Days in care’?" in html
    outcome.refresh_from_db()
    assert outcome.retired_at is None
    assert client.post(url).status_code == 302
    outcome.refresh_from_db()
    assert outcome.retired_at is not None
    html = client.get(url).content.decode()
    assert "is already retired" in html


def test_a_used_outcome_cannot_be_deleted_and_retiring_is_offered(client, manager, outcome):
    use(outcome)
    sign_in(client, manager)
    url = outcome_url("delete", outcome)
    html = client.get(url).content.decode()
    assert "You cannot delete ‘Days in care’" in html
    assert outcome_url("retire", outcome) in html
    response = client.post(url)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert Outcome.objects.filter(pk=outcome.pk).exists()


def test_an_unused_outcome_is_deleted_after_confirming(client, manager, outcome):
    sign_in(client, manager)
    url = outcome_url("delete", outcome)
    assert "Delete ‘Days in care’?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Outcome.objects.filter(pk=outcome.pk).exists()


def test_a_demonstration_framework_says_it_is_not_real(client, manager, programme):
    OutcomeFactory(programme=programme, name="Made up (not real)", is_demonstration=True)
    sign_in(client, manager)
    html = client.get(list_url(programme)).content.decode()
    assert "Demonstration – not real" in html
    assert "Made up for demonstration: not real" in html


def test_an_incomplete_framework_says_so(client, manager, programme):
    programme.outcome_framework_note = "This framework is incomplete."
    programme.save()
    sign_in(client, manager)
    html = client.get(list_url(programme)).content.decode()
    assert "What the sources give, and what they do not" in html
    assert "This framework is incomplete." in html
