from datetime import UTC, date, datetime, time

import pytest

from innovation_fund.core.dates import format_date, format_datetime, london_datetime, to_london


def test_london_wall_clock_times_know_about_british_summer_time():
    winter = london_datetime(date(2015, 1, 15), time(9, 0))
    summer = london_datetime(date(2015, 7, 15), time(9, 0))
    assert winter.astimezone(UTC).hour == 9
    assert summer.astimezone(UTC).hour == 8


def test_dates_and_times_are_shown_in_gov_uk_style():
    assert format_date(date(2015, 4, 1)) == "1 April 2015"
    assert format_datetime(datetime(2015, 7, 1, 16, 30, tzinfo=UTC)) == "5:30pm on 1 July 2015"
    assert format_datetime(datetime(2015, 1, 1, 12, 0, tzinfo=UTC)) == "midday on 1 January 2015"
    assert format_datetime(datetime(2015, 1, 1, 0, 0, tzinfo=UTC)) == "midnight on 1 January 2015"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        to_london(datetime(2015, 1, 1, 9, 0))  # noqa: DTZ001
