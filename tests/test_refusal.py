"""The refusal threshold each index measures on itself."""

from __future__ import annotations

import itertools

import numpy as np

from accordingto.backends import EmbeddedBackend, PassageBackend
from accordingto.refusal import (
    CEILING,
    DEFAULT_THRESHOLD,
    FLOOR,
    MARGIN,
    best_matches,
    measure_threshold,
    off_topic_probes,
    threshold_of,
)


class FixedEmbedder:
    """Every probe gets the next of a list of vectors (so their best matches are known)."""

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = vectors

    def encode(self, texts):
        return self.vectors[: len(texts)]


def unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


class Row:
    def __init__(self, number: int) -> None:
        self.id, self.file, self.text = number, "a.txt", ""


def dense_index(vectors: np.ndarray) -> PassageBackend:
    rows = [Row(i) for i in range(len(vectors))]
    return EmbeddedBackend.build(rows, vectors, [["probe"] for _ in rows])


def test_probes_are_everyday_questions_without_names():
    probes = off_topic_probes()
    assert len(probes) >= 50 and all(p.endswith("?") or p.endswith(".") for p in probes)
    assert not any(p.startswith("#") for p in probes)


def test_threshold_follows_how_close_probes_come_to_the_passages():
    rng = np.random.default_rng(0)
    passages = unit(rng.normal(size=(200, 384)))
    n = len(off_topic_probes())
    far = measure_threshold(dense_index(passages), FixedEmbedder(unit(rng.normal(size=(n, 384)))))
    # Probes that are near-copies of passages: the collection "covers" everyday text, so
    # a question must score higher to count as covered.
    near = unit(passages[:n] + 0.3 * rng.normal(size=(n, 384)))
    close = measure_threshold(dense_index(passages), FixedEmbedder(near))
    assert FLOOR <= far["threshold"] < close["threshold"] <= CEILING
    assert abs(far["threshold"] - min(CEILING, max(FLOOR, far["probe_quantile"] + MARGIN))) < 1e-3
    assert far["probes"] == n and far["probe_median"] <= far["probe_quantile"] <= far["probe_max"]


def test_best_matches_are_cosine_similarities():
    passages = unit(np.eye(4, dtype=np.float32))
    queries = unit(np.array([[1, 1, 0, 0], [0, 0, 0, 1]], dtype=np.float32))
    assert np.allclose(best_matches(dense_index(passages), queries), [2**-0.5, 1.0])


def test_an_index_without_a_measured_threshold_keeps_the_old_one():
    assert threshold_of({}) == DEFAULT_THRESHOLD
    assert threshold_of({"refusal": {"threshold": 0.42}}) == 0.42


def test_a_built_index_records_its_threshold(built_index_dir):
    import json

    manifest = json.loads((built_index_dir / "index" / "manifest.json").read_text(encoding="utf-8"))
    refusal = manifest["refusal"]
    assert FLOOR <= refusal["threshold"] <= CEILING and refusal["probes"] == len(off_topic_probes())


ENCODINGS = itertools.count()


class CountingEmbedder:
    """An ``Embedder`` (its ``encode_kept`` and file keeping) over a fake model that records
    the texts it encodes, and gives other vectors each time it encodes."""

    def __new__(cls, folder, sha256="model-a"):
        from accordingto.embedding import Embedder

        class Counting(Embedder):
            def encode(self, texts, batch_size=32):
                self.encoded.append(list(texts))
                rng = np.random.default_rng(next(ENCODINGS))
                return unit(rng.normal(size=(len(texts), 384)))

        embedder = Counting(folder)
        embedder.encoded, embedder.sha256 = [], sha256
        return embedder


def test_probe_vectors_are_encoded_once_per_model_and_kept_beside_it(tmp_path):
    passages = dense_index(unit(np.random.default_rng(1).normal(size=(50, 384))))
    first = CountingEmbedder(tmp_path)
    measured = measure_threshold(passages, first)
    assert first.encoded == [list(off_topic_probes())]
    assert measure_threshold(passages, first) == measured and len(first.encoded) == 1
    kept = list(tmp_path.glob("kept-*.npy"))
    assert len(kept) == 1

    # Another process with the same model reads the file instead of encoding.
    again = CountingEmbedder(tmp_path)
    assert measure_threshold(passages, again) == measured and again.encoded == []

    # Another model's hash: encoded afresh, under another key.
    other = CountingEmbedder(tmp_path, sha256="model-b")
    assert measure_threshold(passages, other) != measured
    assert other.encoded == [list(off_topic_probes())]
    assert len(list(tmp_path.glob("kept-*.npy"))) == 2

    # A damaged file is encoded again, not trusted.
    kept[0].write_bytes(b"not an array")
    damaged = CountingEmbedder(tmp_path)
    assert measure_threshold(passages, damaged) != measured  # (the fake's new vectors)
    assert len(damaged.encoded) == 1


def test_probe_vectors_are_kept_in_memory_when_the_folder_cannot_be_written(tmp_path):
    readonly = tmp_path / "missing"  # writing into a folder that does not exist fails
    embedder = CountingEmbedder(readonly)
    passages = dense_index(unit(np.random.default_rng(1).normal(size=(50, 384))))
    measured = measure_threshold(passages, embedder)
    assert measure_threshold(passages, embedder) == measured and len(embedder.encoded) == 1
    assert not readonly.exists()


def test_kept_probe_vectors_are_those_the_model_gives(embedder):
    probes = list(off_topic_probes())
    assert np.abs(embedder.encode_kept(probes) - embedder.encode(probes)).max() < 1e-6
