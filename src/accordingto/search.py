"""Hybrid search: dense (MiniLM) and lexical (BM25) scores from the index's passage back-end,
fused here into one ranking, each passage also judged by how well its paragraph and its
article match the question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .corpus import HEADING
from .index import Index, lexical_words
from .passages import Passage

# How much a passage gains when the question names the outlet that published it
# ("... according to VOA?"): enough to reorder near-ties, not to pull in unrelated text.
OUTLET_BOOST = 0.1
# How much a perfect lexical match adds to a cosine similarity (which lies in [-1, 1]).
LEXICAL_WEIGHT = 0.2
# The same for the passage's whole paragraph and whole article: a sentence that answers
# ("it made $143 million") often shares few words with the question, while the paragraph
# and the article around it share many ("the film", its title, the weekend).
PARAGRAPH_WEIGHT = 0.2
ARTICLE_WEIGHT = 0.2
# News is written lead first: an article's first sentence of body text states what it is
# about, so it is preferred among near-equals by this much.
LEAD_BONUS = 0.1
# How many of the best paragraphs and articles by their own BM25 add their passages (a
# paragraph) or their lead (an article) to the candidates.
CONTEXT_DEPTH = 10


@dataclass(frozen=True)
class Hit:
    """A passage found for a query, with the evidence for it."""

    passage: Passage
    score: float  # fused
    dense: float  # cosine similarity to the query
    lexical: float  # BM25 score (0 when the passage shares no term with the query)
    dense_rank: int | None
    lexical_rank: int | None
    context: float = 0.0  # the part of ``score`` that comes from the paragraph and article

    def without_context(self) -> Hit:
        """The hit scored on its own words alone."""
        return replace(self, score=self.score - self.context, context=0.0)


def dense_ranking(index: Index, query_vector: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """Passage ids and cosine similarities, best first."""
    return index.backend.dense_search(query_vector.reshape(1, -1).astype(np.float32), depth)[0]


def lexical_ranking(
    index: Index, query: str, depth: int, tokens: list[str] | None = None
) -> list[tuple[int, float]]:
    """Passage ids and BM25 scores, best first; only passages sharing a term. ``tokens`` are
    the query's (``lexical_words``), when already made."""
    tokens = tokens if tokens is not None else list(lexical_words(query))
    return index.backend.lexical_search(tokens, depth)


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


def context_scores(
    index: Index, query: str, tokens: list[str] | None = None
) -> tuple[np.ndarray, np.ndarray] | None:
    """BM25 of the question against every paragraph and every article, each scaled to its
    best (zeros when nothing matches); None for an index without context indexes."""
    if index.paragraph_lexical is None or index.article_lexical is None:
        return None
    tokens = tokens if tokens is not None else list(lexical_words(query))
    scaled = []
    for model in (index.paragraph_lexical, index.article_lexical):
        words = [t for t in tokens if t in model.vocab_dict]
        scores = model.get_scores(words) if words else np.zeros(model.scores["num_docs"])
        best = float(scores.max()) if len(scores) else 0.0
        scaled.append(scores / best if best > 0 else scores)
    return scaled[0], scaled[1]


def context_of(
    index: Index, items: Sequence[int], paragraphs: np.ndarray, articles: np.ndarray
) -> dict[int, float]:
    """What each passage gains from its paragraph's and article's match, and the lead bonus."""
    context = index.lookup.context
    gains = {}
    for item in items:
        gain = ARTICLE_WEIGHT * float(articles[context.article_of[item]])
        # A heading is a paragraph of its own: its words would be counted twice.
        if index.passages[item].kind != HEADING:
            gain += PARAGRAPH_WEIGHT * float(paragraphs[context.paragraph_of[item]])
        gains[item] = gain + (LEAD_BONUS if item in context.leads else 0.0)
    return gains


def context_candidates(index: Index, paragraphs: np.ndarray, articles: np.ndarray) -> set[int]:
    """The passages of the best-matching paragraphs and the leads of the best articles."""
    context = index.lookup.context
    found: set[int] = set()
    for number in _top(paragraphs, CONTEXT_DEPTH):
        if paragraphs[number] > 0:
            found.update(context.passages_of_paragraph[number])
    for number in _top(articles, CONTEXT_DEPTH):
        lead = context.lead_of_article[number]
        if articles[number] > 0 and lead is not None:
            found.add(lead)
    return found


def _top(scores: np.ndarray, count: int) -> np.ndarray:
    """The positions of the ``count`` highest scores, best first, without a full sort."""
    if len(scores) <= count:
        return np.argsort(-scores, kind="stable")
    # Most paragraphs and articles share no word with a question: rank only those that do.
    matched = np.flatnonzero(scores)
    if len(matched) > count:
        matched = matched[np.argpartition(-scores[matched], count)[:count]]
    return matched[np.argsort(-scores[matched], kind="stable")]


def outlets_named(index: Index, query: str) -> set[str]:
    """Files whose outlet the question names, as a whole word ("according to AP")."""
    files: set[str] = set()
    for outlet in index.vocabulary.outlets_in(query):
        files.update(index.lookup.files_by_outlet.get(outlet, ()))
    return files


def search(index: Index, query: str, query_vector: np.ndarray, depth: int = 50) -> list[Hit]:
    """The passages that best match a query, best first."""
    query_vector = query_vector.reshape(-1).astype(np.float32)
    tokens = list(lexical_words(query))
    dense = dense_ranking(index, query_vector, depth)
    lexical = lexical_ranking(index, query, depth, tokens)
    dense_at = {item: (rank, score) for rank, (item, score) in enumerate(dense)}
    lexical_at = {item: (rank, score) for rank, (item, score) in enumerate(lexical)}
    # A lexical match outside the dense top still needs its cosine to be fused fairly.
    similarity = {item: score for item, score in dense}
    around = context_scores(index, query, tokens)
    extra = [item for item, _ in lexical]
    if around is not None:
        extra.extend(sorted(context_candidates(index, *around)))
    missing = list(dict.fromkeys(item for item in extra if item not in similarity))
    if missing:  # one request for all: a remote back-end pays per request
        cosines = index.backend.vectors_of(missing) @ query_vector
        similarity.update(zip(missing, map(float, cosines), strict=True))
    fused = fuse(list(similarity.items()), lexical)
    context = context_of(index, list(fused), *around) if around is not None else {}
    for item, extra_score in context.items():
        fused[item] += extra_score
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
                context=context.get(item, 0.0),
            )
        )
    return hits
