"""Grouped horizontal bar charts of money as accessible SVG, drawn on the server with no
JavaScript.

A chart is a picture of figures the page also shows in a table, so the SVG is one image with a
title and a description. Nothing is told by colour alone: every bar has its figure's name at its
left and its amount at its end, and each figure has its own fill pattern as well as its colour,
shown in the key. Amounts are whole pence; bar lengths are worked out in whole pixels, so no
amount ever passes through a float.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from innovation_fund.core.money import format_gbp

# (figure key, figure name, pence or None where the figure has no value, e.g. no budget set)
Bar = tuple[str, str, int | None]
# (group name, its bars)
Group = tuple[str, Sequence[Bar]]

WIDTH = 760
LEFT = 190  # figure names end here; bars start here
VALUE_ROOM = 150  # room after the longest bar for its amount
BAR_MAX = WIDTH - LEFT - VALUE_ROOM
BAR_HEIGHT = 16
BAR_STEP = 22
GROUP_HEADING = 30
GROUP_GAP = 14
KEY_COLUMNS = 3
KEY_COLUMN_WIDTH = WIDTH // KEY_COLUMNS
KEY_ROW = 26
OUTLINE = "#0b0c0c"

# Fill of each figure: a colour and a pattern drawn over it (None: the colour alone).
# Colours from the GOV.UK palette; patterns tell the figures apart without colour.
STYLES = {
    "budget": ("#ffffff", None),
    "awarded": ("#1d70b8", None),
    "scheduled": ("#d2e2f1", "diagonal"),
    "approved": ("#cce2d8", "dots"),
    "paid": ("#00703c", None),
    "forecast": ("#fde2d1", "horizontal"),
}
PATTERN_INK = {"diagonal": "#003078", "dots": "#005a30", "horizontal": "#b33c00"}


def render_grouped_bar_chart(
    *, groups: Sequence[Group], title: str, description: str, id_prefix: str
) -> SafeString:
    """One horizontal bar for each figure of each group, the groups one under another."""
    for _, bars in groups:
        for key, _, _ in bars:
            if key not in STYLES:
                raise ValueError(f"No chart style for the figure {key!r}")
    figures = _figures_in(groups)
    largest = max(
        (max(value, 0) for _, bars in groups for _, _, value in bars if value is not None),
        default=0,
    )
    key_height = KEY_ROW * -(-len(figures) // KEY_COLUMNS) + 10
    body, height = _groups(groups, largest, id_prefix, top=key_height + 10)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    return format_html(
        '<svg class="app-chart app-bar-chart" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {} {}" role="img" aria-labelledby="{} {}">'
        '<title id="{}">{}</title><desc id="{}">{}</desc><defs>{}</defs>{}{}</svg>',
        WIDTH,
        height,
        title_id,
        desc_id,
        title_id,
        title,
        desc_id,
        _description(description, groups, figures),
        _patterns(id_prefix, figures),
        _key(id_prefix, figures),
        body,
    )


def _figures_in(groups: Sequence[Group]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for _, bars in groups:
        for key, name, _ in bars:
            seen.setdefault(key, name)
    return list(seen.items())


def _fill(id_prefix: str, key: str) -> str:
    colour, pattern = STYLES[key]
    return f"url(#{id_prefix}-{key})" if pattern else colour


def _patterns(id_prefix: str, figures: list[tuple[str, str]]) -> SafeString:
    shapes = {
        "diagonal": '<path d="M-2 2 L2 -2 M0 8 L8 0 M6 10 L10 6" stroke="{ink}" stroke-width="2"/>',
        "dots": '<circle cx="4" cy="4" r="1.8" fill="{ink}"/>',
        "horizontal": '<path d="M0 4 L8 4" stroke="{ink}" stroke-width="2"/>',
    }
    patterns = []
    for key, _ in figures:
        colour, pattern = STYLES[key]
        if pattern is None:
            continue
        patterns.append(
            (
                f"{id_prefix}-{key}",
                colour,
                SafeString(shapes[pattern].format(ink=PATTERN_INK[pattern])),
            )
        )
    return format_html_join(
        "",
        '<pattern id="{}" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="{}"/>{}</pattern>',
        patterns,
    )


def _key(id_prefix: str, figures: list[tuple[str, str]]) -> SafeString:
    entries = []
    for index, (key, name) in enumerate(figures):
        x = KEY_COLUMN_WIDTH * (index % KEY_COLUMNS)
        y = KEY_ROW * (index // KEY_COLUMNS) + 4
        entries.append((x, y, _fill(id_prefix, key), OUTLINE, x + 30, y + 14, name))
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="22" height="16" fill="{}" stroke="{}" stroke-width="1"/>'
        '<text class="app-chart__label" x="{}" y="{}">{}</text>',
        entries,
    )


def bar_length(value: int | None, largest: int) -> int:
    """Whole pixels, in proportion to the largest amount on the chart; 0 for nothing."""
    if not value or value <= 0 or largest <= 0:
        return 0
    return max(1, value * BAR_MAX // largest)


def _groups(
    groups: Sequence[Group], largest: int, id_prefix: str, *, top: int
) -> tuple[SafeString, int]:
    parts = []
    y = top
    for group_name, bars in groups:
        parts.append(
            format_html(
                '<text class="app-chart__label app-chart__group" x="0" y="{}" '
                'font-weight="bold">{}</text>',
                y + 20,
                group_name,
            )
        )
        y += GROUP_HEADING
        for key, name, value in bars:
            parts.append(_bar(id_prefix, key, name, value, largest, y))
            y += BAR_STEP
        y += GROUP_GAP
    axis = format_html(
        '<line class="app-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#505a5f"/>',
        LEFT,
        top,
        LEFT,
        y - GROUP_GAP,
    )
    return format_html("{}{}", format_html_join("", "{}", ((part,) for part in parts)), axis), y


def _bar(id_prefix: str, key: str, name: str, value: int | None, largest: int, y: int):
    length = bar_length(value, largest)
    label = format_html(
        '<text class="app-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
        LEFT - 8,
        y + 13,
        name,
    )
    amount = "not set" if value is None else format_gbp(value)
    rect = (
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1"/>',
            LEFT,
            y,
            length,
            BAR_HEIGHT,
            _fill(id_prefix, key),
            OUTLINE,
        )
        if length
        else SafeString("")
    )
    text = format_html(
        '<text class="app-chart__label" x="{}" y="{}">{}</text>', LEFT + length + 6, y + 13, amount
    )
    return format_html("{}{}{}", label, rect, text)


def _description(description: str, groups: Sequence[Group], figures) -> str:
    if not groups:
        return f"{description} There are no figures yet."
    names = [name.lower() for _, name in figures]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    group_names = ", ".join(name for name, _ in groups)
    return (
        f"{description} Bars for {listed}, in each of: {group_names}. Each bar is labelled "
        "with its figure and its amount; the same figures are in the table with the chart."
    )
