"""The authorities' outlines as the maps draw them: GeoJSON polygons projected onto the canvas,
simplified together, once, when boundaries are loaded, and written as compact SVG path data.

Simplifying each outline on its own would move a shared border differently on its two sides and
open slivers between neighbours. `shapely.coverage_simplify` (GEOS) simplifies the set as a
coverage instead: each shared edge is simplified once and both neighbours keep the same points,
so no gaps appear. Paths are written in whole canvas units (the canvas is 600 wide, shown at
about that many pixels) with relative moves, short forms for level and upright steps and no
separator before a minus sign, which is what keeps a map page light.
"""

import re

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from .projection import project

# In canvas units: a point is left out where the outline moves less than this without it.
# About 0.8 km on the ground, under a pixel as the maps are shown.
TOLERANCE = 1.0


def outline(geometry: dict) -> MultiPolygon | None:
    """A GeoJSON Polygon or MultiPolygon projected onto the canvas, as one valid MultiPolygon;
    None when nothing of it is big enough to draw (rings of fewer than three points after
    rounding are dropped, an outer ring with its holes)."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"Expected a Polygon or MultiPolygon, got {geometry['type']}")
    parts = []
    for rings in polygons:
        projected = [_projected_ring(ring) for ring in rings]
        if len(projected[0]) < 3:
            continue
        parts.append(Polygon(projected[0], [ring for ring in projected[1:] if len(ring) >= 3]))
    if not parts:
        return None
    return _polygonal(shapely.make_valid(MultiPolygon(parts)))


def svg_paths(outlines: list[MultiPolygon], *, tolerance: float = TOLERANCE) -> list[str]:
    """Path data for each outline, simplified together so shared borders stay shared."""
    if tolerance:
        outlines = list(shapely.coverage_simplify(outlines, tolerance))
    return [path_data(each) for each in outlines]


def path_data(geometry: BaseGeometry) -> str:
    """Each ring as one closed subpath of whole canvas units: an absolute move to its first
    point, then relative steps ("l dx dy", or "h dx" and "v dy" where one of them is 0). Draw
    with fill-rule evenodd, so holes cut out. A ring left with fewer than three points after
    rounding is dropped (an outer ring with its holes)."""
    subpaths = []
    for polygon in _polygons(geometry):
        rings = [_rounded(polygon.exterior.coords)]
        if len(rings[0]) < 3:
            continue
        rings += [_rounded(interior.coords) for interior in polygon.interiors]
        subpaths.extend(_subpath(ring) for ring in rings if len(ring) >= 3)
    return "".join(subpaths)


def points_of(path_data: str) -> list[list[tuple[int, int]]]:
    """The absolute points of each subpath of `path_data` as `path_data` writes it."""
    rings = []
    for subpath in re.findall(r"M[^M]*", path_data):
        ring: list[tuple[int, int]] = []
        for command, arguments in re.findall(r"([Mlhv])([^Mlhvz]*)", subpath):
            numbers = [int(number) for number in re.findall(r"-?\d+", arguments)]
            if command == "M":
                ring.append((numbers[0], numbers[1]))
                continue
            steps = {
                "l": zip(numbers[::2], numbers[1::2], strict=True),
                "h": ((dx, 0) for dx in numbers),
                "v": ((0, dy) for dy in numbers),
            }[command]
            for dx, dy in steps:
                ring.append((ring[-1][0] + dx, ring[-1][1] + dy))
        rings.append(ring)
    return rings


def _projected_ring(ring: list[list[float]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for lon, lat, *_ in ring:
        point = project(lon, lat)
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def _polygonal(geometry: BaseGeometry) -> MultiPolygon | None:
    polygons = list(_polygons(geometry))
    return MultiPolygon(polygons) if polygons else None


def _polygons(geometry: BaseGeometry):
    if isinstance(geometry, Polygon):
        if not geometry.is_empty:
            yield geometry
    elif hasattr(geometry, "geoms"):  # MultiPolygon, or a GeometryCollection from make_valid
        for part in geometry.geoms:
            yield from _polygons(part)


def _rounded(coords) -> list[tuple[int, int]]:
    points: list[tuple[int, int]] = []
    for x, y in coords:
        point = (round(x), round(y))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()  # "z" closes the ring
    return _without_straight_through(points)


def _without_straight_through(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop points the outline passes straight through (rounding leaves runs of them). The
    drawn shape is unchanged, so a neighbour that keeps such a point still meets this side."""
    kept: list[tuple[int, int]] = []
    for point in points:
        while len(kept) >= 2 and _straight_through(kept[-2], kept[-1], point):
            kept.pop()
        kept.append(point)
    return kept


def _straight_through(before, point, after) -> bool:
    in_x, in_y = point[0] - before[0], point[1] - before[1]
    out_x, out_y = after[0] - point[0], after[1] - point[1]
    return in_x * out_y == in_y * out_x and in_x * out_x + in_y * out_y > 0


def _subpath(points: list[tuple[int, int]]) -> str:
    (x, y), *rest = points
    data, command = f"M{x} {y}", "M"
    for next_x, next_y in rest:
        step_command, numbers = _step(next_x - x, next_y - y)
        if step_command != command:
            data += step_command
        elif not numbers.startswith("-"):
            data += " "  # a minus sign already separates two numbers
        data += numbers
        command = step_command
        x, y = next_x, next_y
    return data + "z"


def _step(dx: int, dy: int) -> tuple[str, str]:
    """The shortest relative command to move by (dx, dy), and its numbers."""
    if dy == 0:
        return "h", str(dx)
    if dx == 0:
        return "v", str(dy)
    return "l", f"{dx}{'' if dy < 0 else ' '}{dy}"
