"""The innovation pages for programme managers (/manage/innovations/): the list, add and change
an innovation, and record, change and remove where it was taken up.

Anyone who does not manage a programme gets 404, as if the pages were not there. Each page
parses its form, calls one service and renders.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.innovations.models import Adoption, Innovation

from . import selectors, services
from .forms import AdoptionForm, InnovationForm, adoption_initial, innovation_initial
from .policies import may_manage_innovations


def _require_manager(request) -> None:
    if not may_manage_innovations(request.user):
        raise Http404("No page here for you")


def _innovation(request, pk: int) -> Innovation:
    _require_manager(request)
    try:
        return selectors.innovation_to_manage(pk)
    except Innovation.DoesNotExist:
        raise Http404("No innovation has that number") from None


def _adoption(innovation: Innovation, adoption_pk: int) -> Adoption:
    for adoption in innovation.adoptions.all():
        if adoption.pk == adoption_pk:
            return adoption
    raise Http404("This innovation has no adoption with that number")


def _form_page(request, template: str, form, **context):
    return render(
        request,
        f"spread/{template}",
        {
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
            **context,
        },
    )


@sign_in_required
def innovation_list(request):
    _require_manager(request)
    return render(
        request, "spread/innovation_list.html", {"innovations": selectors.innovations_to_manage()}
    )


@sign_in_required
def innovation_detail(request, pk: int):
    innovation = _innovation(request, pk)
    return render(
        request,
        "spread/innovation_detail.html",
        {
            "innovation": innovation,
            "evidence": selectors.evidence_summary(innovation),
            "over_time": selectors.adopters_over_time(innovation.adoptions.all()),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def innovation_add(request):
    _require_manager(request)
    form = InnovationForm(request.POST if request.method == "POST" else kept_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            innovation = services.create_innovation(request.user, form.details())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"You added ‘{innovation.name}’")
            return redirect("spread:innovation_detail", innovation.pk)
    return _form_page(request, "innovation_form.html", form, innovation=None)


@sign_in_required
@require_http_methods(["GET", "POST"])
def innovation_edit(request, pk: int):
    innovation = _innovation(request, pk)
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = InnovationForm(data, initial=innovation_initial(innovation))
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_innovation(request.user, innovation, form.details())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"You saved ‘{form.cleaned_data['name']}’")
            return redirect("spread:innovation_detail", innovation.pk)
    return _form_page(request, "innovation_form.html", form, innovation=innovation)


@sign_in_required
@require_http_methods(["GET", "POST"])
def adoption_add(request, pk: int):
    innovation = _innovation(request, pk)
    form = AdoptionForm(request.POST if request.method == "POST" else kept_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            adoption = services.record_adoption(request.user, innovation, form.details())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, f"You recorded that {adoption.authority.name} took up {innovation.name}"
            )
            return redirect("spread:innovation_detail", innovation.pk)
    return _form_page(request, "adoption_form.html", form, innovation=innovation, adoption=None)


@sign_in_required
@require_http_methods(["GET", "POST"])
def adoption_edit(request, pk: int, adoption_pk: int):
    innovation = _innovation(request, pk)
    adoption = _adoption(innovation, adoption_pk)
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = AdoptionForm(data, initial=adoption_initial(adoption))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_adoption(request.user, adoption, form.details())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "You saved the adoption")
            return redirect("spread:innovation_detail", innovation.pk)
    return _form_page(request, "adoption_form.html", form, innovation=innovation, adoption=adoption)


@sign_in_required
@require_http_methods(["GET", "POST"])
def adoption_remove(request, pk: int, adoption_pk: int):
    innovation = _innovation(request, pk)
    adoption = _adoption(innovation, adoption_pk)
    if request.method == "POST":
        services.remove_adoption(request.user, adoption)
        messages.success(request, f"You removed {adoption.authority.name}’s adoption")
        return redirect("spread:innovation_detail", innovation.pk)
    return render(
        request,
        "spread/adoption_remove.html",
        {"innovation": innovation, "adoption": adoption},
    )
