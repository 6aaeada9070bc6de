"""The BM25 indexes as bm25s saves them, read back and searched without importing bm25s.

bm25s builds the indexes (see ``build``). Answering a question only needs their posting
lists, and importing bm25s cost a one-off question about 0.3 s (it imports scipy.sparse and
tqdm). ``LexicalIndex`` scores and ranks as bm25s 0.3's numpy backend does, step for step
(in a collection of 50,000 documents or more, ties at the k-th place may be broken
differently, see ``_top_k``), and ``tokens_of`` splits text as ``bm25s.tokenize`` does; the
tests compare both with bm25s on every passage of the seed articles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import bm25s

# ``bm25s.stopwords.STOPWORDS_EN`` (NLTK's), the stop words the indexes are built without.
STOPWORDS_EN = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
    "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "to", "was", "will", "with",
})  # fmt: skip
# ``bm25s.tokenize``'s default pattern (scikit-learn's CountVectorizer's).
TOKEN = re.compile(r"(?u)\b\w\w+\b")

PARAMS = "params.index.json"
VOCAB = "vocab.index.json"
ARRAYS = {
    "data": "data.csc.index.npy",
    "indices": "indices.csc.index.npy",
    "indptr": "indptr.csc.index.npy",
}
NONOCCURRENCE = "nonoccurrence_array.index.npy"  # BM25L and BM25+ only
# From this many documents, the top k is looked for among the documents that match at all,
# when the query's postings cover at most one in SPARSE_SHARE of them.
SPARSE_TOP_K_FROM = 50_000
SPARSE_SHARE = 8


def tokens_of(texts: Sequence[str], stemmer) -> list[list[str]]:
    """Each text's BM25 tokens: lower-cased words of two characters or more, English stop
    words dropped, stemmed (``bm25s.tokenize(..., stopwords="en", return_ids=False)``)."""
    return [
        stemmer.stemWords([w for w in TOKEN.findall(text.lower()) if w not in STOPWORDS_EN])
        for text in texts
    ]


class LexicalIndex:
    """A saved bm25s index: ``vocab_dict``, ``scores``, ``get_scores`` and ``retrieve`` as
    bm25s has them, for the indexes this project builds (whose scores are all stored)."""

    def __init__(self, params: dict, vocab_dict: dict[str, int], scores: dict) -> None:
        self.params = params
        self.vocab_dict = vocab_dict
        self.scores = scores  # data, indices and indptr of the CSC matrix, and num_docs
        self.dtype = np.dtype(params.get("dtype", "float32"))
        self.int_dtype = np.dtype(params.get("int_dtype", "int32"))

    @classmethod
    def load(cls, folder: Path | str) -> LexicalIndex | bm25s.BM25:
        """Read a folder bm25s saved; one that needs bm25s's own scoring is left to it."""
        folder = Path(folder)
        params = json.loads((folder / PARAMS).read_text(encoding="utf-8"))
        if (folder / NONOCCURRENCE).exists():
            # Scores of words a document lacks (BM25L, BM25+): never built here.
            import bm25s

            return bm25s.BM25.load(str(folder), show_progress=False)
        vocab = json.loads((folder / VOCAB).read_text(encoding="utf-8"))
        scores = {key: np.load(folder / name, allow_pickle=False) for key, name in ARRAYS.items()}
        scores["num_docs"] = params.get("num_docs")
        return cls(params, vocab, scores)

    def save(self, folder: Path | str, show_progress: bool = False) -> None:
        """Write the index back in bm25s's layout (``show_progress`` is bm25s's argument)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for key, name in ARRAYS.items():
            np.save(folder / name, self.scores[key], allow_pickle=False)
        (folder / VOCAB).write_text(
            json.dumps(self.vocab_dict, ensure_ascii=False), encoding="utf-8"
        )
        (folder / PARAMS).write_text(json.dumps(self.params, indent=4))

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 of every document for a query's tokens (those outside the vocabulary add
        nothing), summed as bm25s sums them: all the tokens' postings at once, in order."""
        return self._scores_of(*self._postings(tokens))

    def retrieve(
        self, queries: list[list[str]], k: int = 10, show_progress: bool = False, n_threads: int = 0
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best documents of each query and their scores, best first, as
        ``bm25s.BM25.retrieve`` ranks them (the last two arguments are bm25s's)."""
        if k > self.scores["num_docs"]:
            raise ValueError(f"k of {k} is larger than the number of documents")
        best = []
        for tokens in queries:
            documents, weights = self._postings(tokens)
            # A document is scored once per posting at most: the postings bound the matches.
            best.append(_top_k(self._scores_of(documents, weights), k, len(documents)))
        return np.array([ids for ids, _ in best]), np.array([scores for _, scores in best])

    def _postings(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The documents and BM25 weights of the tokens' postings, joined in token order."""
        ids = [self.vocab_dict[t] for t in tokens if t in self.vocab_dict]
        data, indices, indptr = (self.scores[k] for k in ("data", "indices", "indptr"))
        if not ids:
            return np.zeros(0, dtype=indices.dtype), np.zeros(0, dtype=data.dtype)
        return (
            np.concatenate([indices[indptr[i] : indptr[i + 1]] for i in ids]),
            np.concatenate([data[indptr[i] : indptr[i + 1]] for i in ids]),
        )

    def _scores_of(self, documents: np.ndarray, weights: np.ndarray) -> np.ndarray:
        scores = np.zeros(self.scores["num_docs"], dtype=self.dtype)
        # numpy's unbuffered add (fast since numpy 1.25) over the joined postings: one pass,
        # and at a million passages half the time of one indexed add per word.
        np.add.at(scores, documents, weights)
        return scores

    @classmethod
    def of(cls, model: bm25s.BM25) -> LexicalIndex:
        """The index a bm25s model just built holds, scored as a loaded one is."""
        params = {
            "k1": model.k1, "b": model.b, "delta": model.delta, "method": model.method,
            "idf_method": model.idf_method, "dtype": model.dtype, "int_dtype": model.int_dtype,
            "num_docs": model.scores["num_docs"], "backend": "numpy",
        }  # fmt: skip
        return cls(params, dict(model.vocab_dict), dict(model.scores))


def _top_k(
    scores: np.ndarray, k: int, matched_at_most: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """bm25s's numpy top-k, so that ties come out in its order: a partition, then the last
    ``k`` sorted ascending and reversed.

    In a large collection most documents usually share no word with a query: when the
    query's postings cover few of them (``matched_at_most``), only the documents that score
    are partitioned, if there are at least ``k`` (one that scores nothing cannot be among the
    best). When its words are common, partitioning them all is cheaper. The scores kept are
    the same either way; among documents tied at the k-th score, which are kept may differ
    from bm25s's choice (which is itself the partition's, not a rule).
    """
    sparse = (
        matched_at_most is not None
        and len(scores) >= SPARSE_TOP_K_FROM
        and matched_at_most * SPARSE_SHARE <= len(scores)
    )
    matched = np.flatnonzero(scores) if sparse else None
    if matched is not None and len(matched) >= k:
        chosen = matched[np.argpartition(scores[matched], -k).take(indices=range(-k, 0))]
    else:
        chosen = np.argpartition(scores, -k).take(indices=range(-k, 0))
    chosen_scores = np.take(scores, chosen)
    order = np.flip(np.argsort(chosen_scores))
    return chosen[order], chosen_scores[order]
