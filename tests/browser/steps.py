"""Steps the browser journeys share: signing in by email link, accepting an invitation, and
filling in a bid's sections. Each takes `check`, run on every page it visits (axe-core with
JavaScript on; nothing without, since axe needs JavaScript)."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from innovation_fund.core.notifications import FakeNotifications
from tests.documents import PDF

Check = Callable[[Page], None]


def latest_email(to: str, template: str | None = None) -> tuple:
    """The last email sent to `to` (of `template`, if given): (email, subject, body)."""
    for sent in reversed(FakeNotifications.outbox):
        email = sent[0]
        if email.to == to and (template is None or email.template == template):
            return sent
    sent_to_them = [sent[0].template for sent in FakeNotifications.outbox if sent[0].to == to]
    raise AssertionError(f"No {template or ''} email was sent to {to}, only {sent_to_them}")


def link_in(body: str, pattern: str) -> str:
    """The path of the first link in an email's body matching `pattern` (a regex on the path)."""
    found = re.search(pattern, body)
    assert found, f"No link matching {pattern!r} in:\n{body}"
    return found.group(0)


def give_name_if_asked(page: Page, name: str | None, check: Check) -> None:
    """A person new to the service is asked their name before going on."""
    if name is None:
        return
    expect(page).to_have_title(re.compile(r"^What is your name\?"))
    check(page)
    page.get_by_label("Full name").fill(name)
    page.get_by_role("button", name="Continue").click()


def sign_in_by_email(
    page: Page, base_url: str, email: str, check: Check, *, new_name: str | None = None
) -> None:
    """Ask for a sign-in link, follow it from the email, and land on "Your account".
    `new_name`: the person has no account yet, and gives this name when asked."""
    page.goto(base_url + "/sign-in/")
    check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check(page)
    email_sent, _, body = FakeNotifications.outbox[-1]
    assert email_sent.to == email
    follow_sign_in_link(page, base_url, body, check, new_name=new_name)


def follow_sign_in_link(
    page: Page, base_url: str, body: str, check: Check, *, new_name: str | None = None
) -> None:
    """Follow the sign-in link in an email's `body` and land on "Your account"."""
    page.goto(base_url + link_in(body, r"/sign-in/link/[^/\s]+/"))
    check(page)
    page.get_by_role("button", name="Continue").click()
    give_name_if_asked(page, new_name, check)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check(page)


def accept_team_invitation(
    page: Page, base_url: str, email: str, programme_name: str, check: Check, *, name: str
) -> None:
    """Follow the invitation's email link, accept it, give a name, and land on "Your account"."""
    _, _, body = latest_email(email, "team_invitation")
    page.goto(base_url + link_in(body, r"/invitations/[^/\s]+/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Join the team running {programme_name}"
    )
    check(page)
    page.get_by_role("button", name="Accept the invitation").click()
    give_name_if_asked(page, name, check)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text(f"You have joined the team running {programme_name}")).to_be_visible()
    check(page)


def open_task(page: Page, title: str, check: Check) -> None:
    page.get_by_role("link", name=re.compile(rf"\d\. {re.escape(title)}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    check(page)


def saved(page: Page) -> None:
    expect(page.get_by_text("Complete your bid")).to_be_visible()


def fill_in_a_bid(
    page: Page,
    check: Check,
    *,
    title: str,
    focus_area: str,
    authority: str,
    outcome: str,
    staff_year: str,
    more_staff: dict[str, str] | None = None,
) -> None:
    """From a new bid's task list, complete all nine sections (correcting one mistake in the
    budget on the way), spending £150,000.50 on staff in `staff_year`, and `more_staff` (year
    label → amount typed) in other years."""
    open_task(page, "About the project", check)
    page.get_by_label("Project title").fill(title)
    page.get_by_label("Summary").fill("Multi-disciplinary teams around families.")
    page.get_by_label(focus_area).check()
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Partners", check)
    page.get_by_role("button", name="This bid has no partners").click()
    saved(page)

    open_task(page, "Where the work happens", check)
    page.get_by_label(authority, exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "The innovation", check)
    page.get_by_label("A new practice model").check()
    page.get_by_label("Name of the new practice model").fill("Family Safeguarding, Leeds way")
    page.get_by_label("Describe the new practice model").fill("Adult workers join the team.")
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Outcomes", check)
    page.get_by_role("checkbox", name=outcome).check()
    page.get_by_label(f"How will you measure it? for {outcome}").fill(
        "Re-referrals within 12 months"
    )
    page.get_by_label(f"Baseline: where things are now for {outcome}").fill("22%")
    page.get_by_label(f"Target: where the project aims to get to for {outcome}").fill("15%")
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    # A mistake, shown with an error summary and at the box, then corrected.
    open_task(page, "Budget", check)
    staff = f"Staff, {staff_year}"
    page.get_by_label(staff).fill("1,00,0")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.get_by_label(staff)).to_have_value("1,00,0")
    check(page)
    page.get_by_label(staff).fill("£150,000.50")
    for year, amount in (more_staff or {}).items():
        page.get_by_label(f"Staff, {year}").fill(amount)
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Evaluation plan", check)
    page.get_by_label("How will the project be evaluated?").fill("A quasi-experimental design.")
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Documents", check)
    page.get_by_label(re.compile("Upload a file")).set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_text("plan.pdf").first).to_be_visible()
    check(page)
    page.get_by_role("button", name="Save and continue").click()
    saved(page)

    open_task(page, "Declarations", check)
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("You have completed 9 of 9 sections")).to_be_visible()
    check(page)


def sign_off_and_submit(page: Page, check: Check) -> None:
    """From a complete bid's task list, check the answers, sign off (forgetting the declaration
    once) and submit, landing on "Bid submitted"."""
    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.get_by_text("£150,000.50").first).to_be_visible()
    check(page)
    page.get_by_role("link", name="Continue to sign off").click()
    check(page)
    page.get_by_role("button", name="Sign off and submit").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check(page)
    page.get_by_label(re.compile("I am an accountable officer")).check()
    page.get_by_role("button", name="Sign off and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bid submitted")
    check(page)
