"""Form fields every part of the service shares: money typed in pounds, and GOV.UK dates.

Each field keeps what was typed when it is refused (the page shows it back) and says what is
wrong in words a person can act on, naming the thing they were asked for.
"""

import re
from datetime import UTC, date, datetime, time

from django import forms
from django.core.exceptions import ValidationError

from .dates import LONDON, format_date, format_time, london_datetime, to_london
from .money import InvalidAmount, format_gbp, pounds_to_pence

# --- Searching and paging lists ---------------------------------------------------------------

MOST_SEARCH_WORDS = 10


class SearchWordsField(forms.CharField):
    """Words to search a list by: at most 10 words and 200 characters, blank for none."""

    def __init__(self, *, label: str, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "error_messages", {"max_length": "Search words must be 200 characters or fewer"}
        )
        super().__init__(label=label, **kwargs)

    def validate(self, value):
        super().validate(value)
        if len(value.split()) > MOST_SEARCH_WORDS:
            raise ValidationError(f"Search for {MOST_SEARCH_WORDS} words or fewer", code="words")


class PageField(forms.IntegerField):
    """Which page of a list, from the URL: a whole number from 1."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "error_messages",
            {"invalid": "Page must be a number, like 2", "min_value": "Page must be 1 or more"},
        )
        super().__init__(**kwargs)


# --- Money ------------------------------------------------------------------------------------

EXAMPLE = "like 1,250 or 1,250.50"
# Far above any bid or budget, well inside a 64-bit column even when dozens of amounts are
# added up. Every PoundsField refuses more than this unless it is given its own max_pence.
MAX_PENCE = 100_000_000_000_00

_MINUS_SIGNS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash
_NUMBER = re.compile(r"[0-9,]+(?:\.[0-9]+)?", re.ASCII)
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+", re.ASCII)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class PoundsField(forms.Field):
    """An amount in pounds and pence ("£1,000.50", "1000.5", "1000", " 1,000 "), as pence.

    Stricter than `core.money.parse_pounds`, which drops every comma (so "1,00,0" would pass as
    £1,000): here a comma may only separate thousands. Refused, each with its own message
    naming `subject` ("the maximum bid", "Staff, 2027-28", so a message still makes sense in an
    error summary listing many boxes): a negative amount ("-5", "£-5", "−5"), commas that do
    not separate thousands ("1,00,0"), more than two decimal places ("12.345"), anything else
    that is not an amount ("1e6", "ten", "1 000"), and an amount below `min_pence` (if given)
    or above `max_pence`. Blank cleans to None, so a form can treat it as zero or as missing
    as it needs.
    """

    widget = forms.TextInput

    def __init__(
        self,
        *,
        subject: str = "the amount",
        min_pence: int | None = None,
        max_pence: int | None = MAX_PENCE,
        **kwargs,
    ):
        self.subject = subject
        self.min_pence = min_pence
        self.max_pence = max_pence
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter {subject}")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """Saved pence are shown as pounds ("1,000.50"); what was typed is shown as typed."""
        if isinstance(value, int) and not isinstance(value, bool):
            return format_gbp(value).removeprefix("£")
        return value

    def to_python(self, value) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if not text:
            return None
        negative = text.startswith(_MINUS_SIGNS)
        text = text.lstrip("".join(_MINUS_SIGNS)).strip()
        text = text.removeprefix("£").strip()
        if text.startswith(_MINUS_SIGNS):  # "£-5"
            negative = True
            text = text.lstrip("".join(_MINUS_SIGNS)).strip()
        if not _NUMBER.fullmatch(text) or not any(c.isdigit() for c in text):
            raise self._error("invalid")
        if negative:
            raise self._error("negative")
        whole, _, decimals = text.partition(".")
        if "," in whole and not _THOUSANDS.fullmatch(whole):
            raise self._error("commas")
        if len(decimals) > 2:
            raise self._error("decimals")
        try:
            return pounds_to_pence(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
        except InvalidAmount as error:  # pragma: no cover - the checks above come first
            raise self._error("invalid") from error

    def validate(self, value) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_pence is not None and value < self.min_pence:
            raise self._error("min_value")
        if self.max_pence is not None and value > self.max_pence:
            raise self._error("max_value")

    def _error(self, code: str) -> ValidationError:
        subject = _sentence(self.subject)
        if code == "negative":
            message = f"{subject} cannot be negative"
        elif code == "commas":
            message = (
                f"{subject} can only use commas to separate thousands, like 1,250,000, "
                "or no commas at all"
            )
        elif code == "decimals":
            message = f"{subject} can have no more than 2 decimal places, {EXAMPLE}"
        elif code == "min_value":
            message = f"{subject} must be {format_gbp(self.min_pence)} or more"
        elif code == "max_value":
            message = f"{subject} must be {format_gbp(self.max_pence)} or less"
        else:
            message = f"Enter {self.subject} as an amount in pounds and pence, {EXAMPLE}"
        return ValidationError(message, code=code)


# --- Dates and times (GOV.UK date input, with an optional time) ------------------------------

DATE_PARTS = ("day", "month", "year")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_TIME_12_HOUR = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?$")
_TIME_24_HOUR = re.compile(r"^(\d{1,2})[:.](\d{2})$|^(\d{2})(\d{2})$")
_TIME_WORDS = {"midday": time(12), "noon": time(12), "12 noon": time(12), "midnight": time(0)}
TIME_EXAMPLE = "like 9am, 5:30pm or 17:00"


def parse_time(text: str) -> time | None:
    """ "9am", "5:30pm", "12pm", "17:00", "midday", "midnight" to a time; None if not a time."""
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in _TIME_WORDS:
        return _TIME_WORDS[cleaned]
    if match := _TIME_12_HOUR.match(cleaned):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        hour = hour % 12 + (12 if match.group(3) == "p" else 0)
        return time(hour, minute)
    if match := _TIME_24_HOUR.match(cleaned):
        hour = int(match.group(1) or match.group(3))
        minute = int(match.group(2) or match.group(4))
        if hour > 23 or minute > 59:
            return None
        return time(hour, minute)
    return None


class GovukDateWidget(forms.Widget):
    """Day, month and year boxes (and a time box when `with_time`), named `<name>-day` etc.

    Rendered by templates/includes/fields/date_time.html, not by Django's widget rendering.
    """

    template_name = "includes/fields/date_time.html"
    input_type = "govuk-date"

    def __init__(self, *, with_time: bool = False, attrs=None):
        super().__init__(attrs)
        self.with_time = with_time
        self.first_error_part = "day"

    @property
    def parts(self) -> tuple[str, ...]:
        return (*DATE_PARTS, "time") if self.with_time else DATE_PARTS

    def value_from_datadict(self, data, files, name) -> dict[str, str] | None:
        if self.value_omitted_from_data(data, files, name):
            return None
        return {part: data.get(f"{name}-{part}", "") for part in self.parts}

    def value_omitted_from_data(self, data, files, name) -> bool:
        return all(f"{name}-{part}" not in data for part in self.parts)

    def id_for_label(self, id_: str) -> str:
        """The error summary links to the first box that needs changing."""
        return f"{id_}-{self.first_error_part}" if id_ else id_


class GovukDateField(forms.Field):
    """A date typed in the GOV.UK date input: day, month and year in separate boxes.

    `subject` names the date in messages ("the opening date"). Months may be typed as numbers
    or names ("3", "March", "mar").
    """

    def __init__(self, *, subject: str = "the date", **kwargs):
        self.subject = subject
        kwargs.setdefault("widget", GovukDateWidget(with_time=self.with_time))
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter {subject}")
        super().__init__(**kwargs)
        self.error_parts: list[str] = []

    with_time = False

    def prepare_value(self, value):
        if isinstance(value, datetime):
            local = to_london(value)
            parts = _date_parts(local.date())
            parts["time"] = format_time(local)
            return parts
        if isinstance(value, date):
            return _date_parts(value)
        return value or {}

    def to_python(self, value):
        if value is None or isinstance(value, date):
            return value
        typed = {part: (value.get(part) or "").strip() for part in self.widget.parts}
        if not any(typed.values()):
            return None
        return self._parse(typed)

    def _parse(self, typed: dict[str, str]):
        missing = [part for part in self.widget.parts if not typed[part]]
        if missing:
            self._fail(missing, f"{_sentence(self.subject)} must include a {_and(missing)}")
        day = self._number(typed, "day")
        month = MONTHS.get(typed["month"].lower()) or self._number(typed, "month")
        year = self._number(typed, "year")
        if len(typed["year"]) != 4:
            self._fail(["year"], "Year must include 4 numbers")
        try:
            return date(year, month, day)
        except ValueError:
            self._fail(list(DATE_PARTS), f"{_sentence(self.subject)} must be a real date")

    def _number(self, typed: dict[str, str], part: str) -> int:
        text = typed[part]
        if not text.isdigit():
            self._fail([part], f"{_sentence(self.subject)} must be a real date")
        return int(text)

    def _fail(self, parts: list[str], message: str):
        self.error_parts = parts
        self.widget.first_error_part = parts[0]
        raise ValidationError(message, code="invalid")


class GovukDateTimeField(GovukDateField):
    """A date in the GOV.UK date input plus a time ("12pm", "17:00"), as a London time.

    The result is an aware datetime in Europe/London, so 12pm in June is 11:00 UTC (BST) and
    12pm in December is 12:00 UTC (GMT). A time that does not happen in London (the hour the
    clocks go forward) is refused; in the hour that happens twice, the first (BST) is meant.
    """

    with_time = True

    def _parse(self, typed: dict[str, str]) -> datetime:
        day = super()._parse(typed)
        at = parse_time(typed["time"])
        if at is None:
            self._fail(
                ["time"], f"{_sentence(self.subject)} must include a real time, {TIME_EXAMPLE}"
            )
        moment = london_datetime(day, at)
        if not _wall_clock_exists(moment):
            self._fail(
                ["time"],
                f"There is no {_wall_clock(at)} on {format_date(day)} in the UK because the "
                "clocks go forward an hour: enter another time",
            )
        return moment


def _wall_clock_exists(moment: datetime) -> bool:
    """False for a London wall-clock time skipped when the clocks go forward."""
    there_and_back = moment.astimezone(UTC).astimezone(LONDON)
    return there_and_back.replace(tzinfo=None) == moment.replace(tzinfo=None)


def _wall_clock(at: time) -> str:
    """A time of day in GOV.UK style, whatever the date (January has no clock change)."""
    return format_time(datetime.combine(date(2000, 1, 1), at, tzinfo=LONDON))


def _date_parts(day: date) -> dict[str, str]:
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def _and(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
