"""Consecutive batches bounded in count and in size, for parser batches and warehouse batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def bounded_batches(items: Iterable[T], max_items: int, max_size: int, size: Callable[[T], int]) -> Iterator[list[T]]:
    """Consecutive batches of at most `max_items` items whose `size` sums to at most `max_size`;
    an item larger than `max_size` goes alone. Items are taken one at a time, so a lazy iterable
    is only advanced as far as the batch being built."""
    batch: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if batch and (len(batch) >= max(max_items, 1) or total + n > max_size):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += n
    if batch:
        yield batch
