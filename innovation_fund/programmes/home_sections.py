"""What the account home page (accounts, below programmes) shows about a person's programme work."""

from .models import ProgrammeRole


def assessment_work(user) -> dict:
    """Whether to link to the assessment pages: the person assesses or moderates somewhere."""
    held = {role.role for role in user.programme_roles.all()}
    return {"assesses": bool(held & {ProgrammeRole.Role.ASSESSOR, ProgrammeRole.Role.MODERATOR})}
