import math

import pytest

from innovation_fund.places.projection import HEIGHT, WIDTH, project


def test_longitude_is_scaled_by_cos_54_against_latitude():
    x0, y0 = project(-2.0, 52.0)
    x1, _ = project(-1.0, 52.0)
    _, y1 = project(-2.0, 53.0)
    assert (x1 - x0) / (y0 - y1) == pytest.approx(math.cos(math.radians(54)), abs=0.002)


def test_england_fits_the_canvas_with_north_at_the_top():
    west_scilly = project(-6.40, 49.87)
    north_berwick = project(-2.03, 55.81)
    east_lowestoft = project(1.76, 52.48)
    for x, y in (west_scilly, north_berwick, east_lowestoft):
        assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT
    assert north_berwick[1] < west_scilly[1]
    assert east_lowestoft[0] > west_scilly[0]
