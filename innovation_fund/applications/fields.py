"""Form fields for the bid's pages.

`PoundsField` reads an amount of money as a person types it and cleans it to integer pence.
It is stricter than `core.money.parse_pounds`, which drops every comma (so "1,00,0" would pass
as £1,000): here a comma may only separate thousands. Every refusal names the amount asked for
("Staff, 2027-28"), so a message still makes sense in an error summary listing many boxes.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

from innovation_fund.core.money import InvalidAmount, format_gbp, pounds_to_pence

EXAMPLE = "like 1,250 or 1,250.50"
# Far above any bid, well inside a 64-bit column even when dozens of amounts are added up.
MAX_PENCE = 100_000_000_000_00

_MINUS_SIGNS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash
_NUMBER = re.compile(r"[0-9,]+(?:\.[0-9]+)?", re.ASCII)
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+", re.ASCII)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class PoundsField(forms.Field):
    """An amount in pounds and pence ("£1,000.50", "1000.5", "1000", " 1,000 "), as pence.

    Refused, each with its own message naming `subject`: a negative amount ("-5"), commas that do
    not separate thousands ("1,00,0"), more than two decimal places ("12.345"), and anything
    else that is not an amount ("1e6", "ten", "1 000"). Blank cleans to None, so a form can
    treat it as zero or as missing as it needs.
    """

    widget = forms.TextInput

    def __init__(self, *, subject: str = "the amount", max_pence: int = MAX_PENCE, **kwargs):
        self.subject = subject
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
            pence = pounds_to_pence(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
        except InvalidAmount as error:  # pragma: no cover - the checks above come first
            raise self._error("invalid") from error
        if pence > self.max_pence:
            raise self._error("too_large")
        return pence

    def _error(self, code: str) -> ValidationError:
        subject = _sentence(self.subject)
        message = {
            "invalid": f"Enter {self.subject} as an amount in pounds and pence, {EXAMPLE}",
            "negative": f"{subject} cannot be negative",
            "commas": (
                f"{subject} can only use commas to separate thousands, like 1,250,000, "
                "or no commas at all"
            ),
            "decimals": f"{subject} can have no more than 2 decimal places, {EXAMPLE}",
            "too_large": f"{subject} must be {format_gbp(self.max_pence)} or less",
        }[code]
        return ValidationError(message, code=code)
