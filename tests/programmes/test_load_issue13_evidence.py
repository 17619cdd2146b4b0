"""Issue 13: evaluation_reports.csv and findings_additions.csv load completely as published
reports and findings; unit costs get a financial year only where the text plainly names one."""

from datetime import date

import pytest

from innovation_fund.core.input_files import split_urls
from innovation_fund.demo.loaders import load_programme
from innovation_fund.demo.loaders.evidence import financial_year_of
from innovation_fund.demo.loaders.reports import report_slug
from innovation_fund.evidence.models import (
    Evaluation,
    EvaluationReport,
    Finding,
    GdpDeflator,
    UnitCost,
)

from .conftest import read_rows

pytestmark = pytest.mark.django_db


def test_every_report_loads_published_and_final_as_the_file_gives_it(loaded):
    rows = read_rows("evaluation_reports.csv")
    assert len(rows) == 21
    assert EvaluationReport.objects.count() == 21
    assert Evaluation.objects.count() == 21
    for number, row in enumerate(rows, start=1):
        report = EvaluationReport.objects.select_related("evaluation").get(slug=report_slug(row))
        assert report.source_row == number
        assert (report.kind, report.state) == ("final", "published")
        assert (report.title, report.report_number) == (row["title"], row["report_number"])
        assert report.evaluation.evaluator_name == row["evaluator"]
        assert report.evaluation.programme.slug
        assert not report.evaluation.is_demonstration
        assert report.url == split_urls(row["url"])[0]
        assert report.evidence_quote == row["evidence_quote"]
        assert set(report.sources.values_list("url", flat=True)) == set(split_urls(row["url"]))
        assert report.imported_from.file_name == "evaluation_reports.csv"
    assert EvaluationReport.objects.published().count() == 21


def test_dates_are_months_and_blanks_stay_not_known(loaded):
    aycliffe = EvaluationReport.objects.get(report_number="03")
    assert (aycliffe.published_on, aycliffe.published_on_precision) == (date(2016, 7, 1), "month")
    assert aycliffe.numbered_title.startswith("Evaluation Report 03: Aycliffe")
    undated = EvaluationReport.objects.filter(published_on__isnull=True)
    assert set(undated.values_list("title", flat=True)) == {
        row["title"] for row in read_rows("evaluation_reports.csv") if not row["published"]
    }
    unnumbered = EvaluationReport.objects.filter(report_number="")
    assert unnumbered.count() == sum(
        1 for row in read_rows("evaluation_reports.csv") if not row["report_number"]
    )


def test_reports_belong_to_their_projects_and_name_evaluators_as_sources_do(loaded):
    aycliffe = EvaluationReport.objects.get(report_number="03").evaluation
    assert list(aycliffe.projects.values_list("name", flat=True)) == [
        "Aycliffe CSE innovation project"
    ]
    assert aycliffe.evaluator is None
    assert aycliffe.evaluator_label == "Sara Scott"
    # Only an evaluator whose text is exactly an organisation's name is tied to it.
    credo = Evaluation.objects.get(projects__slug="specialist-foster-care-placement-project")
    assert credo.evaluator.slug == "coram"
    assert Evaluation.objects.filter(evaluator__isnull=False).count() == 1
    programme_level = EvaluationReport.objects.get(report_number="58").evaluation
    assert not programme_level.projects.exists()
    belhaven = EvaluationReport.objects.get(report_number="36").evaluation
    assert not belhaven.projects.exists()
    better_by_design = Evaluation.objects.get(title__startswith="Evaluation of Better by Design")
    assert better_by_design.evaluator_name == "not named in readable text"


def test_every_additional_finding_loads_with_its_quote_and_no_direction(loaded):
    rows = read_rows("findings_additions.csv")
    assert len(rows) == 17
    labels = {row["project"] for row in rows}
    added = Finding.objects.filter(project_label__in=labels)
    assert added.count() == 17
    assert Finding.objects.count() == 17 + len(read_rows("evaluation_findings.csv"))
    for row in rows:
        finding = added.get(project_label=row["project"], outcome=row["outcome"])
        assert (finding.result, finding.evidence_quote) == (row["result"], row["evidence_quote"])
        assert finding.direction == ""
        assert finding.project is not None
        assert finding.imported_from.file_name == "findings_additions.csv"
    # A null result is a finding like any other.
    credo = added.get(project__slug="specialist-foster-care-placement-project")
    assert credo.result.startswith("not tested")
    assert Finding.objects.published().filter(pk__in=added).count() == 17


def test_findings_link_to_a_report_only_where_plainly_from_it(loaded):
    stockport = Finding.objects.get(project_label="Stockport Family (Round 1)")
    assert stockport.report.report_number == "35"
    step_change = Finding.objects.get(project_label="Step Change (Action for Children, Round 1)")
    assert step_change.report.report_number == "13"
    hope = Finding.objects.filter(project_label="Extended HOPE Service (Surrey, Round 1)")
    assert {finding.report.title for finding in hope} == {"Extended HOPE evaluation"}
    havering = Finding.objects.filter(project_label="Face to Face Pathways (Havering, Round 2)")
    assert [finding.report for finding in havering] == [None, None]
    house = Finding.objects.get(project_label="The House Project (Phase 2)")
    assert house.report is None  # the loaded House Project report is Stoke's, phase one


def test_unit_costs_have_a_financial_year_only_where_the_text_names_one(loaded):
    assert financial_year_of("2023-24") == 2023
    assert financial_year_of("2019-20 (real terms, reported by NAO alongside 2023-24 figure)") == (
        2019
    )
    for text in ["", "2023-25 funding round", "2019 (DfE recommended minimum, as cited)"]:
        assert financial_year_of(text) is None
    assert financial_year_of("Unit Costs of Health and Social Care 2017 volume") is None
    for row in read_rows("unit_costs.csv"):
        cost = UnitCost.objects.get(item=row["item"], unit=row["unit"])
        assert cost.financial_year == financial_year_of(row["price_year"])
    assert UnitCost.objects.filter(financial_year=2023).exists()
    unknown = UnitCost.objects.filter(financial_year__isnull=True).first()
    assert unknown.price_year_label == "Price year not known"


def test_loading_again_changes_no_report_or_finding(loaded):
    before = list(EvaluationReport.objects.values_list("pk", "slug", "evaluation_id"))
    report = load_programme()
    assert not report.changed
    assert list(EvaluationReport.objects.values_list("pk", "slug", "evaluation_id")) == before
    assert report.unchanged["evaluation report"] == 21
    assert report.unchanged["evaluation"] == 21
    assert report.unchanged["GDP deflator"] == GdpDeflator.objects.count()


def test_the_gdp_deflators_load_with_the_programme_and_are_counted(loaded):
    assert GdpDeflator.objects.count() > 0
    assert loaded.created["GDP deflator"] == GdpDeflator.objects.count()
    assert any(line.startswith("  GDP deflator: ") for line in loaded.lines())
