"""/health/: 200 while the database answers and the worker keeps up, 503 saying which if not."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innovation_fund.core import health as health_module

pytestmark = pytest.mark.django_db


def a_waiting_task(waited: timedelta) -> None:
    task = DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="innovation_fund.core.tasks.send_email",
        backend_name="default",
        queue_name="default",
        run_after=timezone.now() - waited,
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)


def test_healthy_with_the_tasks_waiting_counted(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "tasks_waiting": 0,
        "longest_wait_seconds": 0,
    }
    assert "no-cache" in response["Cache-Control"]
    a_waiting_task(timedelta(seconds=30))
    assert client.get("/health/").json()["tasks_waiting"] == 1


def test_a_task_waiting_too_long_means_the_worker_is_not_keeping_up(client, settings):
    settings.HEALTH_MAX_TASK_WAIT_SECONDS = 600
    a_waiting_task(timedelta(minutes=11))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "tasks waiting too long"
    assert response.json()["longest_wait_seconds"] >= 660


def test_no_database_is_unavailable(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health_module, "connection", Unreachable())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def test_only_get(client):
    assert client.post("/health/").status_code == 405
