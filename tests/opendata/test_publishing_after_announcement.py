"""Announcing awards refreshes the open data file, so new grants are published with them.

Kept apart from test_publishing.py, whose module keeps the real programme loaded: the bids built
here would clash with its local authorities."""

import json
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from innovation_fund.core.dates import to_london
from innovation_fund.grants.models import Grant
from innovation_fund.opendata.models import PublishedFile
from innovation_fund.opendata.services import publish_open_data_files
from tests.assessment.builders import assessed_round, manager_of, submitted_bid
from tests.assessment.test_announcements import announce, approved
from tests.programmes.builders import manager_of as programme_manager_of
from tests.programmes.builders import ready_round

pytestmark = pytest.mark.django_db


def test_announcing_awards_refreshes_the_file_with_the_new_grants(
    client, django_capture_on_commit_callbacks
):
    funding_round = assessed_round()
    approved(submitted_bid(funding_round, title="Family Safeguarding in the North"))
    with django_capture_on_commit_callbacks(execute=True):
        announce(manager_of(funding_round), funding_round, announced_on=date(2026, 3, 2))

    grant = Grant.objects.get(decision__isnull=False)
    response = client.get(reverse("opendata:download_json"))
    package = json.loads(b"".join(response.streaming_content))
    published = {item["id"]: item for item in package["grants"]}
    assert published[f"360G-cscip-{grant.project.slug}"]["amountAwarded"] == 150_000


def test_awards_announced_for_a_day_still_to_come_wait_for_it(
    client, django_capture_on_commit_callbacks
):
    funding_round = assessed_round()
    manager = manager_of(funding_round)
    with time_machine.travel(date(2027, 1, 10), tick=False):
        # The publishing task runs when each announcement commits.
        with django_capture_on_commit_callbacks(execute=True):
            approved(submitted_bid(funding_round, title="Family help in the North"))
            announce(manager, funding_round, announced_on=date(2027, 1, 5), title="January")
        with django_capture_on_commit_callbacks(execute=True):
            approved(submitted_bid(funding_round, title="Kinship care in the South"))
            announce(manager, funding_round, announced_on=date(2027, 3, 1), title="March")
    later = Grant.objects.get(project__name="Kinship care in the South")
    published = PublishedFile.objects.filter(format=PublishedFile.Format.JSON).first()
    assert published.grants_written == 1
    assert published.grants_skipped == {"award date still to come": 1}
    with time_machine.travel(date(2027, 3, 1), tick=False):
        publish_open_data_files()
        response = client.get(reverse("opendata:download_json"))
    package = json.loads(b"".join(response.streaming_content))
    assert f"360G-cscip-{later.project.slug}" in {item["id"] for item in package["grants"]}


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_awards_announced_for_a_later_day_queue_a_publication_for_that_day(
    settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS  # a queue that can hold a task until a time
    funding_round = assessed_round()
    with (
        time_machine.travel(date(2027, 1, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        approved(submitted_bid(funding_round, title="Kinship care in the South"))
        announce(manager_of(funding_round), funding_round, announced_on=date(2027, 3, 1))
    queued = DBTaskResult.objects.filter(task_path__endswith="publish_open_data")
    run_after = sorted(to_london(task.run_after) for task in queued if task.run_after.year < 9999)
    assert [moment.isoformat() for moment in run_after] == ["2027-03-01T00:05:00+00:00"]
    assert queued.count() == 2  # now, for today's state, and on the day


def test_publishing_or_hiding_a_round_refreshes_the_open_data(
    settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from innovation_fund.programmes.services.round_lifecycle import publish_round, unpublish_round
    from innovation_fund.programmes.services.rounds import update_round

    settings.TASKS = DATABASE_TASKS
    funding_round = ready_round()
    manager = programme_manager_of(funding_round.programme)
    queued = DBTaskResult.objects.filter(task_path__endswith="publish_open_data")
    with django_capture_on_commit_callbacks(execute=True):
        update_round(manager, funding_round, {"summary": "Reworded"}, funding_round.version)
    assert not queued.exists()  # nothing public changed
    with django_capture_on_commit_callbacks(execute=True):
        publish_round(manager, funding_round)
    assert queued.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_round(manager, funding_round)
    assert queued.count() == 2
