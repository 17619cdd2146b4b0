"""What the account home page (accounts, below grants) shows about a person's grants."""

from .policies.grants import grants_of_grantee


def your_grants(user) -> dict:
    """Whether to link to "Your grants": the person is a member of an organisation with a grant
    made through this service."""
    return {"has_grants": grants_of_grantee(user).exists()}
