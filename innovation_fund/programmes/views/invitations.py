"""Accepting an invitation to a programme's team, from the link in its email (at /invitations/).

Opening the link only shows a button: email scanners that fetch links must not accept for the
person. Accepting signs them in (their account made if new) and, if we do not know their name
yet, asks for it, as signing in does.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import sign_in

from ..services import team as team_services


def _not_usable(request, error: team_services.InvitationNotUsable):
    return render(
        request,
        "programmes/team_invitation_not_usable.html",
        {"problem": error.message, "kind": error.problem, "invitation": error.invitation},
        status=410 if error.problem != "unknown" else 404,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    if request.method == "GET":
        try:
            invitation = team_services.invitation_for_token(token)
        except team_services.InvitationNotUsable as error:
            return _not_usable(request, error)
        return render(request, "programmes/team_accept.html", {"invitation": invitation})
    try:
        person, invitation = team_services.accept_invitation(token)
    except team_services.InvitationNotUsable as error:
        return _not_usable(request, error)
    sign_in(request, person)
    messages.success(
        request,
        f"You have joined the team running {invitation.programme.name}, as "
        f"{team_services.role_list(invitation.roles)}",
    )
    destination = reverse("accounts:home")
    if not person.full_name:
        return redirect(f"{reverse('accounts:name')}?{urlencode({'next': destination})}")
    return redirect(destination)
