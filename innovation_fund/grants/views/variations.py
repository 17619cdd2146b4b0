"""(Being built.)"""

manage_urlpatterns: list = []
grantee_urlpatterns: list = []


def manage_section(request, grant) -> dict:
    """What the programme team's grant page shows of this part (template
    grants/manage/sections/_variations.html)."""
    return {}


def grantee_section(request, grant) -> dict:
    """What the grantee's grant page shows of this part (template
    grants/grantee/sections/_variations.html)."""
    return {}
