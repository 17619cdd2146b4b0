"""A check or import whose worker died (a deploy, out of memory, a restart) is given up once its
lease expires, says so on the file's page, and can be asked for again from there. Nothing of a
dead import is written. The worker's death is simulated here by an exception no handler catches,
raised inside the work (the database rolls its transaction back as it would for a dead process);
test_killed_worker.py kills a real worker."""

import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from innovation_fund.core.models import AuditEvent
from innovation_fund.otherfunders import leases, services, upserting
from innovation_fund.otherfunders.models import ImportedFile, OtherFunderGrant
from innovation_fund.otherfunders.tasks import import_queued_file
from tests.factories import ProgrammeRoleFactory
from tests.helpers import sign_in

from .builders import a_file, a_grant
from .test_views import upload

pytestmark = pytest.mark.django_db
Status = ImportedFile.Status


class WorkerKilled(BaseException):
    """What a worker's death looks like from inside it: nothing after this point runs."""


@pytest.fixture
def manager_client(client):
    return sign_in(client, ProgrammeRoleFactory().user)


def after_the_lease(settings, extra_seconds: int = 1):
    moment = timezone.now() + timedelta(
        seconds=settings.OTHERFUNDERS_TASK_LEASE_SECONDS + extra_seconds
    )
    return time_machine.travel(moment, tick=False)


def file_page(client, imported_file) -> str:
    return client.get(reverse("otherfunders:file", args=[imported_file.pk])).content.decode()


def ask_to_import(client, imported_file, capture, *, execute=True) -> str:
    with capture(execute=execute):
        response = client.post(reverse("otherfunders:import", args=[imported_file.pk]))
    return client.get(response.url).content.decode()  # once the queued import has run


def dies_after_writing_the_grants(monkeypatch):
    real_upsert = upserting.upsert_grants

    def upsert_then_die(imported_file, grants):
        real_upsert(imported_file, grants)
        assert OtherFunderGrant.objects.count() == 2  # written, inside the import's transaction
        raise WorkerKilled

    monkeypatch.setattr(services, "upsert_grants", upsert_then_die)


@pytest.fixture
def checked_file(tmp_path):
    received = services.receive_path(
        a_file(tmp_path, [a_grant(1), a_grant(2)]), publisher_name="The Trust"
    )
    return services.check_received_file(received.pk)


def test_an_import_whose_worker_died_is_given_up_shown_and_imported_again_from_the_page(
    manager_client, checked_file, monkeypatch, settings, django_capture_on_commit_callbacks
):
    dies_after_writing_the_grants(monkeypatch)
    ask_to_import(manager_client, checked_file, django_capture_on_commit_callbacks)
    checked_file.refresh_from_db()
    assert checked_file.status == Status.IMPORTING
    assert checked_file.attempt_started_at is not None  # a worker took it up, then died
    assert OtherFunderGrant.objects.count() == 0  # the dead import's transaction rolled back
    page = file_page(manager_client, checked_file)
    assert "Being imported" in page
    assert "The import started at" in page
    assert "If it has not finished by" in page
    monkeypatch.undo()

    # Before the lease expires the worker may still be at it: asking again is refused, as before.
    page = ask_to_import(manager_client, checked_file, django_capture_on_commit_callbacks)
    assert "This file is already being imported" in page
    assert OtherFunderGrant.objects.count() == 0

    with after_the_lease(settings):
        page = file_page(manager_client, checked_file)
        checked_file.refresh_from_db()
        assert checked_file.status == Status.READY
        assert "The last attempt to import this file failed" in page
        assert leases.IMPORT_STOPPED in page
        assert "Import 2 grants" in page
        given_up = AuditEvent.objects.get(action="otherfunders.import_stopped")
        assert given_up.actor_label == leases.KEEPER
        assert given_up.after["started_at"] is not None

        page = ask_to_import(manager_client, checked_file, django_capture_on_commit_callbacks)
    checked_file.refresh_from_db()
    assert checked_file.status == Status.IMPORTED
    assert checked_file.lease_expires_at is None
    assert OtherFunderGrant.objects.count() == 2
    assert "2 added, 0 changed, 0 unchanged" in page


def test_asking_again_for_an_import_whose_lease_expired_imports_it_without_a_page_view_first(
    manager_client, checked_file, monkeypatch, settings, django_capture_on_commit_callbacks
):
    dies_after_writing_the_grants(monkeypatch)
    ask_to_import(manager_client, checked_file, django_capture_on_commit_callbacks)
    monkeypatch.undo()
    with after_the_lease(settings):
        page = ask_to_import(manager_client, checked_file, django_capture_on_commit_callbacks)
    assert "already being imported" not in page
    assert OtherFunderGrant.objects.count() == 2
    actions = list(
        AuditEvent.objects.filter(object_id=str(checked_file.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "otherfunders.import_queued",
        "otherfunders.import_stopped",
        "otherfunders.import_queued",
        "otherfunders.file_imported",
    ]


def test_a_check_whose_worker_died_is_given_up_shown_and_checked_again_from_the_page(
    manager_client, monkeypatch, settings, django_capture_on_commit_callbacks
):
    def die(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(services, "check_file_within_memory", die)
    with django_capture_on_commit_callbacks(execute=True):
        upload(manager_client, [a_grant(1), a_grant(2)])
    imported_file = ImportedFile.objects.get()
    assert imported_file.status == Status.CHECKING
    assert "The check started at" in file_page(manager_client, imported_file)
    monkeypatch.undo()

    with after_the_lease(settings):
        page = file_page(manager_client, imported_file)
        imported_file.refresh_from_db()
        assert imported_file.status == Status.CHECK_STOPPED
        assert "The check did not finish" in page
        assert leases.CHECK_STOPPED in page
        assert "Check again" in page
        listed = manager_client.get(reverse("otherfunders:files")).content.decode()
        assert "Check did not finish" in listed

        with django_capture_on_commit_callbacks(execute=True):
            response = manager_client.post(
                reverse("otherfunders:check_again", args=[imported_file.pk])
            )
    page = manager_client.get(response.url).content.decode()
    imported_file.refresh_from_db()
    assert imported_file.status == Status.READY
    assert imported_file.check_error == ""
    assert "The file has no errors" in page
    actions = list(
        AuditEvent.objects.filter(object_id=str(imported_file.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "otherfunders.file_received",
        "otherfunders.check_stopped",
        "otherfunders.check_asked_again",
        "otherfunders.file_checked",
    ]


def test_work_no_worker_took_up_is_given_up_saying_so(
    manager_client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # queued, never run
        upload(manager_client, [a_grant(1)])
    imported_file = ImportedFile.objects.get()
    assert "waiting for the background worker" in file_page(manager_client, imported_file)
    with after_the_lease(settings):
        page = file_page(manager_client, imported_file)
    assert "The check did not start: no background worker took it up within 10 minutes" in page


def test_checking_again_is_only_for_a_check_that_did_not_finish(
    manager_client, checked_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = manager_client.post(
            reverse("otherfunders:check_again", args=[checked_file.pk]), follow=True
        ).content.decode()
    assert "cannot be done while the file is checked, ready to import" in page
    checked_file.refresh_from_db()
    assert checked_file.status == Status.READY
    assert not AuditEvent.objects.filter(action="otherfunders.check_asked_again").exists()


def test_a_check_given_up_while_a_slow_worker_was_still_at_it_keeps_nothing_from_that_worker(
    manager_client, monkeypatch, settings, django_capture_on_commit_callbacks
):
    real_check = services.check_file_within_memory

    def slow_check(*args):
        result = real_check(*args)
        with after_the_lease(settings):
            leases.release_expired_leases()  # another process gives it up meanwhile
        return result

    monkeypatch.setattr(services, "check_file_within_memory", slow_check)
    with django_capture_on_commit_callbacks(execute=True):
        upload(manager_client, [a_grant(1)])
    imported_file = ImportedFile.objects.get()
    assert imported_file.status == Status.CHECK_STOPPED
    assert imported_file.report == {}
    assert not AuditEvent.objects.filter(action="otherfunders.file_checked").exists()


def test_a_task_for_an_import_given_up_and_asked_again_does_nothing(
    checked_file, settings, django_capture_on_commit_callbacks
):
    manager = ProgrammeRoleFactory().user
    with django_capture_on_commit_callbacks(execute=False):  # queued; the worker is down
        services.queue_import(checked_file, by=manager)
    checked_file.refresh_from_db()
    stale_attempt = checked_file.attempt
    with after_the_lease(settings), django_capture_on_commit_callbacks(execute=False):
        services.queue_import(checked_file, by=manager)
    checked_file.refresh_from_db()
    assert checked_file.attempt == stale_attempt + 1
    # The worker comes back and runs the first task: it is not the file's attempt any more.
    assert import_queued_file.call(checked_file.pk, stale_attempt) == Status.IMPORTING
    assert OtherFunderGrant.objects.count() == 0
    assert import_queued_file.call(checked_file.pk, checked_file.attempt) == Status.IMPORTED
    assert OtherFunderGrant.objects.count() == 2


def test_the_command_for_cron_gives_up_expired_work(
    manager_client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        upload(manager_client, [a_grant(1)])
    with after_the_lease(settings, extra_seconds=-5):
        call_command("release_expired_leases")
    assert ImportedFile.objects.get().status == Status.CHECKING
    with after_the_lease(settings):
        call_command("release_expired_leases")
    assert ImportedFile.objects.get().status == Status.CHECK_STOPPED


@pytest.mark.django_db(transaction=True)
def test_a_live_import_past_its_lease_is_not_given_up_while_it_holds_its_row(
    tmp_path, settings, monkeypatch
):
    """On PostgreSQL a running import holds its file's row; giving up skips a row so held. (On
    SQLite the running import holds the database's write lock, so nothing can give it up.)"""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    received = services.receive_path(a_file(tmp_path, [a_grant(1)]), publisher_name="X")
    imported_file = services.check_received_file(received.pk)
    not_queued = SimpleNamespace(enqueue=lambda *args: None)  # the thread below is its worker
    monkeypatch.setattr(services, "import_queued_file", not_queued)
    services.queue_import(imported_file, by=ProgrammeRoleFactory().user)
    holding, done = threading.Event(), threading.Event()

    def running_import():
        try:
            with transaction.atomic():
                ImportedFile.objects.select_for_update().get(pk=imported_file.pk)
                holding.set()
                done.wait(timeout=30)
        finally:
            connections.close_all()

    worker = threading.Thread(target=running_import)
    worker.start()
    try:
        assert holding.wait(timeout=30)
        with after_the_lease(settings):
            assert leases.release_expired_leases() == []
    finally:
        done.set()
        worker.join()
    with after_the_lease(settings):
        assert [given_up.pk for given_up in leases.release_expired_leases()] == [imported_file.pk]
