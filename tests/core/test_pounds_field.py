"""The one money box every form uses: what it accepts, what it refuses and how it says so."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from innovation_fund.core.forms import MAX_PENCE, PoundsField
from innovation_fund.core.money import format_gbp, parse_pounds

SUBJECT = "Staff, 2027-28"


def field(**kwargs) -> PoundsField:
    return PoundsField(subject=SUBJECT, required=False, **kwargs)


def refusal(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        field().clean(text)
    return caught.value


class MoneyForm(forms.Form):
    amount = PoundsField(label="Maximum bid", subject="the maximum bid")


def clean_amount(text):
    form = MoneyForm({"amount": text})
    return form.is_valid(), form.cleaned_data.get("amount"), form.errors.get("amount", [])


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("£1,000.50", 100050),
        ("1000.5", 100050),
        ("1000", 100000),
        (" 1,000 ", 100000),
        ("£ 1,000", 100000),
        (" £ 12 ", 1200),
        ("1,234,567.89", 123456789),
        ("1,000,000", 100000000),
        ("£4,860,000.00", 486000000),
        ("999", 99900),
        ("0.5", 50),
        ("0.05", 5),
        ("0.01", 1),
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


@pytest.mark.parametrize("typed", ["-5", "−5", "–5", "-£5", "£-5", "£−5", "- 1,000.50"])
def test_a_negative_amount_is_refused(typed):
    error = refusal(typed)
    assert error.code == "negative"
    assert error.messages == ["Staff, 2027-28 cannot be negative"]


@pytest.mark.parametrize("typed", ["12.345", "1,000.001", "0.999", "12.5000"])
def test_more_than_two_decimal_places_is_refused_not_rounded(typed):
    error = refusal(typed)
    assert error.code == "decimals"
    assert error.messages == [
        "Staff, 2027-28 can have no more than 2 decimal places, like 1,250 or 1,250.50"
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "1e6",
        "1E6",
        "ten",
        "ten pounds",
        "£",
        "£five",
        "1 000",
        "1.",
        ".5",
        "12.3.4",
        "1,000.5,0",
        "0x10",
        "١٢",
    ],
)
def test_anything_else_is_not_an_amount(typed):
    error = refusal(typed)
    assert error.code == "invalid"
    assert error.messages == [
        "Enter Staff, 2027-28 as an amount in pounds and pence, like 1,250 or 1,250.50"
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "1,00,0",
            "The maximum bid can only use commas to separate thousands, like 1,250,000, "
            "or no commas at all",
        ),
        ("-5", "The maximum bid cannot be negative"),
        ("£-5", "The maximum bid cannot be negative"),
        ("−5", "The maximum bid cannot be negative"),
        ("1e6", "Enter the maximum bid as an amount in pounds and pence, like 1,250 or 1,250.50"),
        ("1.234", "The maximum bid can have no more than 2 decimal places, like 1,250 or 1,250.50"),
        ("", "Enter the maximum bid"),
    ],
)
def test_a_refusal_in_a_form_names_the_amount_asked_for(typed, message):
    valid, _, errors = clean_amount(typed)
    assert not valid
    assert errors == [message]


def test_the_core_parser_alone_would_take_1_00_0_as_1000_so_the_field_checks_commas():
    assert parse_pounds("1,00,0") == 1_000_00  # why PoundsField checks commas itself
    assert not clean_amount("1,00,0")[0]


def test_limits_in_pence_are_checked():
    class Limited(forms.Form):
        amount = PoundsField(subject="the bid", min_pence=100_00, max_pence=500_00)

    assert Limited({"amount": "99.99"}).errors["amount"] == ["The bid must be £100 or more"]
    assert Limited({"amount": "500.01"}).errors["amount"] == ["The bid must be £500 or less"]
    assert Limited({"amount": "100"}).is_valid()
    assert Limited({"amount": "500"}).is_valid()


def test_an_absurdly_large_amount_is_refused():
    with pytest.raises(ValidationError) as caught:
        field(max_pence=100_00).clean("100.01")
    assert caught.value.code == "max_value"
    assert caught.value.messages == ["Staff, 2027-28 must be £100 or less"]
    assert field(max_pence=100_00).clean("100") == 100_00


def test_without_its_own_limit_a_box_refuses_more_than_the_service_ever_holds():
    assert field().clean(format_gbp(MAX_PENCE)) == MAX_PENCE
    with pytest.raises(ValidationError) as caught:
        field().clean(format_gbp(MAX_PENCE + 1))
    assert caught.value.messages == ["Staff, 2027-28 must be £100,000,000,000 or less"]


def test_saved_pence_are_shown_as_pounds_and_typed_text_as_typed():
    assert field().prepare_value(100050) == "1,000.50"
    assert field().prepare_value(100000) == "1,000"
    assert field().prepare_value("1,00,0") == "1,00,0"


def test_a_refused_amount_is_shown_back_as_typed():
    form = MoneyForm({"amount": "1,00,0"})
    assert not form.is_valid()
    assert form["amount"].value() == "1,00,0"


def test_a_saved_amount_is_shown_in_pounds():
    form = MoneyForm(initial={"amount": 1_000_50})
    assert form["amount"].value() == "1,000.50"
    assert MoneyForm(initial={"amount": 250_000_00})["amount"].value() == "250,000"


@given(st.integers(min_value=0, max_value=MAX_PENCE))
def test_every_amount_formatted_in_gbp_reads_back_as_the_same_pence(pence):
    formatted = format_gbp(pence)
    assert field().clean(formatted) == pence
    assert field().clean(formatted.removeprefix("£").replace(",", "")) == pence
    assert field().clean(field().prepare_value(pence)) == pence
