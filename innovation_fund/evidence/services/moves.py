"""Moving a plan or a report along its lifecycle: one way for both, so each move locks the
record, asks the policy, follows the table's row, bumps the version and audits the change in
the same transaction."""

from collections.abc import Callable

from django.db import transaction

from innovation_fund.core.audit import record
from innovation_fund.core.transitions import Lifecycle

from ..policies import may


def move(
    user,
    instance,
    lifecycle: Lifecycle,
    action: str,
    audit_name: str,
    *,
    tell: Callable | None = None,
    **changes,
):
    """`tell(record)`, if given, queues the emails the move sends (they go on commit)."""
    model = type(instance)
    with transaction.atomic():
        locked = (
            model.objects.select_for_update(of=("self",))
            .select_related("evaluation")
            .get(pk=instance.pk)
        )
        may(user, action, locked).enforce()
        row = lifecycle.check(locked, action)
        before = locked.state
        locked.state = row.target
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        record(
            actor=user,
            action=f"{audit_name}.{action}",
            target=locked,
            before={"state": before},
            after={"state": locked.state, **{k: str(v) for k, v in changes.items()}},
        )
        if tell is not None:
            tell(locked)
    return locked
