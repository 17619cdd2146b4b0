"""Steps of the after-the-award journey (`test_after_the_award_journey.py`). Each takes the
person's page; `check` runs axe-core on every page visited where JavaScript is on."""

import csv
import io
import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from .axe import assert_accessible
from .journey_cast import fill_date


def h1(page: Page, text: str, check=assert_accessible) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)
    check(page)


def grant_page(page: Page, base_url: str, grant_pk: int) -> None:
    page.goto(f"{base_url}/manage/grants/{grant_pk}/")
    assert_accessible(page)


# --- The grantee ----------------------------------------------------------------------------


def grantee_accepts_the_offer(page: Page, base_url: str, check) -> None:
    """With JavaScript off: from the account page to the offer, its schedule, and acceptance."""
    page.goto(base_url + "/account/")
    page.get_by_role("link", name=re.compile("^Your grants")).first.click()
    h1(page, "Your grants", check)
    page.get_by_role("link", name=re.compile("offer", re.I)).first.click()
    h1(page, "", check)
    expect(page.get_by_role("table", name=re.compile("^The instalments"))).to_be_visible()
    page.get_by_role("button", name="Accept the offer").click()
    h1(page, "Accept the grant offer", check)
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you accept")
    check(page)
    page.get_by_label(re.compile("^I accept the conditions")).check()
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_text(re.compile("accepted", re.I)).first).to_be_visible()
    check(page)


# --- The programme team ---------------------------------------------------------------------


def manager_builds_the_schedule(page: Page, base_url: str, grant_pk: int) -> None:
    grant_page(page, base_url, grant_pk)
    page.get_by_role("link", name=re.compile("^Build the schedule")).click()
    h1(page, "Build the payment schedule")
    page.get_by_label("Equal instalments each year").check()
    page.get_by_label("Instalments each year", exact=True).fill("2")
    page.get_by_role("button", name="Build the schedule").click()
    expect(page.get_by_text("The payment schedule has been built")).to_be_visible()
    assert_accessible(page)


def manager_requests_payment_and_may_not_approve_it(page: Page, base_url: str, grant_pk: int):
    """The manager (also a finance officer) requests the first instalment, then is refused as
    its approver, plainly."""
    grant_page(page, base_url, grant_pk)
    page.get_by_role("button", name="Request payment of instalment 1").click()
    expect(page.get_by_text(re.compile("^Payment of instalment 1 requested"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Approve payment")).click()
    h1(page, "Approve the payment")
    expect(
        page.get_by_text(re.compile("^You requested this payment, so another finance"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Approve the payment")).to_have_count(0)


def finance_officer_approves(page: Page, base_url: str, grant_pk: int) -> None:
    grant_page(page, base_url, grant_pk)
    page.get_by_role("link", name=re.compile("^Approve payment")).click()
    h1(page, "Approve the payment")
    page.get_by_role("button", name="Approve the payment").click()
    expect(page.get_by_text("Payment approved")).to_be_visible()
    assert_accessible(page)


def finance_officer_runs_the_payments(page: Page, base_url: str, recipient: str) -> None:
    """The payment run: the approved payment listed, downloaded as CSV and XLSX, then recorded
    as paid in one step (the date first forgotten, and kept once given)."""
    page.goto(base_url + "/account/")
    page.get_by_role("link", name=re.compile("^Grants: offers")).first.click()
    h1(page, "Grants")
    page.get_by_role("link", name=re.compile("^Payment run")).click()
    h1(page, "Payment run")
    table = page.get_by_role("table", name=re.compile("^Approved payments waiting"))
    expect(table).to_contain_text(recipient)
    csv_link = page.get_by_role("link", name=re.compile("as CSV$"))
    body = page.request.get(base_url + csv_link.get_attribute("href")).text()
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [row["Recipient"] for row in rows] == [recipient]
    xlsx_link = page.get_by_role("link", name="Download as Excel (XLSX)")
    workbook = load_workbook(
        io.BytesIO(page.request.get(base_url + xlsx_link.get_attribute("href")).body())
    )
    assert workbook.active.max_row == 2
    page.get_by_label("Finance system reference for this run").fill("BACS-2027-07")
    page.get_by_role("button", name=re.compile("^Record these 1 payment")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("date")
    assert_accessible(page)
    fill_date(page, "id_paid_on", 18, 7, 2027)
    page.get_by_role("button", name=re.compile("^Record these 1 payment")).click()
    h1(page, "Payment run BACS-2027-07")
    expect(page.get_by_role("table")).to_contain_text(recipient)


def grantee_asks_to_move_money(page: Page, base_url: str, grant_pk: int, check) -> None:
    """With JavaScript off: £10,000 moved from 2028-29 into 2027-28."""
    page.goto(f"{base_url}/grants/{grant_pk}/")
    check(page)
    page.get_by_role("button", name="Ask for a variation").click()
    h1(page, "What needs to change?", check)
    page.get_by_label("Move money between financial years").check()
    page.get_by_role("button", name="Continue").click()
    h1(page, "Move money between financial years", check)
    page.get_by_label("Why is the change needed?").fill("Recruitment came early: we start sooner.")
    page.get_by_label("2027-28").fill("70,000")
    page.get_by_label("2028-29").fill("30,000")
    page.get_by_role("button", name="Continue").click()
    h1(page, "Check your answers", check)
    page.get_by_role("button", name="Send the request").click()
    h1(page, "Variation requested", check)


def manager_approves_the_variation(page: Page, base_url: str, grant_pk: int) -> None:
    grant_page(page, base_url, grant_pk)
    page.get_by_role("link", name="Move money between financial years").first.click()
    h1(page, "Move money between financial years")
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Reasons").fill("The work is the same; only its timing moves.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text(re.compile("approved", re.I)).first).to_be_visible()
    assert_accessible(page)


def manager_pays_the_last_instalment_by_results(
    page: Page, base_url: str, grant_pk: int, last: int
):
    """The last instalment becomes payment by results, and an outcome is priced against it."""
    grant_page(page, base_url, grant_pk)
    page.get_by_role("link", name=re.compile("^Change instalments")).click()
    h1(page, "Change")
    page.get_by_label(f"Instalment {last}: kind").select_option(label="Payment by results")
    page.get_by_role("button", name=re.compile("^Save|^Change")).click()
    expect(page.get_by_text("The instalments have been changed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Add an outcome payment")).click()
    h1(page, "outcome payment")
    page.get_by_label("Outcome", exact=True).select_option(index=1)
    page.get_by_label("Price per unit of the outcome").fill("1,000")
    page.get_by_label("Cap").fill("5,000")
    page.get_by_label("Evidence required").fill(
        "Each family's case record, checked by our analyst."
    )
    page.get_by_role("button", name=re.compile("^Add")).click()
    assert_accessible(page)


def manager_sets_the_return_schedule(page: Page, base_url: str, round_pk: int) -> None:
    page.goto(f"{base_url}/manage/rounds/{round_pk}/")
    page.get_by_role("link", name=re.compile("^Monitoring return schedule")).click()
    h1(page, "Monitoring return schedule")
    page.get_by_label("Every quarter (3 months)").check()
    page.get_by_label("Days after each period ends that its return is due").fill("30")
    page.get_by_role("button", name="Save the schedule").click()
    expect(page.get_by_text(re.compile("^Return schedule saved"))).to_be_visible()
    assert_accessible(page)


def first_instalment_waits_for_return_one(page: Page, base_url: str, grant_pk: int) -> None:
    grant_page(page, base_url, grant_pk)
    page.get_by_role("link", name="Add a release condition to instalment 1").click()
    h1(page, "What must happen before it is paid?")
    page.get_by_label("A monitoring return is accepted").check()
    page.get_by_label("Which monitoring return must be accepted?").select_option(index=1)
    page.get_by_role("button", name="Add the condition").click()
    expect(page.get_by_text("Release condition added to instalment 1")).to_be_visible()
    assert_accessible(page)


def grantee_fills_in_and_submits_a_return(
    page: Page, base_url: str, grant_pk: int, number: int, check, *, claim_units: str = ""
) -> None:
    """With JavaScript off: the return filled in, saved, checked and submitted."""
    page.goto(f"{base_url}/grants/{grant_pk}/")
    check(page)
    page.get_by_role("link", name=f"Return {number}", exact=True).click()
    h1(page, f"Monitoring return {number}", check)
    page.get_by_role("link", name="Progress and risks").click()
    h1(page, "Progress and risks", check)
    page.get_by_label("Progress since the last return").fill("Both teams recruited and trained.")
    page.get_by_label("Risks and issues").fill("One social worker post still vacant.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Spending against the profile").click()
    h1(page, "Spending against the profile", check)
    page.get_by_label(re.compile(r"^Staff, 2027-28")).fill(f"{12_000 * number:,}")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Outcome measures").click()
    h1(page, "Outcome measures", check)
    for unknown in page.get_by_label(re.compile(": not known yet$")).all():
        unknown.check()
    page.get_by_role("button", name="Save and continue").click()
    if claim_units:
        page.get_by_role("link", name="Outcome payments claimed").click()
        h1(page, "Outcome payments claimed", check)
        page.get_by_label(re.compile("^Units of .* claimed in this return")).fill(claim_units)
        page.get_by_label(re.compile("^Evidence for the units")).fill("Case files of 6 families.")
        page.get_by_role("button", name="Save and continue").click()
    h1(page, f"Monitoring return {number}", check)
    page.get_by_role("link", name=re.compile("^Check your answers and submit")).click()
    h1(page, "Check your answers", check)
    expect(page.get_by_role("table", name="Spending against the profile")).to_contain_text(
        f"£{12_000 * number:,}"
    )
    page.get_by_label(re.compile("^I confirm that this return is accurate")).check()
    page.get_by_role("button", name="Submit the return").click()
    h1(page, f"Monitoring return {number} submitted", check)


def manager_accepts_the_return(page: Page, base_url: str, grant_pk: int, number: int) -> None:
    grant_page(page, base_url, grant_pk)
    page.get_by_role("link", name=f"Return {number}", exact=True).click()
    h1(page, f"Monitoring return {number}")
    page.get_by_role("button", name="Accept the return").click()
    expect(page.get_by_text(f"Return {number} accepted")).to_be_visible()
    assert_accessible(page)


def manager_verifies_the_claim_and_requests_payment(page: Page, base_url: str, grant_pk: int):
    grant_page(page, base_url, grant_pk)
    page.get_by_role("link", name=re.compile("^Verify the claim")).click()
    h1(page, "Verify the claim")
    page.get_by_label("Units verified").fill("5")
    page.get_by_role("button", name="Verify the claim").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # fewer than claimed: a reason
    assert_accessible(page)
    page.get_by_label(re.compile("^Why fewer units")).fill("One family's case file is missing.")
    page.get_by_role("button", name="Verify the claim").click()
    expect(page.get_by_text(re.compile("verified$")).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Request payment of £5,000")).click()
    expect(page.get_by_text(re.compile("^Payment of the verified claim requested"))).to_be_visible()
    assert_accessible(page)


def finance_officer_records_paid(page: Page, base_url: str, grant_pk: int) -> None:
    grant_page(page, base_url, grant_pk)
    page.get_by_role("link", name=re.compile("^Approve payment")).click()
    page.get_by_role("button", name="Approve the payment").click()
    expect(page.get_by_text("Payment approved")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Record as paid")).click()
    h1(page, "Record the payment as paid")
    fill_date(page, "id_paid_on", 20, 10, 2027)
    page.get_by_label("Finance system reference").fill("BACS-PBR-1")
    page.get_by_role("button", name="Record as paid").click()
    expect(page.get_by_text("Payment recorded as paid")).to_be_visible()
    assert_accessible(page)


def manager_sees_the_overdue_return(page: Page, base_url: str, number: int) -> None:
    page.goto(base_url + "/manage/grants/")
    page.get_by_role("link", name="Overdue monitoring returns").click()
    h1(page, "Overdue monitoring returns")
    table = page.get_by_role("table", name=re.compile("overdue return"))
    expect(table.get_by_role("cell", name=str(number), exact=True)).to_be_visible()
    expect(table).to_contain_text("Overdue")


def finance_officer_sees_the_spend(page: Page, base_url: str, paid: str) -> None:
    page.goto(base_url + "/account/")
    page.get_by_role("link", name=re.compile("^Spend: scheduled")).first.click()
    h1(page, "Spend")
    expect(page.get_by_text(paid).first).to_be_visible()
