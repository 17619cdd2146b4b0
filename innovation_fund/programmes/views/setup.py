"""Programme managers' pages: programmes, rounds, focus areas and criteria.

Anyone not signed in is sent to sign in; anyone signed in who does not manage the programme
gets 404, as if it were not there. Each page parses its form, calls one service and renders.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from .. import selectors
from ..forms import (
    CriteriaForm,
    FocusAreaForm,
    ProgrammeForm,
    RoundForm,
    ScoreScaleForm,
    YearBudgetsForm,
)
from ..lifecycle_selectors import round_lifecycle_actions
from ..models import FocusArea, Programme
from ..policies import may_create_programme, may_manage_programme
from ..services import criteria as criteria_services
from ..services import focus_areas as focus_areas_services
from ..services import programmes as programmes_services
from ..services import rounds as rounds_services
from ..services import score_scale as score_scale_services
from ..services import year_budgets as year_budgets_services


def _managed_programme(request, pk: int) -> Programme:
    programme = get_object_or_404(Programme, pk=pk)
    if not may_manage_programme(request.user, programme):
        raise Http404("No programme you manage has that number")
    return programme


def _managed_round(request, pk: int):
    funding_round = selectors.managed_round(pk)
    if not may_manage_programme(request.user, funding_round.programme):
        raise Http404("No round you manage has that number")
    return funding_round


def _form_page(request, template: str, form, **context):
    return render(
        request,
        template,
        {
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
            **context,
        },
    )


# --- Programmes ------------------------------------------------------------------------------


@sign_in_required
def programme_list(request):
    return render(
        request,
        "programmes/manage_programme_list.html",
        {
            "programmes": selectors.managed_programmes(request.user),
            "may_create": may_create_programme(request.user),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    if not may_create_programme(request.user):
        raise Http404("Page not found")
    form = ProgrammeForm(request.POST if request.method == "POST" else kept_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            programme = programmes_services.create_programme(request.user, form.service_data())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"You created {programme.name}")
            return redirect("programmes:detail", programme.pk)
    return _form_page(request, "programmes/manage_programme_form.html", form, programme=None)


@sign_in_required
@require_http_methods(["GET", "POST"])
def year_budgets(request, pk: int):
    programme = _managed_programme(request, pk)
    rows = selectors.year_budget_rows(programme)
    form = YearBudgetsForm(
        request.POST if request.method == "POST" else kept_answers(request), rows=rows
    )
    if request.method == "POST" and rows and form.is_valid():
        try:
            year_budgets_services.set_year_budgets(request.user, programme, form.budgets())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The budgets for each financial year have been saved")
            return redirect("programmes:detail", programme.pk)
    return _form_page(
        request, "programmes/manage_year_budgets.html", form, programme=programme, rows=rows
    )


@sign_in_required
def programme_detail(request, pk: int):
    programme = _managed_programme(request, pk)
    return render(
        request,
        "programmes/manage_programme_detail.html",
        selectors.managed_programme_page(programme),
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk: int):
    programme = _managed_programme(request, pk)
    fingerprint = programmes_services.programme_fingerprint(programme)
    clash = []
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        # Until they have seen someone else's change, the page keeps the fingerprint it had.
        fingerprint = request.POST.get("fingerprint", "")
        if form.is_valid():
            try:
                programmes_services.update_programme(
                    request.user, programme, form.service_data(), expected_fingerprint=fingerprint
                )
            except programmes_services.ProgrammeChanged as error:
                add_to_form(form, error)
                clash = selectors.programme_clash(error.current, form.service_data())
                fingerprint = programmes_services.programme_fingerprint(error.current)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "The programme’s details have been saved")
                return redirect("programmes:detail", programme.pk)
    elif kept := kept_answers(request):
        form = ProgrammeForm(kept)
        # The page they typed into had this fingerprint: a change saved since is still noticed.
        fingerprint = kept.get("fingerprint", "")
    else:
        form = ProgrammeForm(
            initial={
                **{
                    field: getattr(programme, field)
                    for field in programmes_services.PROGRAMME_FIELDS
                },
            }
        )
    return _form_page(
        request,
        "programmes/manage_programme_form.html",
        form,
        programme=programme,
        fingerprint=fingerprint,
        clash=clash,
    )


# --- Rounds ----------------------------------------------------------------------------------


@sign_in_required
@require_http_methods(["GET", "POST"])
def round_create(request, pk: int):
    programme = _managed_programme(request, pk)
    form = RoundForm(request.POST if request.method == "POST" else kept_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            funding_round = rounds_services.create_round(
                request.user, programme, form.service_data()
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, f"You created {funding_round.name}. It is a draft: publish it when ready."
            )
            return redirect("programmes:round_detail", funding_round.pk)
    return _form_page(
        request, "programmes/manage_round_form.html", form, programme=programme, round=None
    )


@sign_in_required
def round_detail(request, pk: int):
    funding_round = _managed_round(request, pk)
    return render(
        request,
        "programmes/manage_round_detail.html",
        {
            **selectors.round_page(funding_round),
            "lifecycle_actions": round_lifecycle_actions(request.user, funding_round),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk: int):
    funding_round = _managed_round(request, pk)
    version = funding_round.version
    clash = []
    if request.method == "POST":
        form = RoundForm(request.POST, score_descriptors=funding_round.score_descriptors)
        # Until they have seen someone else's change, the page keeps the version it had.
        form.is_valid()
        version = form.cleaned_data.get("version") or 0
        if not form.errors:
            try:
                rounds_services.update_round(
                    request.user, funding_round, form.service_data(), expected_version=version
                )
            except rounds_services.RoundChanged as error:
                add_to_form(form, error)
                clash = selectors.round_clash(error.current, form.service_data())
                version = error.current.version
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "The round’s details have been saved")
                return redirect("programmes:round_detail", funding_round.pk)
    elif kept := kept_answers(request):
        form = RoundForm(kept, score_descriptors=funding_round.score_descriptors)
        # The page they typed into had this version: a change saved since is still noticed.
        form.is_valid()
        version = form.cleaned_data.get("version") or 0
    else:
        form = RoundForm(
            initial={
                field: getattr(funding_round, field) for field in rounds_services.ROUND_FIELDS
            },
            score_descriptors=funding_round.score_descriptors,
        )
    return _form_page(
        request,
        "programmes/manage_round_form.html",
        form,
        programme=funding_round.programme,
        round=funding_round,
        version=version,
        clash=clash,
    )


# --- Focus areas -----------------------------------------------------------------------------


@sign_in_required
@require_http_methods(["GET", "POST"])
def focus_area_add(request, pk: int):
    funding_round = _managed_round(request, pk)
    form = FocusAreaForm(request.POST if request.method == "POST" else kept_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            focus_area = focus_areas_services.add_focus_area(
                request.user, funding_round, form.cleaned_data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"You added ‘{focus_area.name}’")
            return redirect("programmes:round_detail", funding_round.pk)
    return _form_page(
        request,
        "programmes/manage_focus_area_form.html",
        form,
        round=funding_round,
        focus_area=None,
    )


def _managed_focus_area(request, round_pk: int, pk: int) -> FocusArea:
    funding_round = _managed_round(request, round_pk)
    focus_area = get_object_or_404(FocusArea, pk=pk, round=funding_round)
    focus_area.round = funding_round
    return focus_area


@sign_in_required
@require_http_methods(["GET", "POST"])
def focus_area_edit(request, round_pk: int, pk: int):
    focus_area = _managed_focus_area(request, round_pk, pk)
    if request.method == "POST":
        form = FocusAreaForm(request.POST)
        if form.is_valid():
            try:
                focus_areas_services.edit_focus_area(request.user, focus_area, form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "The focus area has been saved")
                return redirect("programmes:round_detail", round_pk)
    elif kept := kept_answers(request):
        form = FocusAreaForm(kept)
    else:
        form = FocusAreaForm(
            initial={
                "name": focus_area.name,
                "kind": focus_area.kind,
                "description": focus_area.description,
            }
        )
    return _form_page(
        request,
        "programmes/manage_focus_area_form.html",
        form,
        round=focus_area.round,
        focus_area=focus_area,
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def focus_area_remove(request, round_pk: int, pk: int):
    focus_area = _managed_focus_area(request, round_pk, pk)
    error = None
    if request.method == "POST":
        try:
            focus_areas_services.remove_focus_area(request.user, focus_area)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, f"You removed ‘{focus_area.name}’")
            return redirect("programmes:round_detail", round_pk)
    return render(
        request,
        "programmes/manage_focus_area_remove.html",
        {
            "focus_area": focus_area,
            "round": focus_area.round,
            "error_items": [{"text": error}] if error else [],
            "form_has_errors": bool(error),
        },
    )


# --- Criteria --------------------------------------------------------------------------------


@sign_in_required
@require_http_methods(["GET", "POST"])
def score_scale_edit(request, pk: int):
    funding_round = _managed_round(request, pk)
    if request.method == "POST":
        form = ScoreScaleForm(request.POST)
        if form.is_valid():
            try:
                score_scale_services.set_score_scale(
                    request.user, funding_round, form.service_descriptors()
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "The scoring scale has been saved")
                return redirect("programmes:round_detail", funding_round.pk)
    elif kept := kept_answers(request):
        form = ScoreScaleForm(kept)
    else:
        form = ScoreScaleForm(initial={"descriptors": "\n".join(funding_round.score_descriptors)})
    return _form_page(request, "programmes/manage_score_scale_form.html", form, round=funding_round)


@sign_in_required
@require_http_methods(["GET", "POST"])
def criteria_edit(request, pk: int):
    funding_round = _managed_round(request, pk)
    if request.method == "POST":
        form = CriteriaForm(request.POST)
        if form.is_valid():
            try:
                criteria_services.set_criteria(request.user, funding_round, form.service_rows())
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "The assessment criteria have been saved")
                return redirect("programmes:round_detail", funding_round.pk)
    elif kept := kept_answers(request):
        form = CriteriaForm(kept)
    else:
        form = CriteriaForm(criteria=funding_round.criteria.all())
    return _form_page(request, "programmes/manage_criteria_form.html", form, round=funding_round)
