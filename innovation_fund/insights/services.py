"""Every change to an insight: write one, change it, publish it, unpublish it.

Each function checks the policy, makes its change in one transaction and records an audit
event there, with what changed. A change made from a page that was out of date (someone else
saved in between) is refused rather than silently overwriting theirs.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.errors import DomainError
from innovation_fund.core.slugs import unique_slug_in
from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Innovation
from innovation_fund.programmes.models import Outcome, Programme

from .lifecycle import INSIGHT_LIFECYCLE
from .models import Insight
from .policies import holds_role_for, may, may_add_insight

FIELDS = ["title", "summary", "body"]
EDIT_CONFLICT = (
    "Someone else changed this insight while you were editing it. What you typed is kept below: "
    "check their changes on the insight’s page, then save again to replace them"
)


class EditConflict(DomainError):
    """The page was out of date: someone else saved the insight since it was opened."""

    def __init__(self, current_version: int):
        super().__init__(EDIT_CONFLICT)
        self.current_version = current_version


@dataclass(frozen=True)
class InsightDetails:
    title: str
    summary: str = ""
    body: str = ""
    project_ids: tuple[int, ...] = field(default=())
    innovation_ids: tuple[int, ...] = field(default=())
    outcome_ids: tuple[int, ...] = field(default=())


def create_insight(user, programme: Programme, details: InsightDetails) -> Insight:
    may_add_insight(user, programme).enforce()
    title = _title(details)
    links = _links(programme, details)
    with transaction.atomic():
        now = timezone.now()
        insight = Insight.objects.create(
            programme=programme,
            title=title,
            slug=unique_slug_in(Insight.objects.all(), title, fallback="insight"),
            summary=details.summary.strip(),
            body=details.body.strip(),
            created_by=user,
            created_at=now,
            updated_at=now,
        )
        _set_links(insight, links)
        record(
            actor=user,
            action="insight.created",
            target=insight,
            after={**snapshot(insight, ["programme_id", "slug", *FIELDS]), **_link_ids(insight)},
        )
    return insight


def update_insight(user, insight: Insight, details: InsightDetails, *, version: int) -> Insight:
    """Change its words and links. Its address (slug) stays, so links to it keep working; a
    published insight shows the change at once."""
    title = _title(details)
    with transaction.atomic():
        current = _locked(insight)
        may(user, "edit", current).enforce()
        if current.version != version:
            raise EditConflict(current.version)
        links = _links(current.programme, details)
        before = {**snapshot(current, FIELDS), **_link_ids(current)}
        current.title = title
        current.summary = details.summary.strip()
        current.body = details.body.strip()
        _set_links(current, links)
        old, new = changed_fields(before, {**snapshot(current, FIELDS), **_link_ids(current)})
        if new:
            current.version += 1
            current.updated_at = timezone.now()
            current.save()
            record(actor=user, action="insight.updated", target=current, before=old, after=new)
    return current


def publish_insight(user, insight: Insight) -> Insight:
    now = timezone.now()
    with transaction.atomic():
        current = _locked(insight)
        changes = {"published_at": now, "published_by": user}
        if current.first_published_at is None:
            changes["first_published_at"] = now
        return _move(user, current, "publish", changes)


def unpublish_insight(user, insight: Insight) -> Insight:
    with transaction.atomic():
        return _move(user, _locked(insight), "unpublish", {})


def _move(user, insight: Insight, action: str, changes: dict) -> Insight:
    holds_role_for(user, action, insight).enforce()
    row = INSIGHT_LIFECYCLE.check(insight, action)  # with every reason it cannot happen now
    before = insight.state
    insight.state = row.target
    for name, value in changes.items():
        setattr(insight, name, value)
    insight.version += 1
    insight.save()
    record(
        actor=user,
        action=f"insight.{action}ed",
        target=insight,
        before={"state": before},
        after={
            "state": insight.state,
            **{
                name: value.isoformat() if hasattr(value, "isoformat") else str(value)
                for name, value in changes.items()
            },
        },
    )
    return insight


def _locked(insight: Insight) -> Insight:
    return (
        Insight.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=insight.pk)
    )


def _title(details: InsightDetails) -> str:
    title = (details.title or "").strip()
    if not title:
        raise DomainError("Enter a title", field="title")
    return title


def _links(programme: Programme, details: InsightDetails) -> dict[str, list[int]]:
    """The records to link, each checked to exist (outcomes from this programme's framework)."""
    checks = [
        ("projects", Project.objects.all(), details.project_ids, "Select projects from the list"),
        (
            "innovations",
            Innovation.objects.all(),
            details.innovation_ids,
            "Select innovations from the list",
        ),
        (
            "outcomes",
            Outcome.objects.filter(programme=programme),
            details.outcome_ids,
            "Select outcomes from this programme’s list",
        ),
    ]
    links = {}
    for name, queryset, wanted, message in checks:
        ids = sorted(set(wanted))
        found = set(queryset.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
        if found != set(ids):
            raise DomainError(message, field=name)
        links[name] = ids
    return links


def _set_links(insight: Insight, links: dict[str, list[int]]) -> None:
    insight.projects.set(links["projects"])
    insight.innovations.set(links["innovations"])
    insight.outcomes.set(links["outcomes"])


def _link_ids(insight: Insight) -> dict[str, list[int]]:
    return {
        "project_ids": sorted(insight.projects.values_list("pk", flat=True)),
        "innovation_ids": sorted(insight.innovations.values_list("pk", flat=True)),
        "outcome_ids": sorted(insight.outcomes.values_list("pk", flat=True)),
    }
