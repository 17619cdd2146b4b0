"""Every rule for programmes, rounds, focus areas and criteria, tried from the service."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.models import Criterion, FocusArea, ProgrammeRole, Round
from innovation_fund.programmes.services import criteria as criteria_services
from innovation_fund.programmes.services import focus_areas as focus_areas_services
from innovation_fund.programmes.services import programmes as programmes_services
from innovation_fund.programmes.services import rounds as rounds_services
from tests.factories import (
    ApplicationFactory,
    FocusAreaFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    RoundFactory,
    UserFactory,
    aware,
)

pytestmark = pytest.mark.django_db

BUDGET = 20_000_000_00


@pytest.fixture
def programme():
    return ProgrammeFactory(budget_pence=BUDGET)


@pytest.fixture
def manager(programme):
    return ProgrammeRoleFactory(programme=programme).user


def round_data(**changes) -> dict:
    data = {
        "name": "Round Four",
        "round_type": Round.RoundType.OPEN_COMPETITION,
        "summary": "A new round.",
        "opens_at": aware(2027, 1, 10, 9, 0),
        "closes_at": aware(2027, 3, 1, 12, 0),
        "budget_pence": 10_000_000_00,
        "minimum_bid_pence": 50_000_00,
        "maximum_bid_pence": 1_000_000_00,
        "eligible_organisation_types": ["local_authority", "charity"],
        "guidance_markdown": "## Read this",
        "funding_starts_on": date(2027, 4, 1),
        "funding_ends_on": date(2029, 3, 31),
    }
    data.update(changes)
    return data


def refused(call, *args, **kwargs) -> list[DomainError]:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return list(getattr(caught.value, "errors", [caught.value]))


def messages_by_field(errors: list[DomainError]) -> dict:
    return {error.field: error.message for error in errors}


# --- Programmes ------------------------------------------------------------------------------


def programme_data(**changes) -> dict:
    data = {
        "name": "Family Help Innovation Fund",
        "funder_name": "Department for Education",
        "summary": "Testing new ways to help families.",
        "budget_pence": 50_000_000_00,
        "starts_on": date(2027, 4, 1),
        "ends_on": date(2030, 3, 31),
    }
    data.update(changes)
    return data


@pytest.fixture
def creator():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_programme"))
    return type(user).objects.get(pk=user.pk)  # fresh, so the permission cache is empty


def test_the_creator_becomes_the_programmes_manager(creator):
    created = programmes_services.create_programme(creator, programme_data())
    assert created.slug == "family-help-innovation-fund"
    assert created.budget_pence == 50_000_000_00
    assert ProgrammeRole.objects.filter(
        programme=created, user=creator, role=ProgrammeRole.Role.PROGRAMME_MANAGER
    ).exists()
    event = AuditEvent.objects.get(action="programme.created")
    assert event.actor == creator
    assert event.after["programme_manager"] == creator.email


def test_two_programmes_with_one_name_get_different_slugs(creator):
    first = programmes_services.create_programme(creator, programme_data())
    second = programmes_services.create_programme(creator, programme_data())
    assert (first.slug, second.slug) == (
        "family-help-innovation-fund",
        "family-help-innovation-fund-2",
    )


def test_only_people_allowed_may_create_a_programme():
    with pytest.raises(PermissionDenied):
        programmes_services.create_programme(UserFactory(), programme_data())


def test_a_programme_needs_a_budget_and_an_end_after_its_start(creator):
    errors = refused(
        programmes_services.create_programme,
        creator,
        programme_data(budget_pence=None, ends_on=date(2027, 4, 1), name=" "),
    )
    assert messages_by_field(errors) == {
        "name": "Enter the programme's name",
        "budget_pence": "Enter the programme's total budget",
        "ends_on": "The end date must be after the start date",
    }


def test_a_programmes_budget_cannot_fall_below_its_rounds_envelopes(programme, manager):
    rounds_services.create_round(manager, programme, round_data(budget_pence=12_000_000_00))
    errors = refused(
        programmes_services.update_programme, manager, programme, {"budget_pence": 11_999_999_99}
    )
    assert errors[0].field == "budget_pence"
    assert errors[0].message == (
        "The programme's rounds have budget envelopes of £12,000,000 in all, so its total "
        "budget must be at least £12,000,000"
    )
    programmes_services.update_programme(manager, programme, {"budget_pence": 12_000_000_00})
    programme.refresh_from_db()
    assert programme.budget_pence == 12_000_000_00


def test_updating_a_programme_records_only_what_changed(programme, manager):
    programmes_services.update_programme(manager, programme, {"name": "Renamed"})
    event = AuditEvent.objects.get(action="programme.updated")
    assert event.before == {"name": "Children's Social Care Innovation Programme"}
    assert event.after == {"name": "Renamed"}


def test_a_programme_changed_by_someone_else_is_not_overwritten(programme, manager):
    opened = programmes_services.programme_fingerprint(programme)
    programmes_services.update_programme(manager, programme, {"name": "First edit"}, opened)
    with pytest.raises(programmes_services.ProgrammeChanged) as caught:
        programmes_services.update_programme(manager, programme, {"name": "Second edit"}, opened)
    assert caught.value.current.name == "First edit"
    programme.refresh_from_db()
    assert programme.name == "First edit"


def test_someone_who_does_not_manage_it_cannot_change_a_programme(programme):
    with pytest.raises(PermissionDenied):
        programmes_services.update_programme(UserFactory(), programme, {"name": "Mine now"})


# --- Rounds ----------------------------------------------------------------------------------


def test_creating_a_round_numbers_it_after_the_last_and_audits_it(programme, manager):
    RoundFactory(programme=programme, number=3, slug="round-three")
    created = rounds_services.create_round(manager, programme, round_data())
    assert created.number == 4
    assert created.slug == "round-four"
    assert created.version == 1
    assert created.eligible_organisation_types == ["local_authority", "charity"]
    event = AuditEvent.objects.get(action="round.created")
    assert event.actor == manager
    assert event.after["budget_pence"] == 10_000_000_00


def test_a_new_round_is_a_draft(programme, manager):
    created = rounds_services.create_round(manager, programme, round_data())
    assert created.state == Round.State.DRAFT
    assert created.lifecycle_state == "draft"


def test_someone_who_does_not_manage_the_programme_cannot_create_a_round(programme):
    other = ProgrammeRoleFactory(
        programme=ProgrammeFactory(slug="another"), role=ProgrammeRole.Role.PROGRAMME_MANAGER
    ).user
    assessor = ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.ASSESSOR).user
    for person in (other, assessor, UserFactory()):
        with pytest.raises(PermissionDenied):
            rounds_services.create_round(person, programme, round_data())
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    "closes_at", [aware(2027, 1, 10, 9, 0), aware(2027, 1, 10, 8, 59), aware(2026, 12, 1, 12, 0)]
)
def test_a_round_must_close_after_it_opens(programme, manager, closes_at):
    errors = refused(
        rounds_services.create_round, manager, programme, round_data(closes_at=closes_at)
    )
    assert messages_by_field(errors) == {
        "closes_at": "The closing date and time must be after the opening date and time"
    }


def test_a_round_needs_its_times(programme, manager):
    errors = refused(
        rounds_services.create_round, manager, programme, round_data(opens_at=None, closes_at=None)
    )
    assert messages_by_field(errors) == {
        "opens_at": "Enter the date and time the round opens",
        "closes_at": "Enter the date and time the round closes",
    }


def test_the_minimum_bid_may_not_exceed_the_maximum(programme, manager):
    errors = refused(
        rounds_services.create_round,
        manager,
        programme,
        round_data(minimum_bid_pence=1_000_000_01, maximum_bid_pence=1_000_000_00),
    )
    assert messages_by_field(errors) == {
        "minimum_bid_pence": "The minimum bid must be no more than the maximum bid (£1,000,000)"
    }
    equal = round_data(minimum_bid_pence=1_000_000_00, maximum_bid_pence=1_000_000_00)
    assert rounds_services.create_round(manager, programme, equal).pk


def test_the_maximum_bid_may_not_exceed_the_envelope(programme, manager):
    errors = refused(
        rounds_services.create_round,
        manager,
        programme,
        round_data(budget_pence=5_000_000_00, maximum_bid_pence=5_000_000_01),
    )
    assert messages_by_field(errors) == {
        "maximum_bid_pence": "The maximum bid must be no more than the budget envelope (£5,000,000)"
    }
    fits = round_data(budget_pence=5_000_000_00, maximum_bid_pence=5_000_000_00)
    assert rounds_services.create_round(manager, programme, fits).pk


def test_envelopes_may_add_up_to_the_programme_total_and_no_more(programme, manager):
    rounds_services.create_round(manager, programme, round_data(budget_pence=12_000_000_00))
    errors = refused(
        rounds_services.create_round,
        manager,
        programme,
        round_data(name="Round Five", budget_pence=8_000_000_01),
    )
    assert messages_by_field(errors) == {
        "budget_pence": "The budget envelope must be £8,000,000 or less: the programme's total "
        "budget is £20,000,000 and its other rounds have £12,000,000"
    }
    last = rounds_services.create_round(
        manager, programme, round_data(name="Round Five", budget_pence=8_000_000_00)
    )
    assert sum(r.budget_pence for r in programme.rounds.all()) == BUDGET
    assert last.number == 2


def test_a_rounds_own_envelope_is_not_counted_twice_when_it_changes(programme, manager):
    funding_round = rounds_services.create_round(
        manager, programme, round_data(budget_pence=BUDGET)
    )
    updated = rounds_services.update_round(
        manager, funding_round, {"budget_pence": BUDGET - 1_00}, expected_version=1
    )
    assert updated.budget_pence == BUDGET - 1_00
    errors = refused(
        rounds_services.update_round,
        manager,
        updated,
        {"budget_pence": BUDGET + 1},
        expected_version=2,
    )
    assert errors[0].field == "budget_pence"


def test_historic_rounds_without_envelopes_count_as_nothing(programme, manager):
    RoundFactory(programme=programme, budget_pence=None)
    assert rounds_services.create_round(manager, programme, round_data(budget_pence=BUDGET)).pk


def test_a_programme_without_a_total_cannot_have_envelopes(manager, programme):
    programme.budget_pence = None
    programme.save()
    errors = refused(rounds_services.create_round, manager, programme, round_data())
    assert messages_by_field(errors) == {
        "budget_pence": "Give the programme a total budget before setting a round's budget envelope"
    }


def test_at_least_one_eligible_organisation_type(programme, manager):
    errors = refused(
        rounds_services.create_round, manager, programme, round_data(eligible_organisation_types=[])
    )
    assert messages_by_field(errors) == {
        "eligible_organisation_types": "Select at least one type of organisation that may bid"
    }
    errors = refused(
        rounds_services.create_round,
        manager,
        programme,
        round_data(eligible_organisation_types=["charity", "pirate_ship"]),
    )
    assert errors[0].field == "eligible_organisation_types"


def test_every_problem_is_reported_at_once(programme, manager):
    errors = refused(
        rounds_services.create_round,
        manager,
        programme,
        round_data(
            name="",
            round_type="lottery",
            closes_at=aware(2026, 1, 1, 9, 0),
            minimum_bid_pence=2_000_000_00,
            eligible_organisation_types=[],
            funding_ends_on=date(2027, 1, 1),
        ),
    )
    assert set(messages_by_field(errors)) == {
        "name",
        "round_type",
        "closes_at",
        "minimum_bid_pence",
        "eligible_organisation_types",
        "funding_ends_on",
    }


def test_updating_a_round_raises_its_version_and_records_the_change(programme, manager):
    funding_round = rounds_services.create_round(manager, programme, round_data())
    updated = rounds_services.update_round(
        manager, funding_round, {"closes_at": aware(2027, 3, 2, 17, 0)}, expected_version=1
    )
    assert updated.version == 2
    event = AuditEvent.objects.get(action="round.updated")
    assert event.before == {"closes_at": "2027-03-01T12:00:00+00:00"}
    assert event.after == {"closes_at": "2027-03-02T17:00:00+00:00"}


def test_saving_a_round_unchanged_keeps_its_version(programme, manager):
    funding_round = rounds_services.create_round(manager, programme, round_data())
    again = rounds_services.update_round(manager, funding_round, round_data(), expected_version=1)
    assert again.version == 1
    assert not AuditEvent.objects.filter(action="round.updated").exists()


def test_the_second_of_two_people_editing_a_round_is_told_and_nothing_is_lost(programme, manager):
    funding_round = rounds_services.create_round(manager, programme, round_data())
    colleague = ProgrammeRoleFactory(programme=programme).user
    rounds_services.update_round(colleague, funding_round, {"name": "Theirs"}, expected_version=1)
    with pytest.raises(rounds_services.RoundChanged) as caught:
        rounds_services.update_round(manager, funding_round, {"name": "Mine"}, expected_version=1)
    assert caught.value.current.name == "Theirs"
    assert caught.value.current.version == 2
    funding_round.refresh_from_db()
    assert funding_round.name == "Theirs"
    retried = rounds_services.update_round(
        manager, funding_round, {"name": "Mine"}, expected_version=2
    )
    assert (retried.name, retried.version) == ("Mine", 3)


def test_a_refused_update_changes_nothing(programme, manager):
    funding_round = rounds_services.create_round(manager, programme, round_data())
    refused(
        rounds_services.update_round,
        manager,
        funding_round,
        {"name": "Changed", "minimum_bid_pence": 2_000_000_00},
        expected_version=1,
    )
    funding_round.refresh_from_db()
    assert (funding_round.name, funding_round.version) == ("Round Four", 1)


# --- Focus areas -----------------------------------------------------------------------------


@pytest.fixture
def funding_round(programme, manager):
    return rounds_services.create_round(manager, programme, round_data())


def test_focus_areas_are_added_in_order_with_slugs(funding_round, manager):
    first = focus_areas_services.add_focus_area(manager, funding_round, {"name": "Family help"})
    second = focus_areas_services.add_focus_area(
        manager,
        funding_round,
        {"name": "Kinship care", "description": "Family and friends", "kind": "priority"},
    )
    assert (first.slug, first.position, first.kind) == ("family-help", 0, "focus_area")
    assert (second.slug, second.position, second.kind) == ("kinship-care", 1, "priority")
    assert AuditEvent.objects.filter(action="focus_area.created").count() == 2


def test_a_focus_area_name_is_needed_and_not_repeated(funding_round, manager):
    focus_areas_services.add_focus_area(manager, funding_round, {"name": "Family help"})
    assert messages_by_field(
        refused(
            focus_areas_services.add_focus_area, manager, funding_round, {"name": "family HELP"}
        )
    ) == {"name": "This round already has a focus area called ‘family HELP’"}
    assert messages_by_field(
        refused(focus_areas_services.add_focus_area, manager, funding_round, {"name": "  "})
    ) == {"name": "Enter the focus area's name"}


def test_editing_a_focus_area_keeps_its_slug(funding_round, manager):
    area = focus_areas_services.add_focus_area(manager, funding_round, {"name": "Family help"})
    edited = focus_areas_services.edit_focus_area(
        manager, area, {"name": "Early family help", "description": "Before crisis"}
    )
    assert (edited.name, edited.slug, edited.description) == (
        "Early family help",
        "family-help",
        "Before crisis",
    )
    event = AuditEvent.objects.get(action="focus_area.updated")
    assert event.after == {"name": "Early family help", "description": "Before crisis"}


def test_removing_a_focus_area(funding_round, manager):
    area = focus_areas_services.add_focus_area(manager, funding_round, {"name": "Family help"})
    focus_areas_services.remove_focus_area(manager, area)
    assert not FocusArea.objects.exists()
    assert AuditEvent.objects.get(action="focus_area.removed").before["name"] == "Family help"


def test_a_focus_area_a_bid_chose_cannot_be_removed(funding_round, manager):
    area = focus_areas_services.add_focus_area(manager, funding_round, {"name": "Family help"})
    ApplicationFactory(round=funding_round, focus_area=area)
    errors = refused(focus_areas_services.remove_focus_area, manager, area)
    assert errors[0].message.startswith("Bids have chosen ‘Family help’, so it cannot be removed")
    assert FocusArea.objects.filter(pk=area.pk).exists()
    assert not AuditEvent.objects.filter(action="focus_area.removed").exists()


def test_set_focus_areas_matches_by_name_and_removes_the_rest(funding_round, manager):
    kept = focus_areas_services.add_focus_area(manager, funding_round, {"name": "Family help"})
    focus_areas_services.add_focus_area(manager, funding_round, {"name": "Old idea"})
    result = focus_areas_services.set_focus_areas(
        manager,
        funding_round,
        [{"name": "Kinship care"}, {"name": "Family help", "description": "Updated"}],
    )
    assert [(a.name, a.position) for a in result] == [("Kinship care", 0), ("Family help", 1)]
    assert result[1].pk == kept.pk
    assert set(funding_round.focus_areas.values_list("name", flat=True)) == {
        "Kinship care",
        "Family help",
    }
    assert refused(
        focus_areas_services.set_focus_areas, manager, funding_round, [{"name": "A"}, {"name": "a"}]
    )[0].message == ("‘a’ is in the list twice")


def test_someone_who_does_not_manage_it_cannot_touch_focus_areas(funding_round):
    area = FocusAreaFactory(round=funding_round)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        focus_areas_services.add_focus_area(stranger, funding_round, {"name": "Mine"})
    with pytest.raises(PermissionDenied):
        focus_areas_services.edit_focus_area(stranger, area, {"name": "Mine"})
    with pytest.raises(PermissionDenied):
        focus_areas_services.remove_focus_area(stranger, area)


# --- Criteria --------------------------------------------------------------------------------


def rows(*weights):
    return [
        {"name": f"Criterion {n}", "description": "", "weight": weight}
        for n, weight in enumerate(weights, start=1)
    ]


def test_criteria_whose_weights_make_100_are_saved_in_order(funding_round, manager):
    saved = criteria_services.set_criteria(manager, funding_round, rows(40, 35, 25))
    assert [(c.name, c.weight, c.position) for c in saved] == [
        ("Criterion 1", 40, 0),
        ("Criterion 2", 35, 1),
        ("Criterion 3", 25, 2),
    ]
    event = AuditEvent.objects.get(action="round.criteria_set")
    assert [c["weight"] for c in event.after["criteria"]] == [40, 35, 25]
    assert event.before == {"criteria": []}


@pytest.mark.parametrize(("weights", "total"), [((40, 35, 15), 90), ((50, 51), 101), ((99,), 99)])
def test_weights_must_add_up_to_exactly_100_and_the_message_says_what_they_make(
    funding_round, manager, weights, total
):
    errors = refused(criteria_services.set_criteria, manager, funding_round, rows(*weights))
    assert [e.message for e in errors] == [
        f"The weights add up to {total}%. They must add up to exactly 100%"
    ]
    assert not Criterion.objects.exists()


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (0, "The weight of criterion 2 must be more than 0"),
        (-10, "The weight of criterion 2 must be more than 0"),
        (None, "Enter the weight of criterion 2 as a whole number, like 25"),
        ("50", "Enter the weight of criterion 2 as a whole number, like 25"),
        (True, "Enter the weight of criterion 2 as a whole number, like 25"),
    ],
)
def test_each_weight_is_a_positive_whole_number(funding_round, manager, weight, message):
    data = rows(100, 0)
    data[1]["weight"] = weight
    errors = refused(criteria_services.set_criteria, manager, funding_round, data)
    assert messages_by_field(errors) == {"criteria-2-weight": message}


def test_criteria_need_names_that_differ_and_there_must_be_one(funding_round, manager):
    data = rows(50, 50)
    data[1]["name"] = "criterion 1"
    assert messages_by_field(
        refused(criteria_services.set_criteria, manager, funding_round, data)
    ) == {"criteria-2-name": "‘criterion 1’ is in the list twice"}
    assert refused(criteria_services.set_criteria, manager, funding_round, [])[0].message == (
        "Add at least one criterion"
    )


def test_errors_name_the_row_on_the_page(funding_round, manager):
    data = [{"row": 4, "name": "", "weight": 100}]
    assert messages_by_field(
        refused(criteria_services.set_criteria, manager, funding_round, data)
    ) == {"criteria-4-name": "Enter a name for criterion 4"}


def test_changing_criteria_keeps_those_still_there_and_removes_the_rest(funding_round, manager):
    first, second = criteria_services.set_criteria(manager, funding_round, rows(60, 40))
    kept = criteria_services.set_criteria(
        manager,
        funding_round,
        [
            {"id": second.pk, "name": "Value for money", "weight": 70},
            {"name": "Evidence", "weight": 30},
        ],
    )
    assert kept[0].pk == second.pk
    assert [(c.name, c.weight, c.position) for c in funding_round.criteria.all()] == [
        ("Value for money", 70, 0),
        ("Evidence", 30, 1),
    ]
    assert not Criterion.objects.filter(pk=first.pk).exists()


def test_at_most_ten_criteria(funding_round, manager):
    errors = refused(criteria_services.set_criteria, manager, funding_round, rows(*[10] * 10, 0))
    assert "A round can have at most 10 criteria" in [e.message for e in errors]
    assert len(criteria_services.set_criteria(manager, funding_round, rows(*[10] * 10))) == 10


def test_criteria_are_fixed_once_a_bid_has_been_submitted(funding_round, manager):
    criteria_services.set_criteria(manager, funding_round, rows(60, 40))
    ApplicationFactory(round=funding_round, state="draft")
    criteria_services.set_criteria(manager, funding_round, rows(50, 50))  # drafts may still change
    ApplicationFactory(round=funding_round, state="submitted")
    with pytest.raises(DomainError, match="can no longer change"):
        criteria_services.set_criteria(manager, funding_round, rows(100))
    assert list(funding_round.criteria.values_list("weight", flat=True)) == [50, 50]


def test_someone_who_does_not_manage_it_cannot_set_criteria(funding_round):
    with pytest.raises(PermissionDenied):
        criteria_services.set_criteria(UserFactory(), funding_round, rows(100))


def test_the_same_summer_time_given_in_london_time_is_not_a_change(programme, manager):
    summer = round_data(opens_at=aware(2027, 5, 1, 9, 0), closes_at=aware(2027, 6, 1, 17, 0))
    funding_round = rounds_services.create_round(manager, programme, summer)
    again = rounds_services.update_round(manager, funding_round, summer, expected_version=1)
    assert again.version == 1
    assert again.closes_at.isoformat() == "2027-06-01T16:00:00+00:00"
