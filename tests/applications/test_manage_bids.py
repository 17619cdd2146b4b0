"""Programme managers' list of the bids in a round: who may see it, what it lists, its filters."""

import re

import pytest
from django.urls import reverse

from innovation_fund.applications import manage_views
from innovation_fund.applications.models import Application, ApplicationPlace, BudgetLine
from innovation_fund.organisations.models import MemberRole, OrganisationType
from tests.factories import (
    ApplicationFactory,
    FocusAreaFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OpenRoundFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    UserFactory,
    aware,
)
from tests.helpers import act_for, sign_in, way_back_links

pytestmark = pytest.mark.django_db

State = Application.State
URL_NAMES = ["bid_management:round_bids", "bid_management:export_csv", "bid_management:export_xlsx"]

# Session and user; the round; its focus areas (the filter form); the count; the counts per
# state; the person's memberships (the header); one page of bids; their places with their
# authorities; the session saved again (savepoint, update, release). Whatever the exact number,
# it must not grow with the number of bids.
PAGE_QUERIES = 12


@pytest.fixture
def round():
    return OpenRoundFactory()


@pytest.fixture
def manager(round):
    return ProgrammeRoleFactory(programme=round.programme).user


def submitted(round, **fields) -> Application:
    fields.setdefault("state", State.SUBMITTED)
    fields.setdefault("submitted_at", aware(2026, 11, 20, 9, 30))
    return ApplicationFactory(round=round, **fields)


def budget(bid, *amounts_pence):
    for year, amount in enumerate(amounts_pence, start=2027):
        BudgetLine.objects.create(
            application=bid, financial_year=year, cost_heading="staff", amount_pence=amount
        )


def places(bid, *names):
    for name in names:
        ApplicationPlace.objects.create(application=bid, authority=LocalAuthorityFactory(name=name))


def page_url(round, **query):
    url = reverse("bid_management:round_bids", args=[round.pk])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def references(response) -> list[str]:
    return re.findall(r'href="/bids/([^/"]+)/check-your-answers/"', response.content.decode())


# --- Who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_people_are_sent_to_sign_in(client, round, name):
    url = reverse(name, args=[round.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))
    assert "next=" in response.url


def _applicant_member(round):
    bid = submitted(round)
    membership = MembershipFactory(
        organisation=bid.lead_organisation, role=MemberRole.ACCOUNTABLE_OFFICER
    )
    return membership.user, bid.lead_organisation


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("who", ["applicant", "other_programme_manager", "no_roles"])
def test_anyone_but_the_rounds_programme_managers_gets_404(client, round, name, who):
    submitted(round)
    if who == "applicant":
        user, organisation = _applicant_member(round)
        sign_in(client, user)
        act_for(client, organisation)
    elif who == "other_programme_manager":
        other = ProgrammeFactory(slug="another-programme", name="Another programme")
        user = ProgrammeRoleFactory(programme=other).user
        sign_in(client, user)
    else:
        sign_in(client, UserFactory())
    response = client.get(reverse(name, args=[round.pk]))
    assert response.status_code == 404


def test_a_round_that_does_not_exist_is_404(client, manager):
    sign_in(client, manager)
    assert client.get(reverse("bid_management:round_bids", args=[999_999])).status_code == 404


def test_another_programmes_round_is_404_even_for_a_manager(client, manager):
    other_round = OpenRoundFactory(programme=ProgrammeFactory(slug="other", name="Other"))
    submitted(other_round)
    sign_in(client, manager)
    assert client.get(page_url(other_round)).status_code == 404


@pytest.mark.parametrize("name", URL_NAMES)
def test_only_get_is_allowed(client, round, manager, name):
    sign_in(client, manager)
    assert client.post(reverse(name, args=[round.pk])).status_code == 405


# --- What it lists ----------------------------------------------------------------------------


def test_lists_submitted_and_withdrawn_bids_of_the_round_and_never_drafts(client, round, manager):
    sent = submitted(round, reference="R1-SENT")
    withdrawn = submitted(
        round, reference="R1-GONE", state=State.WITHDRAWN, withdrawn_at=aware(2026, 11, 21, 9, 0)
    )
    ApplicationFactory(round=round, reference="R1-DRAFT", state=State.DRAFT)
    ApplicationFactory(round=round, reference="R1-WAIT", state=State.AWAITING_SIGN_OFF)
    submitted(OpenRoundFactory(programme=round.programme), reference="R2-OTHER")
    sign_in(client, manager)

    response = client.get(page_url(round))

    assert response.status_code == 200
    assert sorted(references(response)) == sorted([sent.reference, withdrawn.reference])
    html = response.content.decode()
    assert "R1-DRAFT" not in html and "R1-WAIT" not in html and "R2-OTHER" not in html
    assert f"Bids in {round.name}" in html


def test_a_manager_who_also_belongs_to_an_applicant_does_not_see_its_drafts(client, round, manager):
    draft = ApplicationFactory(round=round, reference="OWN-DRAFT", state=State.DRAFT)
    MembershipFactory(organisation=draft.lead_organisation, user=manager)
    sign_in(client, manager)
    act_for(client, draft.lead_organisation)
    response = client.get(page_url(round))
    assert response.status_code == 200
    assert "OWN-DRAFT" not in response.content.decode()


def test_each_row_shows_the_bid(client, round, manager):
    area = FocusAreaFactory(round=round, name="Adolescents")
    organisation = OrganisationFactory(
        name="Leeds City Council", organisation_type=OrganisationType.LOCAL_AUTHORITY
    )
    bid = submitted(
        round,
        reference="LEEDS-1",
        title="Family Safeguarding in Leeds",
        lead_organisation=organisation,
        focus_area=area,
        submitted_at=aware(2026, 7, 1, 9, 30),
    )
    budget(bid, 1_000_00, 234_56)
    places(bid, "Leeds", "Bradford")
    sign_in(client, manager)

    html = client.get(page_url(round)).content.decode()

    assert f'href="{reverse("applications:check_answers", args=["LEEDS-1"])}"' in html
    assert "Family Safeguarding in Leeds" in html
    assert "Leeds City Council" in html
    assert "Local authority" in html
    assert "Adolescents" in html
    assert "£1,234.56" in html
    assert re.search(r"govuk-table__cell--numeric\">2</td>", html)
    assert "govuk-tag--green" in html
    assert "9:30am on 1 July 2026" in html


def test_a_bid_with_no_budget_lines_asks_for_nothing(client, round, manager):
    submitted(round)
    sign_in(client, manager)
    assert "£0" in client.get(page_url(round)).content.decode()


def test_the_reference_link_opens_the_read_only_bid_for_the_manager(client, round, manager):
    bid = submitted(round)
    sign_in(client, manager)
    response = client.get(reverse("applications:check_answers", args=[bid.reference]))
    assert response.status_code == 200


def test_the_page_leads_back_to_the_round(client, round, manager):
    url = reverse("bid_management:round_bids", args=[round.pk])
    page = sign_in(client, manager).get(url).content.decode()
    assert way_back_links(page) == [
        reverse("programmes:list"),
        reverse("programmes:detail", args=[round.programme_id]),
        reverse("programmes:round_detail", args=[round.pk]),
    ]


def test_counts_per_state_cover_the_whole_round(client, round, manager):
    for _ in range(3):
        submitted(round)
    submitted(round, state=State.WITHDRAWN)
    ApplicationFactory(round=round, state=State.DRAFT)
    sign_in(client, manager)
    html = client.get(page_url(round, state="withdrawn")).content.decode()
    assert "<strong>3</strong> submitted" in html
    assert "<strong>1</strong> withdrawn" in html
    assert "1 bid matches the filters" in html


# --- Filters ----------------------------------------------------------------------------------


def test_filter_by_state(client, round, manager):
    submitted(round, reference="SENT-1")
    submitted(round, reference="GONE-1", state=State.WITHDRAWN)
    sign_in(client, manager)
    assert references(client.get(page_url(round, state="withdrawn"))) == ["GONE-1"]
    assert references(client.get(page_url(round, state="submitted"))) == ["SENT-1"]


def test_filter_by_focus_area_of_the_round(client, round, manager):
    young = FocusAreaFactory(round=round, name="Adolescents", slug="adolescents")
    other = FocusAreaFactory(round=round, name="Workforce", slug="workforce")
    submitted(round, reference="YOUNG-1", focus_area=young)
    submitted(round, reference="STAFF-1", focus_area=other)
    sign_in(client, manager)
    response = client.get(page_url(round, focus_area="adolescents"))
    assert references(response) == ["YOUNG-1"]
    assert '<option value="adolescents" selected>' in response.content.decode()


def test_a_focus_area_of_another_round_is_refused(client, round, manager):
    FocusAreaFactory(round=OpenRoundFactory(programme=round.programme), slug="elsewhere")
    submitted(round, reference="KEPT-1")
    sign_in(client, manager)
    response = client.get(page_url(round, focus_area="elsewhere"))
    assert "Select a focus area from the list" in response.content.decode()
    assert references(response) == ["KEPT-1"]


def test_filter_by_lead_organisation_type(client, round, manager):
    council = OrganisationFactory(organisation_type=OrganisationType.LOCAL_AUTHORITY)
    charity = OrganisationFactory(organisation_type=OrganisationType.CHARITY)
    submitted(round, reference="COUNCIL-1", lead_organisation=council)
    submitted(round, reference="CHARITY-1", lead_organisation=charity)
    sign_in(client, manager)
    response = client.get(page_url(round, organisation_type="local_authority"))
    assert references(response) == ["COUNCIL-1"]


def test_search_words_must_each_match_reference_title_or_lead_organisation(client, round, manager):
    leeds = OrganisationFactory(name="Leeds City Council")
    submitted(round, reference="AAA-1", title="Family Safeguarding", lead_organisation=leeds)
    submitted(round, reference="BBB-2", title="Mockingbird in Kent")
    submitted(round, reference="CCC-3", title="Something else")
    sign_in(client, manager)
    assert references(client.get(page_url(round, q="leeds family"))) == ["AAA-1"]
    assert references(client.get(page_url(round, q="mockingbird"))) == ["BBB-2"]
    assert references(client.get(page_url(round, q="ccc-3"))) == ["CCC-3"]
    assert references(client.get(page_url(round, q="leeds mockingbird"))) == []


def test_sort_by_amount_and_submitted_date(client, round, manager):
    small = submitted(round, reference="SMALL", submitted_at=aware(2026, 11, 3, 9, 0))
    large = submitted(round, reference="LARGE", submitted_at=aware(2026, 11, 1, 9, 0))
    middle = submitted(round, reference="MIDDLE", submitted_at=aware(2026, 11, 2, 9, 0))
    budget(small, 100_00)
    budget(large, 900_000_00, 1)
    budget(middle, 50_000_00)
    sign_in(client, manager)
    assert references(client.get(page_url(round))) == ["LARGE", "MIDDLE", "SMALL"]
    assert references(client.get(page_url(round, sort="amount_highest"))) == [
        "LARGE",
        "MIDDLE",
        "SMALL",
    ]
    assert references(client.get(page_url(round, sort="amount_lowest"))) == [
        "SMALL",
        "MIDDLE",
        "LARGE",
    ]
    assert references(client.get(page_url(round, sort="submitted_newest"))) == [
        "SMALL",
        "MIDDLE",
        "LARGE",
    ]
    assert references(client.get(page_url(round, sort="submitted_oldest"))) == [
        "LARGE",
        "MIDDLE",
        "SMALL",
    ]


def test_amount_is_not_multiplied_by_the_number_of_places(client, round, manager):
    bid = submitted(round)
    budget(bid, 100_00, 200_00)
    places(bid, "A", "B", "C")
    sign_in(client, manager)
    html = client.get(page_url(round)).content.decode()
    assert "£300" in html
    assert "£900" not in html and "£600" not in html


@pytest.mark.parametrize(
    ("query", "message", "kept"),
    [
        ({"state": "draft"}, "Select a status from the list", None),
        ({"organisation_type": "pirate"}, "Select a type of organisation from the list", None),
        ({"sort": "random"}, "Select how to sort the bids from the list", None),
        (
            {"q": "one two three four five six seven eight nine ten eleven"},
            "Search for 10 words or fewer",
            'value="one two three four five six seven eight nine ten eleven"',
        ),
        ({"page": "two"}, "Page must be a number, like 2", None),
        ({"page": "7"}, "There is no page 7: there is 1 page of bids", None),
    ],
)
def test_bad_filter_values_are_explained_and_kept(client, round, manager, query, message, kept):
    submitted(round, reference="STILL-LISTED")
    ApplicationFactory(round=round, reference="NEVER-DRAFT", state=State.DRAFT)
    sign_in(client, manager)
    response = client.get(page_url(round, **query))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert "<title>Error: " in html
    if kept:
        assert kept in html
    # The bad value is left out; the list still shows (and never a draft).
    assert references(response) == ["STILL-LISTED"]


def test_a_bad_value_does_not_undo_the_good_filters(client, round, manager):
    submitted(round, reference="SENT-1")
    submitted(round, reference="GONE-1", state=State.WITHDRAWN)
    sign_in(client, manager)
    response = client.get(page_url(round, state="withdrawn", sort="nonsense"))
    assert references(response) == ["GONE-1"]
    assert '<option value="withdrawn" selected>' in response.content.decode()


# --- Pagination and export links --------------------------------------------------------------


def test_pages_keep_the_filters(client, round, manager, monkeypatch):
    monkeypatch.setattr(manage_views, "BIDS_PER_PAGE", 2)
    for number in range(5):
        submitted(round, reference=f"P-{number}")
    submitted(round, reference="W-1", state=State.WITHDRAWN)
    sign_in(client, manager)

    first = client.get(page_url(round, state="submitted"))
    assert references(first) == ["P-0", "P-1"]
    html = first.content.decode()
    assert 'href="?state=submitted&amp;page=2"' in html

    third = client.get(page_url(round, state="submitted", page=3))
    assert references(third) == ["P-4"]


def test_export_links_carry_the_current_filters_but_not_the_page(client, round, manager):
    FocusAreaFactory(round=round, slug="adolescents")
    submitted(round)
    sign_in(client, manager)
    html = client.get(
        page_url(round, state="withdrawn", focus_area="adolescents", q="leeds", page=1)
    ).content.decode()
    csv_url = reverse("bid_management:export_csv", args=[round.pk])
    xlsx_url = reverse("bid_management:export_xlsx", args=[round.pk])
    expected = "?q=leeds&amp;state=withdrawn&amp;focus_area=adolescents"
    assert f'href="{csv_url}{expected}"' in html
    assert f'href="{xlsx_url}{expected}"' in html


def test_export_links_leave_out_a_refused_filter(client, round, manager):
    submitted(round)
    sign_in(client, manager)
    html = client.get(page_url(round, state="withdrawn", sort="nonsense")).content.decode()
    csv_url = reverse("bid_management:export_csv", args=[round.pk])
    assert f'href="{csv_url}?state=withdrawn"' in html


# --- Queries ----------------------------------------------------------------------------------


def make_bids(round, count):
    area = FocusAreaFactory(round=round)
    for _ in range(count):
        bid = submitted(round, focus_area=area)
        budget(bid, 10_000_00, 5_000_00)
        places(bid, "North", "South")


@pytest.mark.parametrize("size", [2, 12])
def test_the_page_makes_a_fixed_number_of_queries(
    client, round, manager, size, django_assert_num_queries
):
    make_bids(round, size)
    sign_in(client, manager)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(round, sort="amount_highest"))
    assert len(references(response)) == size
