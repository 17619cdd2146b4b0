"""What a variation proposes, checked against the grant as it stands now.

Each kind of variation asks for its own fields, and each is refused at the field it concerns
(GOV.UK errors, several at once). Money already spoken for (requested, approved or paid, from
`grants.money`) never changes: no year may be cut below what it holds, nor the total below what
the grant holds. The same check runs when the grantee asks, on the check-answers page, and again
when a manager approves, since payments may have moved in between.

Also here: the grant as a version (`version_of`), the picture every approved variation keeps as
its `before` and `after`, so the grant's history keeps every version.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from innovation_fund.core.dates import format_date
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.financial_years import FinancialYear, financial_years_between
from innovation_fund.core.money import format_gbp

from .models import Grant, GrantYear, Instalment, ProjectPartner, Variation
from .money import money_by_instalment

Kind = Variation.Kind
MONEY_KINDS = (Kind.REPROFILE, Kind.AMOUNT)
PARTNER_NAME_LENGTH = ProjectPartner._meta.get_field("description").max_length


def year_field(start_year: int) -> str:
    """The form field for a financial year's new amount ("year_2027")."""
    return f"year_{start_year}"


@dataclass(frozen=True)
class GrantNow:
    """The grant as a variation is checked against: its money, dates, scope and partners."""

    amount_pence: int
    years: dict[int, int]
    starts_on: date | None
    ends_on: date | None
    scope: str
    partners: list[str]
    spoken_for_by_year: dict[int, int]
    open_years: list[int]  # years a variation may put money in

    @property
    def spoken_for_pence(self) -> int:
        return sum(self.spoken_for_by_year.values())


def partner_names(project) -> list[str]:
    if project is None:
        return []
    return [
        partner.organisation.name if partner.organisation_id else partner.description
        for partner in project.partners.select_related("organisation").order_by("position")
    ]


def grant_now(grant: Grant) -> GrantNow:
    """Five queries: years, instalments, payments, partners (with organisations)."""
    years = dict(
        GrantYear.objects.filter(grant=grant)
        .order_by("financial_year")
        .values_list("financial_year", "amount_pence")
    )
    money = money_by_instalment(grant)
    year_of = dict(Instalment.objects.filter(grant=grant).values_list("id", "financial_year"))
    spoken_for: dict[int, int] = defaultdict(int)
    for pk, held in money.items():
        if held.spoken_for_pence:
            spoken_for[year_of[pk]] += held.spoken_for_pence
    open_years = set(years) | set(year_of.values())
    if grant.starts_on and grant.ends_on and grant.starts_on <= grant.ends_on:
        open_years |= {
            year.start_year for year in financial_years_between(grant.starts_on, grant.ends_on)
        }
    return GrantNow(
        amount_pence=grant.amount_pence or 0,
        years=years,
        starts_on=grant.starts_on,
        ends_on=grant.ends_on,
        scope=grant.scope,
        partners=partner_names(grant.project),
        spoken_for_by_year=dict(spoken_for),
        open_years=sorted(open_years),
    )


@dataclass(frozen=True)
class Proposal:
    """A variation's fields, cleaned: only those its kind uses are set."""

    kind: str
    reason: str
    amount_pence: int | None = None
    years: dict[int, int] = field(default_factory=dict)
    ends_on: date | None = None
    scope: str = ""
    partners: list[str] = field(default_factory=list)

    def model_fields(self) -> dict:
        return {
            "kind": self.kind,
            "reason": self.reason,
            "proposed_amount_pence": self.amount_pence,
            "proposed_years": {str(year): amount for year, amount in sorted(self.years.items())},
            "proposed_ends_on": self.ends_on,
            "proposed_scope": self.scope,
            "proposed_partners": list(self.partners),
        }


def proposal_of(variation: Variation) -> Proposal:
    return Proposal(
        kind=variation.kind,
        reason=variation.reason,
        amount_pence=variation.proposed_amount_pence,
        years={int(year): amount for year, amount in (variation.proposed_years or {}).items()},
        ends_on=variation.proposed_ends_on,
        scope=variation.proposed_scope,
        partners=list(variation.proposed_partners or []),
    )


def clean_partners(names) -> list[str]:
    """A list of names, or text with one name a line: trimmed, blank lines and repeats dropped."""
    if isinstance(names, str):
        names = names.splitlines()
    cleaned, seen = [], set()
    for name in names or []:
        name = " ".join(str(name).split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            cleaned.append(name)
    return cleaned


def check_proposal(
    now: GrantNow,
    *,
    kind: str,
    reason: str,
    proposed_amount_pence: int | None = None,
    proposed_years: dict[int, int | None] | None = None,
    proposed_ends_on: date | None = None,
    proposed_scope: str = "",
    proposed_partners=None,
) -> Proposal:
    """The proposal cleaned, or `DomainErrors` naming each field to change."""
    if kind not in Kind.values:
        raise DomainError("Select what needs to change", field="kind")
    errors: list[DomainError] = []
    reason = (reason or "").strip()
    if not reason:
        errors.append(DomainError("Enter why the change is needed", field="reason"))
    proposal = Proposal(kind=kind, reason=reason)
    if kind == Kind.REPROFILE:
        years = _checked_years(now, proposed_years, errors)
        if years is not None:
            _check_reprofile(now, years, errors)
        proposal = Proposal(kind=kind, reason=reason, amount_pence=now.amount_pence, years=years)
    elif kind == Kind.AMOUNT:
        amount = _checked_amount(now, proposed_amount_pence, errors)
        years = _checked_years(now, proposed_years, errors)
        if amount is not None and years is not None:
            _check_years_add_up(years, amount, "the new amount", errors)
        proposal = Proposal(kind=kind, reason=reason, amount_pence=amount, years=years)
    elif kind == Kind.EXTEND:
        proposal = Proposal(
            kind=kind, reason=reason, ends_on=_checked_end(now, proposed_ends_on, errors)
        )
    elif kind == Kind.SCOPE:
        proposal = Proposal(
            kind=kind, reason=reason, scope=_checked_scope(now, proposed_scope, errors)
        )
    elif kind == Kind.PARTNERS:
        proposal = Proposal(
            kind=kind, reason=reason, partners=_checked_partners(now, proposed_partners, errors)
        )
    if errors:
        raise DomainErrors(errors)
    return proposal


def _first_year_field(now: GrantNow) -> str:
    return year_field(now.open_years[0]) if now.open_years else "reason"


def _checked_years(now: GrantNow, typed: dict | None, errors: list) -> dict[int, int] | None:
    typed = {int(year): amount for year, amount in (typed or {}).items()}
    years: dict[int, int] = {}
    outside = sorted(set(typed) - set(now.open_years))
    for year in outside:
        errors.append(
            DomainError(
                f"The grant does not run in {FinancialYear(year).label}: extend its end date "
                "first to spend money in a later year",
                field=_first_year_field(now),
            )
        )
    failed = bool(outside)
    for year in now.open_years:
        label = FinancialYear(year).label
        amount = typed.get(year)
        if amount is None:
            errors.append(
                DomainError(f"Enter the amount for {label}, or 0", field=year_field(year))
            )
            failed = True
        elif amount < 0:
            errors.append(
                DomainError(f"The amount for {label} cannot be negative", field=year_field(year))
            )
            failed = True
        else:
            years[year] = amount
            held = now.spoken_for_by_year.get(year, 0)
            if amount < held:
                errors.append(
                    DomainError(
                        f"{format_gbp(held)} is already requested, approved or paid in {label}: "
                        f"the amount for {label} cannot be less than that",
                        field=year_field(year),
                    )
                )
                failed = True
    return None if failed or not now.open_years else years


def _check_years_add_up(years: dict[int, int], total: int, what: str, errors: list) -> None:
    profiled = sum(years.values())
    if profiled != total:
        errors.append(
            DomainError(
                f"The amounts for each financial year add up to {format_gbp(profiled)}, but "
                f"{what} is {format_gbp(total)}: they must be the same",
                field=year_field(min(years)),
            )
        )


def _check_reprofile(now: GrantNow, years: dict[int, int], errors: list) -> None:
    before = len(errors)
    _check_years_add_up(years, now.amount_pence, "the grant", errors)
    if len(errors) == before and _nonzero(years) == _nonzero(now.years):
        errors.append(
            DomainError(
                "These are the amounts the grant has now: change at least one year",
                field=year_field(min(years)),
            )
        )


def _nonzero(years: dict[int, int]) -> dict[int, int]:
    return {year: amount for year, amount in years.items() if amount}


def _checked_amount(now: GrantNow, amount: int | None, errors: list) -> int | None:
    if amount is None:
        errors.append(DomainError("Enter the new amount of the grant", field="amount"))
        return None
    if amount <= 0:
        errors.append(
            DomainError(
                "The new amount must be more than £0: to end the grant, ask to hand it back",
                field="amount",
            )
        )
        return None
    if amount == now.amount_pence:
        errors.append(
            DomainError(
                f"The grant is already {format_gbp(amount)}: enter a different amount, or ask to "
                "move money between financial years instead",
                field="amount",
            )
        )
        return None
    if amount < now.spoken_for_pence:
        errors.append(
            DomainError(
                f"{format_gbp(now.spoken_for_pence)} of the grant is already requested, approved "
                "or paid: the new amount cannot be less than that",
                field="amount",
            )
        )
        return None
    return amount


def _checked_end(now: GrantNow, ends_on: date | None, errors: list) -> date | None:
    if ends_on is None:
        errors.append(DomainError("Enter the new end date", field="ends_on"))
        return None
    if now.ends_on and ends_on <= now.ends_on:
        errors.append(
            DomainError(
                f"The new end date must be after the current end date, {format_date(now.ends_on)}",
                field="ends_on",
            )
        )
        return None
    if now.starts_on and ends_on <= now.starts_on:
        errors.append(
            DomainError(
                f"The new end date must be after the grant starts, {format_date(now.starts_on)}",
                field="ends_on",
            )
        )
        return None
    return ends_on


def _checked_scope(now: GrantNow, scope: str, errors: list) -> str:
    scope = (scope or "").strip()
    if not scope:
        errors.append(
            DomainError("Enter what the grant will pay for after the change", field="scope")
        )
    elif scope == now.scope.strip():
        errors.append(DomainError("This is what the grant pays for now: change it", field="scope"))
    return scope


def _checked_partners(now: GrantNow, names, errors: list) -> list[str]:
    partners = clean_partners(names)
    if not partners:
        errors.append(DomainError("Enter the partners' names, one on each line", field="partners"))
    elif any(len(name) > PARTNER_NAME_LENGTH for name in partners):
        errors.append(
            DomainError(
                f"Each partner's name must be {PARTNER_NAME_LENGTH} characters or fewer",
                field="partners",
            )
        )
    elif [name.casefold() for name in partners] == [name.casefold() for name in now.partners]:
        errors.append(
            DomainError("These are the grant's partners now: change the list", field="partners")
        )
    return partners


# --- The grant as a version -------------------------------------------------------------------


def version_of(grant: Grant) -> dict:
    """The grant as it stands: what a variation keeps as `before` and `after`."""
    instalments = (
        Instalment.objects.filter(grant=grant).prefetch_related("conditions").order_by("number")
    )
    return {
        "version": grant.version,
        "state": grant.state,
        "amount_pence": grant.amount_pence,
        "years": {
            str(year): amount
            for year, amount in GrantYear.objects.filter(grant=grant)
            .order_by("financial_year")
            .values_list("financial_year", "amount_pence")
        },
        "starts_on": grant.starts_on.isoformat() if grant.starts_on else None,
        "ends_on": grant.ends_on.isoformat() if grant.ends_on else None,
        "scope": grant.scope,
        "partners": partner_names(grant.project),
        "instalments": [
            {
                "number": instalment.number,
                "due_on": instalment.due_on.isoformat(),
                "financial_year": instalment.financial_year,
                "amount_pence": instalment.amount_pence,
                "kind": instalment.kind,
                "conditions": [str(condition) for condition in instalment.conditions.all()],
            }
            for instalment in instalments
        ],
    }
