"""Steps of the evaluate-learn-spread journey (`test_evaluate_and_spread_journey.py`), one
function per thing a person does on the screens. `check` runs axe-core on a page (a no-op for
people browsing with JavaScript off, whose pages are checked when seen with it on)."""

import re
from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, expect

from tests.documents import PDF

from .axe import assert_accessible

Check = Callable[[Page], None]


def _heading(page: Page, text: str, check: Check = assert_accessible) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)
    check(page)


def _refused(page: Page, message: str, check: Check = assert_accessible) -> None:
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    check(page)


def _fill_date(page: Page, field_id: str, day: date) -> None:
    page.locator(f"#{field_id}-day").fill(str(day.day))
    page.locator(f"#{field_id}-month").fill(str(day.month))
    page.locator(f"#{field_id}-year").fill(str(day.year))


def team_appoints_the_evaluator(
    page: Page, programme: str, evaluator: str, title: str, project: str
) -> None:
    page.get_by_role("link", name=re.compile("^Evaluations: appoint evaluators")).click()
    _heading(page, "Evaluations")
    page.get_by_role("link", name="Appoint an evaluator").click()
    _heading(page, "Appoint an evaluator")
    # Forgetting the projects is refused at the field, keeping what was typed.
    page.get_by_label("Evaluator").select_option(label=evaluator)
    page.get_by_label("Name of the evaluation").fill(title)
    page.get_by_role("button", name="Appoint the evaluator").click()
    _refused(page, "project")
    expect(page.get_by_label("Name of the evaluation")).to_have_value(title)
    page.get_by_label(project).check()
    page.get_by_role("button", name="Appoint the evaluator").click()
    _heading(page, title)
    expect(page.locator("main")).to_contain_text(evaluator)


def evaluator_writes_and_submits_the_plan(
    page: Page, base_url: str, title: str, outcome: str, check: Check
) -> None:
    page.goto(base_url + "/evaluate/")
    _heading(page, "Your evaluations", check)
    page.get_by_role("link", name=title).click()
    _heading(page, title, check)
    page.get_by_role("link", name="Write the plan").click()
    _heading(page, "Evaluation plan", check)
    page.get_by_label("Questions the evaluation will answer").fill(
        "Do fewer children come into care where social workers and adult specialists work together?"
    )
    page.get_by_label("Quasi-experimental, with a comparison group").check()
    page.get_by_label("Comparison group (optional)").fill("Four matched authorities")
    page.get_by_label(outcome).check()
    page.get_by_label("Timetable").fill("Interim report in spring, final report a year later")
    page.get_by_role("button", name="Save the plan").click()
    _heading(page, title, check)
    page.get_by_role("button", name="Submit the plan").click()
    expect(page.get_by_text("The programme team is reviewing the plan.")).to_be_visible()
    check(page)


def team_agrees_the_plan(page: Page, title: str) -> None:
    page.get_by_role("link", name=re.compile("^Back to evaluations")).click()
    page.get_by_role("link", name=title).click()
    _heading(page, title)
    page.get_by_label("Agree the plan").check()
    page.get_by_role("button", name="Confirm your decision").click()
    expect(page.locator("main")).to_contain_text("Agreed")
    assert_accessible(page)


def evaluator_writes_the_final_report(
    page: Page, title: str, report_title: str, outcome: str, check: Check
) -> None:
    """The report, its document, one finding rated on the Maryland scale, a cost and a benefit
    in two price years, all shown in 2019-20 prices; then submitted."""
    page.reload()
    _heading(page, title, check)
    page.get_by_role("link", name="Start a report").click()
    _heading(page, "Start a report", check)
    page.get_by_label("Final report").check()
    page.get_by_label("Title").fill(report_title)
    page.get_by_role("button", name=re.compile("^(Start|Continue|Save)")).click()
    _heading(page, report_title, check)

    page.get_by_role("link", name=re.compile("^Change the report’s title")).click()
    page.get_by_label("Summary").fill("Fewer children came into care than in matched areas.")
    page.get_by_label("Quasi-experimental, with a comparison group").check()
    page.get_by_role("button", name=re.compile("^Save")).click()
    _heading(page, report_title, check)

    page.get_by_role("link", name="Upload a document").click()
    _heading(page, "Upload a document", check)
    page.get_by_label("Upload the report").set_input_files(
        {"name": "final-report.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Describe the file (optional)").fill("The final report")
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("final-report.pdf").first).to_be_visible()
    check(page)

    page.get_by_role("link", name="Add a finding").click()
    _heading(page, "Add a finding", check)
    page.get_by_label("Outcome in the programme's framework").select_option(label=outcome)
    page.get_by_label("The outcome, as the report names it").fill("Children looked after")
    page.get_by_label("Population").fill("Children in need in the four authorities")
    page.get_by_label("No measurable effect").check()
    page.get_by_label("Result", exact=True).fill("No change in the rate of children looked after")
    page.get_by_label("Sample size").fill("240")
    page.get_by_role("button", name="Add the finding").click()
    _heading(page, "scale", check)
    page.get_by_label("Maryland Scientific Methods Scale").check()
    page.get_by_role("button", name=re.compile("^Continue")).click()
    _heading(page, "level", check)
    expect(page.get_by_text("justified, similar comparison group")).to_be_visible()
    page.get_by_label("Level 3").check()
    page.get_by_role("button", name=re.compile("^(Continue|Save)")).click()
    _heading(page, report_title, check)
    expect(page.locator("main")).to_contain_text("No measurable effect")

    for kind, description, amount, year in (
        ("Cost", "Running the model", "100000", "2015-16"),
        ("Benefit", "Care placements avoided", "150000", "2017-18"),
    ):
        page.get_by_role("link", name="Add a cost or benefit").click()
        _heading(page, "Add a cost or benefit", check)
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Description").fill(description)
        page.get_by_label("Amount").fill(amount)
        page.get_by_label("Price year").fill("2045-46" if kind == "Cost" else year)
        page.get_by_role("button", name="Add").click()
        if kind == "Cost":
            # A price year outside the deflator series is refused, not extrapolated.
            _refused(page, "2045-46", check)
            expect(page.get_by_label("Description")).to_have_value(description)
            page.get_by_label("Price year").fill(year)
            page.get_by_role("button", name="Add").click()
        _heading(page, report_title, check)

    page.get_by_role("link", name="Set the price year everything is shown in").click()
    page.get_by_label("Which price year should all the costs and benefits be shown in?").fill(
        "2019-20"
    )
    page.get_by_role("button", name=re.compile("^(Save|Continue)")).click()
    _heading(page, report_title, check)
    expect(page.locator("main")).to_contain_text("£49,028.61")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.locator("main")).to_contain_text("submitted")
    check(page)


def team_accepts_and_publishes(page: Page, title: str, report_title: str, number: str) -> None:
    page.get_by_role("link", name=re.compile("^Back to evaluations")).click()
    page.get_by_role("link", name=title).click()
    page.get_by_role("link", name=report_title).click()
    _heading(page, report_title)
    page.get_by_label("Accept the report").check()
    page.get_by_role("button", name="Confirm your decision").click()
    _heading(page, report_title)
    page.get_by_role("link", name="Publish the report").click()
    _heading(page, "Publish the report")
    page.get_by_label("Report number").fill(number)
    _fill_date(page, "id_published_on", date(2020, 3, 27))
    page.get_by_role("button", name="Publish").click()
    _heading(page, "Report published")


def public_finds_the_report_in_the_library(
    page: Page, base_url: str, report_title: str, number: str, innovation: str, check: Check
) -> None:
    page.goto(base_url + "/evaluations/")
    _heading(page, "Evaluation library", check)
    page.get_by_label("What a finding showed").select_option(label="No measurable effect")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("1 report")
    page.get_by_role("link", name=re.compile(f"Evaluation Report {number}")).click()
    _heading(page, report_title, check)
    main = page.locator("main")
    expect(main).to_contain_text("Maryland")
    expect(main).to_contain_text("No measurable effect")
    # Both amounts restated into 2019-20 prices, by hand from the CSV:
    # £100,000 × 80.8738 ÷ 74.5804 and £150,000 × 80.8738 ÷ 77.0388.
    expect(main).to_contain_text("£108,438.41")
    expect(main).to_contain_text("£157,467.02")
    expect(main).to_contain_text("£49,028.61")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("final report", re.IGNORECASE)).first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name=innovation, exact=True).first.click()
    _heading(page, innovation, check)
    expect(page.locator("main")).to_contain_text(
        re.compile(r"1 finding from its evaluations:\s+0 positive, 1 no measurable effect")
    )
    expect(page.locator("main")).to_contain_text(f"Evaluation Report {number}")


def team_publishes_an_insight(page: Page, base_url: str, title: str, innovation: str) -> None:
    page.goto(base_url + "/account/")
    page.get_by_role("link", name=re.compile("^Insights: write")).click()
    _heading(page, "Insights")
    page.get_by_role("link", name="Write an insight").click()
    _heading(page, "Write an insight")
    page.get_by_role("button", name="Save as draft").click()
    _refused(page, "Enter a title")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("What a null result taught us about spreading a model.")
    page.get_by_label("Text").fill("## What we found\n\nNo measurable effect in the first year.")
    page.get_by_label(innovation, exact=True).check()
    page.get_by_role("button", name="Save as draft").click()
    _heading(page, title)
    expect(page.get_by_role("heading", name="What we found")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("main")).to_contain_text("Published")
    assert_accessible(page)


def team_records_an_adoption(page: Page, base_url: str, innovation: str, authority: str) -> None:
    page.goto(base_url + "/account/")
    page.get_by_role("link", name=re.compile("^Innovations: record")).click()
    _heading(page, "Innovations")
    page.get_by_role("link", name=innovation, exact=True).click()
    _heading(page, innovation)
    page.get_by_role("link", name="Record an adoption").click()
    _heading(page, "Record an adoption")
    page.get_by_label("Local authority").select_option(label=authority)
    _fill_date(page, "id_adopted_on", date(2019, 9, 2))
    page.get_by_label("On its own").check()
    page.get_by_label("Source web address").fill("not a web address")
    page.get_by_label("What the source says").fill("The council took up Family Safeguarding.")
    page.get_by_role("button", name="Record adoption").click()
    _refused(page, "Enter the source as a web address")
    expect(page.get_by_label("What the source says")).to_have_value(
        "The council took up Family Safeguarding."
    )
    page.get_by_label("Source web address").fill("https://www.example.org/news/family-safeguarding")
    page.get_by_role("button", name="Record adoption").click()
    _heading(page, innovation)
    expect(page.locator("main")).to_contain_text(authority)
