"""The embedded back-end, the default: passage vectors in FAISS and BM25 by bm25s, both in
the index folder (``dense.faiss`` and ``bm25/``), searched in the serving process."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import faiss
import numpy as np

from .base import PassageRow
from .dense import dense_index

if TYPE_CHECKING:
    import bm25s

    from ..index.lexical import LexicalIndex

DENSE = "dense.faiss"
LEXICAL = "bm25"
# Only written when passage ids are not 0..n-1 in order (after ``remove_file``); an index
# the app builds is always numbered in order, so its folder holds the two files above alone.
DENSE_IDS = "dense-ids.npy"


def new_dense_index(vectors: np.ndarray) -> faiss.Index:
    """The FAISS index over a set of unit vectors, searched by inner product (= cosine):
    exact for a small collection, IVF for a large one (see :mod:`.dense`).

    The one place a FAISS index is made, for serving and for finding near-copies alike:
    whatever kind it returns must support ``search``, ``reconstruct`` and ``reconstruct_n``.
    """
    return dense_index(vectors)[0]


def dense_choice(index: faiss.Index) -> dict:
    """What kind of dense index this is, as the manifest records it (the recall measured
    when it was made is in the manifest of the build that made it)."""
    ivf = faiss.try_extract_index_ivf(index)
    if ivf is None:
        return {"type": "flat", "vectors": int(index.ntotal)}
    choice = {"type": "ivf", "vectors": int(index.ntotal), "lists": ivf.nlist, "probes": ivf.nprobe}
    if isinstance(faiss.downcast_index(ivf), faiss.IndexIVFScalarQuantizer):
        choice["codes"] = "sq8"
    if isinstance(index, faiss.IndexRefine):
        choice["refine"] = float(index.k_factor)
    return choice


def new_lexical_index(tokens: Sequence[Sequence[str]]) -> LexicalIndex:
    """A bm25s index of token lists (``lexical_tokens(..., as_ids=False)``), with bm25s's
    default parameters: the same index ``bm25s.tokenize`` + ``BM25.index`` would make."""
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(token, len(vocab)) for token in doc] for doc in tokens]
    # Only to build: serving reads the saved index without it (``LexicalIndex``).
    from ..index.lexical_import import bm25s

    model = bm25s.BM25()
    model.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
    from ..index.lexical import LexicalIndex

    # Scored as a loaded index is: a fresh build answers exactly as after a reload.
    return LexicalIndex.of(model)


@dataclass(frozen=True)
class EmbeddedSpec:
    """Build an embedded back-end (it is written into the index folder when saved)."""

    kind: str = "embedded"

    def build(
        self, rows: Sequence[PassageRow], vectors: np.ndarray, tokens: Sequence[Sequence[str]]
    ) -> EmbeddedBackend:
        """A FAISS and a BM25 index of these passages."""
        return EmbeddedBackend.build(rows, vectors, tokens)


@dataclass
class EmbeddedBackend:
    """FAISS (dense) and bm25s (lexical) in memory; position ``i`` of both is passage
    ``ids[i]``."""

    dense: faiss.Index
    lexical: bm25s.BM25 | LexicalIndex  # built by bm25s, read back as a LexicalIndex
    ids: np.ndarray
    files: list[str]
    # Each position's tokens, for rebuilding BM25 when passages are added or removed (bm25s
    # cannot add to an index). Known after a build; after a load made from ``rows`` on demand.
    tokens: list[list[str]] | None = None
    rows: dict[int, PassageRow] = field(default_factory=dict, repr=False)
    kind: str = "embedded"
    # The dense index chosen and, when it was made here, the recall it was chosen by.
    choice: dict | None = None
    # The ids this table was made for, and passage id -> position (None: ids are 0..n-1).
    _where: tuple[np.ndarray, dict[int, int] | None] | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls, rows: Sequence[PassageRow], vectors: np.ndarray, tokens: Sequence[Sequence[str]]
    ) -> EmbeddedBackend:
        """Index passages: ``vectors`` and ``tokens`` row by row as ``rows``."""
        if len(rows) != len(vectors) or len(rows) != len(tokens):
            raise ValueError("passages, vectors and tokens differ in number")
        dense, choice = dense_index(vectors)
        return cls(
            dense=dense,
            choice=choice,
            lexical=new_lexical_index(tokens),
            ids=np.array([r.id for r in rows], dtype=np.int64),
            files=[r.file for r in rows],
            tokens=[list(t) for t in tokens],
            rows={r.id: r for r in rows},
        )

    @classmethod
    def open(cls, folder: Path, rows: Sequence[PassageRow]) -> EmbeddedBackend:
        """Read ``dense.faiss`` and ``bm25/`` from an index folder whose passages are
        ``rows``."""
        folder = Path(folder)
        dense = faiss.read_index(str(folder / DENSE))
        from ..index.lexical import LexicalIndex

        lexical = LexicalIndex.load(folder / LEXICAL)
        by_id = {r.id: r for r in rows}
        if (folder / DENSE_IDS).is_file():
            ids = np.load(folder / DENSE_IDS, allow_pickle=False)
        else:
            ids = np.arange(dense.ntotal, dtype=np.int64)
        if len(ids) != dense.ntotal or any(int(i) not in by_id for i in ids):
            raise ValueError("the dense index and the passages disagree")
        files = [by_id[int(i)].file for i in ids]
        return cls(dense=dense, lexical=lexical, ids=ids, files=files, rows=by_id)

    def __len__(self) -> int:
        return int(self.dense.ntotal)

    @property
    def spec(self) -> EmbeddedSpec:
        """An embedded back-end is built as another embedded one."""
        return EmbeddedSpec()

    def dense_search(self, queries: np.ndarray, depth: int) -> list[list[tuple[int, float]]]:
        """Exact inner-product search (cosine of unit vectors), best first."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        depth = min(depth, len(self))
        if depth <= 0:
            return [[] for _ in queries]
        scores, positions = self.dense.search(queries, depth)
        return [
            [(int(self.ids[p]), float(s)) for p, s in zip(row_p, row_s, strict=True) if p >= 0]
            for row_p, row_s in zip(positions, scores, strict=True)
        ]

    def lexical_search(self, tokens: Sequence[str], depth: int) -> list[tuple[int, float]]:
        """bm25s's top ``depth`` for the tokens it knows, best first."""
        # Query terms the corpus never uses carry no information and bm25s rejects them.
        words = [[t for t in tokens if t in self.lexical.vocab_dict]]
        depth = min(depth, len(self))
        if not words[0] or depth <= 0:
            return []
        positions, scores = self.lexical.retrieve(words, k=depth, show_progress=False, n_threads=1)
        return [
            (int(self.ids[p]), float(s))
            for p, s in zip(positions[0], scores[0], strict=True)
            if s > 0
        ]

    def vectors_of(self, ids: Sequence[int]) -> np.ndarray:
        """Vectors read back from FAISS."""
        positions = self._positions(ids)
        if not len(positions):
            return np.zeros((0, self.dense.d), dtype=np.float32)
        return self.dense.reconstruct_batch(np.asarray(positions, dtype=np.int64))

    def all_vectors(self) -> np.ndarray:
        """Row ``i`` is passage ``i``'s vector (zeros for an id it does not hold)."""
        stored = self.dense.reconstruct_n(0, len(self)) if len(self) else None
        size = int(self.ids.max()) + 1 if len(self.ids) else 0
        vectors = np.zeros((size, self.dense.d), dtype=np.float32)
        if stored is not None:
            vectors[self.ids] = stored
        return vectors

    def add(
        self, rows: Sequence[PassageRow], vectors: np.ndarray, tokens: Sequence[Sequence[str]]
    ) -> None:
        """Rebuild both indexes with these passages added (neither can add in place)."""
        known = set(self.ids.tolist())
        if any(r.id in known for r in rows):
            raise ValueError("a passage id to add is already indexed")
        old_tokens = self._all_tokens()
        everything = np.concatenate([self.dense.reconstruct_n(0, len(self)), vectors])
        self._replace(
            everything,
            np.concatenate([self.ids, [r.id for r in rows]]).astype(np.int64),
            self.files + [r.file for r in rows],
            old_tokens + [list(t) for t in tokens],
        )
        self.rows.update({r.id: r for r in rows})

    def remove_file(self, file: str) -> list[int]:
        """Rebuild both indexes without the article's passages."""
        keep = np.array([f != file for f in self.files], dtype=bool)
        gone = self.ids[~keep].tolist()
        if not gone:
            return []
        tokens = self._all_tokens()
        vectors = self.dense.reconstruct_n(0, len(self))[keep]
        self._replace(
            vectors,
            self.ids[keep],
            [f for f, k in zip(self.files, keep, strict=True) if k],
            [t for t, k in zip(tokens, keep, strict=True) if k],
        )
        for passage_id in gone:
            self.rows.pop(passage_id, None)
        return gone

    def save(self, folder: Path) -> None:
        """Write ``dense.faiss`` and ``bm25/`` (and the ids, when not 0..n-1)."""
        folder = Path(folder)
        faiss.write_index(self.dense, str(folder / DENSE))
        self.lexical.save(str(folder / LEXICAL), show_progress=False)
        if not np.array_equal(self.ids, np.arange(len(self.ids))):
            np.save(folder / DENSE_IDS, self.ids, allow_pickle=False)

    def saved(self, previous: dict | None) -> None:
        """Nothing lives outside the folder: nothing to tidy."""

    def describe(self) -> dict:
        """The manifest's record: the kind of dense index (and the recall it was chosen by);
        the files in the folder say the rest."""
        return {"kind": self.kind, "dense": self.choice or dense_choice(self.dense)}

    def _positions(self, ids: Sequence[int]) -> list[int]:
        # Asked for on every question: the id -> position table is made once per id list,
        # never per call (a check over all ids would make each question cost O(passages)).
        if self._where is None or self._where[0] is not self.ids:
            in_order = np.array_equal(self.ids, np.arange(len(self.ids)))
            table = None if in_order else {int(i): p for p, i in enumerate(self.ids)}
            self._where = (self.ids, table)
        table = self._where[1]
        if table is None:
            return [int(i) for i in ids]
        return [table[int(i)] for i in ids]

    def _all_tokens(self) -> list[list[str]]:
        if self.tokens is None:
            from ..index.records import lexical_tokens

            texts = [self.rows[int(i)].text for i in self.ids]
            self.tokens = [list(t) for t in lexical_tokens(texts, as_ids=False)] if texts else []
        return self.tokens

    def _replace(self, vectors, ids, files, tokens) -> None:
        self.dense, self.choice = dense_index(vectors)
        self.lexical = new_lexical_index(tokens)
        self.ids, self.files, self.tokens = ids, files, tokens
