"""The payment schedule from the outside: the grant pages' section, building it, changing its
instalments in one form (kept on error), adding, removing and confirming release conditions;
404 for anyone outside the programme, and refusal for programme people without the role."""

from datetime import date

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.grants.models import Instalment, MonitoringReturn, Payment
from innovation_fund.grants.models import ReleaseCondition as Condition
from innovation_fund.grants.services.release_conditions import add_release_condition
from innovation_fund.grants.services.schedules import rebuild_schedule
from innovation_fund.grants.views import schedules as views
from tests.grants.builders import offered_grant
from tests.grants.variation_builders import paid
from tests.helpers import sign_in, tables_outside_scroll_regions

pytestmark = pytest.mark.django_db

Kind = Condition.Kind


@pytest.fixture
def cast():
    return offered_grant()


def first(cast) -> Instalment:
    return Instalment.objects.filter(grant=cast.grant).order_by("number").first()


def url(name, cast, *more):
    return reverse(f"grant_management:{name}", args=[cast.grant.pk, *more])


def change_data(cast, **changes) -> dict:
    data = {}
    for i in Instalment.objects.filter(grant=cast.grant).order_by("number"):
        due = changes.get(f"due_{i.number}", i.due_on)
        data.update(
            {
                f"due_on_{i.number}-day": due.day,
                f"due_on_{i.number}-month": due.month,
                f"due_on_{i.number}-year": due.year,
                f"amount_{i.number}": changes.get(
                    f"amount_{i.number}", f"{i.amount_pence / 100:.2f}"
                ),
                f"kind_{i.number}": i.kind,
            }
        )
    return data


def test_the_team_sees_the_schedule_with_conditions_and_years(client, cast):
    sign_in(client, cast.manager)

    html = client.get(url("grant", cast)).content.decode()

    assert 'id="schedule"' in html
    assert "1 April 2027" in html and "£15,000" in html
    assert "Not met" in html and "The offer has not been accepted yet" in html
    assert "Instalments by financial year, beside the grant’s profile" in html
    assert "£60,000" in html and "£40,000" in html
    assert url("schedule_build", cast) in html and url("schedule_change", cast) in html
    assert url("condition_add", cast, first(cast).pk) in html
    assert tables_outside_scroll_regions(html) == []


def test_a_finance_officer_sees_the_schedule_but_no_actions_and_is_refused(client, cast):
    sign_in(client, cast.finance_officer)

    html = client.get(url("grant", cast)).content.decode()

    assert 'id="schedule"' in html
    assert url("schedule_build", cast) not in html
    assert url("condition_add", cast, first(cast).pk) not in html
    assert "Only the programme&#x27;s managers can build and change payment schedules" in html
    assert client.post(url("schedule_build", cast), {"pattern": "yearly"}).status_code == 403
    assert client.post(url("schedule_change", cast), change_data(cast)).status_code == 403
    condition = first(cast).conditions.get()
    assert client.post(url("condition_remove", cast, condition.pk)).status_code == 403
    assert (
        client.post(url("condition_add", cast, first(cast).pk), {"kind": "evaluation_plan"})
    ).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "officer", "member"])
def test_anyone_outside_the_programme_team_gets_404(client, cast, who):
    sign_in(client, getattr(cast, who))
    condition = first(cast).conditions.get()
    for page in (
        url("schedule_build", cast),
        url("schedule_change", cast),
        url("condition_add", cast, first(cast).pk),
        url("condition_remove", cast, condition.pk),
        url("condition_confirm", cast, condition.pk),
    ):
        assert client.get(page).status_code == 404
        assert client.post(page, {}).status_code == 404


def test_a_condition_of_another_grant_is_404_under_this_one(client, cast):
    other = offered_grant(cast.round, title="Other")
    sign_in(client, cast.manager)
    condition = first(other).conditions.get()

    assert client.get(url("condition_remove", cast, condition.pk)).status_code == 404
    assert client.get(url("condition_add", cast, first(other).pk)).status_code == 404


def test_a_manager_builds_the_schedule(client, cast):
    sign_in(client, cast.manager)
    page = client.get(url("schedule_build", cast)).content.decode()
    assert "the odd pennies go on the earliest instalments of the year" in page

    missing = client.post(url("schedule_build", cast), {"pattern": "equal", "count": ""})
    assert "Enter how many instalments each year" in missing.content.decode()

    response = client.post(url("schedule_build", cast), {"pattern": "equal", "count": "2"})

    assert response.status_code == 302
    assert Instalment.objects.filter(grant=cast.grant).count() == 4


def test_a_manager_changes_instalments_in_one_form(client, cast):
    sign_in(client, cast.manager)
    page = client.get(url("schedule_change", cast)).content.decode()
    assert 'name="due_on_8-day"' in page and 'value="15,000"' in page

    response = client.post(
        url("schedule_change", cast),
        change_data(cast, amount_1="10,000", amount_2="20000", due_1=date(2027, 5, 1)),
    )

    assert response.status_code == 302
    instalment = first(cast)
    assert (instalment.amount_pence, instalment.due_on) == (10_000_00, date(2027, 5, 1))


def test_a_change_that_does_not_add_up_is_shown_back_at_the_row_with_what_was_typed(client, cast):
    sign_in(client, cast.manager)

    html = client.post(
        url("schedule_change", cast),
        change_data(cast, amount_2="14,000", due_3=date(2028, 4, 2)),
    ).content.decode()

    assert "There is a problem" in html
    assert 'href="#id_due_on_3-day"' in html
    assert "its due date must be between 1 April 2027 and 31 March 2028" in html
    assert 'value="14,000"' in html and 'value="2028"' in html


def test_a_year_that_does_not_add_up_is_shown_at_its_first_row(client, cast):
    sign_in(client, cast.manager)

    html = client.post(
        url("schedule_change", cast), change_data(cast, amount_2="14,000")
    ).content.decode()

    assert 'href="#id_amount_1"' in html
    assert "£1,000 short" in html


def test_instalments_with_money_are_not_in_the_form(client, cast):
    paid(cast, first(cast), state=Payment.State.REQUESTED)
    sign_in(client, cast.manager)

    page = client.get(url("schedule_change", cast)).content.decode()

    assert 'name="due_on_1-day"' not in page and 'name="due_on_2-day"' in page
    grant_page = client.get(url("grant", cast)).content.decode()
    assert "Can no longer change" in grant_page


def test_a_manager_adds_a_return_condition_choosing_the_return(client, cast):
    report = MonitoringReturn.objects.create(
        grant=cast.grant,
        number=1,
        period_starts_on=date(2027, 4, 1),
        period_ends_on=date(2027, 6, 30),
        due_on=date(2027, 7, 31),
    )
    sign_in(client, cast.manager)
    page = client.get(url("condition_add", cast, first(cast).pk)).content.decode()
    assert "Return 1: 1 April 2027 to 30 June 2027 (not started)" in page
    assert "confirmed by a person" in page.lower() or "manager confirms this" in page

    missing = client.post(url("condition_add", cast, first(cast).pk), {"kind": "return_accepted"})
    assert "Choose the monitoring return that must be accepted" in missing.content.decode()

    response = client.post(
        url("condition_add", cast, first(cast).pk),
        {"kind": "return_accepted", "monitoring_return": str(report.pk)},
    )
    assert response.status_code == 302
    assert first(cast).conditions.filter(monitoring_return=report).exists()
    html = client.get(url("grant", cast)).content.decode()
    assert "Monitoring return 1 (1 April 2027 to 30 June 2027) is accepted" in html
    assert "The return is not started" in html


def test_a_manager_confirms_a_condition_with_evidence(client, cast):
    condition = add_release_condition(
        cast.manager, first(cast), kind=Kind.CONFIRMED, description="Board appointed"
    )
    sign_in(client, cast.manager)
    assert (
        url("condition_confirm", cast, condition.pk)
        in client.get(url("grant", cast)).content.decode()
    )

    empty = client.post(url("condition_confirm", cast, condition.pk), {"evidence": ""})
    assert "Say what shows the condition is met" in empty.content.decode()
    response = client.post(url("condition_confirm", cast, condition.pk), {"evidence": "Minutes"})

    assert response.status_code == 302
    html = client.get(url("grant", cast)).content.decode()
    assert f"Confirmed by {cast.manager.email}" in html and "Minutes" in html


def test_a_manager_removes_a_condition(client, cast):
    condition = first(cast).conditions.get()
    sign_in(client, cast.manager)

    assert client.post(url("condition_remove", cast, condition.pk)).status_code == 302
    assert not Condition.objects.filter(pk=condition.pk).exists()


def test_the_grantee_sees_the_schedule_read_only(client, cast):
    sign_in(client, cast.member)

    html = client.get(reverse("your_grants:grant", args=[cast.grant.pk])).content.decode()

    assert 'id="schedule"' in html and "1 April 2027" in html
    assert "/schedule/" not in html


def test_the_grants_history_shows_schedule_changes(client, cast):
    rebuild_schedule(cast.manager, cast.grant, pattern="yearly")
    sign_in(client, cast.manager)

    html = client.get(url("history", cast)).content.decode()

    assert "Payment schedule built" in html


# --- Queries ---------------------------------------------------------------------------------


def queries_of_section(cast, instalments: int) -> int:
    rebuild_schedule(cast.manager, cast.grant, pattern="equal", count=instalments)
    for instalment in Instalment.objects.filter(grant=cast.grant):
        add_release_condition(cast.manager, instalment, kind=Kind.CONFIRMED, description="Board")
    paid(cast, first(cast))
    request = RequestFactory().get("/")
    request.user = cast.manager
    with CaptureQueriesContext(connection) as queries:
        context = views.manage_section(request, cast.grant)
        assert len(context["schedule"].rows) == 2 * instalments
    return len(queries)


def test_the_section_makes_the_same_queries_for_one_instalment_a_year_or_five():
    assert queries_of_section(offered_grant(), 1) == queries_of_section(
        offered_grant(title="Second"), 5
    )


def test_the_change_page_makes_the_same_queries_whatever_the_schedule(client):
    counts = []
    for size, title in ((1, "One"), (5, "Five")):
        cast = offered_grant(title=title)
        rebuild_schedule(cast.manager, cast.grant, pattern="equal", count=size)
        sign_in(client, cast.manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("schedule_change", cast)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
