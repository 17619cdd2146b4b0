"""Variations of a grant: the grantee asks for one (/grants/<pk>/variations/new/), a programme
manager records one (/manage/grants/<pk>/variations/new/) the same way (what needs to change,
that kind's questions, check answers, confirmation), and a manager approves or refuses it on the
variation's page. The answers wait in the session between the question page and the
check-answers page, so nothing typed is lost going back to change them.

Records are found through the person's grants (`grants.policies.grants`): anything else is 404.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.core.financial_years import FinancialYear

from ..models import Grant, Variation
from ..policies.grants import grants_of_grantee, grants_of_programme_team
from ..policies.variations import (
    may_ask_for_variation,
    may_decide_variation,
    may_record_variation,
    may_withdraw_variation,
)
from ..services import variations as services
from ..variation_forms import DecisionForm, KindForm, VariationForm
from ..variation_proposals import grant_now, proposal_of
from ..variation_selectors import (
    GrantVersion,
    changed_instalments,
    labelled_years,
    variations_of,
    versions_of,
    waiting_of,
)

Kind = Variation.Kind


@dataclass(frozen=True)
class Side:
    """The grantee's pages or the programme team's: the same journey, other words and rules."""

    namespace: str
    grants: object  # user -> the grants they see
    may_start: object  # (user, grant, waiting=) -> Permission
    start_label: str
    submit_label: str
    is_team: bool


GRANTEE = Side(
    "your_grants", grants_of_grantee, may_ask_for_variation, "Ask for a variation",
    "Send the request", False,
)  # fmt: skip
TEAM = Side(
    "grant_management", grants_of_programme_team, may_record_variation, "Record a variation",
    "Record the variation", True,
)  # fmt: skip


def _url(side: Side, name: str, *args) -> str:
    return reverse(f"{side.namespace}:{name}", args=args)


def _draft_key(grant: Grant) -> str:
    return f"variation_draft_{grant.pk}"


def _grant(request, side: Side, pk: int) -> Grant:
    try:
        return (
            side.grants(request.user)
            .select_related("round__programme", "recipient", "project")
            .get(pk=pk)
        )
    except Grant.DoesNotExist:
        raise Http404("No grant you can see has that number") from None


def _variation(request, side: Side, pk: int, variation_pk: int) -> Variation:
    grant = _grant(request, side, pk)
    try:
        variation = grant.variations.select_related("requested_by", "decided_by").get(
            pk=variation_pk
        )
    except Variation.DoesNotExist:
        raise Http404("This grant has no variation with that number") from None
    variation.grant = grant
    return variation


def _kind_or_404(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404("No such kind of variation")
    return kind


def _start_permission(request, side: Side, grant: Grant):
    waiting = grant.variations.filter(state=Variation.State.REQUESTED).first()
    return side.may_start(request.user, grant, waiting=waiting)


def _render(request, template: str, side: Side, grant: Grant, *, status=200, **context):
    """A variation page, with what every one of them shows: the grant and the way back to it."""
    context.update(side=side, grant=grant, grant_url=_url(side, "grant", grant.pk))
    if "form" in context:
        context["error_items"] = error_summary_items(context["form"])
    return render(request, f"grants/variations/{template}", context, status=status)


def _refused_page(request, side: Side, grant: Grant, permission):
    status = 403 if request.method == "POST" else 200
    return _render(request, "cannot.html", side, grant, status=status, reason=permission.reason)


# --- Asking for or recording a variation ------------------------------------------------------


def _choose_kind(request, side: Side, pk: int):
    grant = _grant(request, side, pk)
    permission = _start_permission(request, side, grant)
    if not permission:
        return _refused_page(request, side, grant, permission)
    draft = request.session.get(_draft_key(grant)) or {}
    form = KindForm(
        request.POST if request.method == "POST" else None, initial={"kind": draft.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        return redirect(_url(side, "variation_details", grant.pk, form.cleaned_data["kind"]))
    return _render(request, "kind.html", side, grant, form=form, options=form.options())


def _details(request, side: Side, pk: int, kind: str):
    grant = _grant(request, side, pk)
    kind = _kind_or_404(kind)
    permission = _start_permission(request, side, grant)
    if not permission:
        return _refused_page(request, side, grant, permission)
    now = grant_now(grant)
    draft = request.session.get(_draft_key(grant))
    if request.method == "POST":
        data = request.POST
    elif draft and draft.get("kind") == kind:
        data = _query_dict(draft["answers"])
    else:
        data = None
    form = VariationForm(data, kind=kind, now=now)
    if data is not None and form.is_valid():
        try:
            services.check_variation(grant, **form.service_fields())
        except DomainError as error:
            add_to_form(form, error)
        else:
            if request.method == "POST":
                answers = {
                    key: values
                    for key, values in request.POST.lists()
                    if key != "csrfmiddlewaretoken"
                }
                request.session[_draft_key(grant)] = {"kind": kind, "answers": answers}
                return redirect(_url(side, "variation_check", grant.pk, kind))
    return _render(
        request,
        "details.html",
        side,
        grant,
        form=form,
        kind=kind,
        kind_label=Kind(kind).label,
        now=now,
        kind_url=_url(side, "variation_new", grant.pk),
    )


def _check(request, side: Side, pk: int, kind: str):
    grant = _grant(request, side, pk)
    kind = _kind_or_404(kind)
    permission = _start_permission(request, side, grant)
    if not permission:
        return _refused_page(request, side, grant, permission)
    draft = request.session.get(_draft_key(grant))
    details_url = _url(side, "variation_details", grant.pk, kind)
    if not draft or draft.get("kind") != kind:
        return redirect(details_url)
    now = grant_now(grant)
    form = VariationForm(_query_dict(draft["answers"]), kind=kind, now=now)
    if not form.is_valid():
        return redirect(details_url)
    try:
        proposal = services.check_variation(grant, **form.service_fields())
        if request.method == "POST":
            variation = services.request_variation(request.user, grant, **form.service_fields())
            del request.session[_draft_key(grant)]
            return redirect(_url(side, "variation_sent", grant.pk, variation.pk))
    except DomainError:
        # Something changed since the answers were checked: show them again, with the errors.
        return redirect(details_url)
    return _render(
        request,
        "check.html",
        side,
        grant,
        kind=kind,
        kind_label=Kind(kind).label,
        proposal=proposal,
        now=now,
        years=[
            (FinancialYear(year).label, now.years.get(year, 0), amount)
            for year, amount in sorted(proposal.years.items())
        ],
        details_url=details_url,
        kind_url=_url(side, "variation_new", grant.pk),
    )


def _query_dict(answers: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in answers.items():
        data.setlist(key, values)
    return data


def _sent(request, side: Side, pk: int, variation_pk: int):
    variation = _variation(request, side, pk, variation_pk)
    return _render(request, "sent.html", side, variation.grant, variation=variation)


# --- One variation ----------------------------------------------------------------------------


def _variation_page(request, side: Side, variation: Variation, form=None, status=200):
    decide = may_decide_variation(request.user, variation, "approve") if side.is_team else None
    refuse = may_decide_variation(request.user, variation, "refuse") if side.is_team else None
    removed, added = changed_instalments(variation)
    return _render(
        request,
        "variation.html",
        side,
        variation.grant,
        status=status,
        variation=variation,
        proposal=proposal_of(variation),
        proposed_years=labelled_years(variation.proposed_years or {}),
        before=GrantVersion.of(variation.before, None) if variation.before else None,
        after=GrantVersion.of(variation.after, variation) if variation.after else None,
        removed_instalments=removed,
        added_instalments=added,
        may_approve=decide,
        may_refuse=refuse,
        may_withdraw=may_withdraw_variation(request.user, variation),
        form=form or DecisionForm(),
        withdraw_url=_url(side, "variation_withdraw", variation.grant_id, variation.pk),
    )


def _show(request, side: Side, pk: int, variation_pk: int):
    return _variation_page(request, side, _variation(request, side, pk, variation_pk))


def _withdraw(request, side: Side, pk: int, variation_pk: int):
    variation = _variation(request, side, pk, variation_pk)
    try:
        services.withdraw_variation(request.user, variation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The variation has been withdrawn")
    return redirect(_url(side, "grant", pk))


@sign_in_required
@require_POST
def decide(request, pk: int, variation_pk: int):
    variation = _variation(request, TEAM, pk, variation_pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        reasons = form.cleaned_data["reasons"]
        try:
            if action == "approve":
                services.approve_variation(request.user, variation, reasons=reasons)
            else:
                services.refuse_variation(request.user, variation, reasons=reasons)
        except DomainError as error:
            add_to_form(form, error)
            if error.field not in form.fields:
                # The grant or its money moved: show the page as it is now.
                variation = _variation(request, TEAM, pk, variation_pk)
        else:
            word = "approved" if action == "approve" else "refused"
            messages.success(request, f"The variation has been {word}")
            return redirect(_url(TEAM, "grant", pk))
    return _variation_page(request, TEAM, variation, form=form)


# --- The grant page's section -----------------------------------------------------------------


def _section(request, side: Side, grant: Grant) -> dict:
    variations = variations_of(grant)
    waiting = waiting_of(variations)
    return {
        "variations": variations,
        "variation_versions": versions_of(variations),
        "variation_waiting": waiting,
        "may_start_variation": side.may_start(request.user, grant, waiting=waiting),
        "variation_side": side,
    }


def manage_section(request, grant) -> dict:
    """What the programme team's grant page shows of variations
    (grants/manage/sections/_variations.html)."""
    return _section(request, TEAM, grant)


def grantee_section(request, grant) -> dict:
    """What the grantee's grant page shows of variations
    (grants/grantee/sections/_variations.html)."""
    return _section(request, GRANTEE, grant)


def _views_for(side: Side):
    def wrap(function, methods):
        @sign_in_required
        @require_http_methods(methods)
        @never_cache
        def view(request, *args, **kwargs):
            return function(request, side, *args, **kwargs)

        view.__name__ = f"{function.__name__.strip('_')}_{side.namespace}"
        return view

    prefix = "grants/<int:pk>/variations/" if side.is_team else "<int:pk>/variations/"
    return [
        path(f"{prefix}new/", wrap(_choose_kind, ["GET", "POST"]), name="variation_new"),
        path(f"{prefix}new/<str:kind>/", wrap(_details, ["GET", "POST"]), name="variation_details"),
        path(
            f"{prefix}new/<str:kind>/check/", wrap(_check, ["GET", "POST"]), name="variation_check"
        ),
        path(f"{prefix}<int:variation_pk>/", wrap(_show, ["GET"]), name="variation"),
        path(f"{prefix}<int:variation_pk>/sent/", wrap(_sent, ["GET"]), name="variation_sent"),
        path(
            f"{prefix}<int:variation_pk>/withdraw/",
            wrap(_withdraw, ["POST"]),
            name="variation_withdraw",
        ),
    ]


manage_urlpatterns = [
    *_views_for(TEAM),
    path("grants/<int:pk>/variations/<int:variation_pk>/decide/", decide, name="variation_decide"),
]
grantee_urlpatterns = _views_for(GRANTEE)
