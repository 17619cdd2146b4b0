"""A record's audit trail as people read it: who did what, when, and each value before and after.

A history is asked for by scope: the record's own events (`events_of`) and, where a page wants
them, the events of its parts (`events_of_each` for records found by a query, `events_of_parts`
for a parent's parts including those since removed). Events are read
newest first, a page at a time, in two queries however long the history is (a count and the
page, with each actor joined in). Nothing here looks up other records: values are shown as the
event stored them, made readable (money in pounds, times in London, choices by their label).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import QueryDict

from .dates import format_date, format_datetime
from .financial_years import FinancialYear
from .models import AuditEvent
from .money import format_gbp
from .pagination import pagination_links

EVENTS_PER_PAGE = 20
NOTHING = "None"

# Words for the actions services record. Anything not here is worded from its name
# ("round.score_scale_set" reads "Round: score scale set").
ACTION_NAMES = {
    "programme.created": "Programme created",
    "programme.updated": "Programme updated",
    "programme.year_budgets_set": "Budgets for each financial year set",
    "round.created": "Round created",
    "round.updated": "Round updated",
    "round.criteria_set": "Assessment criteria set",
    "round.score_scale_set": "Scoring scale set",
    "round.focus_areas_set": "Focus areas set",
    "focus_area.created": "Focus area added",
    "focus_area.updated": "Focus area changed",
    "focus_area.removed": "Focus area removed",
    "application.started": "Bid started",
    "application.sign_off_requested": "Sign-off requested",
    "application.returned_to_draft": "Returned to draft",
    "application.submitted": "Bid signed off and submitted",
    "application.withdrawn": "Bid withdrawn",
    "assessment.eligibility_checked": "Eligibility checked",
    "assessment.decided": "Decision recorded",
    "assessment.announced": "Decisions announced",
    "grants.created": "Grant made",
    "grants.letter_written": "Letter written",
    "grants.letter_asked_again": "Letter asked for again (not written in time)",
    "grants.variation_requested": "Variation asked for",
    "grants.variation_approved": "Variation approved",
    "grants.variation_refused": "Variation refused",
    "grants.variation_withdrawn": "Variation withdrawn",
    "grants.outcome_term_added": "Outcome payment added",
    "grants.outcome_term_removed": "Outcome payment removed",
    "grants.outcome_claim_verified": "Outcome claim verified",
    "grants.offer_accepted": "Offer accepted",
    "grants.offer_declined": "Offer declined",
    "grants.offer_response_date_extended": "Date to respond by extended",
    "grants.schedule_built": "Payment schedule built",
    "grants.instalments_changed": "Instalments changed",
    "grants.release_condition_added": "Release condition added",
    "grants.release_condition_removed": "Release condition removed",
    "grants.release_condition_confirmed": "Release condition confirmed",
    "grants.payment_requested": "Payment requested",
    "grants.payment_approved": "Payment approved",
    "grants.payment_refused": "Payment refused",
    "grants.payment_withdrawn": "Payment request withdrawn",
    "grants.payment_paid": "Payment recorded as paid",
    "grants.payment_reversed": "Payment reversed",
    "grants.payment_run_recorded": "Payment run recorded as paid",
    "grants.return_schedule_set": "Return schedule set",
    "grants.returns_scheduled": "Monitoring returns scheduled",
    "grants.return_saved": "Monitoring return saved",
    "grants.return_submitted": "Monitoring return submitted",
    "grants.return_accepted": "Monitoring return accepted",
    "grants.return_changes_requested": "Changes asked for in a monitoring return",
    "round.published": "Round published",
    "round.unpublished": "Round taken back to draft",
    "round.decisions_announced": "Decisions announced for the round",
    "round.completed": "Round marked complete",
    "application.find_eligible": "Found eligible",
    "application.find_not_eligible": "Found not eligible",
    "application.complete_assessment": "Assessment complete",
    "application.reopen_assessment": "Assessment reopened",
    "application.approve": "Approved",
    "application.reject": "Rejected",
    "application.defer": "Deferred",
    "application.announce": "Decision announced",
    "assessment.moderated": "Scores moderated",
    "assessment.announcement_prepared": "Announcement prepared",
    "assessment.announcement_cancelled": "Announcement cancelled",
    "assessment.announced_with_incomplete_assessment": "Announced with assessment incomplete",
    "programme.team_member_invited": "Invited to the team",
    "programme.invitation_accepted": "Invitation accepted",
    "programme.invitation_withdrawn": "Invitation withdrawn",
    "programme.role_granted": "Role given",
    "programme.role_removed": "Role removed",
    "outcome.added": "Outcome added",
    "outcome.updated": "Outcome changed",
    "outcome.retired": "Outcome retired",
    "outcome.reinstated": "Outcome reinstated",
    "outcome.deleted": "Outcome deleted",
}
OBJECT_NAMES = {"application": "Bid", "focus_area": "Focus area", "grants": "Grant"}

# Field names whose meaning the model's own words do not carry well.
FIELD_LABELS = {
    "budget_pence": "Budget",
    "amount_pence": "Amount",
    "award_pence": "Award",
    "minimum_bid_pence": "Minimum bid",
    "maximum_bid_pence": "Maximum bid",
    "is_published": "Shown on the public pages",
    "is_demonstration": "Demonstration only",
    "guidance_markdown": "Guidance for applicants",
    "opens_at": "Opens",
    "closes_at": "Closes",
    "funding_starts_on": "Funded work may start",
    "funding_ends_on": "Funded work must finish by",
    "eligible_organisation_types": "Who may lead a bid",
    "round_type": "Type of round",
    "assessors_per_bid": "Assessors for each bid",
    "disagreement_threshold": "Disagreement flagged above",
    "score_descriptors": "Scoring scale",
    "years": "By financial year",
    "year_budgets": "Budgets by financial year",
    "supersedes": "Supersedes decision",
    "application": "Bid",
}
# Bookkeeping, not something a person changed.
HIDDEN_FIELDS = {"id", "version"}
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_YEAR_KEY = re.compile(r"^\d{4}(-\d{2})?$")
# A code word such as "local_authority" or "submitted", shown as "Local authority" or
# "Submitted" when no choices name it, unless it is text a person typed (kept as typed).
_CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")
TYPED_TEXT = (models.CharField, models.TextField)
# Mappings from financial year to an amount of money.
MONEY_BY_YEAR = {"years", "year_budgets"}


@dataclass(frozen=True)
class Change:
    label: str
    before: list[str]  # one line each; a single value is a list of one; none if not stored
    after: list[str]


@dataclass(frozen=True)
class Entry:
    """One audit event, ready to show."""

    when: str
    who: str
    what: str
    part: str  # the part of the record it is about ("" for the record itself)
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class History:
    entries: list[Entry]
    page: Page
    pagination: dict

    @property
    def total(self) -> int:
        return self.page.paginator.count


def events_of(record: models.Model) -> Q:
    """The events about this one record."""
    return Q(object_type=record._meta.label_lower, object_id=str(record.pk))


def events_of_each(model: type[models.Model], records: QuerySet) -> Q:
    """The events about every record of `model` that `records` (a queryset of it) finds, in a
    subquery, so the history stays one query however many parts there are."""
    ids = records.order_by().annotate(id_text=Cast("pk", CharField())).values("id_text")
    return Q(object_type=model._meta.label_lower, object_id__in=ids)


def events_of_parts(model: type[models.Model], *, parent_field: str, parent: models.Model) -> Q:
    """The events about every part (a `model` whose `parent_field` is `parent`) the parent has
    now, and about the parts it had once but no longer has (removed since), found through their
    own events: an event that made or removed a part stored its parent's id."""
    key = f"{parent_field}_id"
    ever_its_part = AuditEvent.objects.filter(
        Q(**{f"after__{key}": parent.pk}) | Q(**{f"before__{key}": parent.pk}),
        object_type=model._meta.label_lower,
    )
    return events_of_each(model, model.objects.filter(**{parent_field: parent})) | Q(
        object_type=model._meta.label_lower, object_id__in=ever_its_part.values("object_id")
    )


def read_history(
    scope: Q,
    *,
    kind: type[models.Model] | models.Model,
    page_number,
    query: QueryDict,
    per_page: int = EVENTS_PER_PAGE,
) -> History:
    """One page of the events in `scope`, newest first. `kind` is the kind of record the page
    is about (a model, or one of its records): events about anything else are named by the part
    they are about."""
    events = (
        AuditEvent.objects.filter(scope).select_related("actor").order_by("-occurred_at", "-id")
    )
    page = Paginator(events, per_page).get_page(page_number)
    own_type = kind._meta.label_lower
    entries = [_entry(event, is_part=event.object_type != own_type) for event in page.object_list]
    return History(entries=entries, page=page, pagination=pagination_links(page, query))


HISTORY_TEMPLATE = "includes/history.html"


def history_context(
    request,
    scope: Q,
    *,
    kind: type[models.Model] | models.Model,
    caption: str,
    back_url: str,
    back_label: str,
    scope_note: str = "",
) -> dict:
    """What the shared History page template needs, for the page of events the request asks
    for (?page=)."""
    return {
        "history": read_history(
            scope, kind=kind, page_number=request.GET.get("page"), query=request.GET
        ),
        "caption": caption,
        "back_url": back_url,
        "back_label": back_label,
        "scope_note": scope_note,
    }


def _entry(event: AuditEvent, *, is_part: bool) -> Entry:
    model = _model_for(event.object_type)
    return Entry(
        when=format_datetime(event.occurred_at),
        who=event.actor.display_name if event.actor else event.actor_label,
        what=action_name(event.action),
        part=event.object_repr if is_part else "",
        changes=changes(model, event.before, event.after),
    )


def action_name(action: str) -> str:
    if action in ACTION_NAMES:
        return ACTION_NAMES[action]
    noun, _, verb = action.partition(".")
    noun_words = OBJECT_NAMES.get(noun, noun.replace("_", " ").capitalize())
    if not verb:
        return noun_words
    return f"{noun_words}: {verb.replace('_', ' ')}"


def changes(model, before: Any, after: Any) -> list[Change]:
    """Each field the event mentions, with its value before and after: no lines at all where the
    event stored no value on that side (before a record was made, or after it was removed). An
    event that stored no field-by-field picture (before or after is not a dict) shows what it
    stored as one row."""
    before = before if before is not None else {}
    after = after if after is not None else {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [Change("Details", _lines(model, "", before), _lines(model, "", after))]
    names = [*after, *(name for name in before if name not in after)]
    return [
        Change(
            label=field_label(model, name),
            before=_lines(model, name, before[name]) if name in before else [],
            after=_lines(model, name, after[name]) if name in after else [],
        )
        for name in names
        if name not in HIDDEN_FIELDS and not name.endswith("_id")
    ]


def field_label(model, name: str) -> str:
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    model_field = _field(model, name)
    return _humanised(str(model_field.verbose_name) if model_field is not None else name)


def _lines(model, name: str, value: Any) -> list[str]:
    if isinstance(value, dict):
        return [
            f"{_key(key)}: {_value(model, _inner_name(name, key), item)}"
            for key, item in value.items()
            if key not in HIDDEN_FIELDS
        ] or [NOTHING]
    if isinstance(value, list):
        return [_value(model, name, item) for item in value] or [NOTHING]
    return [_value(model, name, value)]


def _inner_name(name: str, key: str) -> str:
    """In a mapping by financial year the values are what the mapping holds; elsewhere each
    key names its own value."""
    return name if _YEAR_KEY.match(str(key)) else str(key)


def _key(key: str) -> str:
    """Keys of a by-year mapping are financial years (a first calendar year, or a label)."""
    if _YEAR.match(str(key)):
        return FinancialYear(int(key)).label
    if _YEAR_KEY.match(str(key)):
        return str(key)
    return _humanised(str(key))


def _value(model, name: str, value: Any) -> str:
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return "; ".join(
            f"{_key(key)}: {_value(model, _inner_name(name, key), item)}"
            for key, item in value.items()
            if key not in HIDDEN_FIELDS
        )
    if isinstance(value, list):
        return ", ".join(_value(model, name, item) for item in value) or NOTHING
    if isinstance(value, int) and (name.endswith("_pence") or name in MONEY_BY_YEAR):
        return format_gbp(value)
    if isinstance(value, str):
        return _text(model, name, value)
    return str(value)


def _humanised(words: str) -> str:
    words = words.replace("_", " ").removesuffix(" pence")
    return words[:1].upper() + words[1:]


def _text(model, name: str, value: str) -> str:
    choices = _choices(model, name)
    if value in choices:
        return choices[value]
    if _CODE.match(value) and not isinstance(_field(model, name), TYPED_TEXT):
        return _humanised(value)
    if _ISO_DATETIME.match(value):
        try:
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if _ISO_DATE.match(value):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def _choices(model, name: str) -> dict[str, str]:
    model_field = _field(model, name)
    if model_field is None:
        return {}
    flat = getattr(model_field, "flatchoices", None) or []
    base = getattr(model_field, "base_field", None)  # an array of choices
    if not flat and base is not None:
        flat = base.flatchoices or []
    return {str(key): str(label) for key, label in flat}


def _field(model, name: str):
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A reverse relation ("criteria" on a round) names other records, not a field of this one.
    return found if hasattr(found, "verbose_name") else None


def _model_for(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
