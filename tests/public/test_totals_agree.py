"""The programme's totals agree on every page that shows them: the home page and its rounds
table, the map and the budget page all show `programme_totals`, and each shows the projects
with no round or no year as such."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.core.dates import london_today
from innovation_fund.core.templatetags.formatting import gbp_short
from innovation_fund.grants.models import ProjectArea
from innovation_fund.programmes.totals import authorities_covered, programme_totals
from innovation_fund.public.forms import MapForm
from innovation_fund.public.selectors import map_day
from tests.assessment.builders import manager_of
from tests.factories import (
    LocalAuthorityFactory,
    ProgrammeFactory,
    ProjectAreaFactory,
    ProjectFactory,
    RoundFactory,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

MAP_YEAR = 2016
VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "path"}


class _Page(HTMLParser):
    """Each element's text by id, and each table's rows (cell texts) by the table's id."""

    def __init__(self, html: str):
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.text: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.table: str | None = None
        self.in_cell = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        element_id = dict(attrs).get("id")
        self.open.append((tag, element_id))
        if element_id:
            self.text[element_id] = ""
        if tag == "table" and element_id:
            self.table = element_id
            self.tables[element_id] = []
        elif tag == "tr" and self.table:
            self.tables[self.table].append([])
        elif tag in ("th", "td") and self.table:
            self.tables[self.table][-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.open:
            open_tag, _ = self.open.pop()
            if open_tag == tag:
                break
        if tag in ("th", "td"):
            self.in_cell = False
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        for _, element_id in self.open:
            if element_id:
                self.text[element_id] += data
        if self.table and self.in_cell:
            self.tables[self.table][-1][-1] += data

    def said(self, element_id: str) -> str:
        return " ".join(self.text[element_id].split())

    def rows(self, table_id: str) -> list[list[str]]:
        return [[" ".join(cell.split()) for cell in row] for row in self.tables[table_id]]


@pytest.fixture
def programme_data():
    """Two rounds (one whose year is not known), and projects: one with no round, one with no
    year, one with no amount; and records the public may not see, which count nowhere."""
    programme = ProgrammeFactory(last_year=2020)
    round_one = RoundFactory(programme=programme, number=1, name="Round One", announced_year=2015)
    round_two = RoundFactory(programme=programme, number=2, name="Round Two", announced_year=None)
    draft = RoundFactory(programme=programme, number=3, state="draft")
    authorities = [LocalAuthorityFactory() for _ in range(7)]
    LocalAuthorityFactory(valid_from=date(2009, 4, 1), valid_to=date(2012, 3, 31))  # gone by then

    def project(area, involvement=ProjectArea.Involvement.LEAD, **kwargs):
        made = ProjectFactory(**kwargs)
        ProjectAreaFactory(project=made, authority=area, involvement=involvement)
        return made

    project(authorities[0], round=round_one, award_year=2015, amount_pence=100_000_00)
    project(
        authorities[1],
        ProjectArea.Involvement.PARTNER,
        round=round_one,
        award_year=2015,
        amount_pence=None,  # no amount
    )
    project(authorities[2], round=round_two, award_year=2016, amount_pence=200_000_00)
    project(authorities[3], round=round_two, award_year=None, amount_pence=30_000_00)  # no year
    project(authorities[4], round=None, award_year=2016, amount_pence=50_000_00)  # no round
    project(authorities[5], round=round_one, award_year=2019, amount_pence=70_000_00)  # later
    project(authorities[6], round=round_one, award_year=2015, is_published=False)  # unpublished
    project(authorities[6], round=draft, award_year=2015)  # draft round
    return {"programme": programme, "round_one": round_one, "round_two": round_two}


def test_the_selector_counts_each_project_once_and_the_unknowns_as_such(programme_data):
    as_of_map_year = programme_totals(on=map_day(MAP_YEAR))

    assert as_of_map_year.figures.projects == 6
    assert as_of_map_year.figures.known_amount_pence == 450_000_00
    assert as_of_map_year.figures.projects_without_amount == 1
    assert [
        (line.label, line.figures.projects, line.figures.known_amount_pence)
        for line in as_of_map_year.round_lines
    ] == [
        ("Round One", 3, 170_000_00),
        ("Round Two", 2, 230_000_00),
        ("Round not known", 1, 50_000_00),
    ]
    assert [(line.label, line.figures.projects) for line in as_of_map_year.years] == [
        ("2015", 2),
        ("2016", 2),
        ("2019", 1),
        ("Year not known", 1),
    ]
    # By mid-2016: the 2015 and 2016 projects' authorities; not the 2019 one, not the undated
    # one, not those of records the public may not see. Out of the 7 + 0 authorities then.
    assert as_of_map_year.authorities_involved == 4
    assert as_of_map_year.authorities_total == 7
    assert as_of_map_year.round_line(programme_data["round_two"].pk).projects_without_year == 1

    # One programme's own totals leave out the project whose records name no round.
    own = programme_totals(programme_data["programme"], on=map_day(MAP_YEAR))
    assert own.figures.projects == 5
    assert own.round_not_known.figures.projects == 1
    assert [line.label for line in own.round_lines] == ["Round One", "Round Two"]


def test_coverage_alone_is_counted_as_the_totals_count_it(
    programme_data, django_assert_num_queries
):
    """The home page's second day and the budget page skip what they do not show."""
    programme = programme_data["programme"]
    for scope in (None, programme):
        whole = programme_totals(scope, on=map_day(MAP_YEAR))
        alone = authorities_covered(scope, on=map_day(MAP_YEAR))
        assert (alone.involved, alone.total) == (
            whole.authorities_involved,
            whole.authorities_total,
        )
    with django_assert_num_queries(2):
        figures_only = programme_totals(programme, on=map_day(MAP_YEAR), coverage=False)
    assert figures_only.figures == programme_totals(programme, on=map_day(MAP_YEAR)).figures


def test_the_home_page_shows_the_selectors_totals(client, programme_data):
    totals = programme_totals(on=london_today())
    then = programme_totals(on=map_day(2020))
    page = _Page(client.get(reverse("public:home")).content.decode())

    assert page.said("total-projects") == str(totals.figures.projects) == "6"
    assert page.said("total-money") == gbp_short(totals.figures.known_amount_pence)
    assert page.said("total-without-amount") == "1"
    assert page.said("coverage-now").startswith(
        f"{totals.authorities_involved} of {totals.authorities_total} "
    )
    assert page.said("coverage-then").startswith(
        f"{then.authorities_involved} of {then.authorities_total} "
    )
    assert "1 project with no known year is not counted" in page.said("coverage-undated")
    rounds = page.rows("rounds-table")
    assert [row[0] for row in rounds[1:-1]] == [
        "Round One (2015)",
        "Round Two",
        "Round not known",
    ]
    assert [row[2] for row in rounds[1:-1]] == [
        str(line.figures.projects) for line in totals.round_lines
    ]
    assert rounds[-1][2:] == [
        str(totals.figures.projects),
        gbp_short(totals.figures.known_amount_pence),
    ]
    years = page.rows("years-table")
    assert [(row[0], row[1]) for row in years[1:]] == [
        (line.label, str(line.figures.projects)) for line in totals.years
    ]
    assert years[-1][:2] == ["Year not known", "1"]


def test_the_map_shows_the_selectors_coverage_as_of_its_year(client, programme_data):
    totals = programme_totals(on=map_day(MAP_YEAR))
    page = _Page(client.get(reverse("public:map"), {"year": MAP_YEAR}).content.decode())

    assert page.said("map-coverage").startswith(
        f"{totals.authorities_involved} of {totals.authorities_total} local authorities"
    )
    assert page.said("map-undated").startswith("1 project with no known year")
    assert [row[:2] for row in page.rows("map-rounds-table")[1:]] == [
        [line.label, f"{line.authorities_involved} of {totals.authorities_total}"]
        for line in totals.round_lines
    ]
    assert page.rows("map-rounds-table")[-1][:2] == ["Round not known", "1 of 7"]

    round_two = programme_data["round_two"]
    choice = next(
        value
        for value, label in MapForm(with_round=True).fields["round"].choices
        if label == round_two.name
    )
    one_round = _Page(
        client.get(reverse("public:map"), {"year": MAP_YEAR, "round": choice}).content.decode()
    )
    line = totals.round_line(round_two.pk)
    assert one_round.said("map-coverage").startswith(
        f"{line.authorities_involved} of {totals.authorities_total} local authorities"
    )
    assert line.authorities_involved == 1
    assert one_round.said("map-undated").startswith("1 project with no known year")


def test_the_budget_page_shows_the_selectors_published_figures(client, programme_data):
    programme = programme_data["programme"]
    totals = programme_totals(programme, on=london_today())
    sign_in(client, manager_of(programme_data["round_one"]))
    response = client.get(reverse("assessment:budget", args=[programme.pk]))
    assert response.status_code == 200
    page = _Page(response.content.decode())

    assert [row[:4] for row in page.rows("published-rounds-table")[1:-1]] == [
        [
            line.label,
            str(line.figures.projects),
            gbp_short(line.figures.known_amount_pence),
            str(line.figures.projects_without_amount),
        ]
        for line in totals.round_lines
    ]
    assert page.said("published-projects") == str(totals.figures.projects) == "5"
    assert page.said("published-money") == gbp_short(totals.figures.known_amount_pence)
    assert page.said("published-without-amount") == "1"
    assert page.said("published-without-year") == "1"
    assert page.said("published-round-not-known").startswith("Round not known: 1 published project")
    # The public site's total is the programme's plus the project with no round.
    site = programme_totals(on=london_today())
    assert site.figures == totals.figures + totals.round_not_known.figures


def test_the_budget_page_makes_the_same_queries_whatever_the_programme_holds(
    client, programme_data
):
    programme = programme_data["programme"]
    sign_in(client, manager_of(programme_data["round_one"]))
    url = reverse("assessment:budget", args=[programme.pk])
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
        for number in range(3):
            extra = RoundFactory(programme=programme, number=10 + len(counts) * 3 + number)
            ProjectAreaFactory(project=ProjectFactory(round=extra))
            ProjectAreaFactory(project=ProjectFactory(round=None, award_year=None))
    assert counts[0] == counts[1]
