"""A real background worker (`manage.py db_worker`, on a SQLite database of its own) killed with
SIGKILL in the middle of an import, with the grants written but not committed, and in the middle
of a check (killed_worker_scenario.py does each and says what it found): once the lease expires
the file can be imported or checked again, the dead import wrote nothing, and a new worker
finishes the work. The lease is 3 seconds here, so the scenario waits for it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from innovation_fund.otherfunders import leases

from .builders import a_file, a_grant

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = Path(__file__).with_name("killed_worker_scenario.py")
LEASE_SECONDS = 3


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("killed_worker")
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_TESTING", "DATABASE_URL", "TASK_BACKEND")
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        "PYTHONPATH": str(ROOT),
        "SQLITE_PATH": str(folder / "db.sqlite3"),
        "PRIVATE_STORAGE_ROOT": str(folder / "private"),
        "TASK_BACKEND": "database",
        "OTHERFUNDERS_TASK_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    run([sys.executable, "manage.py", "migrate", "--noinput"], environment)
    return environment


def run(command: list[str], environment: dict) -> str:
    finished = subprocess.run(  # noqa: S603 - our own scripts
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return finished.stdout


def killed_during(where: str, environment: dict, path: Path) -> dict:
    folder = path.parent
    output = run(
        [sys.executable, str(SCENARIO), "scenario", str(folder), where, str(path)], environment
    )
    found = json.loads(output.strip().splitlines()[-1])
    print(f"{where}: {found}")  # the figures, with -s
    return found


def test_an_import_killed_mid_transaction_wrote_nothing_and_is_imported_again(
    environment, tmp_path
):
    path = a_file(tmp_path, [a_grant(1), a_grant(2), a_grant(3)])
    found = killed_during("import", environment, path)
    assert found["after_kill"] == "importing"
    assert found["worker_recorded"]  # which worker held it, for whoever looks into it
    assert found["grants_written_by_the_dead_import"] == 0  # rolled back by the database
    assert found["after_lease"] == "ready"
    assert found["import_error"] == leases.IMPORT_STOPPED
    assert found["seconds_from_kill_to_retryable"] <= LEASE_SECONDS + 1
    assert found["after_retry"] == "imported"
    assert found["grants_imported"] == 3


def test_a_check_killed_mid_way_is_given_up_and_checked_again(environment, tmp_path):
    path = a_file(tmp_path, [a_grant(11)])
    found = killed_during("check", environment, path)
    assert found["after_kill"] == "checking"
    assert found["after_lease"] == "check_stopped"
    assert found["check_error"] == leases.CHECK_STOPPED
    assert found["seconds_from_kill_to_retryable"] <= LEASE_SECONDS + 1
    assert found["after_retry"] == "ready"
