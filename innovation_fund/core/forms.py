"""Form fields every part of the service shares: money typed in pounds, and GOV.UK dates.

Each field keeps what was typed when it is refused (the page shows it back) and says what is
wrong in words a person can act on, naming the thing they were asked for.
"""

import re
from datetime import UTC, date, datetime, time

from django import forms
from django.core.exceptions import ValidationError

from .dates import LONDON, format_date, format_time, london_datetime, to_london
from .money import InvalidAmount, format_gbp, parse_pounds

# --- Money ------------------------------------------------------------------------------------

_DIGITS_AND_POINT = re.compile(r"^[\d,]*(\.\d*)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")
_PLAIN = re.compile(r"^\d+(\.\d{1,2})?$")
_EXAMPLE = "like 1,250 or 1,250.50"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class PoundsField(forms.Field):
    """An amount of money typed in pounds ("£1,000.50", "1000.5", "1000"), cleaned to pence.

    Refused, each with its own message: negative amounts, exponents ("1e6"), commas that do not
    separate thousands ("1,00,0"), more than two decimal places, and anything else that is not
    an amount. `subject` names the amount in messages ("the maximum bid").
    """

    widget = forms.TextInput

    def __init__(
        self,
        *,
        subject: str = "an amount",
        min_pence: int | None = None,
        max_pence: int | None = None,
        **kwargs,
    ):
        self.subject = subject
        self.min_pence = min_pence
        self.max_pence = max_pence
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", f"Enter {subject}")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """Pence from the database shown as pounds; what was typed shown as it was typed."""
        if isinstance(value, int) and not isinstance(value, bool):
            return format_gbp(value).removeprefix("£")
        return value

    def to_python(self, value) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = (value or "").strip()
        if not text:
            return None
        cleaned = text.removeprefix("£").strip().replace(" ", "")
        subject = _sentence(self.subject)
        if cleaned.startswith(("-", "−")):
            raise ValidationError(f"{subject} must not be a negative amount", code="negative")
        if not _DIGITS_AND_POINT.match(cleaned) or not re.search(r"\d", cleaned):
            raise ValidationError(
                f"Enter {self.subject} as a number of pounds, {_EXAMPLE}", code="invalid"
            )
        whole, _, pence = cleaned.partition(".")
        if "," in whole and not _THOUSANDS.match(whole):
            raise ValidationError(
                f"Commas in {self.subject} must separate thousands, like 1,000,000 "
                "(or leave them out)",
                code="commas",
            )
        if len(pence) > 2:
            raise ValidationError(
                f"{subject} must not have more than 2 decimal places, {_EXAMPLE}",
                code="decimals",
            )
        if not _PLAIN.match(whole.replace(",", "") + ("." + pence if "." in cleaned else "")):
            raise ValidationError(
                f"Enter {self.subject} as a number of pounds, {_EXAMPLE}", code="invalid"
            )
        try:
            return parse_pounds(cleaned)
        except InvalidAmount as error:  # pragma: no cover - the checks above come first
            raise ValidationError(f"Enter {self.subject}, {_EXAMPLE}", code="invalid") from error

    def validate(self, value) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_pence is not None and value < self.min_pence:
            raise ValidationError(
                f"{_sentence(self.subject)} must be {format_gbp(self.min_pence)} or more",
                code="min_value",
            )
        if self.max_pence is not None and value > self.max_pence:
            raise ValidationError(
                f"{_sentence(self.subject)} must be {format_gbp(self.max_pence)} or less",
                code="max_value",
            )


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
