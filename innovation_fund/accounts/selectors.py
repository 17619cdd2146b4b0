from . import home_sections
from .models import User

# The relations are named, not imported: memberships (organisations) and programme roles
# (programmes) sit above accounts in the layers.


def _with_relationships(users):
    return users.prefetch_related("memberships__organisation", "programme_roles__programme")


def _with_work(users):
    """As above, with each programme's rounds, for the links to the work each role does."""
    return users.prefetch_related("memberships__organisation", "programme_roles__programme__rounds")


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
    """The person, their relationships, and what each app above registered in `home_sections`
    (whether they assess, whether they may import other funders' files)."""
    user = _with_work(User.objects.filter(pk=user.pk)).get()
    return {
        "person": user,
        "memberships": list(user.memberships.all()),
        "programme_roles": list(user.programme_roles.all()),
        "roles": describe_roles(user),
        **home_sections.context_for(user),
    }
