"""The real programme's outcome framework, seeded from programme.json, loaded idempotently."""

import pytest

from innovation_fund.programmes.loaders.programme import _load_outcome_framework
from innovation_fund.programmes.loaders.report import LoadReport
from innovation_fund.programmes.loaders.reviewed import read_reviewed
from innovation_fund.programmes.loaders.sources import SourceBook
from innovation_fund.programmes.models import Outcome
from tests.factories import ApplicationFactory, ProgrammeFactory

FRAMEWORK = [
    "Reducing risk for children",
    "Creating greater stability",
    "Increasing wellbeing for children and families",
    "Reducing days spent in care",
    "Workforce wellbeing",
    "Workforce stability",
    "Better value for money",
]


@pytest.fixture
def framework() -> dict:
    return read_reviewed().programme.content["programme"]["outcome_framework"]


def load(programme, framework) -> tuple[bool, LoadReport]:
    report = LoadReport()
    changed = _load_outcome_framework(programme, framework, SourceBook(report), report)
    return changed, report


def test_the_reviewed_file_holds_the_programmes_seven_outcomes_in_order(framework):
    assert [outcome["name"] for outcome in framework["outcomes"]] == FRAMEWORK
    slugs = [outcome["slug"] for outcome in framework["outcomes"]]
    assert len(set(slugs)) == len(slugs)
    assert framework["sources"] == []  # no cited source states it yet: see demo_data/README.md


@pytest.mark.django_db
def test_loading_creates_the_outcomes_once(framework):
    programme = ProgrammeFactory()
    changed, report = load(programme, framework)
    assert changed
    assert report.created["outcome"] == 7
    assert list(programme.outcomes.values_list("name", flat=True)) == FRAMEWORK
    assert list(programme.outcomes.values_list("position", flat=True)) == list(range(7))

    changed, report = load(programme, framework)
    assert not changed
    assert report.unchanged["outcome"] == 7
    assert Outcome.objects.count() == 7


@pytest.mark.django_db
def test_a_renamed_outcome_is_updated_and_one_dropped_from_the_file_is_kept(framework):
    programme = ProgrammeFactory()
    load(programme, framework)
    chosen = programme.outcomes.get(slug="workforce-stability")
    ApplicationFactory().outcomes.create(outcome=chosen)
    framework["outcomes"][0]["name"] = "Reducing risk to children"
    framework["outcomes"] = [o for o in framework["outcomes"] if o["slug"] != chosen.slug]
    changed, report = load(programme, framework)
    assert changed
    assert report.updated["outcome"] == 2  # the renamed one, and the last one moved up
    assert programme.outcomes.get(slug="reducing-risk-for-children").name == (
        "Reducing risk to children"
    )
    assert programme.outcomes.filter(slug=chosen.slug).exists()
    assert programme.outcomes.get(slug="better-value-for-money").position == 5
    assert report.warnings == [
        "Outcome 'workforce-stability' is not in programme.json: kept, not deleted"
    ]


@pytest.mark.django_db
def test_the_programme_loader_seeds_the_framework_for_the_real_programme(loaded):
    from innovation_fund.programmes.models import Programme

    programme = Programme.objects.get(slug="childrens-social-care-innovation-programme")
    assert list(programme.outcomes.values_list("name", flat=True)) == FRAMEWORK
    assert loaded.created["outcome"] == 7
