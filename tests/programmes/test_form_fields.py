"""The shared form fields the round pages use: money in pounds, GOV.UK dates with a time."""

from datetime import UTC, date, datetime, time

import pytest
from django import forms

from innovation_fund.core.forms import (
    GovukDateField,
    GovukDateTimeField,
    PoundsField,
    parse_time,
)
from innovation_fund.core.money import parse_pounds


class MoneyForm(forms.Form):
    amount = PoundsField(label="Maximum bid", subject="the maximum bid")


def clean_amount(text):
    form = MoneyForm({"amount": text})
    return form.is_valid(), form.cleaned_data.get("amount"), form.errors.get("amount", [])


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("£1,000.50", 1_000_50),
        ("1000.5", 1_000_50),
        ("1000", 1_000_00),
        (" £ 12 ", 12_00),
        ("1,000,000", 1_000_000_00),
        ("0.01", 1),
        ("£4,860,000.00", 4_860_000_00),
    ],
)
def test_amounts_in_pounds_become_pence(typed, pence):
    valid, cleaned, _ = clean_amount(typed)
    assert valid
    assert cleaned == pence
    assert isinstance(cleaned, int)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,00,0", "Commas in the maximum bid must separate thousands, like 1,000,000"),
        ("10,00", "Commas in the maximum bid must separate thousands"),
        ("-5", "The maximum bid must not be a negative amount"),
        ("£-5", "The maximum bid must not be a negative amount"),
        ("1e6", "Enter the maximum bid as a number of pounds, like 1,250 or 1,250.50"),
        ("1.234", "The maximum bid must not have more than 2 decimal places"),
        ("12.5000", "The maximum bid must not have more than 2 decimal places"),
        ("ten pounds", "Enter the maximum bid as a number of pounds"),
        ("£", "Enter the maximum bid as a number of pounds"),
        ("1.2.3", "Enter the maximum bid as a number of pounds"),
        ("", "Enter the maximum bid"),
    ],
)
def test_bad_amounts_are_refused_each_with_a_clear_message(typed, message):
    valid, _, errors = clean_amount(typed)
    assert not valid
    assert errors[0].startswith(message)


def test_the_core_parser_alone_would_take_1_00_0_as_1000_so_the_field_checks_commas():
    assert parse_pounds("1,00,0") == 1_000_00  # why PoundsField exists
    assert not clean_amount("1,00,0")[0]


def test_a_refused_amount_is_shown_back_as_typed():
    form = MoneyForm({"amount": "1,00,0"})
    assert not form.is_valid()
    assert form["amount"].value() == "1,00,0"


def test_a_saved_amount_is_shown_in_pounds():
    form = MoneyForm(initial={"amount": 1_000_50})
    assert form["amount"].value() == "1,000.50"
    assert MoneyForm(initial={"amount": 250_000_00})["amount"].value() == "250,000"


def test_limits_in_pence_are_checked():
    class Limited(forms.Form):
        amount = PoundsField(subject="the bid", min_pence=100_00, max_pence=500_00)

    assert Limited({"amount": "99.99"}).errors["amount"] == ["The bid must be £100 or more"]
    assert Limited({"amount": "500.01"}).errors["amount"] == ["The bid must be £500 or less"]
    assert Limited({"amount": "500"}).is_valid()


# --- Times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12pm", time(12)),
        ("12 PM", time(12)),
        ("12am", time(0)),
        ("9am", time(9)),
        ("9.30am", time(9, 30)),
        ("5:30pm", time(17, 30)),
        ("5:30 p.m.", time(17, 30)),
        ("17:00", time(17)),
        ("17.00", time(17)),
        ("0900", time(9)),
        ("midday", time(12)),
        ("Noon", time(12)),
        ("midnight", time(0)),
    ],
)
def test_times_people_type(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["13pm", "0am", "25:00", "12:60", "9", "tea time", "5:3pm"])
def test_things_that_are_not_times(typed):
    assert parse_time(typed) is None


# --- Dates and date-times --------------------------------------------------------------------


class RoundTimesForm(forms.Form):
    opens_at = GovukDateTimeField(label="Opens", subject="the opening date and time")
    starts_on = GovukDateField(label="Starts", subject="the start date", required=False)


def times_form(day="1", month="3", year="2027", at="12pm", **extra):
    data = {"opens_at-day": day, "opens_at-month": month, "opens_at-year": year}
    data["opens_at-time"] = at
    data.update(extra)
    return RoundTimesForm(data)


def test_a_winter_time_is_london_time_which_is_gmt():
    form = times_form("1", "3", "2027", "12pm")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opens_at"].astimezone(UTC) == datetime(2027, 3, 1, 12, tzinfo=UTC)


def test_a_summer_time_is_london_time_which_is_bst():
    form = times_form("1", "6", "2027", "17:00")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opens_at"].astimezone(UTC) == datetime(2027, 6, 1, 16, tzinfo=UTC)


def test_month_names_are_understood():
    form = times_form("1", "March", "2027", "9am")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opens_at"].month == 3


def test_a_time_skipped_when_the_clocks_go_forward_is_refused():
    form = times_form("28", "3", "2027", "1:30am")
    assert not form.is_valid()
    assert form.errors["opens_at"] == [
        "There is no 1:30am on 28 March 2027 in the UK because the clocks go forward an hour: "
        "enter another time"
    ]


def test_the_hour_that_happens_twice_means_the_first_which_is_bst():
    form = times_form("31", "10", "2027", "1:30am")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opens_at"].astimezone(UTC) == datetime(
        2027, 10, 31, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("parts", "message", "marked"),
    [
        (("", "", "", ""), "Enter the opening date and time", None),
        (("1", "", "2027", "12pm"), "The opening date and time must include a month", ["month"]),
        (
            ("", "", "2027", "12pm"),
            "The opening date and time must include a day and month",
            ["day", "month"],
        ),
        (("1", "3", "2027", ""), "The opening date and time must include a time", ["time"]),
        (("31", "2", "2027", "12pm"), "The opening date and time must be a real date", None),
        (("1", "13", "2027", "12pm"), "The opening date and time must be a real date", None),
        (("x", "3", "2027", "12pm"), "The opening date and time must be a real date", ["day"]),
        (("1", "3", "27", "12pm"), "Year must include 4 numbers", ["year"]),
        (
            ("1", "3", "2027", "25:00"),
            "The opening date and time must include a real time, like 9am, 5:30pm or 17:00",
            ["time"],
        ),
    ],
)
def test_bad_dates_and_times_are_refused_with_govuk_messages(parts, message, marked):
    form = times_form(*parts)
    assert not form.is_valid()
    assert form.errors["opens_at"] == [message]
    if marked:
        assert form.fields["opens_at"].error_parts == marked
        assert form["opens_at"].id_for_label == f"id_opens_at-{marked[0]}"


def test_what_was_typed_is_shown_back_when_refused():
    form = times_form("31", "2", "2027", "half past")
    assert not form.is_valid()
    assert form["opens_at"].value() == {
        "day": "31",
        "month": "2",
        "year": "2027",
        "time": "half past",
    }
    html = _render(form)
    assert 'name="opens_at-day" type="text" inputmode="numeric" value="31"' in html
    assert 'value="half past"' in html
    assert "govuk-form-group--error" in html


def test_a_saved_time_is_shown_in_london_time():
    form = RoundTimesForm(
        initial={"opens_at": datetime(2027, 6, 1, 16, tzinfo=UTC), "starts_on": date(2027, 4, 1)}
    )
    assert form["opens_at"].value() == {"day": "1", "month": "6", "year": "2027", "time": "5pm"}
    assert form["starts_on"].value() == {"day": "1", "month": "4", "year": "2027"}


def test_a_date_without_time_has_no_time_box():
    form = RoundTimesForm(
        {
            "opens_at-day": "1",
            "opens_at-month": "3",
            "opens_at-year": "2027",
            "opens_at-time": "9am",
            "starts_on-day": "2",
            "starts_on-month": "4",
            "starts_on-year": "2027",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_on"] == date(2027, 4, 2)
    html = _render(form, "starts_on")
    assert 'name="starts_on-day"' in html
    assert "starts_on-time" not in html


def test_an_optional_date_left_empty_is_none():
    form = times_form()
    assert form.is_valid()
    assert form.cleaned_data["starts_on"] is None


def _render(form, name="opens_at") -> str:
    from django.template.loader import render_to_string

    return render_to_string("includes/fields/date_time.html", {"field": form[name]})
