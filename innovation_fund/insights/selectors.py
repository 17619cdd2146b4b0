"""What the insight pages show, each in a fixed number of queries.

`article` gathers what an insight's page shows, for the public page and for the team's preview
alike, so the preview is the public page as it will be.
"""

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from innovation_fund.core.markdown import render_markdown
from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Innovation
from innovation_fund.programmes.models import Outcome, Programme
from innovation_fund.programmes.policies import programmes_managed_by
from innovation_fund.programmes.publication import published_project

from .lifecycle import INSIGHT_LIFECYCLE, TAG_CLASSES
from .models import Insight
from .policies import insights_visible_to

_LINKED = (
    Prefetch(
        "projects",
        queryset=Project.objects.filter(published_project())
        .select_related("lead_organisation", "round")
        .order_by("name", "slug"),
        to_attr="public_projects",
    ),
    Prefetch(
        "innovations", queryset=Innovation.objects.order_by("name"), to_attr="linked_innovations"
    ),
    Prefetch(
        "outcomes", queryset=Outcome.objects.order_by("position", "name"), to_attr="linked_outcomes"
    ),
)


def programme_to_manage(user, programme_pk: int) -> Programme | None:
    return programmes_managed_by(user).filter(pk=programme_pk).first()


def insights_to_manage(user, programme: Programme) -> QuerySet[Insight]:
    return insights_visible_to(user).filter(programme=programme).order_by("-updated_at", "-id")


def insight_to_manage(user, programme_pk: int, pk: int) -> Insight | None:
    """The insight, if this person manages its programme; None otherwise (the page is 404)."""
    return (
        insights_visible_to(user)
        .filter(programme_id=programme_pk, pk=pk)
        .select_related("programme")
        .prefetch_related(*_LINKED)
        .first()
    )


def published_insight(slug: str) -> Insight | None:
    return Insight.objects.published().filter(slug=slug).prefetch_related(*_LINKED).first()


def published_insights() -> QuerySet[Insight]:
    """For the public list: newest first, only what the list shows."""
    return (
        Insight.objects.published()
        .newest_first()
        .only("title", "slug", "summary", "first_published_at")
    )


def article(insight: Insight) -> dict:
    """What an insight's page shows: its words made safe, and the public records it links to.
    `insight` must come from `insight_to_manage` or `published_insight` (links prefetched)."""
    return {
        "insight": insight,
        "body_html": render_markdown(insight.body),
        "projects": insight.public_projects,
        "innovations": insight.linked_innovations,
        "outcomes": insight.linked_outcomes,
    }


def actions_for(insight: Insight) -> list[dict]:
    """The preview's buttons, from the lifecycle: each with where it posts and, when it cannot be
    done yet, the reasons why."""
    return [
        {
            "action": row.action,
            "label": row.label,
            "description": row.description,
            "href": reverse(f"insights:{row.action}", args=[insight.programme_id, insight.pk]),
            "reasons": row.reasons_not_now(insight),
            "warning": row.action == "unpublish",
        }
        for row in INSIGHT_LIFECYCLE.available(insight.state)
    ]


def state_tag(insight: Insight) -> dict:
    return {"text": insight.get_state_display(), "classes": TAG_CLASSES[insight.state]}
