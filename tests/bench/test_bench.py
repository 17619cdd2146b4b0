"""`make bench`'s arithmetic and its measuring of pages beside their floors, on a small
database (the numbers themselves are never asserted: they belong in the report, not a test)."""

import json

import pytest
from django.db.models import Q

from bench.imports import ImportResult, _floor, write_file
from bench.measure import nearest_rank, timed
from bench.national import build_other_funders_grants
from bench.pages import other_funders_pages, public_pages
from bench.projects import build_projects
from bench.report import import_lines, markdown, verdict, write
from bench.run import NATIONAL_SCALE, PageResult, measure_pages
from innovation_fund.grants.models import Project, ProjectArea
from innovation_fund.opendata.grant_search import GrantFilters, search_grants
from innovation_fund.otherfunders.checking import check_file
from innovation_fund.otherfunders.models import OtherFunderGrant
from tests.factories import LocalAuthorityFactory, OrganisationFactory, ProjectFactory


def test_nearest_rank_percentiles_by_hand():
    twenty = [float(value) for value in range(20, 0, -1)]
    assert nearest_rank(twenty, 95) == 19.0
    assert nearest_rank(twenty, 50) == 10.0
    assert nearest_rank(twenty, 100) == 20.0
    assert nearest_rank([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        nearest_rank([], 95)


def test_timed_keeps_one_sample_per_run_after_the_warm_up():
    calls = []
    timing = timed(lambda: calls.append(1), runs=5, warmup=2)
    assert len(calls) == 7
    assert len(timing.samples_ms) == 5
    assert timing.p95_ms >= timing.median_ms >= 0


def result(**overrides) -> PageResult:
    values = {
        "name": "Home",
        "path": "/",
        "status": 200,
        "html_kb": 20.0,
        "queries": 4,
        "median_ms": 12.5,
        "p95_ms": 15.0,
        "floor_median_ms": 2.5,
        "floor_p95_ms": 3.0,
        "peak_python_mb": 1.2,
        **overrides,
    }
    return PageResult(**values)


def test_the_ratio_and_the_verdict_against_the_target():
    slow = result()
    assert slow.ratio_to_floor == 5.0
    assert not slow.target_met
    assert verdict(slow) == "median missed by 2.5 ms"
    assert verdict(result(median_ms=4.0)) == "met"
    assert verdict(result(status=404, median_ms=1.0)) == "not measured: answered 404"
    # At national scale on SQLite the p95 counts, against 300 ms.
    national = result(target=NATIONAL_SCALE["sqlite"], median_ms=250.0, p95_ms=320.0)
    assert verdict(national) == "p95 missed by 20.0 ms"
    assert verdict(result(target=NATIONAL_SCALE["sqlite"], p95_ms=299.0)) == "met"


def test_the_report_has_a_row_per_page_and_says_what_was_not_measured(tmp_path):
    about = {
        "when": "2026-12-05T19:00:00+00:00",
        "machine": "x86_64, 2 cores",
        "database": "sqlite",
        "data": "test",
        "scale": "programme scale",
        "runs": 3,
        "not_measured": ["National scale: not built yet"],
    }
    results = [result(), result(name="Map", path="/map/", median_ms=3.0)]
    text = markdown(results, about)
    assert "**1 of 2 met.**" in text
    assert "| Home (`/`) | 12.50 | 15.00 | 2.50 | 5.0 | 4 |" in text
    assert "- National scale: not built yet" in text
    markdown_file, json_file = write(results, about, tmp_path)
    payload = json.loads(json_file.read_text())
    assert [page["path"] for page in payload["pages"]] == ["/", "/map/"]
    assert payload["pages"][0]["ratio_to_floor"] == 5.0
    assert markdown_file.read_text() == text


@pytest.mark.django_db
def test_pages_are_measured_whole_beside_a_floor_of_the_same_bytes():
    ProjectFactory(name="Family Safeguarding")
    results = measure_pages([("Home", "/"), ("Projects", "/projects/")], runs=3)
    assert [(each.name, each.status) for each in results] == [("Home", 200), ("Projects", 200)]
    projects = results[1]
    assert projects.queries > 0
    assert projects.html_kb > 1
    assert projects.floor_median_ms > 0
    assert projects.median_ms > 0
    assert projects.peak_python_mb > 0


@pytest.mark.django_db
def test_every_page_the_bench_lists_answers_200_on_a_small_programme():
    project = ProjectFactory(name="Family Safeguarding")
    pages = public_pages()
    assert ("A project", f"/projects/{project.slug}/") in pages
    results = measure_pages(pages, runs=1)
    assert [(each.path, each.status) for each in results if each.status != 200] == []


@pytest.mark.django_db
def test_synthetic_grants_are_labelled_not_real_and_reach_the_authority_page():
    council = OrganisationFactory(
        authority=LocalAuthorityFactory(name="Luton"), org_id="GB-LAE-LUT", slug="luton-council"
    )
    ProjectFactory(
        lead_organisation=council,
        summary="Family safeguarding keeps children safely at home with families",
    )
    assert build_other_funders_grants(2_000, funders=5) == 2_000
    assert build_other_funders_grants(2_000, funders=5) == 0  # once only
    grants = OtherFunderGrant.objects.all()
    assert grants.count() == 2_000
    assert grants.values("funder_org_id").distinct().count() == 5
    assert all("(not real)" in title for title in grants.values_list("title", flat=True))
    to_council = grants.filter(recipient_org_id=council.org_id).count()
    in_area = grants.filter(locations__authority=council.authority).count()
    assert to_council > 0 and in_area > 0
    pages = {path: name for name, path in other_funders_pages()}
    assert "/local-authorities/" + council.authority.slug + "/" in pages
    assert "/funded-organisations/luton-council/" in pages
    results = measure_pages([(name, path) for path, name in pages.items()], runs=1)
    assert [each.status for each in results] == [200, 200, 200, 200]
    # The grants search finds the synthetic grants through the same match as the page.
    searched = search_grants(GrantFilters(authority_id=council.authority.pk))
    assert (
        searched.count()
        == grants.filter(
            Q(locations__authority=council.authority) | Q(recipient_org_id=council.org_id)
        )
        .distinct()
        .count()
    )
    csv_result = next(each for each in results if ".csv" in each.path)
    assert csv_result.html_kb > 1  # the streamed CSV was read, not only its headers


@pytest.mark.django_db
def test_the_import_bench_file_is_valid_360giving_labelled_not_real_and_its_floor_runs(tmp_path):
    path = write_file(tmp_path, 50, "test")
    report, package = check_file(path, path.name)
    assert report.importable, report.as_json()
    assert all("(not real)" in grant["title"] for grant in package["grants"])
    assert _floor(path) > 0


def test_the_import_result_compares_rates_to_the_floor():
    slow = ImportResult(
        grants=1000, file_mb=1, seconds=10, startup_seconds=1, floor_seconds=1, peak_mb=90
    )
    assert slow.rate == 100 and slow.floor_rate == 1000
    assert slow.ratio_to_floor == 0.1 and not slow.target_met
    fast = ImportResult(
        grants=1000, file_mb=1, seconds=2, startup_seconds=1, floor_seconds=1, peak_mb=90
    )
    assert fast.target_met
    assert "missed: 0.10 of the floor's rate" in "\n".join(import_lines(slow.as_dict()))


@pytest.mark.django_db
def test_synthetic_projects_are_labelled_not_real_public_and_searchable(client):
    LocalAuthorityFactory(name="Luton")
    ProjectFactory(summary="Family safeguarding keeps children safely at home with families")
    assert build_projects(300) == 300
    assert build_projects(300) == 0  # once only
    synthetic = Project.objects.filter(round__slug="bench-synthetic-round")
    assert synthetic.count() == 300
    assert all("(not real)" in name for name in synthetic.values_list("name", flat=True))
    assert all(
        "(not real)" in name
        for name in synthetic.values_list("lead_organisation__name", flat=True).distinct()
    )
    assert ProjectArea.objects.filter(project__in=synthetic).count() >= 300
    listed = client.get("/projects/", {"q": "family"}).context["page"].paginator.count
    named = synthetic.filter(Q(summary__icontains="family") | Q(name__icontains="family"))
    assert listed == named.count() + 1
