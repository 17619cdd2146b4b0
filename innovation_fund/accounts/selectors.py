from django.db.models import Prefetch

from innovation_fund.organisations.models import Membership
from innovation_fund.otherfunders.policies import may_import_files
from innovation_fund.programmes.models import ProgrammeRole

from .models import User


def _with_relationships(users):
    return users.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
        Prefetch("programme_roles", queryset=ProgrammeRole.objects.select_related("programme")),
    )


def _with_work(users):
    """As above, with each programme's rounds, for the links to the work each role does."""
    return users.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
        Prefetch(
            "programme_roles",
            queryset=ProgrammeRole.objects.select_related("programme").prefetch_related(
                "programme__rounds"
            ),
        ),
    )


def describe_roles(user: User) -> list[str]:
    """What the person does, in words: "Editor at Leeds City Council"."""
    roles = [
        f"{membership.get_role_display()} at {membership.organisation.name}"
        for membership in user.memberships.all()
    ]
    roles += [
        f"{role.get_role_display()} for {role.programme.name}"
        for role in user.programme_roles.all()
    ]
    if user.is_superuser:
        roles.append("Administrator")
    return roles


def demo_users() -> list[dict]:
    users = _with_relationships(User.objects.filter(is_demo=True, is_active=True))
    return [{"user": user, "roles": describe_roles(user)} for user in users]


def account_home(user: User) -> dict:
    user = _with_work(User.objects.filter(pk=user.pk)).get()
    programme_roles = list(user.programme_roles.all())
    held = {role.role for role in programme_roles}
    return {
        "person": user,
        "memberships": list(user.memberships.all()),
        "programme_roles": programme_roles,
        "assesses": bool(held & {ProgrammeRole.Role.ASSESSOR, ProgrammeRole.Role.MODERATOR}),
        "imports_other_funders": may_import_files(user),
        "roles": describe_roles(user),
    }
