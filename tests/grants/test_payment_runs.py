"""The payment run: approved, unpaid payments downloaded for the finance system (formula-safe,
exact money) and recorded as paid in one step, all or nothing."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from innovation_fund.core.errors import DomainError
from innovation_fund.grants.models import Payment, PaymentRun
from innovation_fund.grants.services import payments
from innovation_fund.grants.services.payment_runs import record_run_paid
from tests.grants.payment_builders import accepted_grant, travel
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    accepted = accepted_grant()
    accepted.grant.recipient.name = '=HYPERLINK("http://evil.example","Click")'
    accepted.grant.recipient.save()
    with travel():
        yield accepted


def approved(cast, count=2) -> list[Payment]:
    made = []
    for instalment in cast.grant.instalments.order_by("number")[:count]:
        payment = payments.request_payment(cast.manager, instalment)
        made.append(payments.approve_payment(cast.finance_officer, payment))
    return made


def test_the_run_is_recorded_as_paid_all_together(cast):
    waiting = approved(cast)

    run = record_run_paid(
        cast.finance_officer,
        cast.round.programme,
        [payment.pk for payment in waiting],
        paid_on=date(2027, 7, 14),
        finance_reference="RUN-7",
    )

    assert set(run.payments.values_list("state", flat=True)) == {Payment.State.PAID}
    assert run.payments.count() == 2


def test_nothing_is_recorded_when_the_list_changed_since_it_was_shown(cast):
    first, second = approved(cast)

    with pytest.raises(DomainError, match="have changed since"):
        record_run_paid(
            cast.finance_officer,
            cast.round.programme,
            [first.pk],  # the second was approved after the page was drawn
            paid_on=date(2027, 7, 14),
            finance_reference="RUN-7",
        )

    assert not PaymentRun.objects.exists()
    assert set(Payment.objects.values_list("state", flat=True)) == {Payment.State.APPROVED}


def test_the_csv_is_formula_safe_and_exact(client, cast):
    waiting = approved(cast)
    response = sign_in(client, cast.finance_officer).get(
        reverse("grant_management:payment_run_csv")
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[0]["Recipient"].startswith("'=HYPERLINK")
    assert rows[0]["Amount (pence)"] == str(waiting[0].amount_pence)
    assert (
        rows[0]["Amount (£)"]
        == f"{waiting[0].amount_pence // 100}.{waiting[0].amount_pence % 100:02d}"
    )
    assert rows[0]["Financial year"] == "2027-28"


def test_the_xlsx_is_formula_safe_and_exact(client, cast):
    waiting = approved(cast)
    response = sign_in(client, cast.finance_officer).get(
        reverse("grant_management:payment_run_xlsx")
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    first = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert first["Recipient"].startswith("'=HYPERLINK")
    assert first["Amount (pence)"] == waiting[0].amount_pence
    assert round(first["Amount (£)"] * 100) == waiting[0].amount_pence


def test_the_page_records_the_run_and_keeps_the_date_typed_on_error(client, cast):
    waiting = approved(cast)
    page = sign_in(client, cast.finance_officer)
    url = reverse("grant_management:payment_run")
    ids = [str(payment.pk) for payment in waiting]

    refused = page.post(
        url,
        {"payment": ids, "paid_on-day": "14", "paid_on-month": "7", "paid_on-year": "2027"},
    )
    assert refused.status_code == 200
    assert "Enter the finance system" in refused.content.decode()
    assert 'value="14"' in refused.content.decode()

    done = page.post(
        url,
        {
            "payment": ids,
            "paid_on-day": "14",
            "paid_on-month": "7",
            "paid_on-year": "2027",
            "finance_reference": "RUN-7",
        },
    )
    assert done.status_code == 302
    assert PaymentRun.objects.get().finance_reference == "RUN-7"


@pytest.mark.parametrize("who", ["manager", "assessor", "officer", "outsider"])
def test_anyone_but_a_finance_officer_gets_404(client, cast, who):
    approved(cast, count=1)
    page = sign_in(client, getattr(cast, who))
    for name in ["payment_run", "payment_run_csv", "payment_run_xlsx"]:
        assert page.get(reverse(f"grant_management:{name}")).status_code == 404


def test_the_run_page_makes_the_same_queries_for_one_payment_or_two(client, cast):
    page = sign_in(client, cast.finance_officer)
    url = reverse("grant_management:payment_run")
    approved(cast, count=1)
    with CaptureQueriesContext(connection) as one:
        assert page.get(url).status_code == 200
    second = cast.grant.instalments.order_by("number")[1]
    payments.approve_payment(cast.finance_officer, payments.request_payment(cast.manager, second))
    with CaptureQueriesContext(connection) as two:
        assert page.get(url).status_code == 200
    assert len(one) == len(two)
