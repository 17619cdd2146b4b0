"""9. Declarations: three statements, all needed; who confirmed them and when is recorded."""

import pytest
import time_machine

from innovation_fund.applications.sections import BY_SLUG, Status
from tests.applications.sections.support import last_event, loaded, section_url
from tests.factories import aware
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

DECLARATIONS = BY_SLUG["declarations"]
ALL = ["declares_information_accurate", "declares_no_duplicate_funding", "declares_will_share_data"]


def url(bid):
    return section_url(bid, "declarations")


def post(client, bid, ticked, version=0):
    return client.post(url(bid), {"declarations": ticked, "version": version})


def test_the_page_shows_the_three_statements_as_checkboxes(client, bid, editor):
    sign_in(client, editor)
    html = client.get(url(bid)).content.decode()
    assert html.count('type="checkbox"') == 3
    assert (
        "The information in this bid is accurate and complete to the best of my knowledge" in html
    )
    assert "The activity in this bid is not already funded from another source" in html
    assert (
        "If funded, we will take part in the independent evaluation and share data with the "
        "evaluator and the department" in html
    )


def test_ticking_all_three_records_who_and_when(client, bid, editor):
    with time_machine.travel(aware(2027, 3, 1, 15, 0), tick=False):
        sign_in(client, editor)  # signed in at the frozen time, so the session has not expired
        response = post(client, bid, ALL)
    assert response.status_code == 302
    bid.refresh_from_db()
    assert all(getattr(bid, name) for name in ALL)
    assert bid.declarations_made_by == editor
    assert bid.declarations_made_at == aware(2027, 3, 1, 15, 0)
    application = loaded(bid, editor)
    assert DECLARATIONS.status(application) == Status.COMPLETED
    rows = DECLARATIONS.summary_rows(application)
    assert [row.value for row in rows][:3] == ["Confirmed"] * 3
    assert rows[3].value == f"{editor.display_name} at 3pm on 1 March 2027"
    event = last_event("application.declarations_saved")
    assert event.before["declares_will_share_data"] is False
    assert event.after["declares_will_share_data"] is True
    assert event.after["declarations_made_by"] == editor.pk


def test_a_partial_save_is_kept_but_incomplete_and_records_nobody(client, bid, editor):
    sign_in(client, editor)
    post(client, bid, ["declares_information_accurate"])
    application = loaded(bid, editor)
    assert application.declares_information_accurate
    assert application.declarations_made_by is None
    assert DECLARATIONS.status(application) == Status.INCOMPLETE
    assert DECLARATIONS.problems(application) == [
        "Confirm that the activity is not already funded from another source",
        "Confirm that, if funded, you will take part in the independent evaluation and share data",
    ]


def test_unticking_one_clears_the_record_and_ticking_again_records_the_new_person(
    client, bid, editor, other_editor
):
    sign_in(client, editor)
    post(client, bid, ALL)
    sign_in(client, other_editor)
    post(client, bid, ALL[:2], version=1)
    bid.refresh_from_db()
    assert bid.declarations_made_by is None and bid.declarations_made_at is None
    post(client, bid, ALL, version=2)
    bid.refresh_from_db()
    assert bid.declarations_made_by == other_editor


def test_saving_again_unchanged_keeps_who_first_made_them(client, bid, editor, other_editor):
    sign_in(client, editor)
    post(client, bid, ALL)
    made_at = loaded(bid, editor).declarations_made_at
    sign_in(client, other_editor)
    post(client, bid, ALL, version=1)
    bid.refresh_from_db()
    assert bid.declarations_made_by == editor
    assert bid.declarations_made_at == made_at


def test_not_yet_started_until_something_is_saved(client, bid, editor):
    assert DECLARATIONS.status(loaded(bid, editor)) == Status.NOT_STARTED
    sign_in(client, editor)
    post(client, bid, [])
    application = loaded(bid, editor)
    assert DECLARATIONS.status(application) == Status.INCOMPLETE
    assert len(DECLARATIONS.problems(application)) == 3


def test_a_made_up_statement_is_refused(client, bid, editor):
    sign_in(client, editor)
    response = post(client, bid, [*ALL, "declares_anything"])
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    bid.refresh_from_db()
    assert not bid.declares_information_accurate
