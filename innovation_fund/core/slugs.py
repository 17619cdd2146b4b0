"""Web addresses made from names: "Bright Futures" becomes bright-futures, or bright-futures-2
when that is taken."""

from collections.abc import Container

from django.utils.text import slugify


def slug_base(name: str, *, fallback: str, max_length: int = 200) -> str:
    """The name as a slug, cut to leave room for a "-2", or `fallback` if nothing is left."""
    return slugify(name)[:max_length].strip("-") or fallback


def unique_slug(base: str, taken: Container[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is first not in `taken`."""
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
