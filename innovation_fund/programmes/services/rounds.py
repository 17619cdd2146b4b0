"""Creating and changing funding rounds."""

from django.db import transaction
from django.utils.text import slugify

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.errors import DomainError
from innovation_fund.core.money import format_gbp
from innovation_fund.organisations.models import OrganisationType

from ..commitments import committed_to
from ..models import Programme, Round, default_score_descriptors
from ..scoring_scale import highest_score
from ._shared import Problems, in_utc, must_manage, unique_slug_among, whole_number
from .programmes import envelopes

ROUND_FIELDS = [
    "name",
    "round_type",
    "summary",
    "opens_at",
    "closes_at",
    "budget_pence",
    "minimum_bid_pence",
    "maximum_bid_pence",
    "eligible_organisation_types",
    "guidance_markdown",
    "funding_starts_on",
    "funding_ends_on",
    "assessors_per_bid",
    "disagreement_threshold",
]
MOST_ASSESSORS_PER_BID = 5


class RoundChanged(DomainError):
    """Someone saved the round after this person opened it. Nothing of theirs was saved."""

    def __init__(self, current: Round):
        super().__init__(
            "Someone else changed this round while you were editing it. Your changes have not "
            "been saved. Check their changes, shown beside your own, then save again."
        )
        self.current = current


def create_round(user, programme: Programme, data: dict) -> Round:
    """A new round in a programme, numbered after its last one, as a draft: publishing it is a
    step of its lifecycle (`round_lifecycle.publish_round`)."""
    must_manage(user, programme)
    values = in_utc({field: data.get(field, _round_default(field)) for field in ROUND_FIELDS})
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        _check_round(
            locked,
            values,
            other_envelopes_pence=envelopes(locked),
            highest_score=highest_score(default_score_descriptors()),
        )
        numbers = list(locked.rounds.values_list("number", flat=True))
        # Slugs are unique across programmes: a name another programme's round already uses
        # ("Round One") is told apart by this programme's slug in front.
        slugs = set(Round.objects.values_list("slug", flat=True))
        slug_name = values["name"]
        if slugify(slug_name) in slugs:
            slug_name = f"{locked.slug} {slug_name}"
        funding_round = Round.objects.create(
            programme=locked,
            number=max(numbers, default=0) + 1,
            slug=unique_slug_among(slug_name, slugs),
            **values,
        )
        record(
            actor=user, action="round.created", target=funding_round, after=snapshot(funding_round)
        )
    return funding_round


def update_round(user, funding_round: Round, data: dict, expected_version: int) -> Round:
    """Change a round. If someone saved it since `expected_version`, refuse with
    `RoundChanged` (carrying what they saved) rather than overwrite their change."""
    must_manage(user, funding_round.programme)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=funding_round.programme_id)
        current = Round.objects.select_for_update().get(pk=funding_round.pk)
        if current.version != expected_version:
            raise RoundChanged(current)
        before = snapshot(current, ROUND_FIELDS)
        values = in_utc({key: data.get(key, getattr(current, key)) for key in ROUND_FIELDS})
        _check_round(
            programme,
            values,
            other_envelopes_pence=envelopes(programme, excluding=current),
            committed_pence=committed_to(programme).round(current.pk),
            highest_score=highest_score(current.score_descriptors),
        )
        for key, value in values.items():
            setattr(current, key, value)
        old, new = changed_fields(before, snapshot(current, ROUND_FIELDS))
        if new:
            current.version += 1
            current.save(update_fields=[*new, "version"])
            record(actor=user, action="round.updated", target=current, before=old, after=new)
    return current


def _round_default(field: str):
    if field in {"name", "summary", "guidance_markdown", "round_type"}:
        return ""
    if field == "eligible_organisation_types":
        return []
    if field in {"assessors_per_bid", "disagreement_threshold"}:
        return Round._meta.get_field(field).default
    return None


def _check_round(
    programme: Programme,
    values: dict,
    *,
    other_envelopes_pence: int,
    highest_score: int,
    committed_pence: int = 0,
) -> None:
    """Every rule a round must keep, all reported at once. `highest_score` is the top of the
    round's scoring scale."""
    problems = Problems()
    if not (values["name"] or "").strip():
        problems.add("Enter the round's name", "name")
    if values["round_type"] not in Round.RoundType.values:
        problems.add("Select the type of round", "round_type")

    opens_at, closes_at = values["opens_at"], values["closes_at"]
    if opens_at is None:
        problems.add("Enter the date and time the round opens", "opens_at")
    if closes_at is None:
        problems.add("Enter the date and time the round closes", "closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        problems.add(
            "The closing date and time must be after the opening date and time", "closes_at"
        )

    envelope = values["budget_pence"]
    minimum, maximum = values["minimum_bid_pence"], values["maximum_bid_pence"]
    if envelope is None:
        problems.add("Enter the round's budget envelope", "budget_pence")
    elif envelope <= 0:
        problems.add("The budget envelope must be more than £0", "budget_pence")
    elif envelope < committed_pence:
        problems.add(
            f"{format_gbp(committed_pence)} is already committed in this round (approved or "
            f"awarded), so its budget envelope must be at least {format_gbp(committed_pence)}",
            "budget_pence",
        )
    elif programme.budget_pence is None:
        problems.add(
            "Give the programme a total budget before setting a round's budget envelope",
            "budget_pence",
        )
    elif other_envelopes_pence + envelope > programme.budget_pence:
        room = max(programme.budget_pence - other_envelopes_pence, 0)
        problems.add(
            f"The budget envelope must be {format_gbp(room)} or less: the programme's total "
            f"budget is {format_gbp(programme.budget_pence)} and its other rounds have "
            f"{format_gbp(other_envelopes_pence)}",
            "budget_pence",
        )
    if minimum is None:
        problems.add("Enter the minimum bid", "minimum_bid_pence")
    if maximum is None:
        problems.add("Enter the maximum bid", "maximum_bid_pence")
    elif maximum <= 0:
        problems.add("The maximum bid must be more than £0", "maximum_bid_pence")
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.add(
            f"The minimum bid must be no more than the maximum bid ({format_gbp(maximum)})",
            "minimum_bid_pence",
        )
    if maximum is not None and envelope is not None and 0 < envelope < maximum:
        problems.add(
            f"The maximum bid must be no more than the budget envelope ({format_gbp(envelope)})",
            "maximum_bid_pence",
        )

    types = values["eligible_organisation_types"] or []
    if not types:
        problems.add(
            "Select at least one type of organisation that may bid", "eligible_organisation_types"
        )
    elif set(types) - set(OrganisationType.values):
        problems.add("Select types of organisation from the list", "eligible_organisation_types")

    starts_on, ends_on = values["funding_starts_on"], values["funding_ends_on"]
    if starts_on and ends_on and ends_on <= starts_on:
        problems.add(
            "The date funded work must finish by must be after the date it may start",
            "funding_ends_on",
        )

    assessors = values["assessors_per_bid"]
    if assessors is None:
        problems.add("Enter how many assessors score each bid", "assessors_per_bid")
    elif not whole_number(assessors) or not 1 <= assessors <= MOST_ASSESSORS_PER_BID:
        problems.add(
            f"The number of assessors for each bid must be between 1 and {MOST_ASSESSORS_PER_BID}",
            "assessors_per_bid",
        )
    threshold = values["disagreement_threshold"]
    if threshold is None:
        problems.add(
            "Enter the difference in scores at which a bid is flagged", "disagreement_threshold"
        )
    elif not whole_number(threshold) or not 0 <= threshold <= highest_score:
        problems.add(
            f"The difference in scores must be between 0 and {highest_score}, the highest score "
            "on the round's scale",
            "disagreement_threshold",
        )
    problems.raise_any()
