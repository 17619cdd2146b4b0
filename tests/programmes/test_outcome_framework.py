"""The real programme's outcome framework, loaded only as far as its sources give it: each outcome
named in the evidence, with the sources that name it, and a note saying what is missing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from innovation_fund.applications.models import ApplicationOutcome
from innovation_fund.demo.loaders.programme import _load_outcome_framework
from innovation_fund.demo.loaders.report import LoadReport
from innovation_fund.demo.loaders.reviewed import read_reviewed
from innovation_fund.demo.loaders.sources import SourceBook
from innovation_fund.demo.outcomes import seed_demonstration_outcomes
from innovation_fund.programmes.models import Outcome, Programme
from innovation_fund.programmes.outcome_selectors import framework_for_round
from tests.factories import ApplicationFactory, OpenRoundFactory, OutcomeFactory, ProgrammeFactory

EVIDENCE = Path(settings.SHARED_DATA_DIR) / "evidence" / "programme_outcomes.md"
REAL_SLUG = "childrens-social-care-innovation-programme"


@pytest.fixture
def framework() -> dict:
    return read_reviewed().programme.content["programme"]["outcome_framework"]


def load(programme, framework) -> tuple[bool, LoadReport]:
    report = LoadReport()
    changed = _load_outcome_framework(programme, framework, SourceBook(report), report)
    return changed, report


def squeezed(text: str) -> str:
    return " ".join(text.replace("‘", "'").replace("’", "'").split())


def test_every_outcome_in_the_reviewed_file_is_named_by_the_evidence_with_its_sources(framework):
    evidence = squeezed(EVIDENCE.read_text(encoding="utf-8"))
    assert framework["outcomes"], "the programme's objectives are sourced outcomes"
    for outcome in framework["outcomes"]:
        assert f'"{squeezed(outcome["name"])}."' in evidence, outcome["name"]
        assert outcome["sources"], outcome["slug"]
        for url in outcome["sources"]:
            assert url in evidence, url
    slugs = [outcome["slug"] for outcome in framework["outcomes"]]
    assert len(set(slugs)) == len(slugs)


def test_the_file_says_plainly_what_the_sources_leave_out(framework):
    note = framework["note"]
    assert note.startswith("This framework is incomplete.")
    assert "seven outcomes" in note and "14 hard and 9 soft outcomes" in note


@pytest.mark.django_db
def test_loading_creates_the_outcomes_with_their_sources_once(framework):
    programme = ProgrammeFactory()
    changed, report = load(programme, framework)
    assert changed
    count = len(framework["outcomes"])
    assert report.created["outcome"] == count
    assert list(programme.outcomes.values_list("name", flat=True)) == [
        outcome["name"] for outcome in framework["outcomes"]
    ]
    for outcome in programme.outcomes.all():
        assert sorted(outcome.sources.values_list("url", flat=True)) == sorted(
            next(o for o in framework["outcomes"] if o["slug"] == outcome.slug)["sources"]
        )
        assert outcome.definition and not outcome.is_demonstration
        assert (outcome.measure, outcome.unit, outcome.direction) == ("", "", "")
    programme.refresh_from_db()
    assert programme.outcome_framework_note == framework["note"]

    changed, report = load(programme, framework)
    assert not changed
    assert report.unchanged["outcome"] == count


@pytest.mark.django_db
def test_withdrawn_outcomes_are_deleted_unless_a_bid_chose_them(framework):
    programme = ProgrammeFactory()
    unsourced = [
        OutcomeFactory(programme=programme, slug=slug, name=slug)
        for slug in framework["withdrawn"]["slugs"]
    ]
    chosen, team_added = unsourced[0], OutcomeFactory(programme=programme, slug="team-added")
    ApplicationOutcome.objects.create(
        application=ApplicationFactory(round=OpenRoundFactory(programme=programme)),
        outcome=chosen,
        measure="m",
        baseline="b",
        target="t",
    )
    _, report = load(programme, framework)
    assert report.deleted["outcome"] == len(unsourced) - 1
    chosen.refresh_from_db()
    assert chosen.retired_at is not None
    assert f"Outcome {chosen.slug!r} is withdrawn but bids chose it" in report.warnings[0]
    # One the programme team added on the screens is kept, and reported.
    assert Outcome.objects.filter(pk=team_added.pk, retired_at=None).exists()
    assert "Outcome 'team-added' is not in programme.json: kept, not deleted" in report.warnings


@pytest.mark.django_db
def test_a_reload_keeps_a_measure_set_on_the_screens(framework):
    programme = ProgrammeFactory()
    load(programme, framework)
    first = programme.outcomes.first()
    first.measure = "Set by the team"
    first.save()
    load(programme, framework)
    first.refresh_from_db()
    assert first.measure == "Set by the team"


def test_the_programme_loader_loads_only_the_sourced_framework(loaded, framework):
    programme = Programme.objects.get(slug=REAL_SLUG)
    outcomes = list(programme.outcomes.prefetch_related("sources"))
    assert [outcome.slug for outcome in outcomes] == [o["slug"] for o in framework["outcomes"]]
    assert all(outcome.sources.all() for outcome in outcomes)
    assert not any(outcome.is_demonstration for outcome in outcomes)
    assert programme.outcome_framework_note.startswith("This framework is incomplete.")


@pytest.mark.django_db
def test_the_demonstration_framework_is_labelled_not_real_and_seeded_once():
    programme = ProgrammeFactory(slug="demonstration-programme")
    funding_round = OpenRoundFactory(programme=programme)
    with_label = {"added_at": funding_round.opens_at, "actor_label": "test"}
    with transaction.atomic():
        outcomes = seed_demonstration_outcomes(programme, **with_label)
        seed_demonstration_outcomes(programme, **with_label)
    assert programme.outcomes.count() == len(outcomes) >= 3
    for outcome in outcomes:
        assert outcome.is_demonstration and outcome.name.endswith("(not real)")
        assert outcome.measure and outcome.direction
    assert framework_for_round(funding_round) == outcomes
