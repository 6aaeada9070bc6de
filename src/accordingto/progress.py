"""Progress of long work: a bar per step on the terminal, nothing at all in tests.

Stages take a ``Track`` and wrap their loops in it, so a build of a large collection shows
how far each step has got, not only which step it is on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")


class Track(Protocol):
    """Wraps an iterable of work items, reporting progress under a label."""

    def __call__(self, items: Iterable[T], label: str, total: int | None = None) -> Iterable[T]:
        """Yield ``items`` unchanged while reporting how many have been done."""
        ...


def silent(items: Iterable[T], label: str, total: int | None = None) -> Iterable[T]:
    """A ``Track`` that reports nothing."""
    return items


def bars(items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
    """A ``Track`` that draws a tqdm bar on standard error, removed when the step ends."""
    from tqdm import tqdm

    yield from tqdm(
        items, desc=label, total=total, file=sys.stderr, leave=False, unit="", mininterval=0.5
    )
