"""The Atom feed at /feed/: the newest published insights and evaluation reports, newest first.

A feed reader follows it to hear of each new insight and report. Reports with no date at all
(some loaded from sources) are left out, as an Atom entry must say when it was updated.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Q
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from innovation_fund.core.dates import london_datetime
from innovation_fund.evidence.models import EvaluationReport
from innovation_fund.insights.models import Insight

MAX_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    summary: str
    published: datetime
    updated: datetime
    category: str


def newest_entries(limit: int = MAX_ENTRIES) -> list[Entry]:
    """The newest published insights and reports together, newest first: two queries."""
    insights = Insight.objects.published().newest_first()[:limit]
    reports = (
        EvaluationReport.objects.published()
        .filter(Q(published_on__isnull=False) | Q(published_at__isnull=False))
        .order_by(
            F("published_on").desc(nulls_last=True), F("published_at").desc(nulls_last=True), "id"
        )[:limit]
    )
    entries = [
        Entry(
            title=insight.title,
            link=reverse("public:insight_detail", args=[insight.slug]),
            summary=insight.summary,
            published=insight.first_published_at,
            updated=max(insight.first_published_at, insight.updated_at),
            category="Insight",
        )
        for insight in insights
    ] + [
        Entry(
            title=report.numbered_title,
            link=reverse("public:report_detail", args=[report.slug]),
            summary=report.summary,
            published=_report_date(report),
            updated=_report_date(report),
            category="Evaluation report",
        )
        for report in reports
    ]
    entries.sort(key=lambda entry: entry.published, reverse=True)
    return entries[:limit]


def _report_date(report: EvaluationReport) -> datetime:
    if report.published_at:
        return report.published_at
    return london_datetime(report.published_on, time(0, 0))


class LatestFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("public:insight_list")
    subtitle = "New insights and evaluation reports from the programme"

    def title(self) -> str:
        return f"{settings.SERVICE_NAME}: insights and evaluation reports"

    def items(self) -> list[Entry]:
        return newest_entries()

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_pubdate(self, item: Entry) -> datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> datetime:
        return item.updated

    def item_categories(self, item: Entry) -> list[str]:
        return [item.category]
