"""Items in lists of at most n, for writing or reading many rows a batch at a time."""

from collections.abc import Iterable, Iterator
from itertools import islice


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last may be shorter), as itertools.batched from Python 3.12."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
