"""Background work: the open data files are produced outside any request."""

from datetime import date, time

from django.db import transaction
from django_tasks import task

from innovation_fund.assessment.models import Decision
from innovation_fund.core.dates import london_datetime, london_today

from .services import publish_open_data_files


@task()
def publish_open_data() -> list[int]:
    return [published.pk for published in publish_open_data_files().values()]


# Awards dated for a later day are published on that day, just after midnight in London.
PUBLISH_ON_THE_DAY_AT = time(0, 5)


def publish_open_data_after_commit(*, also_on: date | None = None) -> None:
    """Queue fresh files once the change that calls this has committed, and again on `also_on`
    if that is still to come: awards announced for a later day wait for it (the standard counts
    a future award date as an error), and nothing else would publish them on the day."""

    def queue() -> None:
        publish_open_data.enqueue()
        backend = publish_open_data.get_backend()
        if also_on and also_on > london_today() and backend.supports_defer:
            on_the_day = london_datetime(also_on, PUBLISH_ON_THE_DAY_AT)
            publish_open_data.using(run_after=on_the_day).enqueue()

    transaction.on_commit(queue)


def republish_when_round_visibility_changes(sender, funding_round, **kwargs) -> None:
    """A round was published or unpublished: its grants join or leave the open data."""
    publish_open_data_after_commit()


def republish_when_awards_announced(sender, batch, decisions, **kwargs) -> None:
    """New grants go into the open data files, today or on the day they are awarded."""
    if any(decision.outcome == Decision.Outcome.APPROVE for decision in decisions):
        publish_open_data_after_commit(also_on=batch.announced_on)
