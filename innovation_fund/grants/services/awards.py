"""Making grants. A grant, and the public project it pays for, come from an approved decision
when the batch that announces it is made public (assessment.services.announcements)."""

from datetime import timedelta

from django.db import transaction

from innovation_fund.applications.models import Application
from innovation_fund.core.audit import record, snapshot
from innovation_fund.core.errors import DomainError
from innovation_fund.core.slugs import unique_slug_in

from ..models import Grant, GrantYear, Project, ProjectArea, ProjectPartner
from ..project_words import refresh_project_words
from .schedules import schedule_at_award

Involvement = ProjectArea.Involvement

# How long the lead organisation has to accept or decline an offer once it is announced.
OFFER_OPEN_FOR = timedelta(days=28)


@transaction.atomic
def grant_from_decision(decision, batch) -> Grant:
    """The grant and published project for an approved decision announced in `batch`.

    The caller (approve_announcement) has checked who is acting and locked the round; this refuses
    only what would make a wrong grant: a decision that is not an approval, or one that already
    has its grant.
    """
    if decision.outcome != decision.Outcome.APPROVE:
        raise DomainError(f"{decision.application.reference} was not approved: it has no grant")
    if Grant.objects.filter(application_id=decision.application_id).exists():
        # A grant, once announced, is changed by a variation (a later issue), not a new decision.
        raise DomainError(
            f"{decision.application.reference} already has a grant: it cannot be awarded twice"
        )
    application = (
        Application.objects.select_related("round", "lead_organisation__authority")
        .prefetch_related("partners__organisation__authority", "places")
        .get(pk=decision.application_id)
    )
    project = _project_for(application, decision, batch)
    grant = Grant.objects.create(
        round=application.round,
        recipient=application.lead_organisation,
        project=project,
        application=application,
        decision=decision,
        batch=batch,
        amount_pence=decision.award_pence,
        conditions=decision.conditions,
        awarded_on=batch.announced_on,
        award_year=batch.announced_on.year,
        state=Grant.State.OFFERED,
        respond_by=batch.announced_on + OFFER_OPEN_FOR,
        starts_on=project.starts_on,
        ends_on=project.ends_on,
        scope=project.summary,
        is_demonstration=application.round.is_demonstration,
    )
    years = [
        GrantYear(grant=grant, financial_year=year.financial_year, amount_pence=year.amount_pence)
        for year in decision.years.all()
    ]
    GrantYear.objects.bulk_create(years)
    record(
        actor=batch.announced_by,
        action="grants.created",
        target=grant,
        after={
            **snapshot(grant),
            "project_slug": project.slug,
            "years": {str(year.financial_year): year.amount_pence for year in years},
        },
    )
    schedule_at_award(grant, actor=batch.announced_by)
    return grant


def _project_for(application: Application, decision, batch) -> Project:
    scales_existing = application.innovation_kind == Application.InnovationKind.SCALE_UP
    project = Project.objects.create(
        name=application.display_title,
        slug=unique_slug_in(Project.objects, application.display_title, fallback="project"),
        summary=application.summary,
        lead_organisation=application.lead_organisation,
        round=application.round,
        focus_area_id=application.focus_area_id,
        amount_pence=decision.award_pence,
        award_year=batch.announced_on.year,
        starts_on=application.round.funding_starts_on,
        ends_on=application.round.funding_ends_on,
        innovation_id=application.innovation_id if scales_existing else None,
        is_published=True,
    )
    ProjectPartner.objects.bulk_create(
        ProjectPartner(
            project=project,
            organisation=partner.organisation,
            description="" if partner.organisation_id else partner.name,
            position=position,
        )
        for position, partner in enumerate(application.partners.all())
    )
    areas = {(place.authority_id, Involvement.AREA) for place in application.places.all()}
    lead = application.lead_organisation
    if lead.authority_id:
        areas.add((lead.authority_id, Involvement.LEAD))
    for partner in application.partners.all():
        if partner.organisation_id and partner.organisation.authority_id:
            areas.add((partner.organisation.authority_id, Involvement.PARTNER))
    ProjectArea.objects.bulk_create(
        ProjectArea(project=project, authority_id=authority_id, involvement=involvement)
        for authority_id, involvement in sorted(areas)
    )
    refresh_project_words([project.pk])  # the partners and areas were written in bulk
    return project
