"""Cursor pagination: each page starts after the last item of the one before, by a unique key.

The cursor is the last item's ordering key as base64url-encoded JSON (`["Project A",
"project-a"]`). It means nothing to clients and may change between versions. Keyset paging
rather than offsets means a page never repeats or skips an item because a record was added
before it, and a deep page costs the same as the first.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from ninja import Field, Schema
from ninja.errors import ValidationError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# A database integer; anything beyond it cannot be a key we gave out.
_LARGEST_KEY = 2**63 - 1


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"How many items to return, 1 to {MAX_LIMIT}.",
    )
    cursor: str | None = Field(
        None,
        max_length=1000,
        description=(
            "Where to start: the `next_cursor` of the page before. Leave out for the first page."
        ),
    )


def parameter_problem(name: str, message: str, kind: str = "value_error") -> dict:
    """One query parameter's problem, in the same shape as the framework's own."""
    return {"loc": ["query", name], "msg": message, "type": kind}


def form_problems(form) -> ValidationError:
    """A 422 answer naming each query parameter a page's search form refused, with its message."""
    return ValidationError(
        [
            parameter_problem(name, errors[0].messages[0], errors[0].code or "invalid")
            for name, errors in form.errors.as_data().items()
        ]
    )


def invalid_parameter(name: str, message: str, kind: str = "value_error") -> ValidationError:
    """A 422 answer in the same shape as the framework's own validation errors."""
    return ValidationError([parameter_problem(name, message, kind)])


@dataclass(frozen=True)
class Keyset:
    """An ordering that names every row once: field paths (`"project__slug"`) and their types."""

    fields: tuple[tuple[str, type], ...]

    def page(self, queryset: QuerySet, params: PageParams) -> dict:
        """One page of `queryset` in key order: {"items": [...], "next_cursor": str | None}."""
        names = [name for name, _ in self.fields]
        queryset = queryset.order_by(*names)
        if params.cursor:
            queryset = queryset.filter(self._after(self._decode(params.cursor)))
        rows = list(queryset[: params.limit + 1])
        items = rows[: params.limit]
        next_cursor = self._encode(items[-1]) if len(rows) > params.limit else None
        return {"items": items, "next_cursor": next_cursor}

    def _after(self, values: Sequence) -> Q:
        """Rows whose key comes after `values`: (a > x) or (a = x and b > y) or ..."""
        names = [name for name, _ in self.fields]
        alternatives = []
        for position, name in enumerate(names):
            equal = {names[i]: values[i] for i in range(position)}
            alternatives.append(Q(**equal, **{f"{name}__gt": values[position]}))
        return reduce(or_, alternatives)

    def _encode(self, item) -> str:
        values = [_attribute(item, name) for name, _ in self.fields]
        text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")

    def _decode(self, cursor: str) -> list:
        problem = invalid_parameter(
            "cursor",
            "The cursor is not one this API gave: use the next_cursor of a page, or leave it "
            "out to start from the first page",
            "invalid_cursor",
        )
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            raw = base64.b64decode(padded, altchars=b"-_", validate=True)
            values = json.loads(raw.decode("utf-8"))
        except (ValueError, binascii.Error, RecursionError):
            raise problem from None
        if not isinstance(values, list) or len(values) != len(self.fields):
            raise problem
        for value, (_, kind) in zip(values, self.fields, strict=True):
            if type(value) is not kind:
                raise problem
            if kind is str and ("\x00" in value or not _encodable(value)):
                raise problem
            if kind is int and not -_LARGEST_KEY <= value <= _LARGEST_KEY:
                raise problem
        return values


def _encodable(text: str) -> bool:
    """JSON may carry lone surrogates ("\\ud800"), which no database can be asked about."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _attribute(item, path: str):
    for name in path.split("__"):
        item = getattr(item, name)
    return item
