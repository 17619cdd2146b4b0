def acting_for(request):
    """The membership the person is acting through (None when signed out or not yet chosen)."""
    membership = getattr(request, "acting_for", None)
    return {"acting_for": membership if membership else None}
