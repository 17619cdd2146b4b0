"""Release conditions: what must be true before an instalment may be paid, set by the programme's
managers. A condition is met by the record it names (the offer accepted, a monitoring return
accepted: `grants.conditions`), or, for a free-text condition and (until evaluation plans are
recorded in the service) the evaluation plan, confirmed by a manager with evidence.

Conditions change only while their instalment has no money requested, approved or paid against
it. Every change is audited against the grant, so the grant's history shows it.
"""

from django.db import transaction
from django.utils import timezone

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.permissions import Refused

from ..models import Grant, Instalment, MonitoringReturn, ReleaseCondition
from ..money import money_by_instalment
from ..policies.schedules import (
    may_change_schedule,
    may_confirm_condition,
    why_instalment_is_fixed,
)

Kind = ReleaseCondition.Kind
MOST_CHARACTERS = 5000
ONE_OF_A_KIND = (Kind.OFFER_ACCEPTED, Kind.EVALUATION_PLAN)


def _locked(grant_id: int, instalment_id: int) -> tuple[Grant, Instalment]:
    grant = (
        Grant.objects.select_for_update(of=("self",))
        .select_related("round__programme", "recipient")
        .get(pk=grant_id)
    )
    instalment = Instalment.objects.select_for_update().get(pk=instalment_id, grant=grant)
    return grant, instalment


def _refuse_if_touched(grant: Grant, instalment: Instalment) -> None:
    reason = why_instalment_is_fixed(instalment.number, money_by_instalment(grant)[instalment.pk])
    if reason:
        raise Refused(reason)


def _about(condition: ReleaseCondition, instalment: Instalment) -> dict:
    return {
        "instalment_id": instalment.pk,
        "instalment": instalment.number,
        "condition_id": condition.pk,
        "kind": condition.kind,
        "monitoring_return_id": condition.monitoring_return_id,
        "description": condition.description,
    }


@transaction.atomic
def add_release_condition(
    user,
    instalment: Instalment,
    *,
    kind: str,
    monitoring_return: MonitoringReturn | None = None,
    description: str = "",
) -> ReleaseCondition:
    grant, instalment = _locked(instalment.grant_id, instalment.pk)
    may_change_schedule(user, grant).enforce()
    _refuse_if_touched(grant, instalment)
    description = (description or "").strip()
    if kind not in Kind.values:
        raise DomainError("Choose what must happen before the instalment is paid", field="kind")
    existing = list(instalment.conditions.all())
    if kind in ONE_OF_A_KIND and any(c.kind == kind for c in existing):
        raise DomainError(
            f"Instalment {instalment.number} already has the condition "
            f"‘{Kind(kind).label.lower()}’",
            field="kind",
        )
    if kind == Kind.RETURN_ACCEPTED:
        if monitoring_return is None or monitoring_return.grant_id != grant.pk:
            raise DomainError(
                "Choose the monitoring return that must be accepted", field="monitoring_return"
            )
        if any(c.monitoring_return_id == monitoring_return.pk for c in existing):
            raise DomainError(
                f"Instalment {instalment.number} already waits for return "
                f"{monitoring_return.number} to be accepted",
                field="monitoring_return",
            )
    else:
        monitoring_return = None
    if kind == Kind.CONFIRMED and not description:
        raise DomainError("Say what must be confirmed before payment", field="description")
    if len(description) > MOST_CHARACTERS:
        raise DomainError("The condition must be 5,000 characters or fewer", field="description")
    condition = ReleaseCondition.objects.create(
        instalment=instalment,
        kind=kind,
        monitoring_return=monitoring_return,
        description=description,
    )
    record(
        actor=user,
        action="grants.release_condition_added",
        target=grant,
        after=_about(condition, instalment),
    )
    return condition


@transaction.atomic
def remove_release_condition(user, condition: ReleaseCondition) -> None:
    grant, instalment = _locked(condition.instalment.grant_id, condition.instalment_id)
    may_change_schedule(user, grant).enforce()
    _refuse_if_touched(grant, instalment)
    condition = ReleaseCondition.objects.get(pk=condition.pk, instalment=instalment)
    about = _about(condition, instalment)
    condition.delete()
    record(actor=user, action="grants.release_condition_removed", target=grant, before=about)


@transaction.atomic
def confirm_condition(user, condition: ReleaseCondition, *, evidence: str) -> ReleaseCondition:
    """A manager confirms a free-text or evaluation-plan condition is met, saying what shows it."""
    grant, instalment = _locked(condition.instalment.grant_id, condition.instalment_id)
    condition = ReleaseCondition.objects.select_for_update().get(
        pk=condition.pk, instalment=instalment
    )
    may_confirm_condition(user, condition, grant).enforce()
    evidence = (evidence or "").strip()
    if not evidence:
        raise DomainError("Say what shows the condition is met", field="evidence")
    if len(evidence) > MOST_CHARACTERS:
        raise DomainError("The evidence must be 5,000 characters or fewer", field="evidence")
    condition.confirmed_at = timezone.now()
    condition.confirmed_by = user
    condition.evidence = evidence
    condition.save(update_fields=["confirmed_at", "confirmed_by", "evidence"])
    record(
        actor=user,
        action="grants.release_condition_confirmed",
        target=grant,
        before={**_about(condition, instalment), "confirmed_at": None},
        after={
            **_about(condition, instalment),
            "confirmed_at": condition.confirmed_at.isoformat(),
            "evidence": evidence,
        },
    )
    return condition
