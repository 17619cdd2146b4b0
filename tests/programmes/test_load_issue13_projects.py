"""Issue 13: projects_additions.csv and projects_corrections.csv load completely, keep every
fact with its sources and quote, fill only blank cells the sources agree on, and keep both
values where they disagree."""

import pytest
from django.urls import reverse

from innovation_fund.core.input_files import split_urls
from innovation_fund.core.models import DataImport
from innovation_fund.demo.loaders import load_programme
from innovation_fund.demo.loaders.projects import project_slug
from innovation_fund.grants.models import Project, ProjectFact
from innovation_fund.public.project_facts import sourced_facts

from .conftest import read_rows

pytestmark = pytest.mark.django_db

NEW_FILES = {
    "projects_additions.csv",
    "projects_corrections.csv",
    "evaluation_reports.csv",
    "findings_additions.csv",
}
DORSET = "reinvigorating-social-work-risw"
NAMED_BY_CORRECTIONS = {
    "round-1-london-borough-of-ealing": "Brighter Futures",
    "round-1-surrey-county-council": "Extended HOPE Service",
    "round-1-durham-county-council-aycliffe-secure-childrens-home": (
        "Aycliffe CSE innovation project"
    ),
    "round-1-stoke-on-trent-city-council": "The House Project (Stoke-on-Trent)",
    "round-1-london-borough-of-hackney": "Family Learning Intervention Programme (FLIP)",
    "round-1-tri-borough-alternative-provision-trust": "TBAP Residence",
    "round-1-torbay-council": "Social Work Innovation Fund Torbay (SWIFT)",
    "round-1-action-for-children": "Step Change",
    "round-1-calderdale-council": "The Right Home",
    "round-1-achieving-for-children": "Better by Design",
}


def test_nothing_in_the_new_files_is_unmatched(loaded):
    assert [item for item in loaded.unmatched if item.file in NEW_FILES] == []
    assert loaded.unmatched == []


def test_the_five_additions_load_as_projects_with_their_quote_and_no_round(loaded):
    rows = read_rows("projects_additions.csv")
    assert len(rows) == 5
    for number, row in enumerate(rows, start=1):
        project = Project.objects.get(slug=project_slug(row))
        assert project.name == row["name"]
        assert project.round is None
        assert project.source_row == number
        assert project.imported_from.file_name == "projects_additions.csv"
        assert project.evidence_quote == row["evidence_quote"]
        assert set(project.sources.values_list("url", flat=True)) == set(
            split_urls(row["source_url"])
        )
    scscs = Project.objects.get(slug="staying-close-staying-connected")
    assert scscs.lead_organisation.name == "Break"
    assert scscs.amount_pence == 130000000
    assert {str(partner) for partner in scscs.partners.all()} == {
        "Norfolk County Council",
        "Cambridgeshire County Council",
        "Peterborough City Council",
    }
    house = Project.objects.get(slug="the-house-project-scale-up-and-national-house-project")
    assert list(house.scales.values_list("slug", flat=True)) == [
        "round-1-stoke-on-trent-city-council"
    ]
    # Blanks stay blank: no amount or year for North East Lincolnshire's expansion.
    expansion = Project.objects.get(name__startswith="North East Lincolnshire expansion")
    assert (expansion.amount_pence, expansion.award_year) == (None, None)


def test_every_correction_row_is_a_fact_with_its_sources_and_quote(loaded):
    rows = read_rows("projects_corrections.csv")
    assert len(rows) == 75
    assert ProjectFact.objects.count() == 75
    for number, row in enumerate(rows, start=1):
        fact = ProjectFact.objects.get(source_row=number)
        assert (fact.field, fact.value, fact.quote) == (
            row["field"],
            row["new_value"],
            row["evidence_quote"],
        )
        assert set(fact.sources.values_list("url", flat=True)) == set(split_urls(row["source_url"]))
        assert fact.imported_from.file_name == "projects_corrections.csv"


def test_the_ten_unnamed_round_one_projects_are_named(loaded):
    for slug, name in NAMED_BY_CORRECTIONS.items():
        project = Project.objects.get(slug=slug)
        assert project.name == name, slug
        assert project.round.number == 1
    still_unnamed = Project.objects.filter(round__number=1, name="")
    assert set(still_unnamed.values_list("slug", flat=True)) == {
        "round-1-cambridgeshire-county-council",
        "round-1-london-borough-of-enfield",
        "round-1-sefton-council",
        "round-1-west-sussex-county-council",
        "round-1-st-christophers-fellowship",
    }


def test_blank_cells_are_filled_only_where_the_sources_agree(loaded):
    ealing = Project.objects.get(slug="round-1-london-borough-of-ealing")
    assert (ealing.amount_pence, ealing.award_year) == (350000000, 2014)
    assert ealing.practice_description.startswith("Multi-disciplinary edge-of-care teams")
    # A cell projects.csv fills keeps its value; the other source's fact is kept beside it.
    bristol = Project.objects.get(slug="bristol-city-council-staying-close-pilot")
    assert bristol.name == "Bristol City Council Staying Close pilot"
    assert bristol.facts.filter(field="name").get().value.startswith("Staying Close Project")
    fair_ways = Project.objects.get(slug="staying-close-pilot")
    assert fair_ways.award_year == 2017
    assert fair_ways.amount_pence == 48300000
    assert "Portsmouth City Council" in [str(p) for p in fair_ways.partners.all()]


def test_dorset_keeps_both_amounts_and_no_amount(loaded):
    dorset = Project.objects.get(slug=DORSET)
    assert dorset.amount_pence is None
    amounts = dorset.facts.filter(field=ProjectFact.Field.AMOUNT)
    assert sorted(fact.number for fact in amounts) == [1900000, 1995000]
    assert any(DORSET in warning for warning in loaded.warnings)
    [group] = [group for group in sourced_facts(dorset) if group.field == "amount_gbp"]
    assert group.disagree
    assert group.shown == "Not known"
    assert len(group.facts) == 2


def test_agreeing_and_confirming_facts_are_not_called_disagreements(loaded):
    family_valued = Project.objects.get(slug="family-valued")
    [group] = sourced_facts(family_valued)
    assert (group.field, group.shown, group.disagree) == ("award_year", "2015", False)
    fair_ways = Project.objects.get(slug="staying-close-pilot")
    years = next(group for group in sourced_facts(fair_ways) if group.field == "award_year")
    assert years.disagree  # 2017 held, 2018 from the project's own page


def test_loading_again_writes_nothing(loaded):
    imports_before = DataImport.objects.count()
    facts_before = list(ProjectFact.objects.values_list("pk", "value", "imported_from_id"))
    report = load_programme()
    assert not report.changed
    assert report.imports == []
    assert DataImport.objects.count() == imports_before
    assert list(ProjectFact.objects.values_list("pk", "value", "imported_from_id")) == facts_before
    assert report.unchanged["project fact"] == 75


def test_the_public_page_shows_facts_with_source_and_quote(loaded, client):
    response = client.get(reverse("public:project_detail", args=[DORSET]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sourced facts" in page
    assert "1995000 (conflict: see next row)" in page
    assert "1900000 (cap; conflicts with £1.995m above)" in page
    assert "The sources disagree" in page
    assert "https://news.dorsetforyou.gov.uk/2017/01/26/" in page
    assert "were awarded up to £1.9m over two years" in page
    assert "ICF Consulting Services Ltd with the University of Birmingham" in page
    surrey = client.get(reverse("public:project_detail", args=["round-1-surrey-county-council"]))
    text = surrey.content.decode()
    assert "Extended HOPE Service" in text
    assert "Anna Freud Centre; York Consulting" in text
    assert "https://www.mentalhealthtoday.co.uk/children-reject-pilot" in text


def test_a_project_without_facts_has_no_facts_section(loaded, client):
    response = client.get(reverse("public:project_detail", args=["family-safeguarding"]))
    assert "Sourced facts" not in response.content.decode()
