"""What the programme's team page shows: who holds which role, and invitations still waiting."""

from dataclasses import dataclass

from django.utils import timezone

from .models import Programme, ProgrammeInvitation, ProgrammeRole


@dataclass(frozen=True)
class TeamPage:
    programme: Programme
    roles: list[ProgrammeRole]
    pending: list[ProgrammeInvitation]
    managers: int


def team_page(programme: Programme) -> TeamPage:
    roles = list(
        ProgrammeRole.objects.filter(programme=programme)
        .select_related("programme", "user", "granted_by")
        .order_by("role", "user__full_name", "user__email")
    )
    order = {value: index for index, value in enumerate(ProgrammeRole.Role.values)}
    roles.sort(key=lambda role: order.get(role.role, len(order)))
    pending = list(
        ProgrammeInvitation.objects.filter(
            programme=programme,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("expires_at", "pk")
    )
    managers = sum(1 for role in roles if role.role == ProgrammeRole.Role.PROGRAMME_MANAGER)
    return TeamPage(programme=programme, roles=roles, pending=pending, managers=managers)
