"""The offer letter of a grant made through the service sets out its conditions and its payment
schedule (due date, financial year, amount, release conditions) instead of "to be agreed"."""

import pytest

from innovation_fund.grants.letters import render_letter
from innovation_fund.grants.models import Grant
from tests.grants.builders import offered_grant
from tests.grants.test_letters import pdf_text

pytestmark = pytest.mark.django_db


def test_the_offer_letter_gives_the_schedule_and_conditions():
    cast = offered_grant(years={2027: 60_000_01, 2028: 40_000_00})
    Grant.objects.filter(pk=cast.grant.pk).update(conditions="Share the evaluation report.")

    text = pdf_text(render_letter(cast.grant.decision))

    assert "Instalment plan: to be agreed" not in text
    assert "Payment schedule" in text
    assert "Share the evaluation report." in text
    assert "1 April 2027 2027-28 £15,000.01 The offer is accepted" in text
    assert "1 July 2027 2027-28 £15,000 The offer is accepted" in text
    assert "1 January 2029 2028-29 £10,000 The offer is accepted" in text
    assert "Total £100,000.01" in text
    assert "the odd pennies go on the earliest instalments of the year" in text
    assert "29 March 2027" in text  # the date to respond by
