"""The history selector: which events a page shows, in what order, how values read, and that a
page costs the same number of queries however long the history is."""

from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from innovation_fund.assessment.models import Decision
from innovation_fund.core.audit import record
from innovation_fund.core.history import (
    action_name,
    changes,
    events_of,
    events_of_each,
    read_history,
)
from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.models import FocusArea, Programme, Round
from tests.factories import FocusAreaFactory, ProgrammeFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db


def recorded(target, action="round.updated", *, actor=None, before=None, after=None):
    with transaction.atomic():
        return record(
            actor=actor,
            actor_label=None if actor else "Loader",
            action=action,
            target=target,
            before=before,
            after=after,
        )


def page_of(scope, kind, number=1, per_page=20):
    return read_history(scope, kind=kind, page_number=number, query=QueryDict(), per_page=per_page)


def rows(change_list):
    return {change.label: (change.before, change.after) for change in change_list}


# --- Which events, in which order ------------------------------------------------------------


def test_a_history_holds_only_its_records_events_newest_first():
    funding_round = RoundFactory()
    other_round = RoundFactory(programme=funding_round.programme, slug="the-other-round")
    first = recorded(funding_round, after={"name": "First"})
    recorded(other_round, after={"name": "Somewhere else"})
    recorded(funding_round.programme, "programme.updated", after={"name": "Not the round"})
    second = recorded(funding_round, after={"name": "Second"})

    history = page_of(events_of(funding_round), funding_round)

    assert history.total == 2
    assert [entry.changes[0].after for entry in history.entries] == [["Second"], ["First"]]
    assert [event.pk for event in history.page.object_list] == [second.pk, first.pk]


def test_parts_are_included_and_named_by_what_they_are():
    funding_round = RoundFactory()
    area = FocusAreaFactory(round=funding_round, name="Early help")
    elsewhere = FocusAreaFactory(round=RoundFactory(slug="elsewhere"), name="Elsewhere")
    recorded(area, "focus_area.updated", after={"name": "Early help"})
    recorded(elsewhere, "focus_area.updated", after={"name": "Elsewhere"})
    recorded(funding_round, after={"summary": "Changed"})

    history = page_of(
        events_of(funding_round)
        | events_of_each(FocusArea, FocusArea.objects.filter(round=funding_round)),
        funding_round,
    )

    assert [(entry.what, entry.part) for entry in history.entries] == [
        ("Round updated", ""),
        ("Focus area changed", "Early help"),
    ]


def test_pages_follow_on_without_repeating():
    programme = ProgrammeFactory()
    for number in range(5):
        recorded(programme, "programme.updated", after={"name": f"Name {number}"})

    pages = [page_of(events_of(programme), programme, number, per_page=2) for number in (1, 2, 3)]

    names = [entry.changes[0].after[0] for page in pages for entry in page.entries]
    assert names == ["Name 4", "Name 3", "Name 2", "Name 1", "Name 0"]
    assert pages[0].pagination["next"]["href"] == "?page=2"
    assert pages[2].pagination["next"] is None


@pytest.mark.parametrize("events", [1, 30])
def test_a_page_is_two_queries_however_long_the_history(events):
    programme = ProgrammeFactory()
    people = [UserFactory() for _ in range(3)]
    for number in range(events):
        recorded(programme, "programme.updated", actor=people[number % 3], after={"name": "x"})

    with CaptureQueriesContext(connection) as captured:
        history = page_of(events_of(programme), programme)
        whos = [entry.who for entry in history.entries]

    assert len(captured) == 2
    assert len(whos) == min(events, 20)


# --- How events read --------------------------------------------------------------------------


def test_who_is_the_persons_name_or_the_system_that_acted():
    programme = ProgrammeFactory()
    person = UserFactory(full_name="Ada Manager")
    recorded(programme, "programme.updated", actor=person, after={"name": "A"})
    recorded(programme, "programme.updated", after={"name": "B"})

    whos = [entry.who for entry in page_of(events_of(programme), programme).entries]

    assert whos == ["Loader", "Ada Manager"]


def test_when_is_in_london_time():
    programme = ProgrammeFactory()
    # 09:30 UTC in July is 10:30am in London (BST).
    AuditEvent.objects.create(
        occurred_at=datetime(2026, 7, 1, 9, 30, tzinfo=UTC),
        actor_label="Loader",
        action="programme.updated",
        object_type="programmes.programme",
        object_id=str(programme.pk),
        object_repr=programme.name,
    )

    entry = page_of(events_of(programme), programme).entries[0]

    assert entry.when == "10:30am on 1 July 2026"


def test_money_dates_choices_and_flags_read_as_people_write_them():
    result = rows(
        changes(
            Round,
            {
                "budget_pence": 1_000_000_00,
                "opens_at": "2026-04-01T08:00:00+00:00",
                "funding_starts_on": "2027-04-01",
                "round_type": "targeted",
                "is_published": False,
            },
            {
                "budget_pence": 1_250_000_50,
                "opens_at": "2026-12-01T12:00:00+00:00",
                "funding_starts_on": None,
                "round_type": "scale_and_spread",
                "is_published": True,
            },
        )
    )

    assert result["Budget"] == (["£1,000,000"], ["£1,250,000.50"])
    assert result["Opens"] == (["9am on 1 April 2026"], ["midday on 1 December 2026"])
    assert result["Funded work may start"] == (["1 April 2027"], ["None"])
    assert result["Type of round"] == (["Targeted"], ["Scale and spread"])
    assert result["Shown on the public pages"] == (["No"], ["Yes"])


def test_a_choice_reads_as_its_label():
    result = rows(changes(Decision, {"outcome": "defer"}, {"outcome": "approve"}))

    assert result["Outcome"] == (["Deferred"], ["Approved"])


def test_lists_and_amounts_by_financial_year_read_one_line_each():
    result = rows(
        changes(
            Programme,
            {"year_budgets": {"2027-28": 500_00}, "objectives": ["Fewer children in care"]},
            {
                "year_budgets": {"2027-28": 600_00, "2028-29": 700_00},
                "objectives": [],
                "years": {"2027": 100_00},
            },
        )
    )

    assert result["Budgets by financial year"] == (
        ["2027-28: £500"],
        ["2027-28: £600", "2028-29: £700"],
    )
    assert result["Objectives"] == (["Fewer children in care"], ["None"])
    assert result["By financial year"] == ([], ["2027-28: £100"])  # nothing stored before


def test_a_list_of_related_records_reads_one_line_each():
    result = rows(
        changes(
            Round,
            {"criteria": []},
            {"criteria": [{"id": 4, "name": "Need", "weight": 60}, {"name": "Evidence"}]},
        )
    )

    assert result["Criteria"] == (["None"], ["Name: Need; Weight: 60", "Name: Evidence"])


def test_bookkeeping_and_ids_of_related_records_are_left_out():
    result = rows(changes(Round, None, {"id": 3, "version": 2, "programme_id": 1, "name": "R"}))

    assert list(result) == ["Name"]


def test_code_words_with_no_choices_read_as_words():
    result = rows(
        changes(Round, {}, {"eligible_organisation_types": ["local_authority", "charity"]})
    )

    assert result["Who may lead a bid"] == ([], ["Local authority", "Charity"])


def test_text_a_person_typed_is_shown_as_typed():
    result = rows(changes(FocusArea, {"name": "early_help"}, {"name": "early help"}))

    assert result["Name"] == (["early_help"], ["early help"])


@pytest.mark.parametrize(
    "action, words",
    [
        ("round.updated", "Round updated"),
        ("assessment.decided", "Decision recorded"),
        ("round.opened", "Round: opened"),
        ("application.sections_reordered", "Bid: sections reordered"),
    ],
)
def test_actions_read_as_words(action, words):
    assert action_name(action) == words
