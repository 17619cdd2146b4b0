"""Which organisation the signed-in person is acting for, chosen from their memberships."""

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "acting_for_organisation_id"


def acting_for_organisation(get_response):
    def middleware(request):
        request.acting_for = SimpleLazyObject(lambda: _membership_acting_for(request))
        return get_response(request)

    return middleware


def _membership_acting_for(request):
    """The person's membership of the organisation they chose, or their only one, or None."""
    from .models import Membership

    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        membership = memberships.filter(organisation_id=chosen).first()
        if membership is not None:
            return membership
    only = list(memberships[:2])
    return only[0] if len(only) == 1 else None
