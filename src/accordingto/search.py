"""Hybrid search: dense (MiniLM in FAISS) and lexical (BM25) scores fused into one ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .index import Index, lexical_tokens
from .passages import Passage

# How much a passage gains when the question names the outlet that published it
# ("... according to VOA?"): enough to reorder near-ties, not to pull in unrelated text.
OUTLET_BOOST = 0.1
# How much a perfect lexical match adds to a cosine similarity (which lies in [-1, 1]).
LEXICAL_WEIGHT = 0.2


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


def fuse(
    dense: Sequence[tuple[int, float]], lexical: Sequence[tuple[int, float]]
) -> dict[int, float]:
    """Combine cosine similarity with BM25 scaled to the best lexical match.

    Cosine carries meaning and is comparable across queries; BM25 rewards the rare exact
    words (names, places, figures) a question shares with a passage.
    """
    fused = {item: score for item, score in dense}
    best = max((score for _, score in lexical), default=0.0)
    if best > 0:
        for item, score in lexical:
            fused[item] = fused.get(item, 0.0) + LEXICAL_WEIGHT * score / best
    return fused


def outlets_named(index: Index, query: str) -> set[str]:
    """Files whose outlet the question names, as a whole word ("according to AP")."""
    files: set[str] = set()
    for outlet in index.vocabulary.outlets_in(query):
        files.update(index.lookup.files_by_outlet.get(outlet, ()))
    return files


def search(index: Index, query: str, query_vector: np.ndarray, depth: int = 50) -> list[Hit]:
    """The passages that best match a query, best first."""
    query_vector = query_vector.reshape(-1).astype(np.float32)
    dense = dense_ranking(index, query_vector, depth)
    lexical = lexical_ranking(index, query, depth)
    dense_at = {item: (rank, score) for rank, (item, score) in enumerate(dense)}
    lexical_at = {item: (rank, score) for rank, (item, score) in enumerate(lexical)}
    # A lexical match outside the dense top still needs its cosine to be fused fairly.
    similarity = {item: score for item, score in dense}
    for item, _ in lexical:
        if item not in similarity:
            similarity[item] = float(index.vectors.reconstruct(item) @ query_vector)
    fused = fuse(list(similarity.items()), lexical)
    named = outlets_named(index, query)
    for item in fused:
        if index.passages[item].file in named:
            fused[item] += OUTLET_BOOST
    hits = []
    for item, score in sorted(fused.items(), key=lambda pair: (-pair[1], pair[0])):
        hits.append(
            Hit(
                passage=index.passages[item],
                score=score,
                dense=similarity[item],
                lexical=lexical_at.get(item, (None, 0.0))[1],
                dense_rank=dense_at.get(item, (None, None))[0],
                lexical_rank=lexical_at.get(item, (None, None))[0],
            )
        )
    return hits
