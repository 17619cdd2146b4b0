"""The insight services: writing, changing, publishing and unpublishing, each audited."""

import pytest

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.insights import services
from innovation_fund.insights.lifecycle import INSIGHT_LIFECYCLE
from innovation_fund.insights.models import Insight
from innovation_fund.insights.policies import insights_visible_to, may
from innovation_fund.insights.services import InsightDetails
from tests.factories import (
    InnovationFactory,
    OutcomeFactory,
    ProgrammeFactory,
    ProjectFactory,
    UserFactory,
)

from .builders import another_programme, draft, manager_of

pytestmark = pytest.mark.django_db


def _events(insight):
    return list(
        AuditEvent.objects.filter(object_type="insights.insight", object_id=str(insight.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_manager_writes_a_draft_with_its_links():
    programme = ProgrammeFactory()
    user = manager_of(programme)
    project, innovation = ProjectFactory(round__programme=programme), InnovationFactory()
    outcome = OutcomeFactory(programme=programme)
    insight = draft(
        user,
        programme,
        project_ids=(project.pk,),
        innovation_ids=(innovation.pk,),
        outcome_ids=(outcome.pk,),
    )
    assert insight.state == Insight.State.DRAFT
    assert insight.slug == "what-we-learnt-about-family-group-conferences"
    assert list(insight.projects.all()) == [project]
    assert list(insight.innovations.all()) == [innovation]
    assert list(insight.outcomes.all()) == [outcome]
    event = AuditEvent.objects.get(action="insight.created")
    assert event.actor == user
    assert event.after["project_ids"] == [project.pk]


def test_publish_then_unpublish_moves_the_state_and_audits_each_move():
    programme = ProgrammeFactory()
    user = manager_of(programme)
    insight = services.publish_insight(user, draft(user, programme))
    assert insight.state == Insight.State.PUBLISHED
    assert insight.first_published_at is not None and insight.published_by == user
    first = insight.first_published_at

    insight = services.unpublish_insight(user, insight)
    assert insight.state == Insight.State.UNPUBLISHED

    insight = services.publish_insight(user, insight)
    assert insight.first_published_at == first  # the public date stays the first one
    assert insight.published_at > first
    assert _events(insight) == [
        "insight.created",
        "insight.published",
        "insight.unpublished",
        "insight.published",
    ]
    unpublished = AuditEvent.objects.get(action="insight.unpublished")
    assert unpublished.before == {"state": "published"}
    assert unpublished.after == {"state": "unpublished"}


def test_publishing_twice_or_unpublishing_a_draft_is_refused():
    programme = ProgrammeFactory()
    user = manager_of(programme)
    insight = draft(user, programme)
    with pytest.raises(Refused, match="cannot be done while the insight is draft"):
        services.unpublish_insight(user, insight)
    services.publish_insight(user, insight)
    with pytest.raises(Refused, match="cannot be done while the insight is published"):
        services.publish_insight(user, insight)


def test_an_insight_without_words_cannot_be_published_and_says_why():
    programme = ProgrammeFactory()
    user = manager_of(programme)
    insight = draft(user, programme, summary="", body="")
    with pytest.raises(Refused) as refusal:
        services.publish_insight(user, insight)
    assert len(refusal.value.reasons) == 2
    assert "Add a summary" in refusal.value.reasons[0]
    insight.refresh_from_db()
    assert insight.state == Insight.State.DRAFT
    assert _events(insight) == ["insight.created"]


def test_a_change_from_an_out_of_date_page_is_refused():
    programme = ProgrammeFactory()
    user, colleague = manager_of(programme), manager_of(programme)
    insight = draft(user, programme)
    opened_at = insight.version
    services.update_insight(
        colleague, insight, InsightDetails(title="Their title", body="x"), version=opened_at
    )
    with pytest.raises(DomainError, match="Someone else changed this insight"):
        services.update_insight(
            user, insight, InsightDetails(title="My title", body="y"), version=opened_at
        )
    insight.refresh_from_db()
    assert insight.title == "Their title"
    assert _events(insight) == ["insight.created", "insight.updated"]


def test_a_change_keeps_the_address_and_audits_only_what_changed():
    programme = ProgrammeFactory()
    user = manager_of(programme)
    insight = draft(user, programme)
    slug = insight.slug
    updated = services.update_insight(
        user,
        insight,
        InsightDetails(title="A new title", summary=insight.summary, body=insight.body),
        version=insight.version,
    )
    assert updated.slug == slug and updated.version == insight.version + 1
    event = AuditEvent.objects.get(action="insight.updated")
    assert event.after == {"title": "A new title"}


def test_someone_who_does_not_manage_the_programme_is_refused():
    programme = ProgrammeFactory()
    insight = draft(manager_of(programme), programme)
    outsider = manager_of(another_programme())
    for attempt in (
        lambda: services.create_insight(outsider, programme, InsightDetails(title="Mine")),
        lambda: services.update_insight(
            outsider, insight, InsightDetails(title="Mine"), version=insight.version
        ),
        lambda: services.publish_insight(outsider, insight),
    ):
        with pytest.raises(Refused, match="Only the programme’s managers"):
            attempt()
    insight.refresh_from_db()
    assert insight.state == Insight.State.DRAFT and insight.title != "Mine"
    assert not may(UserFactory(), "publish", insight)


def test_an_outcome_from_another_programme_is_refused_at_its_field():
    programme = ProgrammeFactory()
    foreign = OutcomeFactory(programme=another_programme())
    with pytest.raises(DomainError) as error:
        draft(manager_of(programme), programme, outcome_ids=(foreign.pk,))
    assert error.value.field == "outcomes"
    assert not Insight.objects.exists()


def test_the_team_sees_only_its_programmes_insights():
    programme, other = ProgrammeFactory(), another_programme()
    ours = draft(manager_of(programme), programme)
    draft(manager_of(other), other, title="Theirs")
    assert list(insights_visible_to(manager_of(programme))) == [ours]
    assert not insights_visible_to(UserFactory()).exists()


def test_the_lifecycle_offers_publish_from_draft_and_unpublish_when_published():
    assert [row.action for row in INSIGHT_LIFECYCLE.available("draft")] == ["publish"]
    assert [row.action for row in INSIGHT_LIFECYCLE.available("published")] == ["unpublish"]
    assert [row.action for row in INSIGHT_LIFECYCLE.available("unpublished")] == ["publish"]
