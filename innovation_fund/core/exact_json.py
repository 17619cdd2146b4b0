"""JSON text with exact decimal numbers, for money written as pounds.

Python's `json` module can only write a `Decimal` by going through a float, which changes large
or long amounts (90071992547409.93 becomes 90071992547409.94). `dumps` writes each `Decimal` as
its exact digits and everything else as `json.dumps` would, with the same separators.
"""

import json
from decimal import Decimal
from typing import Any


def dumps(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`, except that a Decimal keeps every digit."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a number JSON can hold")
        return format(value, "f")
    if isinstance(value, dict):
        items = (
            f"{json.dumps(str(key), ensure_ascii=False)}: {dumps(v)}" for key, v in value.items()
        )
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(dumps(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)
