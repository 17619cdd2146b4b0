"""A programme manager finds a file whose check never finished (its worker died and its lease
expired): the page says what happened, passes the accessibility checks, and "Check again" checks
it from the screen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from innovation_fund.otherfunders import leases, services
from innovation_fund.otherfunders.models import ImportedFile
from tests.factories import ProgrammeRoleFactory
from tests.helpers import signed_in
from tests.otherfunders.builders import a_file, a_grant

from .axe import assert_accessible


@pytest.fixture
def manager(transactional_db):
    return ProgrammeRoleFactory().user


def test_a_check_whose_worker_died_is_checked_again_from_its_page(
    page: Page, live_server, manager, tmp_path
):
    received = services.receive_path(a_file(tmp_path, [a_grant(1)]), publisher_name="The Trust")
    now = timezone.now()
    ImportedFile.objects.filter(pk=received.pk).update(  # a worker started it and died
        attempt_started_at=now - timedelta(minutes=11), lease_expires_at=now - timedelta(minutes=1)
    )
    signed_in(page, live_server, manager)
    page.goto(f"{live_server.url}/manage/other-funders/{received.pk}/")
    expect(page.get_by_role("heading", name="The check did not finish")).to_be_visible()
    expect(page.get_by_text(leases.CHECK_STOPPED)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Check again").click()
    expect(page.get_by_role("heading", name="The file has no errors")).to_be_visible()
    assert_accessible(page)
