from datetime import date
from decimal import Decimal

import pytest

from innovation_fund.places import selectors
from innovation_fund.places.models import LocalAuthority, StatisticValue

pytestmark = pytest.mark.django_db


def _ids(*gss_codes: str) -> list[int]:
    found = dict(
        LocalAuthority.objects.filter(gss_code__in=gss_codes).values_list("gss_code", "pk")
    )
    return [found[code] for code in gss_codes]


def _codes(ids) -> set[str]:
    return set(LocalAuthority.objects.filter(pk__in=ids).values_list("gss_code", flat=True))


@pytest.mark.usefixtures("places_data")
class TestAuthoritiesOnADay:
    @pytest.mark.parametrize(
        ("day", "count"),
        [
            (date(2015, 6, 1), 152),
            (date(2019, 3, 31), 152),
            (date(2019, 6, 1), 151),
            (date(2020, 6, 1), 151),
            (date(2021, 6, 1), 152),
            (date(2023, 3, 31), 152),
            (date(2024, 6, 1), 153),
            (date(2025, 6, 1), 153),
        ],
    )
    def test_counts_follow_the_changes(self, day, count):
        assert selectors.count_authorities_on(day) == count
        assert len(selectors.authorities_valid_on(day)) == count

    def test_the_authorities_are_those_of_the_day(self):
        codes = {a.gss_code for a in selectors.authorities_valid_on(date(2019, 6, 1))}
        assert "E06000058" in codes
        assert "E06000028" not in codes
        assert "E10000002" in codes
        assert "E06000060" not in codes


@pytest.mark.usefixtures("places_data")
class TestBoundaries:
    @pytest.mark.parametrize(
        ("day", "key"),
        [
            (date(2015, 6, 1), "utla-2014-2025-bsc"),
            (date(2019, 6, 1), "ctyua-2019-apr-buc"),
            (date(2020, 6, 1), "utla-2014-2025-bsc"),
            (date(2021, 6, 1), "ctyua-2021-dec-buc"),
            (date(2024, 6, 1), "ctyua-2023-may-buc"),
            (date(2025, 4, 15), "ctyua-2023-may-buc"),
            (date(2025, 6, 1), "utla-2014-2025-bsc"),
        ],
    )
    def test_the_set_that_fits_the_day_is_chosen(self, day, key):
        assert selectors.boundary_set_for(day).key == key

    def test_no_set_before_the_authorities_existed(self):
        assert selectors.boundary_set_for(date(2000, 1, 1)) is None
        assert selectors.boundaries_for(date(2000, 1, 1)) == []

    @pytest.mark.parametrize(
        "day", [date(2015, 6, 1), date(2019, 6, 1), date(2024, 6, 1), date(2025, 6, 1)]
    )
    def test_one_outline_for_each_authority_of_the_day(self, day, django_assert_num_queries):
        with django_assert_num_queries(3):
            boundaries = selectors.boundaries_for(day)
        assert sorted(a.gss_code for a, _ in boundaries) == sorted(
            selectors.authorities_valid_on(day).values_list("gss_code", flat=True)
        )
        assert all(path.startswith("M") for _, path in boundaries)
        names = [a.name for a, _ in boundaries]
        assert names == sorted(names)

    def test_the_2014_to_2025_set_is_cut_to_the_day(self):
        codes_2015 = {a.gss_code for a, _ in selectors.boundaries_for(date(2015, 6, 1))}
        codes_2025 = {a.gss_code for a, _ in selectors.boundaries_for(date(2025, 6, 1))}
        assert {"E06000028", "E10000021", "E08000016"} <= codes_2015
        assert "E06000058" not in codes_2015
        assert {"E06000058", "E06000062", "E08000038"} <= codes_2025
        assert "E08000016" not in codes_2025

    def test_a_known_set_saves_the_queries(self, django_assert_num_queries):
        boundary_set = selectors.boundary_set_for(date(2024, 6, 1))
        with django_assert_num_queries(1):
            assert len(selectors.boundaries_for(date(2024, 6, 1), boundary_set)) == 153


@pytest.mark.usefixtures("places_data")
class TestCoverage:
    def test_an_authority_of_the_day_is_its_own_counterpart(self):
        (hertfordshire,) = _ids("E10000015")
        assert selectors.counterparts_on(date(2015, 6, 1), [hertfordshire]) == {
            hertfordshire: [hertfordshire]
        }

    def test_an_ended_authority_is_followed_to_its_successors(self):
        (northamptonshire, dorset) = _ids("E10000021", "E10000009")
        counterparts = selectors.counterparts_on(date(2022, 6, 1), [northamptonshire, dorset])
        assert _codes(counterparts[northamptonshire]) == {"E06000061", "E06000062"}
        assert _codes(counterparts[dorset]) == {"E06000059", "E06000058"}

    def test_a_later_authority_is_followed_back_to_its_predecessors(self):
        (bcp,) = _ids("E06000058")
        counterparts = selectors.counterparts_on(date(2015, 6, 1), [bcp])
        assert _codes(counterparts[bcp]) == {"E06000028", "E06000029", "E10000009"}

    def test_coverage_counts_each_authority_of_the_day_once(self, django_assert_num_queries):
        bournemouth, poole, hertfordshire = _ids("E06000028", "E06000029", "E10000015")
        with django_assert_num_queries(3):
            assert selectors.coverage(date(2020, 6, 1), [bournemouth, poole, hertfordshire]) == (
                2,
                151,
            )
        assert selectors.coverage(date(2015, 6, 1), [bournemouth, poole, hertfordshire]) == (
            3,
            152,
        )

    def test_an_authority_that_no_longer_exists_counts_through_its_successors(self):
        (northamptonshire,) = _ids("E10000021")
        assert selectors.coverage(date(2020, 6, 1), [northamptonshire]) == (1, 151)
        assert selectors.coverage(date(2021, 6, 1), [northamptonshire]) == (2, 152)

    def test_a_later_authority_counts_through_its_predecessor(self):
        (west_northamptonshire,) = _ids("E06000062")
        coverage = selectors.coverage(date(2019, 6, 1), [west_northamptonshire])
        assert (coverage.involved, coverage.total) == (1, 151)

    def test_nothing_involved(self):
        assert selectors.coverage(date(2024, 6, 1), []) == (0, 153)


@pytest.mark.usefixtures("statistics_data")
class TestStatisticsTable:
    def test_rows_by_year_beside_england_in_two_queries(self, django_assert_num_queries):
        hertfordshire = LocalAuthority.objects.get(gss_code="E10000015")
        with django_assert_num_queries(2):
            rows = selectors.statistics_table(hertfordshire)
        assert [row.year for row in rows] == list(range(2013, 2026))
        by_year = {row.year: row for row in rows}
        assert by_year[2016].area["cin_rate"].value == Decimal("212.7")
        assert by_year[2016].england["cin_rate"].value == Decimal("339.8")
        assert by_year[2014].area["cin_rate"].status == StatisticValue.Status.DERIVED
        assert by_year[2016].published_as == hertfordshire

    def test_missing_figures_say_so(self):
        rows = selectors.statistics_table(LocalAuthority.objects.get(gss_code="E09000012"))
        by_year = {row.year: row for row in rows}
        looked_after_2014 = by_year[2014].area["cla_rate"]
        assert (looked_after_2014.value, looked_after_2014.status_label) == (None, "Not available")
        assert not by_year[2014].england["cla_rate"].is_available
        assert by_year[2021].area["cin_rate"].status_label == "Not available"
        assert by_year[2021].area["cla_rate"].is_available

    def test_an_ended_authority_has_only_its_own_years(self):
        rows = selectors.statistics_table(LocalAuthority.objects.get(gss_code="E06000028"))
        assert [row.year for row in rows] == list(range(2013, 2020))

    def test_a_successor_with_the_same_dfe_number_continues_the_series(self):
        buckinghamshire = LocalAuthority.objects.get(gss_code="E06000060")
        rows = selectors.statistics_table(buckinghamshire)
        assert [row.year for row in rows] == list(range(2013, 2026))
        by_year = {row.year: row for row in rows}
        assert by_year[2019].published_as.gss_code == "E10000002"
        assert by_year[2019].area["cin_rate"].value == Decimal("274.8")
        assert by_year[2021].published_as == buckinghamshire

    def test_a_successor_with_a_new_dfe_number_starts_afresh(self):
        bcp = LocalAuthority.objects.get(gss_code="E06000058")
        assert [row.year for row in selectors.statistics_table(bcp)] == list(range(2020, 2026))

    def test_one_chart_per_rate_with_figures(self):
        hackney = LocalAuthority.objects.get(gss_code="E09000012")
        charts = selectors.statistics_charts(hackney, selectors.statistics_table(hackney))
        assert [chart.measure for chart in charts] == ["cin_rate", "cpp_rate", "cla_rate"]
        assert all("Hackney" in chart.svg and "England" in chart.svg for chart in charts)
        assert selectors.statistics_charts(hackney, []) == []
