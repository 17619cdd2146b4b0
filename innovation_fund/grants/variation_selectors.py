"""What the variation pages and the grant page's variations section show, read in a fixed
number of queries whatever the number of variations."""

from dataclasses import dataclass
from datetime import date

from innovation_fund.core.financial_years import FinancialYear

from .models import Grant, Variation

State = Variation.State


@dataclass(frozen=True)
class GrantVersion:
    """The grant as one version stood, from an approved variation's `before` or `after`."""

    number: int
    amount_pence: int | None
    ends_on: date | None
    years: list[tuple[str, int]]  # (financial year label, pence)
    made_by: Variation | None  # None for the grant as awarded

    @classmethod
    def of(cls, picture: dict, made_by: Variation | None) -> "GrantVersion":
        ends_on = picture.get("ends_on")
        return cls(
            number=picture.get("version") or 1,
            amount_pence=picture.get("amount_pence"),
            ends_on=date.fromisoformat(ends_on) if ends_on else None,
            years=[
                (FinancialYear(int(year)).label, amount)
                for year, amount in sorted((picture.get("years") or {}).items())
            ],
            made_by=made_by,
        )


def variations_of(grant: Grant) -> list[Variation]:
    """The grant's variations, oldest first, with who asked and who decided. One query."""
    return list(
        Variation.objects.filter(grant=grant)
        .select_related("requested_by", "decided_by")
        .order_by("requested_at", "pk")
    )


def versions_of(variations: list[Variation]) -> list[GrantVersion]:
    """Every version of the grant, newest first: the first approved variation's `before` is the
    grant as awarded, and each approved variation's `after` a later version. Empty while no
    variation has been approved (the grant is as awarded)."""
    approved = sorted(
        (v for v in variations if v.state == State.APPROVED and v.version_made),
        key=lambda v: v.version_made,
    )
    if not approved:
        return []
    versions = [GrantVersion.of(approved[0].before, None)]
    versions += [GrantVersion.of(v.after, v) for v in approved]
    return list(reversed(versions))


def waiting_of(variations: list[Variation]) -> Variation | None:
    return next((v for v in variations if v.state == State.REQUESTED), None)


def changed_instalments(variation: Variation) -> tuple[list[dict], list[dict]]:
    """(Instalments replaced, instalments made) by an approved variation, from its pictures."""
    before = {i["number"]: i for i in (variation.before or {}).get("instalments", [])}
    after = {i["number"]: i for i in (variation.after or {}).get("instalments", [])}
    removed = [i for number, i in sorted(before.items()) if after.get(number) != i]
    added = [i for number, i in sorted(after.items()) if before.get(number) != i]
    return [_shown(i) for i in removed], [_shown(i) for i in added]


def _shown(instalment: dict) -> dict:
    return {
        "number": instalment["number"],
        "due_on": date.fromisoformat(instalment["due_on"]),
        "financial_year": FinancialYear(instalment["financial_year"]).label,
        "amount_pence": instalment["amount_pence"],
        "conditions": "; ".join(instalment.get("conditions") or []) or "None",
    }


def labelled_years(years: dict) -> list[tuple[str, int]]:
    return [(FinancialYear(int(year)).label, amount) for year, amount in sorted(years.items())]
