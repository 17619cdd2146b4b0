"""The programme's team pages: who holds which role, inviting people, withdrawing an invitation
and removing a role.

Only the programme's managers see them; anyone else signed in gets 404, as if there were nothing
there. Each page parses its form, calls one service and renders.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core import rate_limits
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from ..forms_team import InvitationForm
from ..models import Programme
from ..policies import (
    invitations_visible_to,
    may_manage_team,
    may_remove_role,
    may_withdraw_invitation,
    team_roles_visible_to,
)
from ..services import team as team_services
from ..team_selectors import team_page


def _team_programme(request, pk: int) -> Programme:
    programme = get_object_or_404(Programme, pk=pk)
    if not may_manage_team(request.user, programme):
        raise Http404("No programme you manage has that number")
    return programme


@sign_in_required
def team(request, pk: int):
    programme = _team_programme(request, pk)
    page = team_page(programme)
    return render(
        request,
        "programmes/team_list.html",
        {
            "programme": programme,
            "page": page,
            "rows": [
                # The page is only shown to the programme's managers (checked above).
                (role, may_remove_role(request.user, role, managers=page.managers, manages=True))
                for role in page.roles
            ],
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def invite(request, pk: int):
    programme = _team_programme(request, pk)
    form = InvitationForm(request.POST if request.method == "POST" else kept_answers(request))
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            rate_limits.spend_invitation(request.user)
            sent = team_services.invite(
                request.user, programme, form.cleaned_data["email"], form.cleaned_data["roles"]
            )
        except DomainError as error:
            add_to_form(form, error)
            refused = error
        else:
            messages.success(
                request,
                f"We have emailed an invitation to {sent.invitation.email}. "
                f"It expires in {team_services.INVITATION_DAYS} days.",
            )
            return redirect("programmes:team", programme.pk)
    return render(
        request,
        "programmes/team_invite.html",
        {
            "programme": programme,
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
            "days": team_services.INVITATION_DAYS,
        },
        status=rate_limits.status_for(refused),
    )


def _confirm(request, programme, *, permission, service, done: str, template: str, **context):
    """A confirmation page whose button (a POST) makes the change, or says why it cannot."""
    error = None
    if request.method == "POST":
        try:
            permission.enforce()
            service()
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(request, done)
            return redirect("programmes:team", programme.pk)
    return render(
        request,
        template,
        {
            "programme": programme,
            "permission": permission,
            "error_items": [{"text": error}] if error else [],
            "form_has_errors": bool(error),
            **context,
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def remove_role(request, pk: int, role_pk: int):
    role = get_object_or_404(
        team_roles_visible_to(request.user).select_related("programme", "user"),
        pk=role_pk,
        programme_id=pk,
    )
    return _confirm(
        request,
        role.programme,
        permission=may_remove_role(request.user, role),
        service=lambda: team_services.remove_role(request.user, role),
        done=f"{role.user.display_name} is no longer {role.get_role_display().lower()}",
        template="programmes/team_remove_role.html",
        role=role,
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def withdraw_invitation(request, pk: int, invitation_pk: int):
    invitation = get_object_or_404(
        invitations_visible_to(request.user).select_related("programme"),
        pk=invitation_pk,
        programme_id=pk,
    )
    return _confirm(
        request,
        invitation.programme,
        permission=may_withdraw_invitation(request.user, invitation),
        service=lambda: team_services.withdraw_invitation(request.user, invitation),
        done=f"You withdrew the invitation to {invitation.email}",
        template="programmes/team_withdraw_invitation.html",
        invitation=invitation,
    )
