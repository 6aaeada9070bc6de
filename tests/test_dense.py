"""The dense index chosen by size: exact below the limit, IVF above it with the probe count
its own recall check chose, and that check itself."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from accordingto.backends.dense import (
    PROBES,
    TARGET_RECALL,
    choose_probes,
    dense_index,
    list_count,
    probe_questions,
    recall_at,
)


def clustered(count: int, dimension: int = 32, centres: int = 40, seed: int = 0) -> np.ndarray:
    """Unit vectors gathered round a few centres, as passages on a few topics are."""
    rng = np.random.default_rng(seed)
    middle = rng.normal(size=(centres, dimension))
    vectors = middle[rng.integers(0, centres, count)] + 0.5 * rng.normal(size=(count, dimension))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def test_a_small_collection_is_searched_exactly():
    vectors = clustered(300)
    index, choice = dense_index(vectors)
    assert choice == {"type": "flat", "vectors": 300}
    assert isinstance(index, faiss.IndexFlatIP) and index.ntotal == 300


def test_a_large_collection_gets_an_ivf_index_that_reaches_the_recall_it_records(tmp_path):
    held_out = clustered(6200)
    vectors, questions = held_out[:6000], held_out[6000:]
    index, choice = dense_index(vectors, flat_limit=5000)
    assert choice["type"] == "ivf"
    assert choice["lists"] == list_count(6000)
    assert choice["recall_at_10"] >= TARGET_RECALL
    assert faiss.extract_index_ivf(index).nprobe == choice["probes"]
    # The recall it records holds for other questions on the same topics, against exact
    # search.
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(questions, 10)
    _, found = index.search(questions, 10)
    shared = np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found, strict=True)])
    assert shared >= TARGET_RECALL - 0.03
    # The lists hold one-byte codes, but what a question sees is exact: the scores of the
    # passages found, and a passage's vector read back by id.
    assert choice["codes"] == "sq8"
    scores, ids = index.search(questions[:20], 10)
    assert np.allclose(scores, np.einsum("qd,qkd->qk", questions[:20], vectors[ids]), atol=1e-6)
    assert np.array_equal(index.reconstruct(17), vectors[17])
    # The choice survives a save and a load.
    faiss.write_index(index, str(tmp_path / "dense.faiss"))
    again = faiss.read_index(str(tmp_path / "dense.faiss"))
    assert faiss.extract_index_ivf(again).nprobe == choice["probes"]
    assert np.array_equal(again.reconstruct(17), vectors[17])
    assert np.array_equal(again.search(questions[:20], 10)[1], ids)


def ivf_of(vectors: np.ndarray, lists: int) -> faiss.IndexIVFFlat:
    """A plain IVF index of ``vectors`` with ``lists`` lists."""
    quantizer = faiss.IndexFlatIP(vectors.shape[1])
    ivf = faiss.IndexIVFFlat(quantizer, vectors.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
    ivf.train(vectors)
    ivf.add(vectors)
    return ivf


def test_the_fewest_probes_that_reach_the_recall_are_chosen():
    vectors = clustered(6000, centres=400)
    ivf = ivf_of(vectors, 256)
    probes, recall = choose_probes(ivf, vectors)
    assert probes > 1 and recall >= TARGET_RECALL
    ivf.nprobe = PROBES[PROBES.index(probes) - 1]  # the step before falls short
    questions = probe_questions(vectors)
    _, found = ivf.search(questions, 10)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(questions, 10)
    assert recall_at(truth, found) < TARGET_RECALL


@pytest.mark.parametrize(
    ("found", "expected"),
    [([[0, 1]], 1.0), ([[1, 9]], 0.5), ([[5, 6]], 0.0), ([[-1, -1]], 0.0)],
)
def test_recall_counts_the_exact_neighbours_found(found, expected):
    assert recall_at(np.array([[0, 1]]), np.array(found)) == expected


def test_the_manifest_records_the_dense_index_chosen(built_index_dir):
    import json

    manifest = json.loads((built_index_dir / "index" / "manifest.json").read_text())
    passages = manifest["passages"]
    assert manifest["backend"]["dense"] == {"type": "flat", "vectors": passages}


def test_no_more_probes_than_lists_are_chosen():
    vectors = clustered(2000, centres=200)
    ivf = ivf_of(vectors, 5)
    probes, _ = choose_probes(ivf, vectors)
    assert probes <= 5 and ivf.nprobe == probes


def test_the_embedded_back_end_keeps_an_ivf_index_through_add_remove_save_and_open(
    tmp_path, monkeypatch
):
    """Adding or removing an article remakes the index by size; a saved one reopens with its
    codes, re-scoring and probes, and reads back exact vectors."""
    from dataclasses import dataclass
    from functools import partial

    from accordingto.backends import embedded

    @dataclass
    class Row:
        id: int
        file: str
        text: str

    monkeypatch.setattr(embedded, "dense_index", partial(dense_index, flat_limit=2000))
    vectors = clustered(3000, dimension=32)
    rows = [Row(i, f"article{i // 30}.txt", f"word{i % 97} other{i % 13}") for i in range(3000)]
    tokens = [r.text.split() for r in rows]
    backend = embedded.EmbeddedBackend.build(rows, vectors, tokens)
    assert backend.describe()["dense"]["codes"] == "sq8"
    gone = backend.remove_file("article0.txt")
    assert gone == list(range(30)) and len(backend) == 2970
    extra = clustered(10, dimension=32, seed=5)
    added = [Row(3000 + i, "new.txt", "word1 fresh") for i in range(10)]
    backend.add(added, extra, [r.text.split() for r in added])
    assert np.array_equal(backend.vectors_of([3005, 42]), np.stack([extra[5], vectors[42]]))
    (tmp_path / embedded.LEXICAL).mkdir()
    backend.save(tmp_path)
    kept = [r for r in rows[30:] + added]
    again = embedded.EmbeddedBackend.open(tmp_path, kept)
    record = again.describe()["dense"]
    assert record["type"] == "ivf" and record["codes"] == "sq8" and record["refine"] == 2.0
    assert record["probes"] == backend.describe()["dense"]["probes"]
    assert np.array_equal(again.vectors_of([3005, 42]), backend.vectors_of([3005, 42]))
    question = clustered(1, dimension=32, seed=9)[0]
    assert again.dense_search(question, 5) == backend.dense_search(question, 5)
