"""The applicant's pages. Thin: find the bid the person may see (404 otherwise), call a service."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.programmes.models import Round, published_round_q

from . import rules, selectors, services
from .forms import ConfirmSubmitForm, WithdrawForm
from .lifecycle import (
    ACCOUNTABLE_OFFICER,
    ACTION_PAGES,
    BEFORE_SUBMISSION,
    BID_LIFECYCLE,
    PROGRAMME_MANAGER,
    WITH_THE_PROGRAMME,
    round_has_closed,
)
from .models import Application
from .outcomes import applicant_outcome
from .policies import ASSESSOR, Action, allowed_actions, is_member, may, roles_for_bid
from .sections import BY_SLUG, SECTIONS


def _bid(request, reference) -> Application:
    try:
        return selectors.application_for_pages(request.user, reference)
    except Application.DoesNotExist:
        raise Http404("No bid you can see has that reference") from None


def _acting_for_or_choose(request):
    membership = request.acting_for or None
    if membership is None:
        messages.info(request, "Choose which organisation you are acting for.")
    return membership


@sign_in_required
def bid_list(request):
    membership = _acting_for_or_choose(request)
    if membership is None:
        return redirect("organisations:list")
    bids = list(selectors.bids_for_organisation(membership.organisation))
    return render(
        request,
        "applications/bid_list.html",
        {"membership": membership, "bids": bids},
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def start(request, round_pk):
    round = get_object_or_404(
        Round.objects.filter(published_round_q()).select_related("programme"), pk=round_pk
    )
    membership = _acting_for_or_choose(request)
    if membership is None:
        return redirect("organisations:list")
    problem = None
    try:
        rules.check_open(round, timezone.now(), doing="start a bid")
        rules.check_may_lead(round, membership.organisation)
    except DomainError as error:
        problem = error.message
    if request.method == "POST" and problem is None:
        try:
            application = services.start_application(request.user, round, membership.organisation)
        except DomainError as error:
            problem = error.message
        else:
            return redirect("applications:task_list", application.reference)
    return render(
        request,
        "applications/start.html",
        {"round": round, "membership": membership, "problem": problem},
    )


def _sections_with_status(application):
    return [
        {"section": section, "status": section.status(application), "url": section.url(application)}
        for section in SECTIONS
    ]


# What the programme's people do on each page a lifecycle row names (several rows may share one).
STAFF_PAGE_LABELS = {
    "assessment:eligibility": "Check eligibility",
    "assessment:moderate": "Moderate the scores",
    "assessment:decision": "Record the panel’s decision",
}


def _staff_view(request, application, roles):
    """The bid as the programme's people see it: its state in the lifecycle, and the pages
    where they may move it on (from the same table the services check)."""
    pages = {}
    for row in BID_LIFECYCLE.available(application.state):
        page = ACTION_PAGES.get(row.action)
        if row.who & roles and page in STAFF_PAGE_LABELS and page not in pages:
            pages[page] = {
                "label": STAFF_PAGE_LABELS[page],
                "url": reverse(page, args=[application.reference]),
            }
    announce_row = BID_LIFECYCLE.row(application.state, "announce")
    return render(
        request,
        "applications/staff_bid.html",
        {
            "application": application,
            "pages": list(pages.values()),
            "is_manager": PROGRAMME_MANAGER in roles,
            "is_assessor": ASSESSOR in roles,
            "may_announce": announce_row is not None and bool(announce_row.who & roles),
            "announce_blocked": announce_row.reasons_not_now(application) if announce_row else [],
        },
    )


def _closed_with_draft(application) -> bool:
    return application.state in BEFORE_SUBMISSION and round_has_closed(application.round)


@sign_in_required
def task_list(request, reference):
    application = _bid(request, reference)
    roles = roles_for_bid(request.user, application)
    if not is_member(roles):
        return _staff_view(request, application, roles)
    allowed = allowed_actions(request.user, application)
    sections = _sections_with_status(application)
    completed = sum(1 for entry in sections if entry["status"] == "Completed")
    return render(
        request,
        "applications/task_list.html",
        {
            "application": application,
            "sections": sections,
            "completed": completed,
            "may_edit": Action.EDIT in allowed,
            "may_submit": Action.SUBMIT in allowed,
            "may_withdraw": Action.WITHDRAW in allowed,
            "round_open": rules.is_open(application.round, timezone.now()),
            "closed_with_draft": _closed_with_draft(application),
            "outcome": applicant_outcome(application),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def section(request, reference, slug):
    application = _bid(request, reference)
    section = BY_SLUG.get(slug)
    if section is None:
        raise Http404("No such section")
    if not may(request.user, Action.EDIT, application):
        messages.info(request, "This bid can no longer be changed.")
        return redirect("applications:check_answers", application.reference)
    return section.view(request, application)


def _answers_context(request, application):
    allowed = allowed_actions(request.user, application)
    editable = Action.EDIT in allowed
    return {
        "application": application,
        "answers": [
            {
                "section": section,
                "rows": section.summary_rows(application),
                "problems": section.problems(application),
                "url": section.url(application) if editable else None,
            }
            for section in SECTIONS
        ],
        "may_edit": editable,
        "may_request_sign_off": Action.REQUEST_SIGN_OFF in allowed,
        "may_submit": Action.SUBMIT in allowed,
        "may_return_to_draft": Action.RETURN_TO_DRAFT in allowed,
        "may_withdraw": Action.WITHDRAW in allowed,
        "round_open": rules.is_open(application.round, timezone.now()),
        "closed_with_draft": _closed_with_draft(application),
    }


@sign_in_required
def check_answers(request, reference):
    application = _bid(request, reference)
    return render(
        request, "applications/check_answers.html", _answers_context(request, application)
    )


@sign_in_required
@require_POST
def send_for_sign_off(request, reference):
    application = _bid(request, reference)
    try:
        services.request_sign_off(request.user, application)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("applications:check_answers", application.reference)
    messages.success(
        request, "The bid has been sent to your organisation’s accountable officers to sign off."
    )
    return redirect("applications:task_list", application.reference)


@sign_in_required
@require_POST
def back_to_draft(request, reference):
    application = _bid(request, reference)
    try:
        services.return_to_draft(request.user, application)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The bid is a draft again: you can change it.")
    return redirect("applications:task_list", application.reference)


@sign_in_required
@require_http_methods(["GET", "POST"])
def submit(request, reference):
    application = _bid(request, reference)
    if not may(request.user, Action.SUBMIT, application):
        if application.state in WITH_THE_PROGRAMME:
            if not is_member(roles_for_bid(request.user, application)):
                return redirect("applications:task_list", application.reference)
            return redirect("applications:confirmation", application.reference)
        raise Http404("Only an accountable officer can submit this bid")
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = ConfirmSubmitForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_application(request.user, application)
        except DomainError as error:
            add_to_form(form, error)
        else:
            return redirect("applications:confirmation", application.reference)
    context = _answers_context(request, application)
    context.update(
        form=form, error_items=error_summary_items(form), form_has_errors=bool(form.errors)
    )
    return render(request, "applications/submit.html", context)


@sign_in_required
def confirmation(request, reference):
    application = _bid(request, reference)
    if application.state in BEFORE_SUBMISSION or application.state == Application.State.WITHDRAWN:
        return redirect("applications:task_list", application.reference)
    return render(request, "applications/confirmation.html", {"application": application})


@sign_in_required
@require_http_methods(["GET", "POST"])
def withdraw(request, reference):
    application = _bid(request, reference)
    if not may(request.user, Action.WITHDRAW, application):
        roles = roles_for_bid(request.user, application)
        if application.state == Application.State.ANNOUNCED and ACCOUNTABLE_OFFICER in roles:
            return render(
                request,
                "applications/withdraw_announced.html",
                {"application": application, "reason": services.ANNOUNCED_CANNOT_BE_WITHDRAWN},
            )
        raise Http404("Only an accountable officer can withdraw a submitted bid")
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = WithdrawForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_application(request.user, application, form.cleaned_data["reason"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Bid {application.reference} has been withdrawn.")
            return redirect("applications:task_list", application.reference)
    return render(
        request,
        "applications/withdraw.html",
        {
            "application": application,
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )
