"""Project WGS84 outlines of England onto one fixed SVG canvas (`outlines` draws them).

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
