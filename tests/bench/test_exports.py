"""`make bench`'s export measurement: its floor writes the very grants the export publishes, in
the same shape; its arithmetic and verdict; and the synthetic projects' grants, which must be
labelled not real and publishable (the numbers themselves are never asserted)."""

import io
import json
import subprocess
from datetime import date
from uuid import uuid4

import pytest

from bench.exports import ExportResult, command, floor
from bench.measure import run_script
from bench.projects import ROUND_SLUG, build_project_grants, build_projects
from bench.report import export_lines, markdown
from innovation_fund.grants.models import Grant, Project
from innovation_fund.opendata.export import grants_to_export, write_package
from innovation_fund.opendata.services import package_problems
from tests.factories import (
    LocalAuthorityFactory,
    ProjectFactory,
    RoundFactory,
)


def exported() -> tuple[dict, object]:
    stream = io.StringIO()
    summary = write_package(stream, grants_to_export())
    return json.loads(stream.getvalue()), summary


def a_project(round_fields=None, **fields) -> Project:
    """In a round of its own, whose slug the real programme cannot already hold."""
    a_round = RoundFactory(slug=f"bench-test-{uuid4().hex[:12]}", **(round_fields or {}))
    return ProjectFactory(round=a_round, **fields)


def a_grant(project=None, **fields) -> Grant:
    project = project or a_project()
    values = {
        "round": project.round,
        "recipient": project.lead_organisation,
        "project": project,
        "amount_pence": 250_000_00,
        "awarded_on": date(2016, 3, 1),
        "state": Grant.State.RECORDED,
        **fields,
    }
    return Grant.objects.create(**values)


def test_the_export_result_compares_rates_to_the_floor():
    slow = ExportResult(
        grants=10_000,
        json_mb=20.0,
        seconds=40.0,
        startup_seconds=1.0,
        floor_seconds=2.0,
        floor_json_mb=19.0,
        peak_mb=300.0,
    )
    assert slow.rate == 250 and slow.floor_rate == 5_000
    assert slow.ratio_to_floor == 0.05 and not slow.target_met
    assert round(slow.ratio_after_startup, 4) == round(2 / 39, 4)
    as_dict = slow.as_dict()
    assert as_dict["grants_per_second"] == 250 and as_dict["floor_grants_per_second"] == 5_000
    assert as_dict["target_met"] is False
    text = "\n".join(export_lines(as_dict))
    assert "missed: 0.05 of the floor's rate, not 0.25" in text
    assert "| the command, whole | 40.0 | 250 | 300.0 |" in text
    fast = ExportResult(
        grants=10_000,
        json_mb=20.0,
        seconds=8.0,
        startup_seconds=1.0,
        floor_seconds=2.0,
        floor_json_mb=19.0,
        peak_mb=300.0,
    )
    assert fast.ratio_to_floor == 0.25 and fast.target_met
    assert "0.29 of it without starting Django" in "\n".join(export_lines(fast.as_dict()))
    tiny = ExportResult(
        grants=35,
        json_mb=0.03,
        seconds=1.4,
        startup_seconds=1.5,
        floor_seconds=0.0014,
        floor_json_mb=0.03,
        peak_mb=137.0,
    )
    assert tiny.ratio_after_startup is None and tiny.as_dict()["ratio_after_startup"] is None
    assert "too little work to tell" in "\n".join(export_lines(tiny.as_dict()))
    assert "**met**" in "\n".join(export_lines(fast.as_dict()))
    about = {
        "when": "2026-12-06T02:00:00+00:00",
        "machine": "x86_64, 2 cores",
        "database": "sqlite",
        "data": "test",
        "scale": "national scale",
        "runs": 1,
        "export": fast.as_dict(),
    }
    assert "## Exporting the programme's grants (360Giving)" in markdown([], about)


@pytest.mark.django_db
def test_synthetic_projects_each_get_one_publishable_grant_labelled_not_real(tmp_path):
    LocalAuthorityFactory(name="Luton")
    real = a_project(summary="Family safeguarding keeps children safely at home")
    assert build_projects(120) == 120
    assert build_project_grants() == 120
    assert build_project_grants() == 0  # once only
    assert not Grant.objects.filter(project=real).exists()  # only the synthetic projects'
    synthetic = Project.objects.filter(round__slug=ROUND_SLUG).select_related(
        "grant__recipient", "lead_organisation"
    )
    for project in synthetic:
        grant = project.grant
        assert "(not real)" in project.name and "(not real)" in grant.recipient.name
        assert grant.recipient_id == project.lead_organisation_id
        assert grant.round_id == project.round_id
        assert grant.amount_pence == project.amount_pence
        assert grant.awarded_on.year == grant.award_year == project.award_year
    # Publishable: every one is exported, and the package passes the checks publishing makes.
    package, summary = exported()
    assert summary.written == 120 and not summary.skipped
    assert all("(not real)" in grant["title"] for grant in package["grants"])
    assert package_problems(package) == []
    assert floor(tmp_path / "floor.json")[1] == 120


def test_a_script_s_peak_memory_is_its_own_not_the_bench_s(tmp_path):
    script = tmp_path / "small.py"
    script.write_text("import sys\nsys.exit(0)\n")
    held = bytearray(300 * 1024 * 1024)
    held[::4096] = b"\x01" * len(held[::4096])  # resident, not only reserved
    seconds, peak_mb = run_script(script, [])
    del held
    assert seconds > 0
    assert 1 < peak_mb < 100  # a child's rusage would say 300 MB or more


def test_a_command_is_timed_with_its_own_peak_memory_and_a_failure_is_raised():
    seconds, peak_mb = command(["check"])
    assert seconds > 0 and peak_mb > 20  # a Python process with Django loaded
    with pytest.raises(subprocess.CalledProcessError):
        command(["no_such_command"])
