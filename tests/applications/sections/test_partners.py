"""2. Partners: adding and removing partners, refusals, completeness and two people at once."""

import json

import pytest
from django.urls import reverse

from innovation_fund.applications.models import ApplicationPartner
from innovation_fund.applications.sections import BY_SLUG, Status
from innovation_fund.core.models import AuditEvent
from innovation_fund.organisations.models import OrganisationType
from tests.factories import ApplicationFactory, MembershipFactory, OrganisationFactory
from tests.helpers import sign_in

from .support import last_event, loaded, section_url

pytestmark = pytest.mark.django_db

PARTNERS = BY_SLUG["partners"]


def url(bid):
    return section_url(bid, "partners")


def add(client, bid, version=0, **answers):
    return client.post(url(bid), {"action": "add", "version": version, **answers})


def test_the_page_offers_every_organisation_but_the_lead(client, bid, editor):
    other = OrganisationFactory(name="Barnardo's")
    sign_in(client, editor)
    html = client.get(url(bid)).content.decode()
    assert f'<option value="{other.pk}">Barnardo&#x27;s</option>' in html
    assert f'<option value="{bid.lead_organisation.pk}"' not in html
    assert "No partners have been added yet." in html
    assert "This bid has no partners</button>" in html


def test_adding_a_registered_organisation_saves_it_with_its_role_and_an_audit_event(
    client, bid, editor
):
    other = OrganisationFactory(name="Leeds City Council")
    sign_in(client, editor)
    response = add(client, bid, organisation=other.pk, role="Runs the family hubs")
    assert response.status_code == 302
    assert response["Location"] == url(bid)
    partner = ApplicationPartner.objects.get(application=bid)
    assert partner.organisation == other
    assert partner.role == "Runs the family hubs"
    bid.refresh_from_db()
    assert bid.task_versions == {"partners": 1}
    event = last_event("application.partners_saved")
    assert event.before == {"partners": []}
    assert event.after["partners"] == [
        {
            "id": partner.pk,
            "organisation": other.pk,
            "name": "Leeds City Council",
            "organisation_type": "",
            "role": "Runs the family hubs",
        }
    ]
    json.dumps(event.after)
    html = client.get(url(bid)).content.decode()
    assert "Leeds City Council has been added as a partner." in html
    assert "Runs the family hubs" in html
    assert "I have added all the partners</button>" in html


def test_adding_an_organisation_not_registered_by_its_name_and_type(client, bid, editor):
    sign_in(client, editor)
    response = add(
        client,
        bid,
        name="  Hope   Street Trust ",
        organisation_type=OrganisationType.CHARITY,
        role="Mentoring",
    )
    assert response.status_code == 302
    partner = ApplicationPartner.objects.get(application=bid)
    assert partner.organisation is None
    assert partner.name == "Hope Street Trust"
    assert partner.organisation_type == OrganisationType.CHARITY
    assert partner.partner_name == "Hope Street Trust"


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"role": "Mentoring"}, "Choose a registered organisation, or enter the name of one"),
        (
            {"organisation": "ORG", "name": "Hope Trust", "role": "x"},
            "Choose a registered organisation or enter the name of one that is not listed, "
            "not both",
        ),
        ({"name": "Hope Trust", "role": "x"}, "Choose what type of organisation Hope Trust is"),
        ({"organisation": "ORG"}, "Enter what the partner will do in the project"),
        ({"organisation": "ORG", "role": "x" * 301}, "role must be 300 characters or fewer"),
        ({"organisation": "999999", "role": "x"}, "Choose an organisation from the list"),
    ],
)
def test_each_missing_or_wrong_answer_is_explained_and_the_answers_are_kept(
    client, bid, editor, answers, message
):
    other = OrganisationFactory()
    if answers.get("organisation") == "ORG":
        answers["organisation"] = other.pk
    sign_in(client, editor)
    response = add(client, bid, **answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message.replace("’", "&#x27;") in html.replace("’", "&#x27;")
    if answers.get("name"):
        assert f'value="{answers["name"]}"' in html
    assert not ApplicationPartner.objects.exists()
    bid.refresh_from_db()
    assert bid.task_versions == {}


def test_the_lead_cannot_be_its_own_partner_even_posted_by_hand(client, bid, editor):
    lead = bid.lead_organisation
    sign_in(client, editor)
    response = add(client, bid, organisation=lead.pk, role="Leads")
    assert response.status_code == 200
    assert (
        f"{lead.name} leads this bid, so it cannot also be a partner" in response.content.decode()
    )
    response = add(
        client, bid, name=lead.name.upper(), organisation_type=OrganisationType.CHARITY, role="x"
    )
    assert (
        f"{lead.name} leads this bid, so it cannot also be a partner" in response.content.decode()
    )
    assert not ApplicationPartner.objects.exists()
    assert not AuditEvent.objects.filter(action="application.partners_saved").exists()


def test_the_same_organisation_cannot_be_added_twice(client, bid, editor):
    other = OrganisationFactory(name="Leeds City Council")
    sign_in(client, editor)
    add(client, bid, organisation=other.pk, role="One")
    response = add(client, bid, version=1, organisation=other.pk, role="Two")
    assert "Leeds City Council is already a partner in this bid" in response.content.decode()
    add(client, bid, version=1, name="Hope Trust", organisation_type="charity", role="x")
    response = add(client, bid, version=2, name="hope trust", organisation_type="charity", role="y")
    assert "hope trust is already a partner in this bid" in response.content.decode()
    assert ApplicationPartner.objects.filter(application=bid).count() == 2


def test_a_registered_organisation_typed_by_name_is_sent_to_the_list(client, bid, editor):
    OrganisationFactory(name="Leeds City Council")
    sign_in(client, editor)
    response = add(
        client, bid, name="leeds city council", organisation_type="local_authority", role="x"
    )
    assert "Leeds City Council is registered with this service: choose it from the list" in (
        response.content.decode()
    )
    assert not ApplicationPartner.objects.exists()


def test_removing_a_partner(client, bid, editor):
    partner = ApplicationPartner.objects.create(
        application=bid, name="Hope Trust", organisation_type="charity", role="x"
    )
    bid.task_versions = {"partners": 1}
    bid.save()
    sign_in(client, editor)
    response = client.post(url(bid), {"action": "remove", "partner": partner.pk, "version": 1})
    assert response.status_code == 302
    assert not ApplicationPartner.objects.exists()
    assert last_event("application.partners_saved").after == {"partners": []}
    html = client.get(url(bid)).content.decode()
    assert "Hope Trust has been removed from the partners." in html
    assert "This bid has no partners." in html


def test_removing_a_partner_of_another_bid_is_refused(client, bid, editor):
    elsewhere = ApplicationPartner.objects.create(
        application=ApplicationFactory(), name="Elsewhere", organisation_type="charity", role="x"
    )
    sign_in(client, editor)
    response = client.post(url(bid), {"action": "remove", "partner": elsewhere.pk, "version": 0})
    assert response.status_code == 200
    assert "That organisation is not a partner in this bid" in response.content.decode()
    assert ApplicationPartner.objects.filter(pk=elsewhere.pk).exists()


def test_status_not_started_until_a_partner_is_added_or_no_partners_is_said(client, bid, editor):
    assert PARTNERS.status(loaded(bid, editor)) == Status.NOT_STARTED
    assert PARTNERS.problems(loaded(bid, editor)) == [
        "Add the partner organisations in the bid, or say that it has no partners"
    ]
    assert PARTNERS.summary_rows(loaded(bid, editor))[0].value == "Not answered"
    sign_in(client, editor)
    response = client.post(url(bid), {"action": "finish", "version": 0})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:task_list", args=[bid.reference])
    application = loaded(bid, editor)
    assert PARTNERS.status(application) == Status.COMPLETED
    assert PARTNERS.problems(application) == []
    rows = PARTNERS.summary_rows(application)
    assert [(row.key, row.value) for row in rows] == [("Partners", "This bid has no partners")]


def test_status_completed_with_a_partner_and_after_removing_the_last_one(client, bid, editor):
    other = OrganisationFactory(name="Leeds City Council", organisation_type="local_authority")
    sign_in(client, editor)
    add(client, bid, organisation=other.pk, role="Runs the hubs")
    application = loaded(bid, editor)
    assert PARTNERS.status(application) == Status.COMPLETED
    [row] = PARTNERS.summary_rows(application)
    assert row.key == "Leeds City Council"
    assert row.value == ["Runs the hubs", "Local authority"]
    partner = ApplicationPartner.objects.get()
    client.post(url(bid), {"action": "remove", "partner": partner.pk, "version": 1})
    # Removing the last partner on this page is a decision that the bid has none.
    assert PARTNERS.status(loaded(bid, editor)) == Status.COMPLETED


def test_two_people_adding_at_once_the_second_is_told_and_keeps_what_they_typed(
    client, bid, editor, other_editor
):
    first, second = OrganisationFactory(name="First Council"), OrganisationFactory()
    sign_in(client, other_editor)
    assert add(client, bid, organisation=first.pk, role="Theirs").status_code == 302
    sign_in(client, editor)
    response = add(client, bid, name="Second Trust", organisation_type="charity", role="Mine")
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this page" in html
    assert "First Council" in html  # what they saved
    assert 'value="Second Trust"' in html and "Mine</textarea>" in html  # what I typed
    assert ApplicationPartner.objects.filter(application=bid).count() == 1
    # The page now carries the current version, so adding again works.
    assert 'name="version" value="1"' in html
    assert add(client, bid, version=1, organisation=second.pk, role="Mine").status_code == 302
    assert ApplicationPartner.objects.filter(application=bid).count() == 2


def test_two_people_removing_at_once_the_second_is_told(client, bid, editor, other_editor):
    keep = ApplicationPartner.objects.create(
        application=bid, name="Keep", organisation_type="charity", role="x"
    )
    gone = ApplicationPartner.objects.create(
        application=bid, name="Gone", organisation_type="charity", role="x"
    )
    sign_in(client, other_editor)
    client.post(url(bid), {"action": "remove", "partner": gone.pk, "version": 0})
    sign_in(client, editor)
    response = client.post(url(bid), {"action": "remove", "partner": keep.pk, "version": 0})
    assert response.status_code == 200
    assert "saved this page" in response.content.decode()
    assert list(ApplicationPartner.objects.values_list("name", flat=True)) == ["Keep"]


def test_someone_from_another_organisation_gets_404(client, bid):
    other = OrganisationFactory()
    sign_in(client, MembershipFactory().user)
    assert client.get(url(bid)).status_code == 404
    assert add(client, bid, organisation=other.pk, role="x").status_code == 404
    assert not ApplicationPartner.objects.exists()


def test_status_and_answers_read_only_the_prefetched_partners(
    bid, editor, django_assert_num_queries
):
    def count_with(partners: int) -> None:
        ApplicationPartner.objects.bulk_create(
            ApplicationPartner(
                application=bid, organisation=OrganisationFactory(), role="x", position=n
            )
            for n in range(partners)
        )
        application = loaded(bid, editor)
        with django_assert_num_queries(0):
            PARTNERS.status(application)
            PARTNERS.summary_rows(application)

    count_with(1)
    count_with(10)


def test_a_partner_typed_after_the_session_ended_is_shown_back_unsaved(client, bid, editor):
    response = add(client, bid, name="Typed while signed out", organisation_type="charity")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, editor)
    html = client.get(url(bid)).content.decode()
    assert 'value="Typed while signed out"' in html
    assert not ApplicationPartner.objects.exists()
