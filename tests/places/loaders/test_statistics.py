import csv
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings

from innovation_fund.core.models import AuditEvent, DataImport
from innovation_fund.places.loaders import load_statistics
from innovation_fund.places.loaders.statistics import (
    CIN_FILE,
    CPP_FILE,
    DATASET,
    LAIT_FILE,
    POPULATION_FILE,
    parse_figure,
    rate_per_10000,
)
from innovation_fund.places.models import LocalAuthority, Measure, StatisticValue

pytestmark = pytest.mark.django_db

Status = StatisticValue.Status


def _value(gss_code: str | None, year: int, measure: str) -> StatisticValue:
    return StatisticValue.objects.get(authority__gss_code=gss_code, year=year, measure=measure)


def _england(year: int, measure: str) -> StatisticValue:
    return StatisticValue.objects.get(authority__isnull=True, year=year, measure=measure)


def _file_cell(path, column: str, *, dfe_code: str, year: int) -> str:
    with (settings.SHARED_DATA_DIR / path).open(newline="", encoding="utf-8-sig") as file:
        for row in csv.DictReader(file):
            if row["old_la_code"] == dfe_code and row["time_period"] == str(year):
                return row[column]
    raise AssertionError(f"no row for {dfe_code} in {year} in {path}")


class TestParsing:
    def test_numbers_are_kept_to_one_decimal_place_as_published(self):
        assert parse_figure("306.89999999999998") == parse_figure("306.9")
        assert parse_figure("306.89999999999998").value == Decimal("306.9")
        assert parse_figure("402400").value == Decimal("402400")
        assert parse_figure("212.7").status == Status.PUBLISHED

    @pytest.mark.parametrize(
        ("symbol", "status"),
        [
            ("x", Status.SUPPRESSED),
            ("c", Status.SUPPRESSED),
            ("u", Status.SUPPRESSED),
            ("z", Status.NOT_APPLICABLE),
            ("-", Status.NOT_AVAILABLE),
        ],
    )
    def test_symbols_become_statuses_without_a_value(self, symbol, status):
        figure = parse_figure(symbol)
        assert (figure.value, figure.status) == (None, status)

    def test_an_unknown_symbol_is_refused(self):
        with pytest.raises(ValueError, match="known symbol"):
            parse_figure(":")

    def test_a_rate_is_count_over_population_per_10000_to_one_decimal_place(self):
        rate = rate_per_10000(parse_figure("2345"), parse_figure("110263"))
        assert (rate.value, rate.status) == (Decimal("212.7"), Status.DERIVED)

    def test_a_rate_without_its_count_or_population_takes_their_status(self):
        assert rate_per_10000(parse_figure("c"), parse_figure("1000")).status == Status.SUPPRESSED
        assert rate_per_10000(parse_figure("10"), parse_figure("x")).status == Status.SUPPRESSED
        assert rate_per_10000(parse_figure("10"), None).status == Status.NOT_AVAILABLE
        assert rate_per_10000(parse_figure("10"), None).value is None


def test_every_authority_year_has_its_counts_and_population(statistics_data):
    assert statistics_data.problems == []
    for year in range(2014, 2026):
        on_31_march = LocalAuthority.objects.valid_on(date(year, 3, 31))
        for measure in (Measure.CHILDREN_IN_NEED, Measure.CHILD_POPULATION):
            stored = StatisticValue.objects.filter(
                year=year, measure=measure, authority__isnull=False
            )
            assert set(stored.values_list("authority_id", flat=True)) == set(
                on_31_march.values_list("pk", flat=True)
            ), (year, measure)


def test_reused_dfe_numbers_go_to_the_authority_of_that_year(statistics_data):
    assert _value("E10000002", 2019, Measure.CHILDREN_IN_NEED_RATE).value == Decimal("274.8")
    assert _value("E10000002", 2020, Measure.CHILDREN_IN_NEED_RATE).value == Decimal("272.5")
    assert _value("E06000060", 2021, Measure.CHILDREN_IN_NEED_RATE).value == Decimal("281.9")
    assert not StatisticValue.objects.filter(authority__gss_code="E10000002", year=2021).exists()
    assert not StatisticValue.objects.filter(authority__gss_code="E06000060", year=2020).exists()
    # North Yorkshire and Somerset counties until March 2023, the new unitaries after.
    assert StatisticValue.objects.filter(authority__gss_code="E10000023", year=2023).exists()
    assert not StatisticValue.objects.filter(authority__gss_code="E06000065", year=2023).exists()
    assert StatisticValue.objects.filter(authority__gss_code="E06000066", year=2024).exists()
    # Barnsley's new code starts in May 2025, after the last reporting year.
    assert StatisticValue.objects.filter(authority__gss_code="E08000016", year=2025).exists()
    assert not StatisticValue.objects.filter(authority__gss_code="E08000038").exists()


def test_published_rates_come_from_lait(statistics_data):
    hertfordshire = _value("E10000015", 2016, Measure.CHILDREN_IN_NEED_RATE)
    assert (hertfordshire.value, hertfordshire.status) == (Decimal("212.7"), Status.PUBLISHED)
    assert hertfordshire.source_file == str(LAIT_FILE)
    assert _value("E09000007", 2020, Measure.CHILDREN_IN_NEED_RATE).value == Decimal("456.9")
    assert _value("E06000001", 2024, Measure.CHILDREN_IN_NEED_RATE).value == Decimal("723.9")
    assert _england(2016, Measure.CHILDREN_IN_NEED_RATE).value == Decimal("339.8")
    assert _england(2016, Measure.LOOKED_AFTER_RATE).value == Decimal("60")


@pytest.mark.parametrize(
    ("gss_code", "dfe_code", "year"),
    [("E10000015", "919", 2014), ("E09000007", "202", 2015), ("E08000025", "330", 2013)],
)
def test_early_rates_are_derived_from_counts_and_the_previous_mid_year_population(
    statistics_data, gss_code, dfe_code, year
):
    count = Decimal(_file_cell(CIN_FILE, "At31_episodes", dfe_code=dfe_code, year=year))
    plans = Decimal(_file_cell(CPP_FILE, "CPP_At31", dfe_code=dfe_code, year=year))
    population = Decimal(
        _file_cell(POPULATION_FILE, "population_estimate", dfe_code=dfe_code, year=year - 1)
    )
    in_need = _value(gss_code, year, Measure.CHILDREN_IN_NEED_RATE)
    on_plans = _value(gss_code, year, Measure.CHILD_PROTECTION_PLAN_RATE)

    expected = (count * 10000 / population).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert (in_need.value, in_need.status) == (expected, Status.DERIVED)
    expected = (plans * 10000 / population).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert (on_plans.value, on_plans.status) == (expected, Status.DERIVED)
    assert _value(gss_code, year, Measure.CHILD_POPULATION).value == population


def test_the_derivation_reproduces_the_first_published_year(statistics_data):
    """Deriving 2016 the same way gives LAIT's figure, so 2013–2015 are comparable."""
    count = _value("E10000015", 2016, Measure.CHILDREN_IN_NEED).value
    population = _value("E10000015", 2016, Measure.CHILD_POPULATION).value
    derived = rate_per_10000(parse_figure(str(count)), parse_figure(str(population)))
    assert derived.value == _value("E10000015", 2016, Measure.CHILDREN_IN_NEED_RATE).value


def test_looked_after_figures_before_2016_are_not_invented(statistics_data):
    early = StatisticValue.objects.filter(
        year__lt=2016, measure__in=[Measure.LOOKED_AFTER_RATE, Measure.LOOKED_AFTER]
    )
    assert not early.exclude(status=Status.NOT_AVAILABLE).exists()
    assert StatisticValue.objects.filter(year=2016, measure=Measure.LOOKED_AFTER_RATE).count() == (
        LocalAuthority.objects.valid_on(date(2016, 3, 31)).count() + 1
    )


def test_suppressed_figures_keep_their_status_and_no_value(statistics_data):
    for gss_code, year, measure, status in [
        ("E09000001", 2016, Measure.CHILD_PROTECTION_PLANS, Status.SUPPRESSED),  # c
        ("E09000012", 2021, Measure.CHILDREN_IN_NEED, Status.SUPPRESSED),  # x
        ("E10000014", 2024, Measure.CHILDREN_IN_NEED, Status.SUPPRESSED),  # u
        ("E09000012", 2021, Measure.CHILDREN_IN_NEED_RATE, Status.NOT_AVAILABLE),  # LAIT -
        ("E06000028", 2017, Measure.CHILDREN_IN_NEED_RATE, Status.NOT_AVAILABLE),  # LAIT -
        ("E06000053", 2014, Measure.CHILDREN_IN_NEED_RATE, Status.SUPPRESSED),  # count c
        ("E06000028", 2014, Measure.CHILD_POPULATION, Status.SUPPRESSED),  # x
    ]:
        stored = _value(gss_code, year, measure)
        assert (stored.value, stored.status) == (None, status), (gss_code, year, measure)
    assert _value("E06000028", 2017, Measure.CHILDREN_IN_NEED).value is not None


def test_2013_figures_published_under_the_new_codes_are_kept(statistics_data):
    """Northumberland and Gateshead took new codes on 1 April 2013; DfE's 2013 rows use them."""
    assert _value("E06000057", 2013, Measure.CHILDREN_IN_NEED).value == Decimal(
        _file_cell(CIN_FILE, "At31_episodes", dfe_code="929", year=2013)
    )
    assert _value("E08000037", 2013, Measure.CHILD_POPULATION).value is not None


def test_the_first_load_records_one_import_naming_every_file(statistics_data):
    data_import = DataImport.objects.get(dataset=DATASET)
    assert set(data_import.summary["files"]) == {
        str(path) for path in (CIN_FILE, CPP_FILE, POPULATION_FILE, LAIT_FILE)
    }
    assert AuditEvent.objects.filter(object_id=str(data_import.pk)).count() == 1


def test_running_again_changes_nothing(statistics_data):
    fields = ("authority_id", "year", "measure", "value", "status", "source_file")
    before = sorted(StatisticValue.objects.values_list(*fields), key=str)
    imports, events = DataImport.objects.count(), AuditEvent.objects.count()

    report = load_statistics()

    assert not report.changed
    assert report.unchanged == len(before)
    assert sorted(StatisticValue.objects.values_list(*fields), key=str) == before
    assert (DataImport.objects.count(), AuditEvent.objects.count()) == (imports, events)


def test_a_changed_figure_is_put_back(statistics_data):
    _value("E10000015", 2016, Measure.CHILDREN_IN_NEED_RATE).delete()
    StatisticValue.objects.filter(
        authority__gss_code="E10000015", year=2017, measure=Measure.CHILDREN_IN_NEED_RATE
    ).update(value=Decimal("1"))

    report = load_statistics()

    assert (report.created, report.updated, report.deleted) == (1, 1, 0)
    assert _value("E10000015", 2016, Measure.CHILDREN_IN_NEED_RATE).value == Decimal("212.7")
    assert _value("E10000015", 2017, Measure.CHILDREN_IN_NEED_RATE).value == Decimal("194.4")
