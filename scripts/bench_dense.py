"""Dense search at a million passages: build the index the way a build would choose it
(``accordingto.backends.dense``), then time single-thread queries and measure recall@10
against exact search.

The vectors are a documented proxy: real MiniLM passage vectors from an index of ours
(``--index``), each proxy vector the normalised blend of two real ones plus a little noise,
so that the proxy keeps the real vectors' spread over the sphere instead of being uniform
noise (on which no index clusters well). Queries are real passages' vectors perturbed, held
out of the index.

    python scripts/bench_dense.py --index /path/to/index --vectors 1000000
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import faiss
import numpy as np

from accordingto.backends.dense import dense_index


def proxy_vectors(real: np.ndarray, count: int, seed: int = 7) -> np.ndarray:
    """``count`` unit vectors, each a blend of two real ones plus noise."""
    rng = np.random.default_rng(seed)
    out = np.empty((count, real.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):
        size = min(100_000, count - start)
        a = real[rng.integers(0, len(real), size)]
        b = real[rng.integers(0, len(real), size)]
        weight = rng.uniform(0.6, 1.0, size=(size, 1)).astype(np.float32)
        block = weight * a + (1 - weight) * b
        block += rng.normal(0, 0.02, size=block.shape).astype(np.float32)
        out[start : start + size] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def main() -> None:
    """Print the index's choice, build time, per-query latency and recall@10 as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="An index folder of ours.")
    parser.add_argument("--vectors", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    real_index = faiss.read_index(str(args.index / "dense.faiss"))
    real = real_index.reconstruct_n(0, real_index.ntotal)
    vectors = proxy_vectors(real, args.vectors)
    queries = proxy_vectors(real, args.queries, seed=99)

    started = time.perf_counter()
    index, choice = dense_index(vectors)
    build_seconds = time.perf_counter() - started

    faiss.omp_set_num_threads(1)  # as served: one thread per question
    index.search(queries[:10], 10)  # warm
    times = []
    found = np.empty((len(queries), 10), dtype=np.int64)
    for row, query in enumerate(queries):
        started = time.perf_counter()
        _, ids = index.search(query.reshape(1, -1), 10)
        times.append(time.perf_counter() - started)
        found[row] = ids[0]
    faiss.omp_set_num_threads(0)
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    flat_times = []
    faiss.omp_set_num_threads(1)
    for query in queries[:50]:
        started = time.perf_counter()
        flat.search(query.reshape(1, -1), 10)
        flat_times.append(time.perf_counter() - started)
    faiss.omp_set_num_threads(0)
    _, exact = flat.search(queries, 10)
    recall = np.mean([len(set(e) & set(f)) / 10 for e, f in zip(exact, found, strict=True)])
    print(
        json.dumps(
            {
                "vectors": len(vectors),
                "choice": choice,
                "build_s": round(build_seconds, 1),
                "query_ms_p50": round(1000 * float(np.median(times)), 3),
                "query_ms_p90": round(1000 * float(np.percentile(times, 90)), 3),
                "flat_query_ms_p50": round(1000 * float(np.median(flat_times)), 2),
                "recall_at_10_vs_flat": round(float(recall), 4),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
