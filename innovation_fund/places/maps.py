"""Maps of England's local authorities as inline, accessible SVG, drawn on the server."""

from collections.abc import Callable, Iterable, Mapping

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .models import LocalAuthority
from .projection import VIEW_BOX

# The modifiers styled in frontend/scss/components/_map.scss.
CATEGORIES = frozenset({"lead", "partner", "area", "origin", "adopted", "none"})
NO_CATEGORY = "none"


def render_authority_map(
    *,
    boundaries: Iterable[tuple[LocalAuthority, str]],
    categories: Mapping[int, str],
    labels: Mapping[str, str],
    link_for: Callable[[LocalAuthority], str | None],
    title: str,
    description: str,
    id_prefix: str = "map",
) -> SafeString:
    """An SVG map: each authority shaded by its category and, when `link_for` gives a URL,
    a link named "{authority}: {category label}".

    `categories` maps authority ids to a category ("none" when absent); `labels` maps each
    category used to the words that describe it. The SVG is a named group rather than an
    image, because it contains links. `id_prefix` keeps ids unique when a page has two maps.
    Areas follow the order given (alphabetical from `boundaries_for`), which is the order
    keyboard and screen reader users meet them in.

    Each area is named by its `<title>` (also its tooltip), the first child of its link or
    image group, so it needs no aria-label. Its path carries its category's class, except in
    "none", which is how the stylesheet draws a path without one (most areas are in none).
    """
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    areas = []
    for authority, path_data in boundaries:
        category = _checked(categories.get(authority.pk, NO_CATEGORY))
        shape = format_html(
            '<title>{}: {}</title><path{} d="{}"/>',
            authority.name,
            labels[category],
            _class_attribute(category),
            path_data,
        )
        href = link_for(authority)
        if href:
            areas.append(format_html('<a href="{}">{}</a>', href, shape))
        else:
            areas.append(format_html('<g role="img">{}</g>', shape))
    return format_html(
        '<svg class="app-map" xmlns="http://www.w3.org/2000/svg" viewBox="{}" role="group" '
        'aria-labelledby="{}" aria-describedby="{}">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>{}</svg>',
        VIEW_BOX,
        title_id,
        desc_id,
        title_id,
        title,
        desc_id,
        description,
        format_html_join("", "{}", ((area,) for area in areas)),
    )


def render_key(categories_with_labels: Iterable[tuple[str, str]]) -> SafeString:
    """A list of swatches with their labels, in the map's colours."""
    items = format_html_join(
        "",
        '<li class="app-map-key__item"><svg class="app-map-key__swatch" viewBox="0 0 20 20" '
        'aria-hidden="true" focusable="false"><rect class="app-map__area--{}" '
        'width="20" height="20"/></svg>{}</li>',
        ((_checked(category), label) for category, label in categories_with_labels),
    )
    return format_html('<ul class="app-map-key">{}</ul>', items)


def _class_attribute(category: str) -> str:
    if category == NO_CATEGORY:
        return ""
    return format_html(' class="app-map__area--{}"', category)


def _checked(category: str) -> str:
    if category not in CATEGORIES:
        raise ValueError(f"Unknown map category {category!r}")
    return category
