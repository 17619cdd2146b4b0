"""Dates and times are timezone-aware and shown in Europe/London, in GOV.UK style."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def london_now() -> datetime:
    return timezone.now().astimezone(LONDON)


def london_today() -> date:
    return london_now().date()


def london_datetime(day: date, at: time) -> datetime:
    """A wall-clock time in London on a day, aware of GMT/BST."""
    return datetime.combine(day, at, tzinfo=LONDON)


def to_london(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise ValueError("Refusing a naive datetime: say which time zone it is in")
    return moment.astimezone(LONDON)


def format_date(day: date) -> str:
    """1 April 2015"""
    return f"{day.day} {day:%B %Y}"


def format_time(moment: datetime) -> str:
    """9am, 5:30pm, midday, midnight (GOV.UK style), in London time."""
    local = to_london(moment)
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    if local.hour == 12 and local.minute == 0:
        return "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.minute:
        return f"{hour}:{local.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def format_datetime(moment: datetime) -> str:
    """9am on 1 April 2015, in London time."""
    local = to_london(moment)
    return f"{format_time(local)} on {format_date(local.date())}"
