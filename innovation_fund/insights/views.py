"""The insight pages for a programme's managers, under /manage/programmes/<pk>/insights/: the
list, write and change an insight, its preview (the public page as it will be) and publishing.

Anyone who does not manage the programme gets 404, as if the pages were not there. Each page
parses its form, calls one service and renders.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.programmes.models import Programme

from . import selectors, services
from .forms import InsightForm, insight_initial
from .models import Insight


def _programme(request, programme_pk: int) -> Programme:
    programme = selectors.programme_to_manage(request.user, programme_pk)
    if programme is None:
        raise Http404("No programme of yours has that number")
    return programme


def _insight(request, programme_pk: int, pk: int) -> Insight:
    insight = selectors.insight_to_manage(request.user, programme_pk, pk)
    if insight is None:
        raise Http404("No insight of yours has that number")
    return insight


def _form_page(request, form, *, programme, insight, status=200):
    return render(
        request,
        "insights/insight_form.html",
        {
            "form": form,
            "programme": programme,
            "insight": insight,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
        status=status,
    )


def _preview(request, insight: Insight, *, error_items=None):
    return render(
        request,
        "insights/insight_detail.html",
        {
            **selectors.article(insight),
            "programme": insight.programme,
            "state_tag": selectors.state_tag(insight),
            "actions": selectors.actions_for(insight),
            "error_items": error_items or [],
        },
    )


@sign_in_required
def insight_list(request, programme_pk: int):
    programme = _programme(request, programme_pk)
    insights = selectors.insights_to_manage(request.user, programme)
    return render(
        request,
        "insights/insight_list.html",
        {
            "programme": programme,
            "rows": [(insight, selectors.state_tag(insight)) for insight in insights],
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def insight_add(request, programme_pk: int):
    programme = _programme(request, programme_pk)
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = InsightForm(data, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            insight = services.create_insight(request.user, programme, form.details())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"You saved ‘{insight.title}’ as a draft")
            return redirect("insights:detail", programme.pk, insight.pk)
    return _form_page(request, form, programme=programme, insight=None)


@sign_in_required
def insight_detail(request, programme_pk: int, pk: int):
    return _preview(request, _insight(request, programme_pk, pk))


@sign_in_required
@require_http_methods(["GET", "POST"])
def insight_edit(request, programme_pk: int, pk: int):
    insight = _insight(request, programme_pk, pk)
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = InsightForm(data, initial=insight_initial(insight), programme=insight.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_insight(
                request.user,
                insight,
                form.details(),
                version=form.cleaned_data["version"] or 0,
            )
        except DomainError as error:
            add_to_form(form, error)
            if isinstance(error, services.EditConflict):
                # They have been told: saving again replaces the other change.
                form.data = form.data.copy()
                form.data["version"] = str(error.current_version)
        else:
            messages.success(request, f"You saved ‘{form.cleaned_data['title']}’")
            return redirect("insights:detail", insight.programme_id, insight.pk)
    return _form_page(request, form, programme=insight.programme, insight=insight)


def _move(request, programme_pk: int, pk: int, service, done: str):
    insight = _insight(request, programme_pk, pk)
    try:
        service(request.user, insight)
    except DomainError as error:
        reasons = getattr(error, "reasons", [error.message])
        return _preview(request, insight, error_items=[{"text": reason} for reason in reasons])
    messages.success(request, done.format(title=insight.title))
    return redirect("insights:detail", insight.programme_id, insight.pk)


@sign_in_required
@require_POST
def insight_publish(request, programme_pk: int, pk: int):
    return _move(
        request,
        programme_pk,
        pk,
        services.publish_insight,
        "You published ‘{title}’: anyone can read it on the public site",
    )


@sign_in_required
@require_POST
def insight_unpublish(request, programme_pk: int, pk: int):
    return _move(
        request,
        programme_pk,
        pk,
        services.unpublish_insight,
        "You unpublished ‘{title}’: it is no longer on the public site",
    )
