"""Project WGS84 outlines of England onto one fixed SVG canvas.

Every boundary set is projected with the same bounds and scale, so maps of different vintages
line up and share one viewBox. An equirectangular projection with longitude scaled by cos(54°)
(England's middle latitude) is close enough at this size and needs nothing beyond `math`.
"""

import math

WIDTH = 600
HEIGHT = 720
VIEW_BOX = f"0 0 {WIDTH} {HEIGHT}"

# England with the Isles of Scilly and a little room around the coast.
WEST, EAST, SOUTH, NORTH = -6.5, 1.8, 49.8, 55.9
_MARGIN = 6
_X_FACTOR = math.cos(math.radians(54))
_SCALE = min(
    (WIDTH - 2 * _MARGIN) / ((EAST - WEST) * _X_FACTOR),
    (HEIGHT - 2 * _MARGIN) / (NORTH - SOUTH),
)
_X_OFFSET = (WIDTH - (EAST - WEST) * _X_FACTOR * _SCALE) / 2
_Y_OFFSET = (HEIGHT - (NORTH - SOUTH) * _SCALE) / 2


def project(lon: float, lat: float) -> tuple[float, float]:
    """Canvas x, y (y grows southwards), rounded to 1 decimal place."""
    x = _X_OFFSET + (lon - WEST) * _X_FACTOR * _SCALE
    y = _Y_OFFSET + (NORTH - lat) * _SCALE
    # Adding 0.0 turns a rounded -0.0 into 0.0.
    return round(x, 1) + 0.0, round(y, 1) + 0.0


def svg_path(geometry: dict) -> str:
    """SVG path data for a GeoJSON Polygon or MultiPolygon; draw it with fill-rule evenodd.

    Each ring becomes one closed subpath, so holes cut out of their polygon under evenodd.
    Points that round onto the previous one are dropped, and so is any ring left with fewer
    than three points (with its holes, if it was an outer ring).
    """
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"Expected a Polygon or MultiPolygon, got {geometry['type']}")
    subpaths = []
    for rings in polygons:
        projected = [_projected_ring(ring) for ring in rings]
        if len(projected[0]) < 3:
            continue
        subpaths.extend(_subpath(ring) for ring in projected if len(ring) >= 3)
    return "".join(subpaths)


def _projected_ring(ring: list[list[float]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for lon, lat, *_ in ring:
        point = project(lon, lat)
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()  # "Z" closes the ring
    return points


def _subpath(points: list[tuple[float, float]]) -> str:
    first, *rest = points
    return f"M{_point(first)}L" + " ".join(_point(point) for point in rest) + "Z"


def _point(point: tuple[float, float]) -> str:
    return " ".join(f"{value:.1f}".removesuffix(".0") for value in point)
