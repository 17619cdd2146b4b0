"""Organisation pages. Thin: parse the form, call a service or selector, render.

Anyone who is not a member of an organisation gets 404 from its pages (never 403), and so does a
member who may not do what a page does (an editor on the invite page, say).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, safe_next_url, sign_in_required
from innovation_fund.core import rate_limits
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from . import policies, selectors, services
from .forms import ActingForForm, EditOrganisationForm, InviteForm, OrganisationForm, RoleForm
from .models import MemberRole


def _form_context(form, **extra) -> dict:
    return {
        "form": form,
        "error_items": error_summary_items(form),
        "form_has_errors": bool(form.errors),
        **extra,
    }


def _membership_or_404(request, slug):
    membership = policies.membership_for(request.user, slug)
    if membership is None:
        raise Http404("No organisation you belong to has that address")
    return membership


def _officer_membership_or_404(request, slug):
    membership = _membership_or_404(request, slug)
    if not policies.membership_manages_members(membership):
        raise Http404("Only accountable officers manage members")
    return membership


@sign_in_required
@require_http_methods(["GET", "POST"])
def organisation_list(request):
    """Your organisations, and which one you are acting for."""
    memberships = selectors.memberships_of(request.user)
    acting_for = request.acting_for
    initial = {"organisation": str(acting_for.organisation_id)} if acting_for else {}
    form = ActingForForm(
        request.POST if request.method == "POST" else None,
        memberships=memberships,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        membership = form.chosen_membership()
        try:
            services.choose_acting_for(request.session, request.user, membership.organisation)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"You are now acting for {membership.organisation.name}")
            next_url = safe_next_url(request, request.POST.get("next", ""))
            if next_url:
                return redirect(next_url)
            return redirect("organisations:list")
    return render(
        request,
        "organisations/list.html",
        _form_context(
            form, memberships=memberships, next=request.GET.get("next", ""), acting_for=acting_for
        ),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def register(request):
    form = OrganisationForm(request.POST if request.method == "POST" else kept_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(request.user, form.service_data())
        except DomainError as error:
            add_to_form(form, error)
        else:
            services.choose_acting_for(request.session, request.user, organisation)
            messages.success(
                request,
                f"You registered {organisation.name}. You are its accountable officer",
            )
            return redirect("organisations:profile", slug=organisation.slug)
    return render(request, "organisations/register.html", _form_context(form))


@sign_in_required
def profile(request, slug):
    membership = _membership_or_404(request, slug)
    return render(
        request,
        "organisations/profile.html",
        {
            "organisation": selectors.organisation_profile(membership.organisation),
            "membership": membership,
            "may_manage_members": policies.membership_manages_members(membership),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    membership = _membership_or_404(request, slug)
    organisation = membership.organisation
    conflict = None
    if request.method == "POST":
        form = EditOrganisationForm(request.POST, organisation_type=organisation.organisation_type)
        if form.is_valid():
            try:
                services.update_organisation(
                    request.user,
                    organisation,
                    form.service_data(),
                    expected_version=form.cleaned_data["version"],
                )
            except services.ConcurrentEditError as error:
                conflict = selectors.organisation_profile(error.current)
                # Keep what they typed; a second save means "mine, knowing theirs".
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = EditOrganisationForm(data, organisation_type=organisation.organisation_type)
                form.is_valid()
                add_to_form(form, error)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "Organisation details saved")
                return redirect("organisations:profile", slug=organisation.slug)
    elif kept := kept_answers(request):
        form = EditOrganisationForm(kept, organisation_type=organisation.organisation_type)
    else:
        form = EditOrganisationForm(
            initial=EditOrganisationForm.initial_for(organisation),
            organisation_type=organisation.organisation_type,
        )
    return render(
        request,
        "organisations/edit.html",
        _form_context(form, organisation=organisation, conflict=conflict),
    )


@sign_in_required
def members(request, slug):
    membership = _membership_or_404(request, slug)
    organisation = membership.organisation
    context = selectors.members_page(organisation)
    may_manage_members = policies.membership_manages_members(membership)
    context.update(
        organisation=organisation, membership=membership, may_manage_members=may_manage_members
    )
    if may_manage_members:
        context.update(_form_context(InviteForm()))
    return render(request, "organisations/members.html", context)


@sign_in_required
@require_http_methods(["GET", "POST"])
def invite(request, slug):
    membership = _officer_membership_or_404(request, slug)
    organisation = membership.organisation
    form = InviteForm(request.POST if request.method == "POST" else kept_answers(request))
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            rate_limits.spend_invitation(request.user)
            invitation = services.invite_member(
                request.user, organisation, form.cleaned_data["email"], form.cleaned_data["role"]
            )
        except DomainError as error:
            add_to_form(form, error)
            refused = error
        else:
            messages.success(request, f"Invitation sent to {invitation.email}")
            return redirect("organisations:members", slug=organisation.slug)
    return render(
        request,
        "organisations/invite.html",
        _form_context(form, organisation=organisation),
        status=rate_limits.status_for(refused),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def change_role(request, slug, pk):
    membership = _officer_membership_or_404(request, slug)
    organisation = membership.organisation
    member = selectors.member_of_organisation(organisation, pk)
    if member is None:
        raise Http404("No member of this organisation has that number")
    form = RoleForm(
        request.POST if request.method == "POST" else kept_answers(request),
        initial={"role": member.role},
        question=f"What role should {member.user.display_name} have?",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_member_role(request.user, member, form.cleaned_data["role"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                # "an editor", "an accountable officer"
                f"{member.user.display_name} is now an "
                f"{MemberRole(form.cleaned_data['role']).label.lower()}",
            )
            return redirect("organisations:members", slug=organisation.slug)
    return render(
        request,
        "organisations/change_role.html",
        _form_context(form, organisation=organisation, member=member),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def remove_member(request, slug, pk):
    membership = _officer_membership_or_404(request, slug)
    organisation = membership.organisation
    member = selectors.member_of_organisation(organisation, pk)
    if member is None or member.pk == membership.pk:
        raise Http404("No other member of this organisation has that number")
    problem = None
    if policies.is_last_accountable_officer(member):
        problem = (
            f"{member.user.display_name} is the only accountable officer of "
            f"{organisation.name}. Make another member an accountable officer first"
        )
    if request.method == "POST":
        try:
            services.remove_member(request.user, member)
        except DomainError as error:
            problem = error.message
        else:
            messages.success(request, f"{member.user.display_name} is no longer a member")
            return redirect("organisations:members", slug=organisation.slug)
    return render(
        request,
        "organisations/remove_member.html",
        {"organisation": organisation, "member": member, "problem": problem},
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def leave(request, slug):
    membership = _membership_or_404(request, slug)
    organisation = membership.organisation
    problem = None
    if not policies.may_leave(membership):
        problem = (
            f"You are the only accountable officer of {organisation.name}, so you cannot leave. "
            "Make another member an accountable officer first"
        )
    if request.method == "POST":
        try:
            services.leave_organisation(request.user, organisation)
        except DomainError as error:
            problem = error.message
        else:
            services.forget_acting_for(request.session, organisation)
            messages.success(request, f"You have left {organisation.name}")
            return redirect("organisations:list")
    return render(
        request,
        "organisations/leave.html",
        {"organisation": organisation, "membership": membership, "problem": problem},
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = selectors.invitation_for_token(token)
    problem = selectors.invitation_problem(invitation, request.user)
    if request.method == "POST" and problem is None:
        try:
            membership = services.accept_invitation(request.user, token)
        except DomainError as error:
            problem = error.message
        else:
            services.choose_acting_for(request.session, request.user, membership.organisation)
            messages.success(
                request,
                f"You have joined {membership.organisation.name} as an "
                f"{membership.get_role_display().lower()}",
            )
            return redirect("organisations:profile", slug=membership.organisation.slug)
    return render(
        request,
        "organisations/accept_invitation.html",
        {"invitation": invitation, "problem": problem},
        status=404 if invitation is None else 200,
    )
