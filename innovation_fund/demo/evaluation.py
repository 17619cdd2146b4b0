"""A demonstration evaluation, so a newcomer signed in as the demo evaluator has something to
write: one project of the demonstration awarded round, evaluated by a made-up organisation whose
one person is the demo evaluator.

Made only by `load_demo_accounts` for development, through the service the programme team uses
(`appoint_evaluator`), so the audit trail is real. Nothing here is real: the organisation says
so, and the evaluation is marked as a demonstration (from its project's round), which keeps it
and its reports out of the public library whatever is done with it.
"""

from innovation_fund.core.audit import record
from innovation_fund.evidence.models import Evaluation
from innovation_fund.evidence.services.evaluations import appoint_evaluator
from innovation_fund.grants.models import Project
from innovation_fund.organisations.models import Membership, Organisation, OrganisationType
from innovation_fund.programmes.models import Programme

from .awarded import SLUG as AWARDED_ROUND_SLUG

LABEL = "load_demo_accounts"
ORGANISATION_SLUG = "demonstration-evaluation-partnership"


def seed_demo_evaluation(programme: Programme, evaluator_user, manager) -> list[str]:
    """Once: a second run leaves the evaluation as it is."""
    organisation = _organisation()
    Membership.objects.get_or_create(organisation=organisation, user=evaluator_user)
    if Evaluation.objects.filter(programme=programme, evaluator=organisation).exists():
        return []
    project = (
        Project.objects.filter(round__programme=programme, round__slug=AWARDED_ROUND_SLUG)
        .select_related("round", "lead_organisation")
        .order_by("name", "pk")
        .first()
    )
    if project is None:
        return []
    title = f"Demonstration evaluation of {project.display_name} (not real)"
    appoint_evaluator(manager, programme, evaluator=organisation, projects=[project], title=title)
    return [f"{title}: appointed, its plan waiting for the demo evaluator"]


def _organisation() -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        slug=ORGANISATION_SLUG,
        defaults={
            "name": "Demonstration Evaluation Partnership (not real)",
            "organisation_type": OrganisationType.COMPANY,
            "town": "Nowhere",
        },
    )
    if created:
        record(actor=None, actor_label=LABEL, action="organisation.created", target=organisation)
    return organisation
