"""CSV and XLSX exports of the bids in a round: exactly the filtered list, exact money, UK
times, and text that a spreadsheet cannot run as a formula."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from innovation_fund.applications import exports
from innovation_fund.applications.models import Application, ApplicationPlace, BudgetLine
from innovation_fund.organisations.models import OrganisationType
from tests.factories import (
    ApplicationFactory,
    FocusAreaFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    OpenRoundFactory,
    OrganisationFactory,
    ProgrammeRoleFactory,
    aware,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

State = Application.State
TODAY = aware(2026, 11, 23, 10, 0)

# Session and user; the round; its focus areas (the filter form); the bids; their places with
# their authorities; the session saved again (savepoint, update, release).
EXPORT_QUERIES = 9

INJECTIONS = [
    '=HYPERLINK("http://evil.example","Click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTabbed",
    "\rReturned",
]


@pytest.fixture
def round():
    return OpenRoundFactory(number=4, name="Round 4")


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


def csv_url(round, query=""):
    return reverse("bid_management:export_csv", args=[round.pk]) + query


def xlsx_url(round, query=""):
    return reverse("bid_management:export_xlsx", args=[round.pk]) + query


def read_csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def read_xlsx(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook["Bids"].iter_rows()]


@pytest.fixture
def full_bid(round):
    """A withdrawn bid with every exported answer filled in."""
    area = FocusAreaFactory(round=round, name="Adolescents")
    organisation = OrganisationFactory(
        name="Leeds City Council",
        organisation_type=OrganisationType.LOCAL_AUTHORITY,
        org_id="GB-LAE-LDS",
    )
    bid = submitted(
        round,
        reference="R4-LEEDS",
        title="Family Safeguarding in Leeds – Café",
        lead_organisation=organisation,
        focus_area=area,
        innovation_kind=Application.InnovationKind.SCALE_UP,
        innovation=InnovationFactory(name="Family Safeguarding"),
        state=State.WITHDRAWN,
        submitted_at=aware(2026, 7, 1, 9, 30),  # British Summer Time
        withdrawn_at=aware(2026, 11, 2, 16, 5),  # Greenwich Mean Time
    )
    budget(bid, 1_000_00, 234_56)
    places(bid, "Leeds", "Bradford")
    return bid


# --- CSV --------------------------------------------------------------------------------------


def test_csv_has_a_bom_a_header_row_and_each_bids_values(client, manager, round, full_bid):
    sign_in(client, manager)
    response = client.get(csv_url(round))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    header = text.removeprefix("\ufeff").splitlines()[0]
    assert header.split(",") == exports.HEADERS
    [row] = read_csv(response)
    assert row == {
        "Reference": "R4-LEEDS",
        "Title": "Family Safeguarding in Leeds – Café",
        "State": "Withdrawn",
        "Lead organisation": "Leeds City Council",
        "Lead organisation org-id": "GB-LAE-LDS",
        "Organisation type": "Local authority",
        "Focus area": "Adolescents",
        "Amount requested (£)": "1234.56",
        "Amount requested (pence)": "123456",
        "Local authorities": "Bradford; Leeds",
        "Innovation kind": "A scale-up of an existing innovation",
        "Innovation": "Family Safeguarding",
        "Submitted at (UK time)": "2026-07-01 09:30",
        "Withdrawn at (UK time)": "2026-11-02 16:05",
    }


def test_csv_filename_names_the_round_and_the_day(client, manager, round):
    with time_machine.travel(TODAY, tick=False):
        sign_in(client, manager)
        response = client.get(csv_url(round))
    assert response["Content-Disposition"] == 'attachment; filename="round-4-bids-2026-11-23.csv"'


def test_a_new_practice_model_is_named_and_blanks_stay_blank(client, manager, round):
    submitted(
        round,
        innovation_kind=Application.InnovationKind.NEW,
        new_practice_name="Our new model",
    )
    sign_in(client, manager)
    [row] = read_csv(client.get(csv_url(round)))
    assert row["Innovation"] == "Our new model"
    assert row["Innovation kind"] == "A new practice model"
    assert row["Focus area"] == ""
    assert row["Lead organisation org-id"] == ""
    assert row["Amount requested (£)"] == "0.00"
    assert row["Amount requested (pence)"] == "0"
    assert row["Local authorities"] == ""
    assert row["Withdrawn at (UK time)"] == ""


def test_csv_holds_exactly_the_filtered_list_and_never_a_draft(client, manager, round):
    submitted(round, reference="SENT-1", submitted_at=aware(2026, 11, 1, 9, 0))
    submitted(round, reference="SENT-2", submitted_at=aware(2026, 11, 2, 9, 0))
    submitted(round, reference="GONE-1", state=State.WITHDRAWN)
    ApplicationFactory(round=round, reference="DRAFT-1", state=State.DRAFT)
    ApplicationFactory(round=round, reference="WAIT-1", state=State.AWAITING_SIGN_OFF)
    submitted(OpenRoundFactory(programme=round.programme), reference="OTHER-1")
    sign_in(client, manager)

    everything = [row["Reference"] for row in read_csv(client.get(csv_url(round)))]
    assert everything == ["GONE-1", "SENT-1", "SENT-2"]

    filtered = read_csv(client.get(csv_url(round, "?state=submitted&sort=submitted_newest")))
    assert [row["Reference"] for row in filtered] == ["SENT-2", "SENT-1"]


def test_the_export_is_not_cut_to_one_page(client, manager, round, monkeypatch):
    from innovation_fund.applications import manage_views

    monkeypatch.setattr(manage_views, "BIDS_PER_PAGE", 2)
    for _ in range(5):
        submitted(round)
    sign_in(client, manager)
    assert len(read_csv(client.get(csv_url(round, "?page=2")))) == 5


@pytest.mark.parametrize("text", INJECTIONS)
def test_csv_cells_cannot_be_run_as_formulas(client, manager, round, text):
    organisation = OrganisationFactory(name=text)
    submitted(round, title=text, lead_organisation=organisation)
    sign_in(client, manager)
    [row] = read_csv(client.get(csv_url(round)))
    assert row["Title"] == "'" + text
    assert row["Lead organisation"] == "'" + text


def test_harmless_text_is_left_alone(client, manager, round):
    submitted(round, title="Re-thinking care: 50% fewer moves")
    sign_in(client, manager)
    [row] = read_csv(client.get(csv_url(round)))
    assert row["Title"] == "Re-thinking care: 50% fewer moves"


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_opens_with_a_header_row_and_typed_values(client, manager, round, full_bid):
    with time_machine.travel(TODAY, tick=False):
        sign_in(client, manager)
        response = client.get(xlsx_url(round))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="round-4-bids-2026-11-23.xlsx"'
    )
    header, row = read_xlsx(response)
    assert [cell.value for cell in header] == exports.HEADERS
    assert header[0].font.bold
    values = dict(zip(exports.HEADERS, row, strict=True))

    pounds = values["Amount requested (£)"]
    assert pounds.data_type == "n"
    assert Decimal(str(pounds.value)) == Decimal("1234.56")
    assert "£" in pounds.number_format
    pence = values["Amount requested (pence)"]
    assert pence.value == 123456
    assert isinstance(pence.value, int)

    submitted_at = values["Submitted at (UK time)"].value
    assert submitted_at == datetime(2026, 7, 1, 9, 30)  # 08:30 UTC, shown as London's 09:30
    assert submitted_at.tzinfo is None
    assert values["Withdrawn at (UK time)"].value == datetime(2026, 11, 2, 16, 5)

    assert values["Reference"].value == "R4-LEEDS"
    assert values["Title"].value == "Family Safeguarding in Leeds – Café"
    assert values["State"].value == "Withdrawn"
    assert values["Lead organisation org-id"].value == "GB-LAE-LDS"
    assert values["Organisation type"].value == "Local authority"
    assert values["Focus area"].value == "Adolescents"
    assert values["Local authorities"].value == "Bradford; Leeds"
    assert values["Innovation"].value == "Family Safeguarding"


def test_xlsx_holds_exactly_the_filtered_list(client, manager, round):
    council = OrganisationFactory(organisation_type=OrganisationType.LOCAL_AUTHORITY)
    submitted(round, reference="COUNCIL-1", lead_organisation=council)
    submitted(round, reference="CHARITY-1")
    ApplicationFactory(round=round, reference="DRAFT-1", lead_organisation=council)
    sign_in(client, manager)
    rows = read_xlsx(client.get(xlsx_url(round, "?organisation_type=local_authority")))
    assert [row[0].value for row in rows[1:]] == ["COUNCIL-1"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_xlsx_cells_cannot_be_run_as_formulas(client, manager, round, text):
    submitted(round, title=text, lead_organisation=OrganisationFactory(name=text))
    sign_in(client, manager)
    _, row = read_xlsx(client.get(xlsx_url(round)))
    values = dict(zip(exports.HEADERS, row, strict=True))
    for column in ["Title", "Lead organisation"]:
        assert values[column].data_type == "s"
        # A carriage return may come back as a line feed, depending on whether openpyxl writes
        # with lxml (installed with flattentool) or not; what matters is the apostrophe.
        read_back = values[column].value.replace("\r", "\n")
        assert read_back == "'" + text.replace("\r", "\n")


def test_xlsx_drops_control_characters_and_still_neutralises(client, manager, round):
    submitted(round, title="\x01=1+1", reference="CTRL-1")
    sign_in(client, manager)
    response = client.get(xlsx_url(round))
    assert response.status_code == 200
    _, row = read_xlsx(response)
    values = dict(zip(exports.HEADERS, row, strict=True))
    assert values["Title"].value == "'=1+1"
    assert values["Title"].data_type == "s"


# --- Refusals and queries ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_a_bad_filter_sends_the_manager_to_the_page_to_fix_it(client, manager, round, url):
    sign_in(client, manager)
    response = client.get(url(round, "?state=draft"))
    assert response.status_code == 302
    page = reverse("bid_management:round_bids", args=[round.pk])
    assert response.url == f"{page}?state=draft"
    assert "Select a status from the list" in client.get(response.url).content.decode()


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
@pytest.mark.parametrize("size", [2, 12])
def test_exports_make_a_fixed_number_of_queries(
    client, manager, round, url, size, django_assert_num_queries
):
    area = FocusAreaFactory(round=round)
    for _ in range(size):
        bid = submitted(round, focus_area=area, innovation=InnovationFactory())
        budget(bid, 10_000_00, 5_000_00)
        places(bid, "North", "South")
    sign_in(client, manager)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(url(round))
    assert response.status_code == 200


# --- Helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pence", "pounds"),
    [(0, "0"), (1, "0.01"), (123456, "1234.56"), (100_000_000_00, "100000000"), (10, "0.1")],
)
def test_pounds_are_exact_decimals_from_pence(pence, pounds):
    assert exports.pence_to_pounds(pence) == Decimal(pounds)
    assert isinstance(exports.pence_to_pounds(pence), Decimal)


@pytest.mark.parametrize("text", INJECTIONS)
def test_neutralise_prefixes_formula_triggers(text):
    assert exports.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Plain", "'Already quoted", "1+1", "Care = support"])
def test_neutralise_leaves_other_text(text):
    assert exports.neutralise(text) == text
