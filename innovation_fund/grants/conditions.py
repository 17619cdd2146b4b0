"""Whether an instalment's release conditions are met, read from the records they name."""

from .models import Grant, Instalment, MonitoringReturn, ReleaseCondition

Kind = ReleaseCondition.Kind


def condition_is_met(condition: ReleaseCondition, grant: Grant) -> bool:
    if condition.kind == Kind.OFFER_ACCEPTED:
        return grant.state in (Grant.State.ACCEPTED, Grant.State.HANDED_BACK)
    if condition.kind == Kind.RETURN_ACCEPTED:
        return condition.monitoring_return.state == MonitoringReturn.State.ACCEPTED
    # The evaluation plan is agreed in the service from the evaluation issue on; until then a
    # person confirms it with evidence, as for any other condition.
    return condition.confirmed_at is not None


def unmet_conditions(instalment: Instalment) -> list[str]:
    """Why the instalment may not be paid yet, one sentence per unmet condition (empty when every
    condition is met). A grant's offer must always be accepted first, condition or not."""
    grant = instalment.grant
    reasons = []
    if grant.state != Grant.State.ACCEPTED:
        reasons.append("The offer has not been accepted: nothing is paid until it is.")
    for condition in instalment.conditions.all():
        if condition.kind == Kind.OFFER_ACCEPTED or condition_is_met(condition, grant):
            continue
        if condition.kind == Kind.RETURN_ACCEPTED:
            reasons.append(
                f"Monitoring return {condition.monitoring_return.number} has not been accepted."
            )
        else:
            reasons.append(f"Not yet confirmed: {condition}.")
    return reasons
