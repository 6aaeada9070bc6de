"""When the articles do not cover a question: a similarity threshold measured on each index.

How similar the best passage is to an unanswerable question depends on the collection: the
best of 7,000 passages scores higher than the best of 200, and a collection on many topics
higher than one on a single war. So each index measures its own scale when it is built: a
fixed set of everyday questions that news articles are not expected to answer (shipped in
``data/off_topic_probes.txt``) is matched against its passages, and a question must beat
most of those probes' best matches by a margin to be answered.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from .backends import PassageBackend
    from .embedding import Embedder

PROBES_FILE = Path(__file__).parent / "data" / "off_topic_probes.txt"
# For an index built before thresholds were measured: the fixed threshold of those releases.
DEFAULT_THRESHOLD = 0.36
# A question must beat three in four probes' best matches by this much cosine similarity.
PROBE_QUANTILE = 0.75
MARGIN = 0.10
# Whatever the probes say, a threshold stays within these bounds.
FLOOR, CEILING = 0.2, 0.6


@cache
def off_topic_probes() -> tuple[str, ...]:
    """The everyday questions the threshold is measured with."""
    lines = PROBES_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def measure_threshold(dense: PassageBackend, embedder: Embedder) -> dict:
    """The refusal threshold of an index, with the probe figures it was set from (for the
    manifest)."""
    probes = list(off_topic_probes())
    # The probes' vectors depend on the model alone: an embedder that can keep them does.
    encode = getattr(embedder, "encode_kept", embedder.encode)
    best = best_matches(dense, encode(probes))
    quantile = float(np.quantile(best, PROBE_QUANTILE))
    threshold = min(CEILING, max(FLOOR, quantile + MARGIN))
    return {
        "threshold": round(threshold, 4),
        "rule": f"probes' {PROBE_QUANTILE:.0%} quantile + {MARGIN}, within [{FLOOR}, {CEILING}]",
        "probes": len(probes),
        "probe_median": round(float(np.median(best)), 4),
        "probe_quantile": round(quantile, 4),
        "probe_max": round(float(best.max()), 4),
    }


def best_matches(dense: PassageBackend, vectors: np.ndarray) -> np.ndarray:
    """Each vector's cosine similarity to its closest passage."""
    found = dense.dense_search(np.ascontiguousarray(vectors, dtype=np.float32), 1)
    return np.array([row[0][1] for row in found], dtype=np.float32)


def threshold_of(manifest: dict) -> float:
    """The refusal threshold an index was built with (the old fixed one if none)."""
    measured = (manifest.get("refusal") or {}).get("threshold")
    return float(measured) if measured is not None else DEFAULT_THRESHOLD
