"""Chunking for bulk statements: IN lists stay far below every driver's bind-parameter limit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
CHUNK = 500  # ids per IN (...) list; SQLite's default limit is 32,766 parameters, PostgreSQL's 65,535


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``values`` (deduplicated, sorted for stable plans and lock order) in lists of at most ``size``."""
    ordered = sorted(set(values))  # type: ignore[type-var]
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]
