from django import forms

from innovation_fund.core.errors import (
    DomainError,
    DomainErrors,
    add_to_form,
    error_summary_items,
)


class AmountForm(forms.Form):
    amount = forms.CharField()


def test_a_service_error_goes_to_its_field_and_links_from_the_summary():
    form = AmountForm({"amount": "£5m"})
    assert form.is_valid()
    add_to_form(form, DomainError("The amount is more than the round's budget", field="amount"))
    assert form.errors["amount"] == ["The amount is more than the round's budget"]
    assert error_summary_items(form) == [
        {"text": "The amount is more than the round's budget", "href": "#id_amount"}
    ]
    assert form["amount"].value() == "£5m"


def test_an_error_about_no_field_is_listed_without_a_link():
    form = AmountForm({"amount": "1"})
    form.is_valid()
    add_to_form(form, DomainError("The round has closed", field="not_on_this_form"))
    assert error_summary_items(form) == [{"text": "The round has closed"}]


def test_several_errors_at_once_each_go_to_their_place():
    form = AmountForm({"amount": "1"})
    form.is_valid()
    add_to_form(
        form,
        DomainErrors(
            [DomainError("Too small", field="amount"), DomainError("The round has closed")]
        ),
    )
    assert form.errors["amount"] == ["Too small"]
    assert {"text": "The round has closed"} in error_summary_items(form)
