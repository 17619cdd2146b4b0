"""Money is an integer number of pence. Nothing here touches a float.

Formatting follows the GOV.UK style guide: "£4,860,000", "£1,234.56", and short forms like
"£4.86m" for headline figures.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENCE_PER_POUND = 100
_POUNDS_TYPED = re.compile(r"^\d+(\.\d{1,2})?$")
PENCE_PER_MILLION_POUNDS = 1_000_000 * PENCE_PER_POUND


class InvalidAmount(ValueError):
    """Text that is not an amount of money in pounds and pence."""


def pounds_to_pence(pounds: int | str | Decimal) -> int:
    """Whole pounds or a decimal string ("4860000", "12.50") to integer pence.

    More than two decimal places is refused rather than rounded: money must not change silently.
    """
    if isinstance(pounds, float):
        raise TypeError("Money must not be given as a float")
    try:
        amount = Decimal(str(pounds))
    except InvalidOperation as error:
        raise InvalidAmount(f"{pounds!r} is not an amount of money") from error
    if not amount.is_finite():
        raise InvalidAmount(f"{pounds!r} is not an amount of money")
    pence = amount * PENCE_PER_POUND
    if pence != pence.to_integral_value():
        raise InvalidAmount(f"{pounds!r} has more than 2 decimal places")
    return int(pence)


def parse_pounds(text: str) -> int:
    """What a person typed ("£4,860,000", "1,234.5", " 12 ") to integer pence. Never negative."""
    cleaned = text.strip().removeprefix("£").replace(",", "").strip()
    if not cleaned:
        raise InvalidAmount("Enter an amount of money")
    if not _POUNDS_TYPED.match(cleaned):
        raise InvalidAmount("Enter an amount in pounds and pence, like 1,250 or 1,250.50")
    return pounds_to_pence(cleaned)


def pence_to_pounds(pence: int) -> Decimal:
    """Exact pounds: Decimal(123456) / 100 is Decimal("1234.56")."""
    return Decimal(pence) / PENCE_PER_POUND


def format_gbp(pence: int) -> str:
    """£4,860,000 for whole pounds; £1,234.56 otherwise; a minus sign before the pound sign."""
    _check_pence(pence)
    sign = "-" if pence < 0 else ""
    pounds, remainder = divmod(abs(pence), PENCE_PER_POUND)
    if remainder:
        return f"{sign}£{pounds:,}.{remainder:02d}"
    return f"{sign}£{pounds:,}"


def format_gbp_short(pence: int) -> str:
    """Headline form: £4.86m, £11.6m, £200m for a million or more; otherwise as format_gbp.

    Millions are rounded half-up to at most two decimal places, trailing zeros dropped.
    """
    _check_pence(pence)
    if abs(pence) < PENCE_PER_MILLION_POUNDS:
        return format_gbp(pence)
    sign = "-" if pence < 0 else ""
    millions = (Decimal(abs(pence)) / PENCE_PER_MILLION_POUNDS).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    text = f"{millions:f}".rstrip("0").rstrip(".")
    return f"{sign}£{text}m"


def allocate(total_pence: int, parts: int) -> list[int]:
    """Split a sum into `parts` instalments that differ by at most a penny and add up exactly.

    The earlier instalments carry the odd pennies.
    """
    _check_pence(total_pence)
    if parts < 1:
        raise ValueError("Need at least one part")
    base, remainder = divmod(total_pence, parts)
    return [base + 1 if index < remainder else base for index in range(parts)]


def _check_pence(pence: int) -> None:
    if isinstance(pence, bool) or not isinstance(pence, int):
        raise TypeError(f"Money must be an integer number of pence, not {type(pence).__name__}")
