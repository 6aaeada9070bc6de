"""Lexical search at a million passages: the query time of the project's own reader of a
bm25s index (``LexicalIndex``, what serving uses), against bm25s's numpy and numba back-ends,
on a documented proxy corpus.

The proxy: passages of 12-40 tokens drawn from a Zipf-distributed vocabulary of 60,000 stems
(word frequencies in English news follow Zipf's law); each question is 4-8 tokens taken from
one passage, as a question shares a handful of words with its answer.

    python scripts/bench_lexical.py --passages 1000000
"""

from __future__ import annotations

import argparse
import json
import time

import bm25s
import numpy as np

from accordingto.index.lexical import LexicalIndex


def proxy_corpus(count: int, vocabulary: int = 60_000, seed: int = 3) -> list[list[str]]:
    """``count`` token lists of Zipf-distributed made-up stems."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(12, 41, count)
    words = np.minimum(rng.zipf(1.2, int(lengths.sum())), vocabulary) - 1
    tokens = [f"w{w}" for w in range(vocabulary)]
    out, at = [], 0
    for length in lengths:
        out.append([tokens[w] for w in words[at : at + length]])
        at += length
    return out


def main() -> None:
    """Print index time and per-question latency (p50, p90) for each back-end as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--k", type=int, default=50, help="As many as search asks for.")
    args = parser.parse_args()
    corpus = proxy_corpus(args.passages)
    rng = np.random.default_rng(11)
    questions = []
    for row in rng.integers(0, len(corpus), args.queries):
        passage = corpus[row]
        size = min(len(passage), int(rng.integers(4, 9)))
        questions.append(list(rng.choice(passage, size, replace=False)))
    report: dict = {"passages": len(corpus)}

    def timed(retrieve) -> dict:
        retrieve([questions[0]], k=args.k)  # warm (numba compiles here)
        times = []
        for question in questions:
            started = time.perf_counter()
            retrieve([question], k=args.k)
            times.append(time.perf_counter() - started)
        return {
            "query_ms_p50": round(1000 * float(np.median(times)), 2),
            "query_ms_p90": round(1000 * float(np.percentile(times, 90)), 2),
        }

    for backend in ("numpy", "numba"):
        started = time.perf_counter()
        model = bm25s.BM25(backend=backend)
        model.index(corpus, show_progress=False)
        indexed = time.perf_counter() - started
        report[f"bm25s {backend}"] = {"index_s": round(indexed, 1)} | timed(
            lambda q, k, m=model: m.retrieve(q, k=k, show_progress=False, n_threads=1)
        )
        if backend == "numpy":
            ours = LexicalIndex.of(model)
            report["ours"] = timed(ours.retrieve)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
