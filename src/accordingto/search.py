"""Hybrid search: dense (MiniLM in FAISS) and lexical (BM25) rankings fused by RRF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .index import Index, lexical_tokens
from .passages import Passage

# Reciprocal rank fusion's damping constant; 60 is the value of Cormack et al. (2009).
RRF_K = 60


@dataclass(frozen=True)
class Hit:
    """A passage found for a query, with the evidence for it."""

    passage: Passage
    score: float  # fused
    dense: float  # cosine similarity to the query
    lexical: float  # BM25 score (0 when the passage shares no term with the query)
    dense_rank: int | None
    lexical_rank: int | None


def dense_ranking(index: Index, query_vector: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """Passage ids and cosine similarities, best first."""
    depth = min(depth, index.vectors.ntotal)
    scores, ids = index.vectors.search(query_vector.reshape(1, -1).astype(np.float32), depth)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


def lexical_ranking(index: Index, query: str, depth: int) -> list[tuple[int, float]]:
    """Passage ids and BM25 scores, best first; only passages sharing a term."""
    # Query terms the corpus never uses carry no information and bm25s rejects them.
    words = [[t for t in lexical_tokens([query], as_ids=False)[0] if t in index.lexical.vocab_dict]]
    if not words[0]:
        return []
    depth = min(depth, len(index.passages))
    ids, scores = index.lexical.retrieve(words, k=depth, show_progress=False, n_threads=1)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if s > 0]


def fuse(rankings: Sequence[Sequence[tuple[int, float]]], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion of several rankings of the same items."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (item, _score) in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank + 1)
    return fused


def search(index: Index, query: str, query_vector: np.ndarray, depth: int = 50) -> list[Hit]:
    """The passages that best match a query, best first."""
    dense = dense_ranking(index, query_vector, depth)
    lexical = lexical_ranking(index, query, depth)
    fused = fuse([dense, lexical])
    dense_at = {item: (rank, score) for rank, (item, score) in enumerate(dense)}
    lexical_at = {item: (rank, score) for rank, (item, score) in enumerate(lexical)}
    hits = []
    for item, score in sorted(fused.items(), key=lambda pair: (-pair[1], pair[0])):
        dense_rank, dense_score = dense_at.get(item, (None, None))
        lexical_rank, lexical_score = lexical_at.get(item, (None, 0.0))
        if dense_score is None:
            dense_score = float(
                index.vectors.reconstruct(item) @ query_vector.reshape(-1).astype(np.float32)
            )
        hits.append(
            Hit(
                passage=index.passages[item],
                score=score,
                dense=dense_score,
                lexical=lexical_score,
                dense_rank=dense_rank,
                lexical_rank=lexical_rank,
            )
        )
    return hits
