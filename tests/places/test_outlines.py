"""Outlines projected, simplified together and written as compact SVG path data."""

import json

import pytest
import shapely
from django.conf import settings
from shapely.geometry import MultiPolygon, Polygon

from innovation_fund.places.outlines import TOLERANCE, outline, path_data, points_of, svg_paths
from innovation_fund.places.projection import project


def square(west, south, east, north):
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def test_points_are_projected_then_written_in_whole_units_with_relative_moves():
    ring = [[-2.01234, 52.00017], [-1.00311, 52.31234], [-1.54321, 53.76543], [-2.01234, 52.00017]]
    data = svg_paths([outline({"type": "Polygon", "coordinates": [ring]})], tolerance=0)[0]
    assert data.startswith("M") and data.endswith("z") and "l" in data
    assert "." not in data
    first = project(-2.01234, 52.00017)
    second = project(-1.00311, 52.31234)
    assert points_of(data)[0][:2] == [
        (round(first[0]), round(first[1])),
        (round(second[0]), round(second[1])),
    ]


def test_a_hole_is_a_second_subpath_for_evenodd_filling():
    shape = outline(
        {"type": "Polygon", "coordinates": [square(-3, 51, -1, 53), square(-2.5, 51.5, -1.5, 52.5)]}
    )
    rings = points_of(path_data(shape))
    assert len(rings) == 2
    # The closing point is left to "z": four corners each.
    assert [len(ring) for ring in rings] == [4, 4]


def test_every_polygon_of_a_multipolygon_is_drawn():
    shape = outline(
        {"type": "MultiPolygon", "coordinates": [[square(-3, 51, -2, 52)], [square(0, 51, 1, 52)]]}
    )
    assert path_data(shape).count("M") == 2


def test_a_ring_too_small_to_draw_is_dropped_and_so_is_an_outline_of_nothing_else():
    speck = [[-3, 51], [-3.0001, 51], [-3, 51.0001], [-3, 51]]
    assert outline({"type": "Polygon", "coordinates": [speck]}) is None
    shape = outline({"type": "MultiPolygon", "coordinates": [[speck], [square(-1, 51, 0, 52)]]})
    assert path_data(shape).count("M") == 1


def test_other_geometries_are_refused():
    with pytest.raises(ValueError, match="LineString"):
        outline({"type": "LineString", "coordinates": [[0, 51], [1, 52]]})


def wiggly_border(steps: int) -> list[list[float]]:
    """A border running north along longitude -2, wiggling by about 100 m."""
    return [[-2 + (0.001 if step % 2 else 0), 51 + step / steps] for step in range(steps + 1)]


def test_neighbours_simplified_together_keep_their_shared_border_so_no_gap_opens():
    border = wiggly_border(40)
    west = [[-3, 51], *border, [-3, 52], [-3, 51]]
    east = [*border, [-1, 52], [-1, 51], border[0]]
    shapes = [outline({"type": "Polygon", "coordinates": [ring]}) for ring in (west, east)]
    west_path, east_path = svg_paths(shapes)

    # The wiggles are gone...
    assert len(points_of(west_path)[0]) < len(border)
    # ...and both sides of the border went through the same points: all but their far corners.
    west_points, east_points = (set(points_of(data)[0]) for data in (west_path, east_path))
    assert len(west_points & east_points) >= 2
    far_west, far_east = min(x for x, _ in west_points), max(x for x, _ in east_points)
    assert {p for p in west_points if p[0] != far_west} == {
        p for p in east_points if p[0] != far_east
    }
    west_shape, east_shape = (Polygon(points_of(data)[0]) for data in (west_path, east_path))
    assert west_shape.intersection(east_shape).area == pytest.approx(0, abs=1e-9)
    union = shapely.union_all([west_shape, east_shape])
    assert isinstance(union, Polygon) and not union.interiors  # no sliver between them


def test_level_and_upright_steps_are_written_short_with_no_space_before_a_minus():
    shape = Polygon([(10, 10), (14, 10), (14, 7), (11, 5), (8, 9)])
    assert path_data(shape) == "M10 10h4v-3l-3-2-3 4z"
    assert points_of("M10 10h4v-3l-3-2-3 4z") == [[(10, 10), (14, 10), (14, 7), (11, 5), (8, 9)]]


def test_real_outlines_read_back_and_written_again_are_unchanged():
    """Reading path data back loses nothing: every point read back is a rounded point of the
    outline, and written again it is the same path data."""
    geo = settings.SHARED_DATA_DIR / "geo" / "utla_2014_2025_bsc_england.geojson"
    features = json.loads(geo.read_text())["features"]
    shapes = shapely.coverage_simplify([outline(f["geometry"]) for f in features], TOLERANCE)
    for shape in shapes:
        data = path_data(shape)
        rings = points_of(data)
        rounded = {(round(x), round(y)) for x, y in shapely.get_coordinates(shape)}
        assert {point for ring in rings for point in ring} <= rounded
        assert path_data(MultiPolygon([Polygon(ring) for ring in rings])) == data
