"""The cast, calendar and page checks of the run-a-programme journey
(`test_run_a_programme_journey.py`): who takes part, when, and the `Clock` and `People` that
move time on and keep each person's browser signed in."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from playwright.sync_api import Browser, Page, expect

from .axe import assert_accessible
from .fixtures import TIMEOUT_MS, VIEWPORT
from .steps import (
    sign_in_by_email,
)

LONDON = ZoneInfo("Europe/London")
BEFORE_THE_ROUND_OPENS = datetime(2027, 5, 4, 9, 0, tzinfo=LONDON)
WHILE_IT_IS_OPEN = datetime(2027, 6, 2, 10, 0, tzinfo=LONDON)
AFTER_IT_CLOSES = datetime(2027, 7, 1, 10, 0, tzinfo=LONDON)

PROGRAMME = "Family Futures Programme"
ROUND = "Round One"
FOCUS_AREA = "Rethinking children's social work"
OUTCOME = "Reducing risk for children"
TITLE = "Family Safeguarding in Leeds"
LEAD = "Leeds Children's Charity"
FIRST_COMMENT = "Strong evidence of need from the local data."
SECOND_COMMENT = "The need is asserted, not evidenced."
SECOND_DRAFT_COMMENT = "Draft thoughts: not yet convinced."

MANAGER = ("pat.manager@example.gov.uk", "Pat Manager")
SECOND_MANAGER = ("sam.second@example.gov.uk", "Sam Second")
FIRST_ASSESSOR = ("ada.assessor@example.org", "Ada Assessor")
SECOND_ASSESSOR = ("ben.assessor@example.org", "Ben Assessor")
MODERATOR = ("mo.moderator@example.org", "Mo Moderator")
FINANCE_OFFICER = ("fin.officer@example.gov.uk", "Fin Officer")
APPLICANT = ("alex.officer@leeds-childrens-charity.org.uk", "Alex Officer")


class Clock:
    """Moves the test's (and so the live server's) clock, ticking on from each moment."""

    def __init__(self):
        self._traveller = None

    def move_to(self, moment: datetime) -> None:
        self.stop()
        self._traveller = time_machine.travel(moment, tick=True)
        self._traveller.start()

    def stop(self) -> None:
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = None


class People:
    """One browser context per person, each signed in from the screens by email link. Moving the
    clock on ends everyone's sessions (as the days passing would), so they sign in again."""

    def __init__(self, browser: Browser, base_url: str, *, java_script_enabled: bool = True):
        self.browser = browser
        self.base_url = base_url
        self.pages: dict[str, Page] = {}
        self.java_script_enabled = java_script_enabled
        # axe-core needs JavaScript: pages seen with it off are checked by the journeys with it on.
        self.check = assert_accessible if java_script_enabled else (lambda page: None)

    def page_for(self, email: str) -> Page:
        if email not in self.pages:
            context = self.browser.new_context(
                viewport=VIEWPORT, java_script_enabled=self.java_script_enabled
            )
            context.set_default_timeout(TIMEOUT_MS)
            self.pages[email] = context.new_page()
        return self.pages[email]

    def signed_in(self, email: str, *, new_name: str | None = None) -> Page:
        """`email`'s page, signing them in by email link unless they already are."""
        if email in self.pages:
            return self.pages[email]
        page = self.page_for(email)
        sign_in_by_email(page, self.base_url, email, self.check, new_name=new_name)
        return page

    def sign_everyone_out(self) -> None:
        for page in self.pages.values():
            page.context.close()
        self.pages.clear()


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)
    assert_accessible(page)


def success(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible()
    assert_accessible(page)


def refused(page: Page, message: str) -> None:
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    assert_accessible(page)


def fill_date(page: Page, field_id: str, day: int, month: int, year: int, time: str = "") -> None:
    page.locator(f"#{field_id}-day").fill(str(day))
    page.locator(f"#{field_id}-month").fill(str(month))
    page.locator(f"#{field_id}-year").fill(str(year))
    if time:
        page.locator(f"#{field_id}-time").fill(time)
