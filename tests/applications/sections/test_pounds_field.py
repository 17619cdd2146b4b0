"""The money box used on the budget page: what it accepts, what it refuses and how it says so."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from innovation_fund.applications.fields import MAX_PENCE, PoundsField
from innovation_fund.core.money import format_gbp

SUBJECT = "Staff, 2027-28"


def field(**kwargs) -> PoundsField:
    return PoundsField(subject=SUBJECT, required=False, **kwargs)


def refusal(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        field().clean(text)
    return caught.value


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("£1,000.50", 100050),
        ("1000.5", 100050),
        ("1000", 100000),
        (" 1,000 ", 100000),
        ("£ 1,000", 100000),
        ("1,234,567.89", 123456789),
        ("999", 99900),
        ("0.5", 50),
        ("0.05", 5),
        ("0", 0),
        ("007", 700),
    ],
)
def test_amounts_people_type_are_read_as_pence(typed, pence):
    cleaned = field().clean(typed)
    assert cleaned == pence
    assert type(cleaned) is int


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_blank_is_none_so_the_form_decides_what_it_means(typed):
    assert field().clean(typed) is None


def test_a_required_box_left_blank_asks_for_the_amount():
    with pytest.raises(ValidationError) as caught:
        PoundsField(subject="the amount you want").clean("")
    assert caught.value.messages == ["Enter the amount you want"]


@pytest.mark.parametrize("typed", ["1,00,0", "10,00", "1,0000", ",100", "1,000,00.50", "12,3"])
def test_commas_may_only_separate_thousands(typed):
    error = refusal(typed)
    assert error.code == "commas"
    assert error.messages == [
        "Staff, 2027-28 can only use commas to separate thousands, like 1,250,000, "
        "or no commas at all"
    ]


@pytest.mark.parametrize("typed", ["-5", "−5", "-£5", "£-5", "- 1,000.50"])
def test_a_negative_amount_is_refused(typed):
    error = refusal(typed)
    assert error.code == "negative"
    assert error.messages == ["Staff, 2027-28 cannot be negative"]


@pytest.mark.parametrize("typed", ["12.345", "1,000.001", "0.999"])
def test_more_than_two_decimal_places_is_refused_not_rounded(typed):
    error = refusal(typed)
    assert error.code == "decimals"
    assert error.messages == [
        "Staff, 2027-28 can have no more than 2 decimal places, like 1,250 or 1,250.50"
    ]


@pytest.mark.parametrize(
    "typed",
    ["1e6", "1E6", "ten", "£", "£five", "1 000", "1.", ".5", "12.3.4", "1,000.5,0", "0x10", "١٢"],
)
def test_anything_else_is_not_an_amount(typed):
    error = refusal(typed)
    assert error.code == "invalid"
    assert error.messages == [
        "Enter Staff, 2027-28 as an amount in pounds and pence, like 1,250 or 1,250.50"
    ]


def test_an_absurdly_large_amount_is_refused():
    with pytest.raises(ValidationError) as caught:
        field(max_pence=100_00).clean("100.01")
    assert caught.value.messages == ["Staff, 2027-28 must be £100 or less"]
    assert field(max_pence=100_00).clean("100") == 100_00


def test_saved_pence_are_shown_as_pounds_and_typed_text_as_typed():
    assert field().prepare_value(100050) == "1,000.50"
    assert field().prepare_value(100000) == "1,000"
    assert field().prepare_value("1,00,0") == "1,00,0"


@given(st.integers(min_value=0, max_value=MAX_PENCE))
def test_every_amount_formatted_in_gbp_reads_back_as_the_same_pence(pence):
    formatted = format_gbp(pence)
    assert field().clean(formatted) == pence
    assert field().clean(formatted.removeprefix("£").replace(",", "")) == pence
    assert field().clean(field().prepare_value(pence)) == pence
