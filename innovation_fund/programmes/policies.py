"""Who may set up programmes and rounds. One place answers "may they" and "which ones"."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from innovation_fund.core.permissions import ALLOWED, Permission, Refused, refused

from .lifecycle import ROUND_LIFECYCLE
from .models import (
    Outcome,
    Programme,
    ProgrammeInvitation,
    ProgrammeRole,
    Round,
    published_round_q,
)
from .outcome_selectors import is_used

MANAGER = ProgrammeRole.Role.PROGRAMME_MANAGER


def may_create_programme(user) -> bool:
    return user.is_authenticated and user.has_perm("programmes.add_programme")


def programmes_managed_by(user) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(roles__user=user, roles__role=MANAGER).distinct()


def may_manage_programme(user, programme: Programme) -> bool:
    if not user.is_authenticated:
        return False
    return ProgrammeRole.objects.filter(user=user, programme=programme, role=MANAGER).exists()


def rounds_managed_by(user) -> QuerySet[Round]:
    if not user.is_authenticated:
        return Round.objects.none()
    return Round.objects.filter(programme__roles__user=user, programme__roles__role=MANAGER)


def manages_any_programme(user) -> bool:
    return user.is_authenticated and user.programme_roles.filter(role=MANAGER).exists()


# --- Rounds ----------------------------------------------------------------------------------
# Whether a person may move a round along its lifecycle follows from the table's `who` (the
# roles a row names) and what the person is to the round's programme; the table's guards give
# the reasons it cannot happen now.


def round_roles(user, funding_round: Round) -> set[str]:
    """The lifecycle table's roles this person holds for the round."""
    if not user.is_authenticated:
        return set()
    return set(
        ProgrammeRole.objects.filter(
            user=user, programme_id=funding_round.programme_id
        ).values_list("role", flat=True)
    )


def holds_round_role_for(user, funding_round: Round, action: str) -> Permission:
    """Does this person hold a role the table's rows for `action` name (whatever the state)?"""
    rows = ROUND_LIFECYCLE.rows_for(action)
    who = frozenset().union(*(row.who for row in rows))
    if not who & round_roles(user, funding_round):
        return refused(f"Only the programme’s managers may {rows[0].label.lower()} a round")
    return ALLOWED


def may_act_on_round(user, funding_round: Round, action: str) -> Permission:
    """May this person take `action` (a row of `ROUND_LIFECYCLE`) on the round now? With the
    reason when not: not theirs to take, not from this state, or what must be done first."""
    role = holds_round_role_for(user, funding_round, action)
    if not role:
        return role
    try:
        ROUND_LIFECYCLE.check(funding_round, action)
    except Refused as refusal:
        return refused(refusal.reason)
    return ALLOWED


def public_rounds() -> QuerySet[Round]:
    """Rounds anyone may see: published, and not demonstrations."""
    return Round.objects.filter(published_round_q(), is_demonstration=False)


def rounds_visible_to(user) -> QuerySet[Round]:
    """The rounds whose pages this person may open: their programmes' rounds (draft or not) if
    they manage any, and the public ones."""
    return Round.objects.filter(
        Q(pk__in=public_rounds().values("pk")) | Q(pk__in=rounds_managed_by(user).values("pk"))
    )


def may_see_round(user, funding_round: Round) -> bool:
    return rounds_visible_to(user).filter(pk=funding_round.pk).exists()


# --- The outcome framework -------------------------------------------------------------------
# Its programme's managers change it. An outcome a bid has used keeps its meaning (measure, unit,
# direction) and is never deleted: it is retired instead. Typos in its name and definition may
# always be mended.

NOT_FRAMEWORK_MANAGER = "Only the programme's managers may change its outcome framework"


def outcomes_visible_to(user) -> QuerySet[Outcome]:
    """Outcomes whose framework pages the person may open: those of programmes they manage."""
    return Outcome.objects.filter(programme__in=programmes_managed_by(user))


def may_change_framework(user, programme: Programme) -> Permission:
    """Add outcomes to the framework, or mend an outcome's name and definition."""
    return ALLOWED if may_manage_programme(user, programme) else refused(NOT_FRAMEWORK_MANAGER)


def may_change_outcome_meaning(user, outcome: Outcome, *, used: bool | None = None) -> Permission:
    """Change what an outcome measures: its measure, unit and direction."""
    if not may_manage_programme(user, outcome.programme):
        return refused(NOT_FRAMEWORK_MANAGER)
    if is_used(outcome) if used is None else used:
        return refused(
            f"Bids have used ‘{outcome.name}’, so what it measures cannot change. Retire it and "
            "add a new outcome instead."
        )
    return ALLOWED


def may_retire_outcome(user, outcome: Outcome) -> Permission:
    if not may_manage_programme(user, outcome.programme):
        return refused(NOT_FRAMEWORK_MANAGER)
    if outcome.retired_at is not None:
        return refused(f"‘{outcome.name}’ is already retired")
    return ALLOWED


def may_reinstate_outcome(user, outcome: Outcome, now: datetime | None = None) -> Permission:
    """Undo a retirement, but only while no round has opened without the outcome: that round's
    bids choose from the framework it opened with."""
    if not may_manage_programme(user, outcome.programme):
        return refused(NOT_FRAMEWORK_MANAGER)
    if outcome.retired_at is None:
        return refused(f"‘{outcome.name}’ is not retired")
    opened_since = outcome.programme.rounds.filter(
        opens_at__gt=outcome.retired_at, opens_at__lte=now or timezone.now()
    ).first()
    if opened_since is not None:
        return refused(
            f"{opened_since.name} has opened since ‘{outcome.name}’ was retired, so it stays "
            "retired. Add a new outcome if the programme needs it again."
        )
    return ALLOWED


def may_delete_outcome(user, outcome: Outcome, *, used: bool | None = None) -> Permission:
    if not may_manage_programme(user, outcome.programme):
        return refused(NOT_FRAMEWORK_MANAGER)
    if is_used(outcome) if used is None else used:
        return refused(
            f"Bids have used ‘{outcome.name}’, so it cannot be deleted. Retire it instead: "
            "bids that chose it keep it, and new rounds will not offer it."
        )
    return ALLOWED


# --- The programme team ----------------------------------------------------------------------
# A programme's managers invite people to its team, withdraw pending invitations and remove
# roles. A programme always keeps at least one manager. Anyone else sees none of it (404).

NOT_TEAM_MANAGER = "Only the programme's managers may change its team"


def may_manage_team(user, programme: Programme) -> Permission:
    return ALLOWED if may_manage_programme(user, programme) else refused(NOT_TEAM_MANAGER)


def team_roles_visible_to(user) -> QuerySet[ProgrammeRole]:
    """Roles whose team pages the person may open: those in programmes they manage."""
    return ProgrammeRole.objects.filter(programme__in=programmes_managed_by(user))


def invitations_visible_to(user) -> QuerySet[ProgrammeInvitation]:
    return ProgrammeInvitation.objects.filter(programme__in=programmes_managed_by(user))


def may_remove_role(
    user, role: ProgrammeRole, *, managers: int | None = None, manages: bool | None = None
) -> Permission:
    """Remove someone's role. Never the programme's last manager: someone must run it.

    A caller that already knows may give `managers` (how many managers the programme has,
    counted under a lock, say) and `manages` (whether `user` manages the programme), so a page
    listing many roles asks the database once."""
    if not (may_manage_programme(user, role.programme) if manages is None else manages):
        return refused(NOT_TEAM_MANAGER)
    if role.role == MANAGER:
        if managers is None:
            managers = ProgrammeRole.objects.filter(
                programme_id=role.programme_id, role=MANAGER
            ).count()
        if managers <= 1:
            return refused(
                f"{role.user.display_name} is the programme's only manager, so cannot be removed. "
                "Invite another programme manager first."
            )
    return ALLOWED


def may_withdraw_invitation(user, invitation: ProgrammeInvitation) -> Permission:
    if not may_manage_programme(user, invitation.programme):
        return refused(NOT_TEAM_MANAGER)
    if invitation.accepted_at is not None:
        return refused(f"{invitation.email} has already accepted this invitation")
    if invitation.withdrawn_at is not None:
        return refused("This invitation has already been withdrawn")
    if not invitation.is_pending():
        return refused("This invitation has expired, so there is nothing to withdraw")
    return ALLOWED
