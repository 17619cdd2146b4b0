"""Web addresses made from names: "Bright Futures" becomes bright-futures, or bright-futures-2
when that is taken."""

from collections.abc import Container

from django.db.models import QuerySet
from django.utils.text import slugify


def unique_slug(name: str, taken: Container[str], *, fallback: str, max_length: int = 200) -> str:
    """The name as a slug, cut to leave room for a "-2" (or `fallback` if nothing is left), with
    the first of "", "-2", "-3"… after it that makes it not `taken`."""
    base = slugify(name)[:max_length].strip("-") or fallback
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def unique_slug_in(
    queryset: QuerySet, name: str, *, fallback: str, reserved: frozenset[str] = frozenset()
) -> str:
    """A slug no row of `queryset` has, nor any `reserved` word, found in one query."""
    base = slugify(name)[:200].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(base, taken | reserved, fallback=fallback)
