"""The published-record rule: the one answer to "may the public see this round or project?".

It lives with rounds, the lowest app that knows what a published round is, so that every app
above (innovations' adoptions, evidence's findings, grants' projects, the public site, the API,
open data) filters through the same rule and none needs to import grants to do it.
"""

from django.db import models
from django.db.models import Q

from .models import published_round_q


def public_round(prefix: str = "") -> Q:
    """A round the public may see: published and not a demonstration (its bids are not real).
    `prefix` reaches the round through a relation, such as "round__" from a FocusArea."""
    return published_round_q(prefix) & Q(**{f"{prefix}is_demonstration": False})


def published_project(prefix: str = "") -> Q:
    """The one rule for what the public may see of a project: it is published, and its round (if
    it has one) is public. `prefix` reaches the project through a relation, such as "project__"
    from a ProjectArea."""
    return Q(**{f"{prefix}is_published": True}) & (
        Q(**{f"{prefix}round__isnull": True}) | public_round(f"{prefix}round__")
    )


class ProjectRecordQuerySet(models.QuerySet):
    """For records that may belong to a project (findings, adoptions)."""

    def published(self):
        """Those of published projects, and those that belong to no project."""
        return self.filter(Q(project__isnull=True) | published_project("project__"))
