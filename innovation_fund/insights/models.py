"""Insights: articles the programme team writes about what it has learnt.

An insight belongs to one programme, is written in Markdown (made safe when it is shown, by
`core.markdown.render_markdown`) and links to the projects, innovations and outcomes it is
about. It is a draft until published; once published it may be unpublished (taken off the
public site) and published again. Its address (slug) never changes, so links keep working.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from innovation_fund.core.dates import to_london
from innovation_fund.grants.models import Project
from innovation_fund.innovations.models import Innovation
from innovation_fund.programmes.models import Outcome, Programme


class InsightQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what the public may see of insights: those published now."""
        return self.filter(state=Insight.State.PUBLISHED)

    def newest_first(self):
        return self.order_by("-first_published_at", "-id")


class Insight(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="insights")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.TextField(blank=True, help_text="One or two sentences shown in lists")
    body = models.TextField(blank=True, help_text="Markdown, made safe when it is shown")
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    projects = models.ManyToManyField(Project, blank=True, related_name="insights")
    innovations = models.ManyToManyField(Innovation, blank=True, related_name="insights")
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="insights")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last published"
    )
    first_published_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was first published: the date the public sees"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = InsightQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "-first_published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="published") | Q(first_published_at__isnull=False),
                name="published_insight_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def published_on(self):
        """The day it was first published, in London, or None before then."""
        return to_london(self.first_published_at).date() if self.first_published_at else None
