"""The dense index, chosen by size: exact search for a collection that is small enough, an
inverted file (IVF) above that, its probe count chosen by the recall it reaches on the
collection's own vectors.

Exact (flat) search costs one dot product per passage per question: 5 ms at 35,000 passages
on this kind of machine, 120 ms at a million. An IVF index compares a question with a few
thousand cluster centres and then only the passages of the closest clusters. Those passages
are scanned as one-byte-per-dimension codes (a quarter of the memory to read, which is what
a scan at a million passages waits on), and the best few are scored again exactly against
the full vectors, which are kept beside the codes: the scores a question sees, and the
vectors read back, are exact.
"""

from __future__ import annotations

import math

import faiss
import numpy as np

# Below this many passages (about 450 news articles) exact search takes a few milliseconds
# and needs no training; above it, an IVF index. At 45,000 passages exact search was already
# 5-10 ms of a question's time.
FLAT_LIMIT = 20_000
# The recall@10, against exact search, that an IVF index must reach on its own vectors.
TARGET_RECALL = 0.95
RECALL_AT = 10
# How many test questions (made from the collection's own vectors) measure the recall.
RECALL_QUERIES = 500
# Probe counts tried, in order: steps of a half between powers of two, since each probe is
# a list scanned for every question.
PROBES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256)
# k-means learns the centres from at most this many vectors per centre (faiss's own cap).
TRAINING_PER_LIST = 64
# k-means rounds: the probe count is chosen afterwards by measured recall, so rougher centres
# cost a probe or two at question time rather than quality; faiss's default is 25.
KMEANS_ROUNDS = 10
# The codes' ranking is re-scored exactly over this many times the results asked for: enough
# that the one-byte codes' rounding loses no neighbour the probed lists hold (at a million
# passages, recall@10 against exact search was the same as with full vectors in the lists).
REFINE_FACTOR = 2.0
SEED = 1234


def dense_index(vectors: np.ndarray, flat_limit: int = FLAT_LIMIT) -> tuple[faiss.Index, dict]:
    """A searchable index of unit-length ``vectors`` (ids are row numbers), and a record of
    the choice for the manifest: {"type": "flat"} or {"type": "ivf", "lists", "probes",
    "recall_at_10", ...}."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    count, dimension = vectors.shape
    if count < flat_limit:
        flat = faiss.IndexFlatIP(dimension)
        flat.add(vectors)
        return flat, {"type": "flat", "vectors": count}
    lists = list_count(count)
    quantizer = faiss.IndexFlatIP(dimension)
    ivf = faiss.IndexIVFScalarQuantizer(
        quantizer, dimension, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    ivf.cp.seed = SEED
    ivf.cp.niter = KMEANS_ROUNDS
    ivf.train(_sample(vectors, lists * TRAINING_PER_LIST))
    ivf.add(vectors)
    exact = faiss.IndexFlatIP(dimension)
    exact.add(vectors)
    # Searched through the codes, re-scored and read back (``reconstruct``) from ``exact``.
    index = faiss.IndexRefine(ivf, exact)
    index.k_factor = REFINE_FACTOR
    probes, recall = choose_probes(index, vectors, exact)
    ivf.nprobe = probes
    record = {
        "type": "ivf",
        "vectors": count,
        "lists": lists,
        "probes": probes,
        "codes": "sq8",
        "refine": REFINE_FACTOR,
        f"recall_at_{RECALL_AT}": round(recall, 4),
        "recall_queries": min(RECALL_QUERIES, count),
    }
    return index, record


def list_count(count: int) -> int:
    """How many IVF lists for ``count`` vectors: about 4·√n, a power of two."""
    return 2 ** round(math.log2(max(4 * math.sqrt(count), 1)))


def choose_probes(
    index: faiss.Index, vectors: np.ndarray, exact: faiss.Index | None = None
) -> tuple[int, float]:
    """The fewest probes whose recall@10 against exact search reaches TARGET_RECALL, and that
    recall; the most probes tried if none does.

    The test questions are made from the collection itself: each the normalised mean of two
    of its vectors picked at random. A question rarely sits on one passage; it lies between
    the passages it is about, often between topics, which is where an IVF index is weakest
    (a passage's own vector is found in its own list at one probe).
    """
    ivf = faiss.extract_index_ivf(index)
    queries = probe_questions(vectors)
    if exact is None:
        exact = faiss.IndexFlatIP(vectors.shape[1])
        exact.add(vectors)
    _, truth = exact.search(queries, RECALL_AT)
    recall = 0.0
    chosen = PROBES[0]
    for probes in (p for p in PROBES if p <= ivf.nlist):
        chosen = ivf.nprobe = probes
        _, found = index.search(queries, RECALL_AT)
        recall = recall_at(truth, found)
        if recall >= TARGET_RECALL:
            break
    return chosen, recall


def probe_questions(vectors: np.ndarray, count: int = RECALL_QUERIES) -> np.ndarray:
    """Questions made from a collection's vectors: normalised means of random pairs."""
    rng = np.random.default_rng(SEED)
    pairs = rng.integers(0, len(vectors), size=(count, 2))
    queries = vectors[pairs[:, 0]] + vectors[pairs[:, 1]]
    queries /= np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-12)
    return np.ascontiguousarray(queries, dtype=np.float32)


def recall_at(exact: np.ndarray, found: np.ndarray) -> float:
    """Share of each query's exact neighbours that ``found`` also holds, over all queries."""
    hits = 0
    total = 0
    for truth, got in zip(exact, found, strict=True):
        wanted = {int(i) for i in truth if i >= 0}
        hits += len(wanted & {int(i) for i in got if i >= 0})
        total += len(wanted)
    return hits / total if total else 1.0


def _sample(vectors: np.ndarray, size: int) -> np.ndarray:
    if len(vectors) <= size:
        return vectors
    rows = np.sort(np.random.default_rng(SEED).choice(len(vectors), size, replace=False))
    return np.ascontiguousarray(vectors[rows])
