"""Who may assess which bid, and how much each assessor already has to do.

Conflicts of interest are decided in one place, `conflicts_by_assessor`: a person may not assess
a bid if they declared a conflict with its lead organisation or a partner (a registered one, or
one the bid names whose name matches a conflict declared by name), or if they are a member of one
of those organisations. The services (which refuse) and the pages (which
warn) both ask it, so they never disagree.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from innovation_fund.accounts.models import User
from innovation_fund.applications.lifecycle import WITH_THE_PROGRAMME
from innovation_fund.applications.models import Application, ApplicationPartner
from innovation_fund.organisations.models import Membership
from innovation_fund.programmes.models import ProgrammeRole, Round

from ..models import Assignment, Conflict

Role = ProgrammeRole.Role


def name_key(name: str) -> str:
    """How organisation names are compared: case and spacing do not matter."""
    return " ".join((name or "").split()).casefold()


@dataclass(frozen=True)
class BidOrganisation:
    """An organisation in a bid: its lead, or a partner (registered with the service, or only
    named by the bid, when `organisation_id` is None)."""

    organisation_id: int | None
    name: str
    is_lead: bool

    @property
    def part(self) -> str:
        return "the bid’s lead organisation" if self.is_lead else "a partner in the bid"


def bid_organisations(applications: Iterable[Application]) -> dict[int, list[BidOrganisation]]:
    """Each bid's lead and partners, by application id, in one query for partners.

    The applications must come with `lead_organisation` loaded (select_related)."""
    applications = list(applications)
    by_bid: dict[int, list[BidOrganisation]] = {
        application.pk: [
            BidOrganisation(
                application.lead_organisation_id, application.lead_organisation.name, True
            )
        ]
        for application in applications
    }
    partners = (
        ApplicationPartner.objects.filter(
            application__in=[application.pk for application in applications]
        )
        .select_related("organisation")
        .order_by("application_id", "position", "id")
    )
    for partner in partners:
        entries = by_bid[partner.application_id]
        if partner.organisation_id is not None:
            if partner.organisation_id not in {entry.organisation_id for entry in entries}:
                entries.append(
                    BidOrganisation(partner.organisation_id, partner.organisation.name, False)
                )
        elif name_key(partner.name) and name_key(partner.name) not in {
            name_key(entry.name) for entry in entries
        }:
            entries.append(BidOrganisation(None, partner.name, False))
    return by_bid


@dataclass(frozen=True)
class Interests:
    """The organisations each person has declared a conflict with (registered ones by id, others
    by name), or belongs to, by user id."""

    declared: dict[int, set[int]]
    member_of: dict[int, set[int]]
    declared_names: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, user_ids: Iterable[int]) -> "Interests":
        user_ids = list(user_ids)
        declared: dict[int, set[int]] = defaultdict(set)
        declared_names: dict[int, set[str]] = defaultdict(set)
        for assessor_id, organisation_id, partner_name in Conflict.objects.filter(
            assessor_id__in=user_ids
        ).values_list("assessor_id", "organisation_id", "partner_name"):
            if organisation_id is not None:
                declared[assessor_id].add(organisation_id)
            else:
                declared_names[assessor_id].add(name_key(partner_name))
        member_of: dict[int, set[int]] = defaultdict(set)
        for user_id, organisation_id in Membership.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "organisation_id"
        ):
            member_of[user_id].add(organisation_id)
        return cls(
            declared=dict(declared), member_of=dict(member_of), declared_names=dict(declared_names)
        )

    def reasons(self, person: User, organisations: Iterable[BidOrganisation]) -> list[str]:
        """Why this person may not assess a bid with these organisations (empty if they may)."""
        name = person.display_name
        declared = self.declared.get(person.pk, set())
        declared_names = self.declared_names.get(person.pk, set())
        member_of = self.member_of.get(person.pk, set())
        reasons = []
        for organisation in organisations:
            if (
                organisation.organisation_id is not None
                and organisation.organisation_id in declared
            ) or name_key(organisation.name) in declared_names:
                reasons.append(
                    f"{name} has declared a conflict of interest with {organisation.name}, "
                    f"{organisation.part}, so cannot assess it"
                )
            elif (
                organisation.organisation_id is not None
                and organisation.organisation_id in member_of
            ):
                reasons.append(
                    f"{name} is a member of {organisation.name}, {organisation.part}, "
                    "so cannot assess it"
                )
        return reasons


def conflicts_by_assessor(people: Iterable[User], application: Application) -> dict[int, list[str]]:
    """For each person (by id), why they may not assess this bid; an empty list if they may."""
    people = list(people)
    organisations = bid_organisations([application])[application.pk]
    interests = Interests.of(person.pk for person in people)
    return {person.pk: interests.reasons(person, organisations) for person in people}


def conflicts_for(assessor: User, application: Application) -> list[str]:
    """Why this person may not assess this bid, in words to show; empty if they may."""
    return conflicts_by_assessor([assessor], application)[assessor.pk]


def may_declare_conflicts(user) -> bool:
    """Assessors and moderators, of any programme, declare their conflicts of interest."""
    if not user.is_authenticated:
        return False
    return ProgrammeRole.objects.filter(
        user=user, role__in=[Role.ASSESSOR, Role.MODERATOR]
    ).exists()


def declared_conflicts(user) -> QuerySet[Conflict]:
    return Conflict.objects.filter(assessor=user).select_related("organisation")


def _active_in_round(round: Round) -> Q:
    return Q(
        assignments__state=Assignment.State.ACTIVE,
        assignments__application__round=round,
        assignments__application__state__in=WITH_THE_PROGRAMME,
    )


def assessors_with_workload(round: Round) -> list[User]:
    """The round's programme's assessors, each with `bids_in_round` (their active assignments
    in this round), fewest first, then by name and id: the order bids are handed out in."""
    assessors = User.objects.filter(
        programme_roles__programme_id=round.programme_id, programme_roles__role=Role.ASSESSOR
    ).annotate(bids_in_round=Count("assignments", filter=_active_in_round(round), distinct=True))
    return sorted(assessors, key=workload_order)


def workload_order(assessor: User) -> tuple:
    return (assessor.bids_in_round, assessor.display_name.casefold(), assessor.pk)


def alphabetical(assessors: Iterable[User]) -> list[User]:
    return sorted(assessors, key=lambda person: (person.display_name.casefold(), person.pk))


def workload_label(assessor: User) -> str:
    count = assessor.bids_in_round
    return f"{assessor.display_name} ({count} bid{'' if count == 1 else 's'} in this round)"


def assignments_for_bid(application: Application) -> list[Assignment]:
    """Every assignment of the bid, active and withdrawn, with its assessor and assessment."""
    return list(
        application.assignments.select_related("assessor", "assessment").order_by(
            "assigned_at", "id"
        )
    )
