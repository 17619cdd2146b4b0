"""Template filters that show money, dates and missing values the same way on every page."""

from datetime import date, datetime
from decimal import Decimal

from django import template

from innovation_fund.core.dates import format_date, format_datetime
from innovation_fund.core.money import format_gbp, format_gbp_short

register = template.Library()

NOT_KNOWN = "Not known"


@register.filter
def gbp(pence):
    return NOT_KNOWN if pence is None else format_gbp(pence)


@register.filter
def gbp_short(pence):
    return NOT_KNOWN if pence is None else format_gbp_short(pence)


@register.filter
def in_currency(minor_units, currency):
    """An amount in hundredths of its currency: pounds as £, anything else with its code."""
    if minor_units is None:
        return NOT_KNOWN
    if currency == "GBP":
        return format_gbp(minor_units)
    return f"{Decimal(minor_units) / 100:,.2f} {currency}"


@register.filter
def gov_date(value):
    if value is None:
        return NOT_KNOWN
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return value


@register.filter
def or_not_known(value):
    return NOT_KNOWN if value in (None, "") else value


@register.filter
def percent(part, whole):
    """Whole-number percentage, or "0%" when there is nothing to divide by."""
    if not whole:
        return "0%"
    return f"{round(100 * part / whole)}%"
