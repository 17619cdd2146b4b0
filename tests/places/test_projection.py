import math
import re

import pytest

from innovation_fund.places.projection import HEIGHT, WIDTH, project, svg_path


def _points(path_data: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path_data)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


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


def test_coordinates_are_rounded_to_one_decimal_place():
    ring = [[-2.01234, 52.00017], [-1.00311, 52.31234], [-1.54321, 53.76543]]
    path_data = svg_path({"type": "Polygon", "coordinates": [ring]})
    assert re.search(r"\.\d\d", path_data) is None
    assert _points(path_data)[0] == project(-2.01234, 52.00017)


def test_a_hole_is_a_second_subpath_for_evenodd_filling():
    outer = [[-3, 51], [-1, 51], [-1, 53], [-3, 53], [-3, 51]]
    hole = [[-2.5, 51.5], [-1.5, 51.5], [-1.5, 52.5], [-2.5, 52.5], [-2.5, 51.5]]
    path_data = svg_path({"type": "Polygon", "coordinates": [outer, hole]})
    assert path_data.count("M") == 2
    assert path_data.count("Z") == 2
    # The closing point is left to "Z": four corners each.
    assert len(_points(path_data)) == 8


def test_every_polygon_of_a_multipolygon_is_drawn():
    square = [[-3, 51], [-2, 51], [-2, 52], [-3, 51]]
    island = [[0, 51], [1, 51], [1, 52], [0, 51]]
    path_data = svg_path({"type": "MultiPolygon", "coordinates": [[square], [island]]})
    assert path_data.count("M") == 2


def test_points_that_round_onto_the_previous_one_are_dropped():
    ring = [[-3, 51], [-3.000001, 51.000001], [-2, 51], [-2, 52], [-2, 52], [-3, 51]]
    path_data = svg_path({"type": "Polygon", "coordinates": [ring]})
    assert len(_points(path_data)) == 3
    assert len(set(_points(path_data))) == 3


def test_a_ring_too_small_to_draw_is_dropped_with_its_holes():
    speck = [[-3, 51], [-3.0001, 51], [-3, 51.0001], [-3, 51]]
    square = [[-1, 51], [0, 51], [0, 52], [-1, 51]]
    path_data = svg_path({"type": "MultiPolygon", "coordinates": [[speck, square], [square]]})
    assert path_data.count("M") == 1


def test_other_geometries_are_refused():
    with pytest.raises(ValueError, match="LineString"):
        svg_path({"type": "LineString", "coordinates": [[0, 51], [1, 52]]})
