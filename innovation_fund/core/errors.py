"""A domain error says what went wrong in words a user can act on, and which field it concerns.

Services raise it; views put it on the form so the page shows a GOV.UK error summary and the
message at the field, with everything the user typed kept.
"""

from django import forms


class DomainError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class DomainErrors(DomainError):
    """Several things to change at once. Reads as the first, for callers that show one."""

    def __init__(self, errors: list[DomainError]):
        super().__init__(errors[0].message, field=errors[0].field)
        self.errors = errors


def add_to_form(form: forms.Form, error: DomainError) -> None:
    """Attach a service's error, or each of several (DomainErrors), to a bound form, at the
    field where the form has it."""
    for each in getattr(error, "errors", [error]):
        field = each.field if each.field in form.fields else None
        form.add_error(field, each.message)


def error_summary_items(form: forms.Form) -> list[dict[str, str]]:
    """Items for the GOV.UK error summary, each linking to the field it is about."""
    items = []
    for name, messages in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            items.extend({"text": message} for message in messages)
            continue
        anchor = f"#{form[name].id_for_label or form[name].auto_id}"
        items.extend({"text": message, "href": anchor} for message in messages)
    return items
