"""Announcing a round's decisions (programme managers), and the letters they produce.

A round's page lists exactly what will be announced; one POST announces it. A letter is served
to members of the bid's lead organisation and to the programme's managers; anyone else gets 404.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.core.markdown import render_markdown
from innovation_fund.grants.models import Letter
from innovation_fund.programmes.models import ProgrammeRole, Round

from .. import policies
from ..forms_announcements import AnnouncementForm
from ..selectors import announcements as selectors
from ..services import announcements as service


def _managed_round(request, round_pk) -> Round:
    try:
        return policies.rounds_managed_by(request.user).select_related("programme").get(pk=round_pk)
    except Round.DoesNotExist:
        raise Http404("No round you manage has that number") from None


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def announce(request, round_pk):
    round = _managed_round(request, round_pk)
    waiting = list(selectors.decisions_waiting(round))
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = AnnouncementForm(
        data, initial={"decisions": ",".join(str(decision.pk) for decision in waiting)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = service.announce_batch(
                request.user,
                round,
                title=form.cleaned_data["title"],
                announced_on=form.cleaned_data["announced_on"],
                text=form.cleaned_data["text"],
                expected_decision_ids=form.cleaned_data["decisions"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            count = len(waiting)
            messages.success(
                request,
                f"{batch.title} has been announced: {count} "
                f"{'decision' if count == 1 else 'decisions'}. Letters are being written and "
                "sent to each lead organisation’s accountable officers.",
            )
            return redirect("assessment:announce", round.pk)
    if form.errors:
        # Show what is waiting now, and ask again about exactly that.
        waiting = list(selectors.decisions_waiting(round))
        form.data = form.data.copy()
        form.data["decisions"] = ",".join(str(decision.pk) for decision in waiting)
    approvals = [decision for decision in waiting if decision.outcome == "approve"]
    batches = list(selectors.batches_of(round))
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
            "deferred": list(selectors.decisions_deferred(round)),
            "batches": [
                {"batch": batch, "text_html": render_markdown(batch.text)} for batch in batches
            ],
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


def _letters_visible_to(user):
    if not user.is_authenticated:
        return Letter.objects.none()
    member = Q(application__lead_organisation__memberships__user=user)
    manager = Q(
        application__round__programme__roles__user=user,
        application__round__programme__roles__role=ProgrammeRole.Role.PROGRAMME_MANAGER,
    )
    return Letter.objects.filter(id__in=Letter.objects.filter(member | manager).values("id"))


@sign_in_required
@require_GET
@never_cache
def letter(request, reference, pk):
    try:
        found = (
            _letters_visible_to(request.user)
            .select_related("application")
            .get(pk=pk, application__reference=reference)
        )
    except Letter.DoesNotExist:
        raise Http404("No letter you can see has that address") from None
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("The letter's file is missing") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{reference}-{found.get_kind_display().lower().replace(' ', '-')}.pdf",
        content_type="application/pdf",
    )


urlpatterns = [
    path("manage/rounds/<int:round_pk>/announce/", announce, name="announce"),
    path("bids/<str:reference>/letters/<int:pk>/", letter, name="letter"),
]
