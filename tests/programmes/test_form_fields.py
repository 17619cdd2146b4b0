"""The shared form fields the round pages use: GOV.UK dates with a time.

The money box (PoundsField) is tested in tests/core/test_pounds_field.py.
"""

from datetime import UTC, date, datetime, time

import pytest
from django import forms

from innovation_fund.core.forms import GovukDateField, GovukDateTimeField, parse_time

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
