"""The dense index, chosen by size: exact search for a collection that is small enough, an
inverted file (IVF) above that, its probe count chosen by the recall it reaches on the
collection's own vectors.

Exact (flat) search costs one dot product per passage per question: 5 ms at 35,000 passages
on this kind of machine, 120 ms at a million. An IVF index compares a question with a few
hundred cluster centres and then only the passages of the closest clusters.
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
PROBES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
# k-means learns the centres from at most this many vectors per centre (faiss's own cap).
TRAINING_PER_LIST = 64
# k-means rounds: the probe count is chosen afterwards by measured recall, so rougher centres
# cost a probe or two at question time rather than quality; faiss's default is 25.
KMEANS_ROUNDS = 10
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
    ivf = faiss.IndexIVFFlat(quantizer, dimension, lists, faiss.METRIC_INNER_PRODUCT)
    ivf.cp.seed = SEED
    ivf.cp.niter = KMEANS_ROUNDS
    ivf.train(_sample(vectors, lists * TRAINING_PER_LIST))
    ivf.add(vectors)
    # Passages are read back by id (to score one the lexical side found): IVF needs a map.
    ivf.make_direct_map()
    probes, recall = choose_probes(ivf, vectors)
    ivf.nprobe = probes
    record = {
        "type": "ivf",
        "vectors": count,
        "lists": lists,
        "probes": probes,
        f"recall_at_{RECALL_AT}": round(recall, 4),
        "recall_queries": min(RECALL_QUERIES, count),
    }
    return ivf, record


def list_count(count: int) -> int:
    """How many IVF lists for ``count`` vectors: about 4·√n, a power of two."""
    return 2 ** round(math.log2(max(4 * math.sqrt(count), 1)))


def choose_probes(ivf: faiss.IndexIVF, vectors: np.ndarray) -> tuple[int, float]:
    """The fewest probes whose recall@10 against exact search reaches TARGET_RECALL, and that
    recall; the most probes tried if none does.

    The test questions are made from the collection itself: each the normalised mean of two
    of its vectors picked at random. A question rarely sits on one passage; it lies between
    the passages it is about, often between topics, which is where an IVF index is weakest
    (a passage's own vector is found in its own list at one probe).
    """
    queries = probe_questions(vectors)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    _, exact = flat.search(queries, RECALL_AT)
    recall = 0.0
    probes = PROBES[0]
    for probes in PROBES:
        if probes > ivf.nlist:
            break
        ivf.nprobe = probes
        _, found = ivf.search(queries, RECALL_AT)
        recall = recall_at(exact, found)
        if recall >= TARGET_RECALL:
            break
    return probes, recall


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
