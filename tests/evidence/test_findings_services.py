"""Adding, changing, rating and removing findings: each audited, only while the report may be
edited, and refused with a message at the field where an answer is wrong."""

from decimal import Decimal

import pytest

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.evidence.models import EvaluationReport, Finding
from innovation_fund.evidence.services import findings as services
from innovation_fund.evidence.services.findings import FindingAnswers
from tests.factories import OutcomeFactory, ProgrammeFactory

from .findings_costs_data import another_evaluator, evaluator_of, report_with_deflators

pytestmark = pytest.mark.django_db


def _answers(**more) -> FindingAnswers:
    values = {
        "outcome": "Children looked after",
        "result": "12% fewer days in care",
        "direction": "positive",
        "population": "Children in need",
    }
    return FindingAnswers(**{**values, **more})


@pytest.fixture
def report():
    return report_with_deflators()


def test_an_evaluator_adds_a_finding_with_every_part(report):
    user = evaluator_of(report)
    outcome = OutcomeFactory(programme=report.evaluation.programme)
    finding = services.add_finding(
        user,
        report,
        _answers(
            framework_outcome=outcome,
            direction="no_effect",
            baseline="40 days",
            comparison="Matched authorities",
            effect_size=Decimal("-0.12"),
            effect_size_measure="Cohen's d",
            interval_lower=Decimal("-0.30"),
            interval_upper=Decimal("0.06"),
            interval_level=95,
            sample_size=240,
            period="2017 to 2019",
        ),
    )
    finding.refresh_from_db()
    assert finding.report == report
    assert finding.direction == Finding.Direction.NO_EFFECT
    assert finding.framework_outcome == outcome
    assert finding.effect_size == Decimal("-0.12")
    assert finding.project == report.evaluation.projects.get()
    assert finding.project_label == finding.project.display_name
    assert AuditEvent.objects.filter(action="evidence.finding_added").count() == 1


@pytest.mark.parametrize("direction", ["positive", "no_effect", "negative", "mixed"])
def test_every_direction_is_accepted(report, direction):
    user = evaluator_of(report)
    assert services.add_finding(user, report, _answers(direction=direction)).direction == direction


def test_wrong_answers_are_refused_at_their_fields(report):
    user = evaluator_of(report)
    other_programme_outcome = OutcomeFactory(
        programme=ProgrammeFactory(slug="another-programme", name="Another programme")
    )
    with pytest.raises(DomainError) as refused:
        services.add_finding(
            user,
            report,
            _answers(
                outcome="",
                direction="",
                framework_outcome=other_programme_outcome,
                interval_lower=Decimal("1"),
                interval_upper=Decimal("0.5"),
            ),
        )
    fields = {error.field for error in refused.value.errors}
    assert fields == {"outcome", "direction", "framework_outcome", "interval_lower"}
    assert Finding.objects.count() == 0


def test_only_one_end_of_an_interval_is_refused(report):
    user = evaluator_of(report)
    with pytest.raises(DomainError) as refused:
        services.add_finding(user, report, _answers(interval_lower=Decimal("0.1")))
    assert refused.value.field == "interval_upper"


def test_changing_records_only_what_changed(report):
    user = evaluator_of(report)
    finding = services.add_finding(user, report, _answers())
    services.change_finding(user, finding, _answers(direction="negative"))
    event = AuditEvent.objects.get(action="evidence.finding_changed")
    assert event.before == {"direction": "positive"}
    assert event.after == {"direction": "negative"}


def test_rating_on_a_named_scale(report):
    user = evaluator_of(report)
    finding = services.add_finding(user, report, _answers())
    services.rate_finding(user, finding, scale_key="maryland", level_key="3")
    finding.refresh_from_db()
    assert (finding.evidence_scale, finding.evidence_level) == ("maryland", "3")
    with pytest.raises(DomainError) as refused:
        services.rate_finding(user, finding, scale_key="maryland", level_key="4+")
    assert refused.value.field == "level"
    services.rate_finding(user, finding, scale_key="", level_key="3")
    finding.refresh_from_db()
    assert (finding.evidence_scale, finding.evidence_level) == ("", "")


def test_removing_is_audited(report):
    user = evaluator_of(report)
    finding = services.add_finding(user, report, _answers())
    services.remove_finding(user, finding)
    assert not Finding.objects.exists()
    assert AuditEvent.objects.filter(action="evidence.finding_removed").count() == 1


def test_another_evaluator_may_not_add(report):
    with pytest.raises(Refused):
        services.add_finding(another_evaluator(report), report, _answers())


@pytest.mark.parametrize("state", ["submitted", "accepted", "published"])
def test_a_report_past_draft_is_not_changed(state):
    report = report_with_deflators()
    user = evaluator_of(report)
    EvaluationReport.objects.filter(pk=report.pk).update(
        state=state, published_on="2020-01-01" if state == "published" else None
    )
    report.refresh_from_db()
    with pytest.raises(Refused):
        services.add_finding(user, report, _answers())
