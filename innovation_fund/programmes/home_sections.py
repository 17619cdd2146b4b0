"""What the account home page (accounts, below programmes) shows about a person's programme work."""

from .models import ProgrammeRole
from .policies import may_create_programme


def assessment_work(user) -> dict:
    """Whether to link to the assessment pages (the person assesses or moderates somewhere), and
    to setting up programmes (someone allowed to, such as the first manager of a fresh
    installation, who holds no programme role yet)."""
    held = {role.role for role in user.programme_roles.all()}
    return {
        "assesses": bool(held & {ProgrammeRole.Role.ASSESSOR, ProgrammeRole.Role.MODERATOR}),
        "may_create_programmes": may_create_programme(user),
    }
