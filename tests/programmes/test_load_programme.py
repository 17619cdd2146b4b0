"""Loading the real programme from the shared files and the reviewed facts in demo_data."""

import hashlib
import io

import pytest
from django.core.management import call_command

from innovation_fund.core.input_files import read_csv, split_urls
from innovation_fund.core.models import AuditEvent, DataImport
from innovation_fund.demo.loaders import load_programme
from innovation_fund.demo.loaders.corrections import Corrections
from innovation_fund.demo.loaders.projects import project_slug
from innovation_fund.demo.loaders.report import LoadReport
from innovation_fund.demo.loaders.reviewed import DEMO_DATA_DIR, read_reviewed
from innovation_fund.evidence.models import Finding, UnitCost
from innovation_fund.grants.models import Grant, Project, ProjectArea
from innovation_fund.innovations.models import Adoption, Innovation
from innovation_fund.organisations.models import Organisation
from innovation_fund.programmes.models import Announcement, FocusArea, Programme, Round

from .conftest import PROGRAMME_DIR, read_rows, replace_in

pytestmark = pytest.mark.django_db

FAMILY_SAFEGUARDING_2 = (
    "implement-family-safeguarding-in-other-authorities-and-extend-within-hertfordshire"
)


def corrected_rows() -> list[tuple[str, dict]]:
    """projects.csv's slugs and rows, with the blank cells projects_corrections.csv fills."""
    overlay = Corrections(
        read_csv(PROGRAMME_DIR / "projects_corrections.csv"),
        read_csv(PROGRAMME_DIR / "projects.csv"),
        LoadReport(),
    ).overlay()
    slugs_and_rows = [(project_slug(row), row) for row in read_rows("projects.csv")]
    return [(slug, {**row, **overlay.get(slug, {})}) for slug, row in slugs_and_rows]


def area_codes(project: Project, involvement: str) -> set[str]:
    return set(
        project.areas.filter(involvement=involvement).values_list("authority__gss_code", flat=True)
    )


def test_every_project_row_loads_and_nothing_is_unmatched(loaded):
    rows = read_rows("projects.csv") + read_rows("projects_additions.csv")
    assert loaded.unmatched == []
    assert Project.objects.count() == len(rows)
    assert set(Project.objects.values_list("slug", flat=True)) == {project_slug(r) for r in rows}


def test_each_row_is_stored_as_the_file_gives_it(loaded):
    for number, (slug, row) in enumerate(corrected_rows(), start=1):
        project = Project.objects.get(slug=slug)
        assert project.source_row == number
        assert project.name == row["name"]
        expected_pence = int(row["amount_gbp"]) * 100 if row["amount_gbp"] else None
        assert project.amount_pence == expected_pence
        assert project.award_year == (int(row["award_year"]) if row["award_year"] else None)
        assert (project.round.number if project.round else None) == (
            int(row["round"]) if row["round"] else None
        )


def test_family_safeguarding_round_one(loaded):
    project = Project.objects.get(slug="family-safeguarding")
    assert project.amount_pence == 486000000
    assert project.round.number == 1
    assert project.lead_organisation.name == "Hertfordshire County Council"
    assert project.lead_organisation.authority.gss_code == "E10000015"
    assert project.lead_organisation.org_id == "GB-LAE-HRT"
    assert area_codes(project, ProjectArea.Involvement.LEAD) == {"E10000015"}
    assert project.focus_area.name == "Rethinking children's social work"
    assert [str(partner) for partner in project.partners.all()][:2] == [
        "Clinical Commissioning Groups",
        "police",
    ]


def test_round_two_family_safeguarding_scales_round_one_in_four_more_areas(loaded):
    project = Project.objects.get(slug=FAMILY_SAFEGUARDING_2)
    assert list(project.scales.values_list("slug", flat=True)) == ["family-safeguarding"]
    names = set(
        project.areas.filter(involvement=ProjectArea.Involvement.PARTNER).values_list(
            "authority__name", flat=True
        )
    )
    assert names == {"Luton", "Peterborough", "Bracknell Forest", "West Berkshire"}
    assert area_codes(project, ProjectArea.Involvement.LEAD) == {"E10000015"}


def test_partnership_members_are_areas_in_the_partnerships_role(loaded):
    focus_on_practice = Project.objects.get(slug="focus-on-practice")
    westminster, hammersmith, kensington = "E09000033", "E09000013", "E09000020"
    assert area_codes(focus_on_practice, "lead") == {westminster, hammersmith, kensington}
    # Named again as partners, they stay leads only.
    assert area_codes(focus_on_practice, "partner") == set()


def test_blanks_stay_blank(loaded):
    rows = [row for _, row in corrected_rows()] + read_rows("projects_additions.csv")
    blank_amounts = sum(1 for row in rows if not row["amount_gbp"])
    assert Project.objects.filter(amount_pence__isnull=True).count() == blank_amounts
    pause = Project.objects.get(slug="pause-expansion-of-hackney-pilot")
    assert pause.amount_pence is None
    sefton = Project.objects.get(slug="round-1-sefton-council")
    assert sefton.name == ""
    assert sefton.award_year is None
    assert sefton.display_name == "Round One project led by Sefton Metropolitan Borough Council"
    assert Finding.objects.exclude(direction="").count() == 0


def test_announcements_keep_the_figures_they_gave(loaded):
    february_2015 = Announcement.objects.get(announced_on__year=2015)
    assert february_2015.amount_pence == 5940000000
    assert (february_2015.authority_count, february_2015.authorities_total) == (45, 152)
    assert february_2015.instalments == 5
    march_2017 = Announcement.objects.get(announced_on="2017-03-20")
    assert march_2017.amount_pence == 3600000000
    assert march_2017.project_count == 11
    assert march_2017.projects.count() == 11
    assert march_2017.projects.filter(slug=FAMILY_SAFEGUARDING_2).exists()
    assert march_2017.sources.filter(url__contains="govopps").exists()


def test_programme_rounds_and_focus_areas(loaded):
    programme = Programme.objects.get()
    assert programme.funder_org_id == "GB-GOR-D6"
    assert programme.budget_pence == 200_000_000 * 100
    assert (programme.first_year, programme.last_year) == (2014, 2020)
    assert list(Round.objects.values_list("number", flat=True)) == [1, 2, 3]
    round_one = FocusArea.objects.filter(round__number=1).values_list("name", flat=True)
    assert list(round_one) == [
        "Rethinking children's social work",
        "Rethinking support for adolescents in or on the edge of care",
    ]
    assert all(item.sources.exists() for item in Round.objects.all())


def test_the_real_rounds_are_history_published_and_complete(loaded):
    assert {item.lifecycle_state for item in Round.objects.all()} == {"complete"}


def test_every_project_has_the_sources_its_row_cites(loaded):
    for row in read_rows("projects.csv"):
        project = Project.objects.get(slug=project_slug(row))
        urls = set(project.sources.values_list("url", flat=True))
        assert urls == set(split_urls(row["source_url"]))
        assert urls


def test_every_project_keeps_the_file_it_came_from(loaded):
    digest = hashlib.sha256((PROGRAMME_DIR / "projects.csv").read_bytes()).hexdigest()
    imports = DataImport.objects.filter(file_name="projects.csv")
    assert imports.count() == 1
    assert imports.get().file_sha256 == digest
    additions = [project_slug(row) for row in read_rows("projects_additions.csv")]
    assert (
        Project.objects.exclude(slug__in=additions).exclude(imported_from=imports.get()).count()
        == 0
    )
    file_names = set(DataImport.objects.values_list("file_name", flat=True))
    assert {"projects.csv", "evaluation_findings.csv", "unit_costs.csv"} <= file_names


def test_organisation_ids_come_from_the_registers(loaded):
    for row in read_reviewed().organisation_rows:
        organisation = Organisation.objects.get(slug=row["key"])
        if row["authority_gss"]:
            assert organisation.authority.gss_code == row["authority_gss"]
            assert organisation.org_id.startswith("GB-LAE-")
    assert Organisation.objects.get(slug="barnardos").org_id == "GB-CHC-216250"
    assert Organisation.objects.get(slug="pause").org_id is None


def test_findings_and_unit_costs(loaded):
    findings = read_rows("evaluation_findings.csv")
    assert Finding.objects.count() == len(findings) + len(read_rows("findings_additions.csv"))
    rated = Finding.objects.exclude(evidence_rating="")
    findings += read_rows("findings_additions.csv")
    assert rated.count() == sum(1 for row in findings if row["evidence_rating"])
    first = Finding.objects.get(project_label=findings[0]["project"], position=1)
    assert first.project.slug == "family-safeguarding"
    assert first.innovation.slug == "family-safeguarding"
    costs = read_rows("unit_costs.csv")
    assert UnitCost.objects.count() == len(costs)
    for row in costs:
        cost = UnitCost.objects.get(item=row["item"], unit=row["unit"])
        assert cost.cost_pence == int(row["cost_gbp"]) * 100
        assert set(cost.sources.values_list("url", flat=True)) == set(split_urls(row["source_url"]))


def test_innovations_begin_somewhere_and_spread(loaded):
    assert Innovation.objects.count() == len(read_reviewed(DEMO_DATA_DIR).innovation_rows)
    family_safeguarding = Innovation.objects.get(slug="family-safeguarding")
    assert family_safeguarding.originator.slug == "hertfordshire"
    assert family_safeguarding.origin_authority.gss_code == "E10000015"
    assert family_safeguarding.origin_year == 2014
    origin = family_safeguarding.adoptions.get(is_origin=True)
    assert (origin.authority.gss_code, origin.project.slug, origin.year) == (
        "E10000015",
        "family-safeguarding",
        2014,
    )
    luton = family_safeguarding.adoptions.get(authority__name="Luton")
    assert (luton.project.slug, luton.year, luton.is_origin) == (FAMILY_SAFEGUARDING_2, 2017, False)
    assert Adoption.objects.filter(sources__isnull=True).count() == 0


def table_sizes() -> dict[str, int]:
    models = [Project, Grant, Organisation, Innovation, Adoption, Finding, UnitCost, Announcement]
    sizes = {model.__name__: model.objects.count() for model in models}
    sizes["AuditEvent"] = AuditEvent.objects.count()
    sizes["DataImport"] = DataImport.objects.count()
    sizes["ProjectArea"] = ProjectArea.objects.count()
    return sizes


def test_loading_again_changes_nothing(loaded):
    before = table_sizes()
    report = load_programme()
    assert not report.changed
    assert report.imports == []
    assert table_sizes() == before


def test_a_name_missing_from_the_map_is_reported_not_guessed(loaded, data_copy):
    replace_in(data_copy / "projects.csv", "Luton; Peterborough", "Luton Borough; Peterborough")
    report = load_programme(data_dir=data_copy)
    assert [(u.file, u.column, u.text) for u in report.unmatched] == [
        ("projects.csv", "partner_organisations", "Luton Borough")
    ]
    project = Project.objects.get(slug=FAMILY_SAFEGUARDING_2)
    assert "E06000032" not in area_codes(project, "partner")
    assert len(area_codes(project, "partner")) == 3
    assert report.created["organisation"] == 0
    assert Project.objects.count() == len(read_rows("projects.csv")) + len(
        read_rows("projects_additions.csv")
    )


def test_a_lead_missing_from_the_map_skips_only_its_project(loaded, data_copy):
    replace_in(data_copy / "projects.csv", ",North Yorkshire County Council,,", ",NYCC,,")
    report = load_programme(data_dir=data_copy)
    first, *knock_on = report.unmatched
    assert (first.file, first.row, first.column, first.text) == (
        "projects.csv",
        3,
        "lead_organisation",
        "NYCC",
    )
    # What refers to the skipped project (a later project, findings) is reported too.
    assert knock_on
    assert {item.text for item in knock_on} == {"no-wrong-door"}
    assert "projects.csv row 3: not loaded, lead not known" in report.warnings
    loaded_projects = report.unchanged["project"] + report.updated["project"]
    assert (
        loaded_projects
        == len(read_rows("projects.csv")) + len(read_rows("projects_additions.csv")) - 1
    )
    assert report.created["project"] == 0
    assert not Organisation.objects.filter(name="NYCC").exists()


def test_a_changed_figure_updates_one_project_with_its_audit_trail(loaded, data_copy):
    replace_in(data_copy / "projects.csv", ",4860000,", ",4870000,")
    events_before = AuditEvent.objects.count()
    report = load_programme(data_dir=data_copy)
    assert report.updated["project"] == 1
    assert report.created["project"] == 0
    project = Project.objects.get(slug="family-safeguarding")
    assert project.amount_pence == 487000000
    assert (
        project.imported_from.file_sha256
        == hashlib.sha256((data_copy / "projects.csv").read_bytes()).hexdigest()
    )
    actions = list(AuditEvent.objects.order_by("id")[events_before:].values_list("action", "after"))
    assert [action for action, _ in actions] == ["data_import.created", "project.updated"]
    assert actions[1][1]["amount_pence"] == 487000000


def test_the_command_prints_its_report(loaded):
    output = io.StringIO()
    call_command("load_programme", stdout=output)
    assert "Names not matched (not loaded, not guessed): 0" in output.getvalue()
    assert "No changes" in output.getvalue()


def test_every_award_in_a_round_becomes_a_grant_with_its_amount_or_none(loaded):
    in_a_round = Project.objects.filter(round__isnull=False)
    assert Grant.objects.count() == in_a_round.count() > 50
    for project in in_a_round.select_related("grant"):
        grant = project.grant
        assert grant.decision_id is None
        assert (grant.round_id, grant.recipient_id) == (
            project.round_id,
            project.lead_organisation_id,
        )
        assert grant.amount_pence == project.amount_pence
    unknown = Grant.objects.filter(amount_pence__isnull=True).count()
    assert unknown == in_a_round.filter(amount_pence__isnull=True).count()
