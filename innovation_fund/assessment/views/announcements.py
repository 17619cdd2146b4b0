"""Announcing a round's decisions (programme managers), and the letters they produce.

A round's page lists exactly what will be announced; one manager prepares the announcement and
another approves it, which announces it (four eyes). A letter is served
to members of the bid's lead organisation and to the programme's managers; anyone else gets 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.applications.lifecycle import round_has_closed
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.core.markdown import render_markdown
from innovation_fund.programmes.models import Round

from .. import policies
from ..bid_states import incomplete_assessments
from ..forms_announcements import AnnouncementForm
from ..selectors import announcements as selectors
from ..services import announcements as service


def _managed_round(request, round_pk) -> Round:
    try:
        return policies.rounds_managed_by(request.user).select_related("programme").get(pk=round_pk)
    except Round.DoesNotExist:
        raise Http404("No round you manage has that number") from None


def _incomplete(waiting) -> list:
    incomplete = incomplete_assessments(decision.application_id for decision in waiting)
    return [decision for decision in waiting if decision.application_id in incomplete]


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def announce(request, round_pk):
    """Prepare the announcement (one manager), then approve or cancel it (another)."""
    round = _managed_round(request, round_pk)
    action = request.POST.get("action", "prepare") if request.method == "POST" else None
    if action in ("approve", "cancel"):
        return _approve_or_cancel(request, round, action)
    waiting = list(selectors.decisions_waiting(round))
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = AnnouncementForm(
        data, initial={"decisions": ",".join(str(decision.pk) for decision in waiting)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = service.prepare_announcement(
                request.user,
                round,
                title=form.cleaned_data["title"],
                announced_on=form.cleaned_data["announced_on"],
                text=form.cleaned_data["text"],
                expected_decision_ids=form.cleaned_data["decisions"],
                incomplete_assessment_reason=form.cleaned_data["incomplete_assessment_reason"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                f"{batch.title} has been prepared. "
                + (
                    "As the programme has a single manager, you can approve it yourself."
                    if round.programme.has_single_manager
                    else "Another programme manager must now approve it: they have been emailed."
                ),
            )
            return redirect("assessment:announce", round.pk)
    if form.errors:
        # Show what is waiting now, and ask again about exactly that.
        waiting = list(selectors.decisions_waiting(round))
        form.data = form.data.copy()
        form.data["decisions"] = ",".join(str(decision.pk) for decision in waiting)
    return _page(request, round, waiting, form)


def _approve_or_cancel(request, round, action):
    pending = selectors.pending_batch(round)
    if pending is None or str(pending.pk) != request.POST.get("batch"):
        messages.error(request, "That announcement is no longer waiting for approval.")
        return redirect("assessment:announce", round.pk)
    try:
        if action == "approve":
            batch = service.approve_announcement(request.user, pending)
        else:
            batch = service.cancel_announcement(request.user, pending)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("assessment:announce", round.pk)
    if action == "cancel":
        messages.success(request, f"{batch.title} has been cancelled. Nothing was announced.")
    else:
        count = batch.entries.count()
        messages.success(
            request,
            f"{batch.title} has been announced: {count} "
            f"{'decision' if count == 1 else 'decisions'}. Letters are being written and "
            "sent to each lead organisation’s accountable officers."
            + (" No second approval was made." if batch.without_second_approval else ""),
        )
    return redirect("assessment:announce", round.pk)


def _page(request, round, waiting, form):
    pending = selectors.pending_batch(round)
    approvals = [decision for decision in waiting if decision.outcome == "approve"]
    batches = list(selectors.batches_of(round))
    pending_permission = (
        policies.may_approve_announcement(request.user, pending) if pending else None
    )
    round_closed = round_has_closed(round)
    return render(
        request,
        "assessment/announcements/announce.html",
        {
            "round": round,
            "programme": round.programme,
            "waiting": waiting,
            "approvals": approvals,
            "rejections": [decision for decision in waiting if decision.outcome == "reject"],
            "award_total": sum(decision.award_pence for decision in approvals),
            "incomplete": _incomplete(waiting),
            "deferred": list(selectors.decisions_deferred(round)),
            "pending": pending,
            "pending_text_html": render_markdown(pending.text) if pending else "",
            "may_approve": pending_permission,
            "round_closed": round_closed,
            "may_prepare": round_closed and pending is None and bool(waiting),
            "batches": [
                {"batch": batch, "text_html": render_markdown(batch.text)} for batch in batches
            ],
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


urlpatterns = [
    path("manage/rounds/<int:round_pk>/announce/", announce, name="announce"),
]
