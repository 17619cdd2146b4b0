"""The spend dashboard and a grant's spend section, from the outside: managers and finance
officers of the programme only (404 for anyone else), charts with the same numbers as their
tables, and the same queries for one grant or six."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.core.money import format_gbp
from innovation_fund.grants.models import Grant, Payment
from innovation_fund.grants.spend import programme_spend
from tests.assessment.builders import manager_of, person_with_role
from tests.factories import OrganisationFactory, ProgrammeRoleFactory, RoundFactory
from tests.grants.outcome_builders import a_return, paid, pbr_grant
from tests.helpers import sign_in, tables_outside_scroll_regions

pytestmark = pytest.mark.django_db

URL = reverse("grant_management:spend")
HISTORIC_NOTE = (
    "The programme’s historic grants have no payment schedules in any source we hold: they are "
    "counted as awarded, never as scheduled or paid"
)


def programme_with(grants: int, title="Project"):
    cast = pbr_grant(title=f"{title} 1")
    for number in range(2, grants + 1):
        other = pbr_grant(funding_round=cast.round, title=f"{title} {number}")
        paid(other, other.grant.instalments.first(), 60_000_00)
    paid(cast, cast.grant.instalments.first(), 60_000_00)
    paid(cast, cast.grant.instalments.all()[1], 15_000_00, state=Payment.State.APPROVED)
    return cast


@pytest.mark.parametrize("who", ["manager", "finance_officer"])
def test_managers_and_finance_officers_see_the_dashboard(client, who):
    cast = programme_with(1)
    sign_in(client, getattr(cast, who))

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Spending" in html
    assert tables_outside_scroll_regions(html) == []


@pytest.mark.parametrize("who", ["assessor", "officer", "member", "outsider"])
def test_everyone_else_gets_404(client, who):
    cast = programme_with(1)
    sign_in(client, getattr(cast, who))

    assert client.get(URL).status_code == 404
    assert client.get(URL, {"programme": cast.round.programme.pk}).status_code == 404


def test_another_programmes_dashboard_is_404(client):
    cast = programme_with(1)
    other = manager_of(RoundFactory(programme__name="Other", programme__slug="other"))
    sign_in(client, other)

    assert client.get(URL).status_code == 200  # their own
    assert client.get(URL, {"programme": cast.round.programme.pk}).status_code == 404
    assert client.get(URL, {"programme": "nonsense"}).status_code == 404


def test_someone_on_several_programmes_chooses_one(client):
    cast = programme_with(1)
    other_round = RoundFactory(programme__name="Other", programme__slug="other")
    ProgrammeRoleFactory(programme=other_round.programme, user=cast.manager, role="finance_officer")
    sign_in(client, cast.manager)

    chooser = client.get(URL).content.decode()
    assert f"?programme={cast.round.programme.pk}" in chooser
    assert f"?programme={other_round.programme.pk}" in chooser
    page = client.get(URL, {"programme": other_round.programme.pk})
    assert page.status_code == 200
    assert "Other" in page.content.decode()


def cells(html: str, table_id: str) -> dict[str, dict[str, str]]:
    """Row name → figure → the cell's text, from one of the dashboard's tables."""
    table = re.search(rf'<table class="govuk-table" id="{table_id}">(.*?)</table>', html, re.S)
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table.group(1), re.S):
        name = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if not name:
            continue
        rows[unescape(name.group(1))] = {
            key: unescape(re.sub(r"<[^>]+>", "", text)).strip()
            for key, text in re.findall(r'data-figure="(\w+)">(.*?)</td>', row, re.S)
        }
    return rows


def chart_amounts(html: str, chart_id: str) -> list[str]:
    svg = re.search(rf'<svg [^>]*aria-labelledby="{chart_id}-title.*?</svg>', html, re.S).group(0)
    return [
        unescape(text)
        for text in re.findall(
            r'<text class="app-chart__label" x="\d+" y="\d+">(£[^<]*|not set)</text>', svg
        )
    ]


def test_the_charts_have_title_and_description_and_the_tables_the_same_numbers(client):
    cast = programme_with(2)
    sign_in(client, cast.finance_officer)
    spend = programme_spend(cast.round.programme)

    html = client.get(URL).content.decode()

    for chart in ("spend-years", "spend-rounds"):
        assert re.search(
            rf'<svg [^>]*role="img" aria-labelledby="{chart}-title {chart}-desc"', html
        )
        assert f'<title id="{chart}-title">' in html
        assert f'<desc id="{chart}-desc">' in html
    years = cells(html, "spend-years-table")
    assert set(years) == {"2027-28", "2028-29"}
    assert years["2027-28"]["paid"] == format_gbp(120_000_00)
    assert years["2028-29"]["approved"] == format_gbp(15_000_00)
    table_amounts = [years[line.name][key] for line in spend.years for key, _, _ in line.figures]
    assert chart_amounts(html, "spend-years") == [
        "not set" if text == "Not set" else text for text in table_amounts
    ]
    rounds = cells(html, "spend-rounds-table")
    assert chart_amounts(html, "spend-rounds") == [
        "not set" if text == "Not set" else text
        for line in spend.rounds
        for text in (rounds[line.name][key] for key, _, _ in line.figures)
    ]
    total = cells(html, "spend-total")[cast.round.programme.name]
    assert total["awarded"] == format_gbp(200_000_00)
    assert total["scheduled"] == format_gbp(200_000_00)
    assert total["paid"] == format_gbp(120_000_00)
    assert total["forecast"] == format_gbp(80_000_00)


def test_the_dashboard_says_plainly_that_historic_grants_have_no_schedules(client):
    cast = programme_with(1)
    sign_in(client, cast.manager)
    assert HISTORIC_NOTE not in client.get(URL).content.decode()

    Grant.objects.create(
        round=cast.round, recipient=OrganisationFactory(), amount_pence=5_000_00, state="recorded"
    )

    html = client.get(URL).content.decode()
    assert HISTORIC_NOTE in html
    assert cells(html, "spend-total")[cast.round.programme.name]["awarded"] == "£105,000"


def queries_of_dashboard(client, grants: int, title: str) -> int:
    cast = programme_with(grants, title=title)
    person = person_with_role(cast.round, "finance_officer")
    sign_in(client, person)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_dashboard_makes_the_same_queries_for_one_grant_or_six(client):
    assert queries_of_dashboard(client, 1, "Small") == queries_of_dashboard(client, 6, "Large")


# --- A grant's spend section -----------------------------------------------------------------


def test_the_grant_page_shows_spending_against_the_profile(client):
    cast = programme_with(1)
    a_return(cast)
    sign_in(client, cast.manager)

    html = client.get(reverse("grant_management:grant", args=[cast.grant.pk])).content.decode()

    assert 'id="spend"' in html
    assert "Spending against the profile by financial year" in html
    assert "reported in return 1" in html
    assert tables_outside_scroll_regions(html) == []


def test_the_grantee_sees_their_spending_against_the_profile(client):
    cast = programme_with(1)
    sign_in(client, cast.member)

    html = client.get(reverse("your_grants:grant", args=[cast.grant.pk])).content.decode()

    assert "Spending against the profile by financial year" in html
    assert "none has been sent in yet" in html


def grant_page_queries(client, cast, returns: int) -> int:
    for number in range(1, returns + 1):
        a_return(cast, number)
    sign_in(client, cast.manager)
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("grant_management:grant", args=[cast.grant.pk])).status_code == 200
        )
    return len(queries)


def test_the_grant_page_makes_the_same_queries_with_one_return_or_five(client):
    small = grant_page_queries(client, pbr_grant(title="Small"), 1)
    large = grant_page_queries(client, pbr_grant(title="Large"), 5)
    assert small == large
