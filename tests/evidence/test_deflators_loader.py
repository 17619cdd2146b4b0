"""Loading gdp_deflators.csv: complete, exact and idempotent, within limits set before parsing."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innovation_fund.core.models import AuditEvent, DataImport
from innovation_fund.evidence import deflators_loader
from innovation_fund.evidence.deflators_loader import UnreadableDeflators, load_deflators
from innovation_fund.evidence.models import GdpDeflator

pytestmark = pytest.mark.django_db

HEADER = "financial_year,index,base_year,release,source_url\n"
RELEASE = (
    "HM Treasury, GDP deflators at market prices, and money GDP March 2026 (Quarterly "
    "National Accounts), published 31 March 2026"
)


def test_loads_every_row_of_the_shared_file():
    load = load_deflators()
    assert load.tally.created == 15
    assert GdpDeflator.objects.count() == 15
    years = list(GdpDeflator.objects.values_list("financial_year", flat=True))
    assert years == list(range(2010, 2025))
    first = GdpDeflator.objects.get(financial_year=2010)
    assert first.index == Decimal("68.8561")
    assert first.base_year == "2024-25=100"
    assert first.release == RELEASE
    assert GdpDeflator.objects.get(financial_year=2024).index == Decimal("100.0000")
    assert DataImport.objects.filter(dataset="gdp_deflators").count() == 1


def test_loading_twice_changes_nothing():
    load_deflators()
    events = AuditEvent.objects.count()
    again = load_deflators()
    assert (again.tally.created, again.tally.updated, again.tally.unchanged) == (0, 0, 15)
    assert GdpDeflator.objects.count() == 15
    assert AuditEvent.objects.count() == events
    assert DataImport.objects.filter(dataset="gdp_deflators").count() == 1


def test_a_changed_index_is_updated_not_duplicated(tmp_path):
    load_deflators()
    path = tmp_path / "deflators.csv"
    path.write_text(HEADER + '2015-16,74.5900,2024-25=100,"A later release",https://example.org\n')
    load = load_deflators(path)
    assert load.tally.updated == 1
    row = GdpDeflator.objects.get(financial_year=2015)
    assert row.index == Decimal("74.5900")
    assert row.release == "A later release"
    assert GdpDeflator.objects.count() == 15


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2015-17,74.5,b,r,u", "Row 1: '2015-17' is not a financial year"),
        ("2015,74.5,b,r,u", "Row 1: '2015' is not a financial year like 2015-16"),
        ("2015-16,ten,b,r,u", "Row 1: 'ten' is not a number"),
        ("2015-16,-1,b,r,u", "Row 1: the index -1 must be above 0"),
        ("2015-16,74.58041,b,r,u", "at most 4 decimal places"),
        ("2015-16,,b,r,u", "Row 1 has no index"),
    ],
)
def test_a_bad_row_loads_nothing(tmp_path, line, message):
    path = tmp_path / "deflators.csv"
    path.write_text(HEADER + line + "\n")
    with pytest.raises(UnreadableDeflators, match=message.replace("(", r"\(")):
        load_deflators(path)
    assert GdpDeflator.objects.count() == 0


def test_a_repeated_year_is_refused(tmp_path):
    path = tmp_path / "deflators.csv"
    path.write_text(HEADER + "2015-16,74.5,b,r,u\n2015-16,74.6,b,r,u\n")
    with pytest.raises(UnreadableDeflators, match="Row 2 repeats 2015-16"):
        load_deflators(path)


def test_limits_are_decided_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "deflators.csv"
    path.write_text(HEADER + "2015-16,74.5,b,r,u\n")
    monkeypatch.setattr(deflators_loader, "MOST_BYTES", 10)
    monkeypatch.setattr(
        deflators_loader, "read_csv", lambda _: pytest.fail("parsed a file over the limit")
    )
    with pytest.raises(UnreadableDeflators, match="at most 10"):
        load_deflators(path)


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "deflators.csv"
    path.write_text(HEADER + "2015-16,74.5,b,r,u\n2016-17,75,b,r,u\n")
    monkeypatch.setattr(deflators_loader, "MOST_ROWS", 1)
    with pytest.raises(UnreadableDeflators, match="2 rows; at most 1"):
        load_deflators(path)
    assert GdpDeflator.objects.count() == 0


def test_the_command_loads_and_reports():
    out = StringIO()
    call_command("load_deflators", stdout=out)
    assert "gdp_deflators.csv: 15 created, 0 updated, 0 unchanged" in out.getvalue()


def test_the_command_takes_a_file_and_says_what_is_wrong(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "2015,74.5,b,r,u\n")
    with pytest.raises(CommandError, match="not a financial year"):
        call_command("load_deflators", "--file", str(path), stdout=StringIO())
