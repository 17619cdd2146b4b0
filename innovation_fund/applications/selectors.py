"""Reads for the bid pages, with every join done once so each page makes a fixed number of
queries however big the bid is."""

from django.db.models import (
    BigIntegerField,
    Count,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from innovation_fund.programmes.models import FocusArea, Outcome

from .models import (
    Application,
    ApplicationDocument,
    ApplicationOutcome,
    ApplicationPartner,
    ApplicationPlace,
    BudgetLine,
)
from .policies import bids_visible_to
from .sections.innovation import evidence_prefetches


def application_for_pages(user, reference: str) -> Application:
    """A bid the person may see, with everything its sections read. DoesNotExist otherwise."""
    return (
        bids_visible_to(user)
        .select_related(
            "round__programme",
            "lead_organisation",
            "focus_area",
            "innovation",
            "created_by",
            "signed_off_by",
            "sign_off_requested_by",
            "withdrawn_by",
            "declarations_made_by",
        )
        .prefetch_related(
            Prefetch("round__focus_areas", queryset=FocusArea.objects.order_by("position", "name")),
            Prefetch(
                "round__programme__outcomes", queryset=Outcome.objects.order_by("position", "name")
            ),
            *evidence_prefetches("innovation__"),
            Prefetch(
                "partners", queryset=ApplicationPartner.objects.select_related("organisation")
            ),
            Prefetch("places", queryset=ApplicationPlace.objects.select_related("authority")),
            Prefetch("outcomes", queryset=ApplicationOutcome.objects.select_related("outcome")),
            "budget_lines",
            Prefetch(
                "documents", queryset=ApplicationDocument.objects.select_related("uploaded_by")
            ),
        )
        .get(reference=reference)
    )


def bids_for_organisation(organisation) -> QuerySet[Application]:
    return (
        Application.objects.filter(lead_organisation=organisation)
        .select_related("round__programme")
        .order_by("-updated_at", "-id")
    )


def state_counts(applications: QuerySet[Application]) -> dict[str, int]:
    return dict(applications.values_list("state").annotate(n=Count("id")).order_by())


def amount_requested() -> Coalesce:
    """What a bid asks for in pence (the sum of its budget lines, 0 with none), as an annotation.

    A subquery rather than Sum("budget_lines__…"): beside another join to a many-valued
    relation, a plain Sum would be multiplied by that relation's rows.
    """
    total = (
        BudgetLine.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum("amount_pence"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(0), output_field=BigIntegerField())
