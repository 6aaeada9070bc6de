"""What every passage back-end offers: dense and lexical search over the passages, their
vectors, and adding, removing, saving and reopening them.

A back-end holds the two passage indexes and nothing else. Passages are named by their id
(their position in ``Index.passages``); fusion of the two rankings, the context BM25s,
statements, articles, speakers and the manifest stay in our own code and the index folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

# bm25s's defaults (``bm25s.BM25()``: method "lucene", k1 1.5, b 0.75): a back-end that
# computes BM25 itself uses these, so its scores equal the embedded back-end's.
BM25_K1 = 1.5
BM25_B = 0.75


class BackendUnavailable(RuntimeError):
    """A back-end's store cannot be reached or lacks the collection the manifest names.

    Not a broken index: the index folder is whole, so it must not be rebuilt because of it.
    """


class PassageRow(Protocol):
    """What a back-end needs of a passage: ``Passage`` has these, and so may a test row."""

    id: int
    file: str
    text: str


@runtime_checkable
class PassageBackend(Protocol):
    """Dense and lexical search over passages, by passage id."""

    kind: str

    def __len__(self) -> int:
        """How many passages it holds."""
        ...

    def dense_search(self, queries: np.ndarray, depth: int) -> list[list[tuple[int, float]]]:
        """For each query vector (rows of ``queries``), passage ids and cosine similarities,
        best first, at most ``depth`` of them."""
        ...

    def lexical_search(self, tokens: Sequence[str], depth: int) -> list[tuple[int, float]]:
        """Passage ids and BM25 scores for query ``tokens`` (``lexical_tokens``), best
        first; only passages sharing a term."""
        ...

    def vectors_of(self, ids: Sequence[int]) -> np.ndarray:
        """The vectors of these passages, one row each, in the order asked."""
        ...

    def all_vectors(self) -> np.ndarray:
        """Every passage's vector, row ``i`` for passage id ``i`` (for updates)."""
        ...

    def add(
        self, rows: Sequence[PassageRow], vectors: np.ndarray, tokens: Sequence[Sequence[str]]
    ) -> None:
        """Add passages (their ids must be new) with their vectors and lexical tokens."""
        ...

    def remove_file(self, file: str) -> list[int]:
        """Remove an article's passages; returns their ids."""
        ...

    def save(self, folder: Path) -> None:
        """Write what the back-end keeps in the index folder (being written at ``folder``)."""
        ...

    def saved(self, previous: dict | None) -> None:
        """Called once the index folder naming this back-end is in place; ``previous`` is the
        ``backend`` record of the manifest it replaced (None if none)."""
        ...

    def describe(self) -> dict:
        """The manifest's ``backend`` record: what reopens this back-end."""
        ...

    @property
    def spec(self) -> BackendSpec:
        """How to build another back-end of the same kind in the same place (updates)."""
        ...


class BackendSpec(Protocol):
    """Where and how to build a back-end: chosen at ``index build``, kept in the manifest."""

    kind: str

    def build(
        self, rows: Sequence[PassageRow], vectors: np.ndarray, tokens: Sequence[Sequence[str]]
    ) -> PassageBackend:
        """A new back-end holding these passages."""
        ...
