"""Run by test_killed_worker.py, in a process of its own on a database of its own (a real worker
cannot share the test's): a check or an import is asked for, a real `db_worker` takes it up and
is killed with SIGKILL in the middle of it, and then what a person would see and do follows.

    python killed_worker_scenario.py scenario FOLDER check|import FILE
    python killed_worker_scenario.py held-worker MARKER check|import

Prints what it found as JSON on its last line.
"""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files import File  # noqa: E402
from django.core.management import call_command  # noqa: E402

from innovation_fund.otherfunders import leases, services  # noqa: E402
from innovation_fund.otherfunders.models import ImportedFile, OtherFunderGrant  # noqa: E402

POLL_SECONDS = 0.05


def held_worker(marker: Path, where: str) -> None:
    """A real worker whose import (after writing the grants, before committing) or check stops
    and waits there, after saying so in `marker`, to be killed."""
    real_upsert = services.upsert_grants

    def upsert_and_wait(imported_file, grants):
        counts = real_upsert(imported_file, grants)
        marker.write_text("grants written, not committed")
        time.sleep(120)
        return counts

    def check_and_wait(*args):
        marker.write_text("checking")
        time.sleep(120)

    if where == "import":
        services.upsert_grants = upsert_and_wait
    else:
        services.check_file_within_memory = check_and_wait
    call_command("db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload")


def kill_a_worker_held_at(folder: Path, where: str) -> float:
    marker, log = folder / f"{where}.held", folder / f"{where}.log"
    with log.open("w") as output:
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, __file__, "held-worker", str(marker), where],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(600):
            if marker.exists():
                break
            if worker.poll() is not None:
                raise RuntimeError(log.read_text())
            time.sleep(0.1)
        else:
            raise RuntimeError(f"the worker never reached the {where}")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    return time.monotonic()


def scenario(folder: Path, where: str, path: Path) -> dict:
    manager, _ = get_user_model().objects.get_or_create(email="manager@example.org")
    if where == "import":
        imported_file = services.import_path(path, publisher_name="The Trust", check_only=True)
        imported_file = services.queue_import(imported_file.imported_file, by=manager)
    else:
        with path.open("rb") as handle:
            imported_file = services.receive_file(
                File(handle, name=path.name), original_name=path.name, publisher_name="The Trust"
            )
    grants_before = OtherFunderGrant.objects.count()

    killed_at = kill_a_worker_held_at(folder, where)
    imported_file.refresh_from_db()
    found = {
        "after_kill": imported_file.status,
        "grants_written_by_the_dead_import": OtherFunderGrant.objects.count() - grants_before,
        "worker_recorded": imported_file.lease_holder,
    }
    while not leases.release_expired_leases():
        time.sleep(POLL_SECONDS)
    found["seconds_from_kill_to_retryable"] = round(time.monotonic() - killed_at, 2)
    imported_file.refresh_from_db()
    found |= {
        "after_lease": imported_file.status,
        "import_error": imported_file.import_error,
        "check_error": imported_file.check_error,
    }

    if where == "import":
        services.queue_import(imported_file, by=manager)
    else:
        services.check_again(imported_file, by=manager)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    imported_file = ImportedFile.objects.get(pk=imported_file.pk)
    found |= {
        "after_retry": imported_file.status,
        "grants_imported": OtherFunderGrant.objects.count() - grants_before,
    }
    return found


if __name__ == "__main__":
    if sys.argv[1] == "held-worker":
        held_worker(Path(sys.argv[2]), sys.argv[3])
    else:
        result = scenario(Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
        print(json.dumps(result))
