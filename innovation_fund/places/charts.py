"""Line charts as accessible SVG, drawn on the server with no JavaScript.

A chart is a picture of figures that the page also shows in a table, so the SVG is one image
with a title and a description. Values are counts or rates, so the y axis starts at zero.
"""

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# The modifiers styled in frontend/scss/components/_chart.scss.
MODIFIERS = frozenset({"area", "england"})

Series = tuple[str, str, Sequence[tuple[int, Decimal | None]]]

WIDTH = 640
LEFT, RIGHT, TOP, BOTTOM = 64, 616, 40, 280
MAX_STEPS = 5
STEP_MULTIPLES = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
MAX_YEAR_LABELS = 13
LEGEND_TOP = BOTTOM + 56
LEGEND_LINE_HEIGHT = 24


def render_line_chart(
    *, series: Sequence[Series], title: str, y_label: str, id_prefix: str
) -> SafeString:
    """`series` is a list of (label, "area" or "england", [(year, value or None), ...]).

    A year whose value is None, or that is missing, breaks the line; every known value also
    gets a dot, so a year standing alone between gaps still shows.
    """
    for _, modifier, _ in series:
        if modifier not in MODIFIERS:
            raise ValueError(f"Unknown chart line modifier {modifier!r}")
    years = sorted({year for _, _, points in series for year, _ in points})
    maximum = max(
        (value for _, _, points in series for _, value in points if value is not None),
        default=Decimal(0),
    )
    step = _nice_step(maximum)
    top = step * max(1, math.ceil(maximum / step))
    scale = _Scale(years, top)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    height = LEGEND_TOP + LEGEND_LINE_HEIGHT * len(series)
    return format_html(
        '<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-labelledby="{} {}"><title id="{}">{}</title><desc id="{}">{}</desc>'
        '<text class="app-chart__label" x="0" y="{}">{}</text>{}{}{}{}{}</svg>',
        WIDTH,
        height,
        title_id,
        desc_id,
        title_id,
        title,
        desc_id,
        _description(series, years, y_label),
        TOP - 20,
        y_label,
        _y_axis(scale, step, top),
        _x_axis(scale, years),
        format_html_join(
            "", "{}", ((_line(scale, points, modifier),) for _, modifier, points in series)
        ),
        format_html_join(
            "", "{}", ((_dots(scale, points, modifier),) for _, modifier, points in series)
        ),
        _legend(series),
    )


class _Scale:
    def __init__(self, years: list[int], top: Decimal):
        self.first, self.last = (years[0], years[-1]) if years else (0, 0)
        self.top = top

    def x(self, year: int) -> float:
        if self.first == self.last:
            return (LEFT + RIGHT) / 2
        return round(LEFT + (year - self.first) / (self.last - self.first) * (RIGHT - LEFT), 1)

    def y(self, value: Decimal) -> float:
        return round(BOTTOM - float(value / self.top) * (BOTTOM - TOP), 1)


def _nice_step(maximum: Decimal) -> Decimal:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ that reaches `maximum` in at most five steps."""
    if maximum <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** math.floor(math.log10(maximum / MAX_STEPS))
    # 10 × magnitude always suffices, since maximum / MAX_STEPS < 10 × magnitude.
    return next(
        multiple * magnitude
        for multiple in STEP_MULTIPLES
        if maximum <= multiple * magnitude * MAX_STEPS
    )


def _y_axis(scale: _Scale, step: Decimal, top: Decimal) -> SafeString:
    decimals = max(0, -step.normalize().as_tuple().exponent)
    ticks = [step * index for index in range(int(top / step) + 1)]
    gridlines = format_html_join(
        "",
        '<line class="app-chart__gridline" x1="{}" y1="{}" x2="{}" y2="{}"/>',
        ((LEFT, scale.y(tick), RIGHT, scale.y(tick)) for tick in ticks if tick),
    )
    labels = format_html_join(
        "",
        '<text class="app-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
        ((LEFT - 8, scale.y(tick) + 5, f"{tick:,.{decimals}f}") for tick in ticks),
    )
    return format_html(
        '{}<line class="app-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}',
        gridlines,
        LEFT,
        TOP,
        LEFT,
        BOTTOM,
        labels,
    )


def _x_axis(scale: _Scale, years: list[int]) -> SafeString:
    every = math.ceil(len(years) / MAX_YEAR_LABELS) if years else 1
    ticks = format_html_join(
        "",
        '<line class="app-chart__axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>',
        ((scale.x(year), BOTTOM, BOTTOM + 6) for year in years),
    )
    labels = format_html_join(
        "",
        '<text class="app-chart__label" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((scale.x(year), BOTTOM + 24, year) for year in years[::every]),
    )
    return format_html(
        '<line class="app-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}{}',
        LEFT,
        BOTTOM,
        RIGHT,
        BOTTOM,
        ticks,
        labels,
    )


def _runs(points: Sequence[tuple[int, Decimal | None]]) -> list[list[tuple[int, Decimal]]]:
    """Unbroken stretches of consecutive years with values."""
    runs: list[list[tuple[int, Decimal]]] = []
    previous_year = None
    for year, value in sorted(points):
        if value is None:
            previous_year = None
            continue
        if previous_year is None or year != previous_year + 1:
            runs.append([])
        runs[-1].append((year, value))
        previous_year = year
    return runs


def _line(scale: _Scale, points, modifier: str) -> SafeString:
    subpaths = [
        "M" + " L".join(f"{scale.x(year)} {scale.y(value)}" for year, value in run)
        for run in _runs(points)
        if len(run) > 1
    ]
    if not subpaths:
        return SafeString("")
    return format_html(
        '<path class="app-chart__line app-chart__line--{}" d="{}"/>', modifier, " ".join(subpaths)
    )


def _dots(scale: _Scale, points, modifier: str) -> SafeString:
    return format_html_join(
        "",
        '<circle class="app-chart__point--{}" cx="{}" cy="{}" r="4"/>',
        ((modifier, scale.x(year), scale.y(value)) for year, value in points if value is not None),
    )


def _legend(series: Sequence[Series]) -> SafeString:
    entries = []
    for index, (label, modifier, _) in enumerate(series):
        y = LEGEND_TOP + LEGEND_LINE_HEIGHT * index - 12
        entries.append((modifier, LEFT, y, LEFT + 36, y, LEFT + 46, y + 5, label))
    return format_html_join(
        "",
        '<line class="app-chart__line app-chart__line--{}" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="app-chart__label" x="{}" y="{}">{}</text>',
        entries,
    )


def _description(series: Sequence[Series], years: list[int], y_label: str) -> str:
    if not years:
        return f"{y_label}: no figures."
    names = " and ".join(label for label, _, _ in series)
    return (
        f"{y_label} for {names}, each year from {years[0]} to {years[-1]}. "
        "A gap in a line is a year with no figure."
    )
