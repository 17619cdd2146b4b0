"""Programme managers' pages, from the outside: who gets in, and nothing typed is lost."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.models import Criterion, FocusArea, Programme, Round
from innovation_fund.programmes.services import programmes as programmes_services
from innovation_fund.programmes.services import rounds as rounds_services
from tests.factories import (
    CriterionFactory,
    FocusAreaFactory,
    OpenRoundFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    RoundFactory,
    UserFactory,
)
from tests.helpers import sign_in, tables_outside_scroll_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(budget_pence=20_000_000_00)


@pytest.fixture
def manager(programme):
    return ProgrammeRoleFactory(programme=programme).user


@pytest.fixture
def funding_round(programme):
    return OpenRoundFactory(programme=programme, name="Round Four", slug="round-four", number=4)


def manage_urls(programme, funding_round, focus_area) -> list[str]:
    return [
        reverse("programmes:detail", args=[programme.pk]),
        reverse("programmes:edit", args=[programme.pk]),
        reverse("programmes:round_create", args=[programme.pk]),
        reverse("programmes:round_detail", args=[funding_round.pk]),
        reverse("programmes:round_edit", args=[funding_round.pk]),
        reverse("programmes:criteria", args=[funding_round.pk]),
        reverse("programmes:focus_area_add", args=[funding_round.pk]),
        reverse("programmes:focus_area_edit", args=[funding_round.pk, focus_area.pk]),
        reverse("programmes:focus_area_remove", args=[funding_round.pk, focus_area.pk]),
    ]


def round_post(**changes) -> dict:
    data = {
        "name": "Round Five",
        "round_type": "scale_and_spread",
        "summary": "Spreading what worked.",
        "opens_at-day": "10",
        "opens_at-month": "1",
        "opens_at-year": "2027",
        "opens_at-time": "9am",
        "closes_at-day": "1",
        "closes_at-month": "3",
        "closes_at-year": "2027",
        "closes_at-time": "12pm",
        "budget_pence": "£5,000,000",
        "minimum_bid_pence": "50,000",
        "maximum_bid_pence": "1,000,000.00",
        "eligible_organisation_types": ["local_authority", "trust"],
        "guidance_markdown": "## How to apply\n\nRead this.",
        "funding_starts_on-day": "",
        "funding_starts_on-month": "",
        "funding_starts_on-year": "",
        "funding_ends_on-day": "",
        "funding_ends_on-month": "",
        "funding_ends_on-year": "",
        "assessors_per_bid": "2",
        "disagreement_threshold": "2",
    }
    data.update(changes)
    return data


# --- Who gets in -----------------------------------------------------------------------------


def test_anyone_not_signed_in_is_sent_to_sign_in(client, programme, funding_round):
    focus_area = FocusAreaFactory(round=funding_round)
    urls = [reverse("programmes:list"), reverse("programmes:create")]
    urls += manage_urls(programme, funding_round, focus_area)
    sign_in_url = reverse("accounts:sign_in")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{sign_in_url}?next="), url


def test_someone_who_does_not_manage_the_programme_gets_404_on_each_page(
    client, programme, funding_round
):
    focus_area = FocusAreaFactory(round=funding_round)
    another = ProgrammeFactory(slug="another-programme", name="Another")
    outsiders = [
        UserFactory(),
        ProgrammeRoleFactory(programme=another).user,  # manages a different programme
        ProgrammeRoleFactory(programme=programme, role="assessor").user,  # not a manager
    ]
    for person in outsiders:
        sign_in(client, person)
        for url in manage_urls(programme, funding_round, focus_area):
            assert client.get(url).status_code == 404, (person, url)
            assert client.post(url, round_post()).status_code == 404, (person, url)
    funding_round.refresh_from_db()
    assert funding_round.name == "Round Four"
    assert FocusArea.objects.filter(pk=focus_area.pk).exists()


def test_a_focus_area_of_another_round_is_404_even_for_a_manager(
    client, manager, funding_round, programme
):
    elsewhere = FocusAreaFactory(round=RoundFactory(programme=ProgrammeFactory(slug="other")))
    sign_in(client, manager)
    url = reverse("programmes:focus_area_edit", args=[funding_round.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


def test_creating_a_programme_needs_the_permission(client, manager):
    sign_in(client, manager)
    assert client.get(reverse("programmes:create")).status_code == 404
    assert "Create a programme" not in client.get(reverse("programmes:list")).content.decode()


def test_the_manager_sees_each_page(client, manager, programme, funding_round):
    focus_area = FocusAreaFactory(round=funding_round)
    sign_in(client, manager)
    for url in manage_urls(programme, funding_round, focus_area):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1, url
        # Wide tables scroll in their own region, so the page never scrolls sideways at 320 px.
        assert tables_outside_scroll_regions(response.content.decode()) == [], url


# --- Programmes ------------------------------------------------------------------------------


def test_programmes_you_manage_lists_only_yours(client, manager, programme):
    ProgrammeFactory(slug="not-yours", name="Not yours")
    sign_in(client, manager)
    page = client.get(reverse("programmes:list")).content.decode()
    assert "Programmes you manage" in page
    assert programme.name.replace("'", "&#x27;") in page
    assert "Not yours" not in page


def test_creating_a_programme_makes_you_its_manager(client):
    person = UserFactory()
    person.user_permissions.add(Permission.objects.get(codename="add_programme"))
    sign_in(client, person)
    assert "Create a programme" in client.get(reverse("programmes:list")).content.decode()
    response = client.post(
        reverse("programmes:create"),
        {
            "name": "Family Help Fund",
            "funder_name": "Department for Education",
            "summary": "New help for families.",
            "budget_pence": "£50,000,000",
            "starts_on-day": "1",
            "starts_on-month": "4",
            "starts_on-year": "2027",
            "ends_on-day": "",
            "ends_on-month": "",
            "ends_on-year": "",
        },
    )
    created = Programme.objects.get(name="Family Help Fund")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:detail", args=[created.pk])
    assert created.budget_pence == 50_000_000_00
    assert created.roles.get().user == person
    assert "Family Help Fund" in client.get(reverse("programmes:list")).content.decode()


def test_the_programme_page_lists_its_rounds_with_status(client, manager, programme):
    OpenRoundFactory(
        programme=programme, name="Open one", number=70, slug="open", budget_pence=3_000_000_00
    )
    RoundFactory(
        programme=programme, name="Historic one", number=71, first_year=2014, last_year=2016
    )
    sign_in(client, manager)
    page = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert "Open one" in page and "Historic one" in page
    assert "govuk-tag--green" in page and ">Open<" in page
    assert "Ran from 2014 to 2016" in page
    assert "£3,000,000, leaving £17,000,000 not given to any round" in page


def test_editing_a_programme_keeps_what_was_typed_when_refused(client, manager, programme):
    OpenRoundFactory(programme=programme, budget_pence=10_000_000_00)
    sign_in(client, manager)
    url = reverse("programmes:edit", args=[programme.pk])
    form = client.get(url).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', form).group(1)
    response = client.post(
        url,
        {
            "name": "Renamed programme",
            "funder_name": "DfE",
            "summary": "Summary",
            "budget_pence": "9,999,999.99",
            "fingerprint": fingerprint,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "at least £10,000,000" in page
    assert 'value="Renamed programme"' in page
    assert 'value="9,999,999.99"' in page
    programme.refresh_from_db()
    assert programme.name != "Renamed programme"


# --- Rounds ----------------------------------------------------------------------------------


def test_creating_a_round_through_the_form(client, manager, programme):
    sign_in(client, manager)
    response = client.post(reverse("programmes:round_create", args=[programme.pk]), round_post())
    created = Round.objects.get(name="Round Five")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:round_detail", args=[created.pk])
    assert created.budget_pence == 5_000_000_00
    assert created.maximum_bid_pence == 1_000_000_00
    assert created.opens_at.isoformat() == "2027-01-10T09:00:00+00:00"
    assert created.eligible_organisation_types == ["local_authority", "trust"]
    assert created.state == Round.State.DRAFT  # published later, as a step of its lifecycle


def test_a_bad_round_form_keeps_everything_typed(client, manager, programme):
    sign_in(client, manager)
    response = client.post(
        reverse("programmes:round_create", args=[programme.pk]),
        round_post(
            **{
                "maximum_bid_pence": "1,00,0",
                "minimum_bid_pence": "-5",
                "closes_at-day": "31",
                "closes_at-month": "2",
                "guidance_markdown": "Keep <this> text",
            }
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert "The maximum bid can only use commas to separate thousands" in page
    assert "The minimum bid cannot be negative" in page
    assert "The closing date and time must be a real date" in page
    assert 'href="#id_closes_at-day"' in page
    assert 'value="1,00,0"' in page
    assert 'value="-5"' in page
    assert 'name="closes_at-day" type="text" inputmode="numeric" value="31"' in page
    assert 'value="Round Five"' in page
    assert "Keep &lt;this&gt; text</textarea>" in page
    assert 'value="trust" checked' in page
    assert 'value="scale_and_spread" checked' in page
    assert not Round.objects.exists()


def test_a_service_refusal_is_shown_at_its_field_with_what_was_typed(client, manager, programme):
    sign_in(client, manager)
    response = client.post(
        reverse("programmes:round_create", args=[programme.pk]),
        round_post(
            **{"closes_at-day": "9", "closes_at-month": "1", "budget_pence": "20,000,000.01"}
        ),
    )
    page = response.content.decode()
    assert "The closing date and time must be after the opening date and time" in page
    assert 'href="#id_closes_at-day"' in page
    assert "The budget envelope must be £20,000,000 or less" in page
    assert 'value="20,000,000.01"' in page


def test_the_round_page_has_a_change_link_for_each_answer(client, manager, funding_round):
    CriterionFactory(round=funding_round, name="Impact", weight=60)
    CriterionFactory(round=funding_round, name="Value", weight=40)
    FocusAreaFactory(round=funding_round, name="Kinship care")
    sign_in(client, manager)
    page = client.get(reverse("programmes:round_detail", args=[funding_round.pk])).content.decode()
    edit = reverse("programmes:round_edit", args=[funding_round.pk])
    for anchor in ["id_name", "id_opens_at-day", "id_closes_at-day", "id_budget_pence"]:
        assert f'href="{edit}#{anchor}"' in page
    assert "Kinship care" in page
    assert "Impact" in page and "60%" in page
    assert "<strong>100%</strong>" in page
    assert reverse("rounds:detail", args=[funding_round.programme.slug, "round-four"]) in page


def test_editing_a_round(client, manager, funding_round):
    sign_in(client, manager)
    url = reverse("programmes:round_edit", args=[funding_round.pk])
    form = client.get(url).content.decode()
    assert 'name="version" value="1"' in form
    assert 'value="Round Four"' in form
    response = client.post(url, round_post(name="Round Four, renamed", version="1"))
    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert (funding_round.name, funding_round.version) == ("Round Four, renamed", 2)


def test_the_second_editor_sees_both_versions_and_loses_nothing(client, manager, funding_round):
    colleague = ProgrammeRoleFactory(programme=funding_round.programme).user
    rounds_services.update_round(
        colleague, funding_round, {"name": "Their name"}, expected_version=1
    )
    sign_in(client, manager)
    url = reverse("programmes:round_edit", args=[funding_round.pk])
    response = client.post(url, round_post(name="My name", version="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this round while you were editing it" in page
    assert "Saved by someone else" in page
    assert "Their name" in page
    assert 'value="My name"' in page
    assert 'name="version" value="2"' in page
    funding_round.refresh_from_db()
    assert funding_round.name == "Their name"
    # Saving again, having seen their change, goes through.
    assert client.post(url, round_post(name="My name", version="2")).status_code == 302
    funding_round.refresh_from_db()
    assert funding_round.name == "My name"


# --- Focus areas and criteria ----------------------------------------------------------------


def test_adding_changing_and_removing_a_focus_area(client, manager, funding_round):
    sign_in(client, manager)
    add = reverse("programmes:focus_area_add", args=[funding_round.pk])
    assert client.post(add, {"name": "Kinship care", "kind": "focus_area"}).status_code == 302
    area = funding_round.focus_areas.get()
    edit = reverse("programmes:focus_area_edit", args=[funding_round.pk, area.pk])
    assert 'value="Kinship care"' in client.get(edit).content.decode()
    refused = client.post(edit, {"name": "", "kind": "focus_area", "description": "Kept"})
    assert "Enter the focus area&#x27;s name" in refused.content.decode()
    assert "Kept</textarea>" in refused.content.decode()
    assert client.post(edit, {"name": "Family help", "kind": "priority"}).status_code == 302
    area.refresh_from_db()
    assert (area.name, area.kind) == ("Family help", "priority")
    remove = reverse("programmes:focus_area_remove", args=[funding_round.pk, area.pk])
    assert "Remove ‘Family help’?" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not funding_round.focus_areas.exists()


def criteria_post(*rows) -> dict:
    data = {}
    for number, (name, weight) in enumerate(rows, start=1):
        data[f"criteria-{number}-name"] = name
        data[f"criteria-{number}-weight"] = weight
    return data


def test_criteria_are_edited_on_one_page_and_blank_rows_ignored(client, manager, funding_round):
    sign_in(client, manager)
    url = reverse("programmes:criteria", args=[funding_round.pk])
    page = client.get(url).content.decode()
    assert page.count('name="criteria-') == 40  # 10 rows of id, name, description, weight
    data = criteria_post(("Impact", "50"), ("", ""), ("Value for money", "30%"), ("Team", "20"))
    response = client.post(url, data)
    assert response.status_code == 302
    assert [(c.name, c.weight) for c in funding_round.criteria.all()] == [
        ("Impact", 50),
        ("Value for money", 30),
        ("Team", 20),
    ]
    page = client.get(url).content.decode()
    assert 'value="Value for money"' in page
    assert "add up to <strong>100%</strong>" in page


def test_criteria_that_do_not_add_up_keep_what_was_typed(client, manager, funding_round):
    sign_in(client, manager)
    url = reverse("programmes:criteria", args=[funding_round.pk])
    response = client.post(url, criteria_post(("Impact", "50"), ("Value", "40")))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The weights add up to 90%. They must add up to exactly 100%" in page
    assert "add up to <strong>90%</strong>" in page
    assert 'value="Impact"' in page and 'value="40"' in page
    assert not Criterion.objects.exists()


def test_a_weight_that_is_not_a_whole_number_is_refused_at_its_row(client, manager, funding_round):
    sign_in(client, manager)
    url = reverse("programmes:criteria", args=[funding_round.pk])
    page = client.post(url, criteria_post(("Impact", "50.5"), ("Value", "49.5"))).content.decode()
    assert "Enter the weight of criterion 1 as a whole number, like 25" in page
    assert 'href="#id_criteria-1-weight"' in page
    assert 'value="50.5"' in page


# --- Every write is audited, and lists take a fixed number of queries -----------------------


def test_each_page_write_is_audited(client, manager, funding_round):
    sign_in(client, manager)
    client.post(
        reverse("programmes:criteria", args=[funding_round.pk]), criteria_post(("A", "100"))
    )
    client.post(
        reverse("programmes:focus_area_add", args=[funding_round.pk]),
        {"name": "X", "kind": "focus_area"},
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"round.criteria_set", "focus_area.created"} <= actions


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_programme_pages_make_a_fixed_number_of_queries(client, manager, programme):
    sign_in(client, manager)
    list_url = reverse("programmes:list")
    detail_url = reverse("programmes:detail", args=[programme.pk])
    RoundFactory(programme=programme)
    small = (count_queries(client, list_url), count_queries(client, detail_url))
    for number in range(5):
        other = ProgrammeFactory(slug=f"other-{number}", name=f"Other {number}")
        ProgrammeRoleFactory(programme=other, user=manager)
        RoundFactory.create_batch(3, programme=other)
        RoundFactory(programme=programme)
    assert (count_queries(client, list_url), count_queries(client, detail_url)) == small


def test_the_round_page_makes_a_fixed_number_of_queries(client, manager, funding_round):
    sign_in(client, manager)
    url = reverse("programmes:round_detail", args=[funding_round.pk])
    CriterionFactory(round=funding_round, weight=100)
    small = count_queries(client, url)
    FocusAreaFactory.create_batch(6, round=funding_round)
    CriterionFactory.create_batch(5, round=funding_round, weight=10)
    assert count_queries(client, url) == small


def test_a_refused_edit_keeps_the_version_the_page_had_so_a_clash_is_still_noticed(
    client, manager, funding_round
):
    colleague = ProgrammeRoleFactory(programme=funding_round.programme).user
    sign_in(client, manager)
    url = reverse("programmes:round_edit", args=[funding_round.pk])
    client.get(url)  # opened at version 1
    rounds_services.update_round(
        colleague, funding_round, {"name": "Their name"}, expected_version=1
    )
    page = client.post(url, round_post(version="1", maximum_bid_pence="lots")).content.decode()
    assert "Enter the maximum bid as an amount in pounds and pence" in page
    assert 'name="version" value="1"' in page
    page = client.post(url, round_post(name="My name", version="1")).content.decode()
    assert "Someone else changed this round" in page
    funding_round.refresh_from_db()
    assert funding_round.name == "Their name"


def test_the_second_editor_of_a_programme_sees_both_versions(client, manager, programme):
    sign_in(client, manager)
    url = reverse("programmes:edit", args=[programme.pk])
    form = client.get(url).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', form).group(1)
    programmes_services.update_programme(manager, programme, {"name": "Their programme name"})
    posted = {
        "name": "My programme name",
        "funder_name": programme.funder_name,
        "summary": programme.summary,
        "budget_pence": "20,000,000",
        "fingerprint": fingerprint,
    }
    page = client.post(url, posted).content.decode()
    assert "Someone else changed this programme" in page
    assert "Their programme name" in page and 'value="My programme name"' in page
    new_fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    assert new_fingerprint != fingerprint
    assert client.post(url, {**posted, "fingerprint": new_fingerprint}).status_code == 302
    programme.refresh_from_db()
    assert programme.name == "My programme name"


# --- Nothing typed is lost when the session ends ---------------------------------------------


def typed_after_the_session_ended(programme, funding_round, focus_area) -> dict:
    """Each form page: (address, what was typed, how the page shows it back)."""
    programme_post = {
        "name": "Typed programme",
        "funder_name": "DfE",
        "summary": "Typed summary",
        "budget_pence": "20,000,000",
        "fingerprint": programmes_services.programme_fingerprint(programme),
    }
    area_post = {"name": "Typed area", "kind": "focus_area", "description": ""}
    return {
        "create": (reverse("programmes:create"), programme_post, 'value="Typed programme"'),
        "edit": (
            reverse("programmes:edit", args=[programme.pk]),
            programme_post,
            'value="Typed programme"',
        ),
        "round_create": (
            reverse("programmes:round_create", args=[programme.pk]),
            round_post(name="Typed round"),
            'value="Typed round"',
        ),
        "round_edit": (
            reverse("programmes:round_edit", args=[funding_round.pk]),
            round_post(name="Typed round", version="1"),
            'value="Typed round"',
        ),
        "focus_area_add": (
            reverse("programmes:focus_area_add", args=[funding_round.pk]),
            area_post,
            'value="Typed area"',
        ),
        "focus_area_edit": (
            reverse("programmes:focus_area_edit", args=[funding_round.pk, focus_area.pk]),
            area_post,
            'value="Typed area"',
        ),
        "criteria": (
            reverse("programmes:criteria", args=[funding_round.pk]),
            {"criteria-1-name": "Typed criterion", "criteria-1-weight": "100"},
            'value="Typed criterion"',
        ),
    }


@pytest.mark.parametrize(
    "page",
    [
        "create",
        "edit",
        "round_create",
        "round_edit",
        "focus_area_add",
        "focus_area_edit",
        "criteria",
    ],
)
def test_answers_typed_after_the_session_ended_are_shown_back(
    client, manager, programme, funding_round, page
):
    manager.user_permissions.add(Permission.objects.get(codename="add_programme"))
    focus_area = FocusAreaFactory(round=funding_round, name="Kinship care")
    url, typed, shown = typed_after_the_session_ended(programme, funding_round, focus_area)[page]
    assert client.post(url, typed)["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, manager)  # keeps the session, as signing in by link does
    assert shown in client.get(url).content.decode()
    assert not Programme.objects.filter(name="Typed programme").exists()
    assert not Round.objects.filter(name="Typed round").exists()
    assert not FocusArea.objects.filter(name="Typed area").exists()
    assert not Criterion.objects.exists()


def test_a_round_edit_shown_back_still_notices_a_change_saved_since(client, manager, funding_round):
    url = reverse("programmes:round_edit", args=[funding_round.pk])
    client.post(url, round_post(name="My name", version="1"))
    colleague = ProgrammeRoleFactory(programme=funding_round.programme).user
    rounds_services.update_round(
        colleague, funding_round, {"name": "Their name"}, expected_version=1
    )
    sign_in(client, manager)
    page = client.get(url).content.decode()
    assert 'value="My name"' in page
    assert 'name="version" value="1"' in page  # the version they typed into, not the new one
    page = client.post(url, round_post(name="My name", version="1")).content.decode()
    assert "Someone else changed this round" in page
    funding_round.refresh_from_db()
    assert funding_round.name == "Their name"
