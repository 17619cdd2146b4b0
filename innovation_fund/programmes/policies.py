"""Who may set up programmes and rounds. One place answers "may they" and "which ones"."""

from django.db.models import QuerySet

from .models import Programme, ProgrammeRole, Round

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
