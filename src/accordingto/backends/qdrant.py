"""The Qdrant back-end: one collection per index holding, for each passage, a named dense
vector (cosine) and a named sparse vector of BM25 term weights, with the passage id as the
point id and its id and file in the payload.

The sparse vectors are made by our tokenizer (``lexical_tokens``) and our code: each term of a
passage weighs tf / (tf + k1 * (1 - b + b * dl / avgdl)), bm25s's "lucene" term weight with its
k1 and b, and the collection applies IDF (``Modifier.IDF``: ln(1 + (N - df + 0.5) / (df + 0.5)),
bm25s's IDF too). A query term counts once per time it occurs, as in bm25s, so the score
Qdrant returns is the BM25 score the embedded back-end gives.

Fusion is not asked of Qdrant: both rankings come back with their raw scores and are fused
by ``search.fuse`` as for the embedded back-end (cosine + 0.2 x BM25 scaled to the best),
because server-side fusion (RRF or DBSF) would rank differently and lose the cosine that
the refusal threshold and the answer chooser read.

Each build writes a new collection named ``<collection>-<generation>``, and the manifest
names it: the index folder swaps in whole as before, replicas serving the previous folder
keep their collection until the next build, and a build that fails half-way leaves the
served one untouched. Older generations are deleted once a new folder is in place.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import time
import uuid
import warnings
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .base import BM25_B, BM25_K1, BackendUnavailable, PassageRow

DENSE_VECTOR = "dense"
SPARSE_VECTOR = "lexical"
URL_VARIABLE = "ACCORDINGTO_QDRANT_URL"
UPSERT_BATCH = 256
SCROLL_BATCH = 1024
# Vectors fetched by id (the answer chooser asks for the same few many times) are kept, up
# to this many, so that a remote collection is not asked again.
VECTOR_CACHE = 50_000
_GENERATION = r"\d{14}-[0-9a-f]{6}"

# One client per place per process: local mode locks its folder for one client.
_CLIENTS: dict[tuple[str, str], object] = {}


def token_id(token: str) -> int:
    """A term's sparse index: a 32-bit hash, the same in every process and replica, so no
    vocabulary needs sharing. Two terms that collide share a document frequency; with tens of
    thousands of terms that happens to a handful at most, and moves their IDF slightly."""
    return zlib.crc32(token.encode("utf-8"))


def sparse_of(counts: dict[int, float]) -> tuple[list[int], list[float]]:
    """Sorted sparse indices and their values."""
    keys = sorted(counts)
    return keys, [float(counts[k]) for k in keys]


def bm25_weights(
    tokens: Sequence[str], average_length: float, k1: float = BM25_K1, b: float = BM25_B
) -> dict[int, float]:
    """A passage's BM25 term weights without IDF, by sparse index."""
    norm = k1 * (1 - b + b * len(tokens) / average_length)
    weights: dict[int, float] = {}
    for term, tf in Counter(tokens).items():
        key = token_id(term)
        weights[key] = weights.get(key, 0.0) + tf / (tf + norm)
    return weights


def query_weights(tokens: Sequence[str]) -> dict[int, float]:
    """A query's sparse vector: how often each term occurs (bm25s adds a term's score once
    per occurrence)."""
    counts: dict[int, float] = {}
    for term in tokens:
        key = token_id(term)
        counts[key] = counts.get(key, 0.0) + 1.0
    return counts


def average_length(tokens: Sequence[Sequence[str]]) -> float:
    """The mean passage length in tokens (1 for none, to divide by)."""
    total = sum(len(t) for t in tokens)
    return total / len(tokens) if tokens and total else 1.0


def default_collection(index_dir: Path) -> str:
    """A collection name for an index folder: its name and a digest of its absolute path,
    so two folders of one name never share a collection."""
    import hashlib

    resolved = str(Path(index_dir).resolve())
    slug = re.sub(r"[^A-Za-z0-9_]+", "-", Path(index_dir).name).strip("-") or "index"
    return f"accordingto-{slug}-{hashlib.sha1(resolved.encode()).hexdigest()[:8]}"


def client_for(url: str | None, path: str | None):
    """The process's client for a Qdrant URL, a local-mode folder, or (neither) memory."""
    try:
        from qdrant_client import QdrantClient
    except ImportError as error:
        raise BackendUnavailable(
            "this index is kept in Qdrant, but qdrant-client is not installed: "
            "pip install 'accordingto[qdrant]'"
        ) from error

    key = ("url", url) if url else ("path", path) if path else ("memory", "")
    if key not in _CLIENTS:
        try:
            if url:
                _CLIENTS[key] = QdrantClient(url=url, timeout=60)
            elif path:
                _CLIENTS[key] = QdrantClient(path=path)
            else:
                _CLIENTS[key] = QdrantClient(location=":memory:")
        except Exception as error:  # a locked folder, a bad URL
            raise BackendUnavailable(f"cannot open Qdrant at {url or path}: {error}") from error
    return _CLIENTS[key]


def close_clients() -> None:
    """Close every client this process opened (a local-mode folder is then free for
    another process, or to be read back anew)."""
    while _CLIENTS:
        _, client = _CLIENTS.popitem()
        with contextlib.suppress(Exception):  # closing is best effort
            client.close()


# Closed before the interpreter tears down the modules a client's own finaliser needs.
atexit.register(close_clients)


@dataclass(frozen=True)
class QdrantSpec:
    """Where to build a Qdrant back-end: a server's ``url``, or a local-mode ``path`` (or,
    with neither, the process's memory), and the collection's base name."""

    url: str | None = None
    path: str | None = None
    collection: str = "accordingto"
    kind: str = "qdrant"

    @classmethod
    def from_record(cls, record: dict) -> QdrantSpec:
        """The spec a manifest's ``backend`` record names; ``$ACCORDINGTO_QDRANT_URL``
        overrides a recorded URL (the same index served from another address)."""
        if not record.get("url"):  # local mode: a folder, not an address to override
            return cls(path=record.get("path"), collection=record["collection"])
        url = os.environ.get(URL_VARIABLE) or record["url"]
        return cls(url=url, collection=record["collection"])

    def build(
        self, rows: Sequence[PassageRow], vectors: np.ndarray, tokens: Sequence[Sequence[str]]
    ) -> QdrantBackend:
        """A new generation of the collection holding these passages."""
        from qdrant_client import models

        if len(rows) != len(vectors) or len(rows) != len(tokens):
            raise ValueError("passages, vectors and tokens differ in number")
        client = client_for(self.url, self.path)
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        name = f"{self.collection}-{stamp}-{uuid.uuid4().hex[:6]}"
        try:
            client.create_collection(
                name,
                vectors_config={
                    DENSE_VECTOR: models.VectorParams(
                        size=int(np.shape(vectors)[1]), distance=models.Distance.COSINE
                    )
                },
                sparse_vectors_config={
                    SPARSE_VECTOR: models.SparseVectorParams(modifier=models.Modifier.IDF)
                },
            )
            with warnings.catch_warnings():  # local mode says payload indexes do nothing there
                warnings.simplefilter("ignore")
                client.create_payload_index(name, "file", models.PayloadSchemaType.KEYWORD)
        except BackendUnavailable:
            raise
        except Exception as error:
            raise BackendUnavailable(f"cannot create a Qdrant collection: {error}") from error
        backend = QdrantBackend(self, name, size=0)
        backend.upsert(rows, vectors, tokens, average_length(tokens))
        backend.average = average_length(tokens)
        return backend


@dataclass
class QdrantBackend:
    """A generation of a Qdrant collection, searched through ``qdrant-client``."""

    place: QdrantSpec
    collection: str
    size: int
    average: float | None = None  # mean passage length, known after a build or an add
    cache: dict[int, np.ndarray] = field(default_factory=dict, repr=False)
    kind: str = "qdrant"

    @classmethod
    def open(cls, record: dict) -> QdrantBackend:
        """Reopen the collection a manifest's ``backend`` record names."""
        spec = QdrantSpec.from_record(record)
        client = client_for(spec.url, spec.path)
        name = record["generation"]
        try:
            exists = client.collection_exists(name)
            size = client.count(name, exact=True).count if exists else 0
        except Exception as error:
            raise BackendUnavailable(
                f"cannot reach Qdrant at {spec.url or spec.path}: {error}"
            ) from error
        if not exists:
            raise BackendUnavailable(
                f"Qdrant at {spec.url or spec.path} has no collection {name}; build the index "
                "again (accordingto index build --force ...)"
            )
        return cls(spec, name, size, record.get("average_length"))

    @property
    def client(self):
        """The client this collection is reached through."""
        return client_for(self.place.url, self.place.path)

    @property
    def spec(self) -> QdrantSpec:
        """Another generation goes to the same place under the same base name."""
        return self.place

    def __len__(self) -> int:
        return self.size

    def dense_search(self, queries: np.ndarray, depth: int) -> list[list[tuple[int, float]]]:
        """Cosine search, all queries in one request."""
        from qdrant_client import models

        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        depth = min(depth, self.size)
        if depth <= 0:
            return [[] for _ in queries]
        requests = [
            models.QueryRequest(query=q.tolist(), using=DENSE_VECTOR, limit=depth) for q in queries
        ]
        found = []
        for start in range(0, len(requests), 64):
            found.extend(
                self.client.query_batch_points(self.collection, requests[start : start + 64])
            )
        return [[(int(p.id), float(p.score)) for p in answer.points] for answer in found]

    def lexical_search(self, tokens: Sequence[str], depth: int) -> list[tuple[int, float]]:
        """BM25 by the sparse vectors, IDF applied by Qdrant."""
        from qdrant_client import models

        depth = min(depth, self.size)
        if not tokens or depth <= 0:
            return []
        indices, values = sparse_of(query_weights(tokens))
        answer = self.client.query_points(
            self.collection,
            query=models.SparseVector(indices=indices, values=values),
            using=SPARSE_VECTOR,
            limit=depth,
        )
        return [(int(p.id), float(p.score)) for p in answer.points if p.score > 0]

    def vectors_of(self, ids: Sequence[int]) -> np.ndarray:
        """Stored vectors (Qdrant keeps them unit length, as ours are)."""
        wanted = [int(i) for i in ids if int(i) not in self.cache]
        if wanted:
            if len(self.cache) + len(wanted) > VECTOR_CACHE:
                self.cache.clear()
            records = self.client.retrieve(
                self.collection, wanted, with_vectors=[DENSE_VECTOR], with_payload=False
            )
            for record in records:
                self.cache[int(record.id)] = np.asarray(record.vector[DENSE_VECTOR], np.float32)
        missing = [int(i) for i in ids if int(i) not in self.cache]
        if missing:
            raise KeyError(f"passages not in the collection: {missing[:5]}")
        return np.stack([self.cache[int(i)] for i in ids]) if len(ids) else np.zeros((0, 0))

    def all_vectors(self) -> np.ndarray:
        """Every vector, by scrolling the collection."""
        rows: dict[int, list[float]] = {}
        offset = None
        while True:
            records, offset = self.client.scroll(
                self.collection,
                limit=SCROLL_BATCH,
                offset=offset,
                with_vectors=[DENSE_VECTOR],
                with_payload=False,
            )
            rows.update({int(r.id): r.vector[DENSE_VECTOR] for r in records})
            if offset is None:
                break
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        first = next(iter(rows.values()))
        vectors = np.zeros((max(rows) + 1, len(first)), dtype=np.float32)
        for passage_id, vector in rows.items():
            vectors[passage_id] = vector
        return vectors

    def add(
        self, rows: Sequence[PassageRow], vectors: np.ndarray, tokens: Sequence[Sequence[str]]
    ) -> None:
        """Upsert passages with term weights normalised by the mean length of all passages
        now held. Passages already held keep their weights: a full build (which
        ``accordingto add`` makes) weighs every passage by the same mean."""
        lengths = self._lengths()
        total = sum(lengths.values()) + sum(len(t) for t in tokens)
        count = len(lengths) + len(tokens)
        self.average = total / count if count and total else 1.0
        self.upsert(rows, vectors, tokens, self.average)

    def remove_file(self, file: str) -> list[int]:
        """Delete an article's points by a payload filter."""
        from qdrant_client import models

        where = models.Filter(
            must=[models.FieldCondition(key="file", match=models.MatchValue(value=file))]
        )
        gone = []
        offset = None
        while True:
            records, offset = self.client.scroll(
                self.collection, scroll_filter=where, limit=SCROLL_BATCH, offset=offset
            )
            gone.extend(int(r.id) for r in records)
            if offset is None:
                break
        if gone:
            self.client.delete(self.collection, models.FilterSelector(filter=where), wait=True)
            self.size -= len(gone)
            for passage_id in gone:
                self.cache.pop(passage_id, None)
        return sorted(gone)

    def save(self, folder: Path) -> None:
        """Nothing goes in the folder: the manifest's record names the collection."""

    def saved(self, previous: dict | None) -> None:
        """Delete this collection's older generations, except the one the replaced folder
        named (replicas may still be serving it)."""
        keep = {self.collection}
        if previous and previous.get("collection") == self.place.collection:
            keep.add(previous.get("generation"))
        pattern = re.compile(rf"{re.escape(self.place.collection)}-{_GENERATION}")
        try:
            names = [c.name for c in self.client.get_collections().collections]
        except Exception:  # tidying is not worth failing a save for
            return
        for name in names:
            if pattern.fullmatch(name) and name not in keep:
                self.client.delete_collection(name)

    def describe(self) -> dict:
        """The manifest's record: where the collection is and which generation."""
        return {
            "kind": self.kind,
            "url": self.place.url,
            "path": self.place.path,
            "collection": self.place.collection,
            "generation": self.collection,
            "average_length": self.average,
            "bm25": {"k1": BM25_K1, "b": BM25_B, "terms": "crc32"},
        }

    def upsert(self, rows, vectors, tokens, mean_length: float) -> None:
        """Write points: dense vector, BM25 term weights and the passage's payload."""
        from qdrant_client import models

        vectors = np.asarray(vectors, dtype=np.float32)
        points = []
        for row, vector, terms in zip(rows, vectors, tokens, strict=True):
            indices, values = sparse_of(bm25_weights(terms, mean_length))
            points.append(
                models.PointStruct(
                    id=int(row.id),
                    vector={
                        DENSE_VECTOR: vector.tolist(),
                        SPARSE_VECTOR: models.SparseVector(indices=indices, values=values),
                    },
                    payload={"passage": int(row.id), "file": row.file, "length": len(terms)},
                )
            )
        for start in range(0, len(points), UPSERT_BATCH):
            self.client.upsert(self.collection, points[start : start + UPSERT_BATCH], wait=True)
        self.size += len(points)
        for row in rows:
            self.cache.pop(int(row.id), None)

    def _lengths(self) -> dict[int, int]:
        lengths: dict[int, int] = {}
        offset = None
        while True:
            records, offset = self.client.scroll(
                self.collection, limit=SCROLL_BATCH, offset=offset, with_payload=["length"]
            )
            lengths.update({int(r.id): int(r.payload["length"]) for r in records})
            if offset is None:
                break
        return lengths
