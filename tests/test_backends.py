"""The passage back-ends' contract, run against both: embedded (FAISS + bm25s) and Qdrant in
its embedded local mode (a folder, no server). Small passages of our own; vectors are made
up so that which passage a query is near is known."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from accordingto.backends import BackendUnavailable, EmbeddedSpec, open_backend
from accordingto.backends.embedded import new_lexical_index
from accordingto.index import lexical_tokens

qdrant = pytest.importorskip("accordingto.backends.qdrant")
pytest.importorskip("qdrant_client")

DIMENSION = 16


@dataclass(frozen=True)
class Row:
    """A passage as a back-end sees it."""

    id: int
    file: str
    text: str


TEXTS = [
    ("harbour.txt", "The harbour bridge in Portwell reopened on Friday after repairs."),
    ("harbour.txt", "Engineers rebuilt the deck with steel from a local mill."),
    ("harbour.txt", "About forty thousand vehicles crossed the bridge each day."),
    ("budget.txt", "The council approved a smaller budget of twelve million dollars."),
    ("budget.txt", "Road repairs will slow down, the treasurer warned."),
    ("budget.txt", "Councillors called the cuts painful but necessary."),
    ("school.txt", "A new primary school opened with three hundred pupils."),
    ("school.txt", "The head teacher said the library was the children's favourite room."),
    # Stop words alone: no token at all, yet a document that counts in BM25's statistics.
    ("school.txt", "It was, and then it is."),
]
FERRY = [
    ("ferry.txt", "A night ferry to the islands sails again after the storm."),
    ("ferry.txt", "Ferry tickets cost less for pupils and pensioners."),
]


def unit(rng: np.random.Generator, count: int) -> np.ndarray:
    vectors = rng.normal(size=(count, DIMENSION)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def rows_of(texts, first_id: int = 0) -> list[Row]:
    return [Row(first_id + i, file, text) for i, (file, text) in enumerate(texts)]


def tokens_of(rows) -> list[list[str]]:
    return [list(t) for t in lexical_tokens([r.text for r in rows], as_ids=False)]


def query_tokens(text: str) -> list[str]:
    return lexical_tokens([text], as_ids=False)[0]


def near(vector: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A query close to ``vector`` and to nothing else."""
    noisy = vector + 0.05 * rng.normal(size=vector.shape).astype(np.float32)
    return noisy / np.linalg.norm(noisy)


@pytest.fixture(params=["embedded", "qdrant"])
def spec(request, tmp_path):
    if request.param == "embedded":
        yield EmbeddedSpec()
    else:
        yield qdrant.QdrantSpec(path=str(tmp_path / "qdrant"), collection="contract")
        qdrant.close_clients()


def reopen(backend, folder: Path, rows):
    """Save to a fresh folder and open it again as ``load_index`` does, through a new
    client for Qdrant (local mode reads its folder back)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    backend.save(folder)
    backend.saved(None)
    qdrant.close_clients()
    return open_backend(folder, {"backend": backend.describe()}, rows)


def test_a_backend_searches_removes_adds_and_reopens_the_same(spec, tmp_path):
    rng = np.random.default_rng(7)
    rows = rows_of(TEXTS)
    vectors = unit(rng, len(rows))
    backend = spec.build(rows, vectors, tokens_of(rows))
    assert len(backend) == len(rows)

    # Dense: the passage a query is made near comes first, with its cosine similarity.
    query = near(vectors[4], rng)
    (first_id, first_score), *_ = backend.dense_search(query[None], 3)[0]
    assert first_id == 4 and first_score == pytest.approx(float(vectors[4] @ query), abs=1e-5)
    # Several queries at once, each with its own answer.
    batch = backend.dense_search(np.stack([near(vectors[i], rng) for i in (0, 6)]), 1)
    assert [row[0][0] for row in batch] == [0, 6]
    # Lexical: the passage sharing the rare words comes first; unknown words find nothing.
    assert backend.lexical_search(query_tokens("steel mill deck"), 5)[0][0] == 1
    assert backend.lexical_search(query_tokens("zeppelin"), 5) == []
    assert np.allclose(backend.vectors_of([5, 2]), vectors[[5, 2]], atol=1e-5)
    assert np.allclose(backend.all_vectors(), vectors, atol=1e-5)

    # Delete an article: its passages are gone from both searches.
    assert backend.remove_file("budget.txt") == [3, 4, 5]
    assert len(backend) == len(rows) - 3
    found = {i for i, _ in backend.dense_search(vectors[3][None], len(rows))[0]}
    found |= {i for i, _ in backend.lexical_search(query_tokens("council budget cuts"), 10)}
    assert found.isdisjoint({3, 4, 5}) and found

    # Add an article: found by both searches.
    ferry = rows_of(FERRY, first_id=len(rows))
    ferry_vectors = unit(rng, len(ferry))
    backend.add(ferry, ferry_vectors, tokens_of(ferry))
    assert len(backend) == len(rows) - 3 + len(ferry)
    assert backend.dense_search(near(ferry_vectors[1], rng)[None], 1)[0][0][0] == ferry[1].id
    assert backend.lexical_search(query_tokens("night ferry islands"), 3)[0][0] == ferry[0].id

    # Reload from disk: the same answers.
    kept = [r for r in rows if r.file != "budget.txt"] + ferry
    queries = np.stack([near(v, rng) for v in (vectors[0], vectors[7], ferry_vectors[0])])
    words = [query_tokens(q) for q in ("bridge repairs", "ferry pupils", "library school")]
    before = (backend.dense_search(queries, 4), [backend.lexical_search(w, 4) for w in words])
    again = reopen(backend, tmp_path / "index", kept)
    assert len(again) == len(kept)
    after = (again.dense_search(queries, 4), [again.lexical_search(w, 4) for w in words])
    assert _ids(before) == _ids(after)
    assert np.allclose(_scores(before), _scores(after), rtol=1e-5, atol=1e-6)
    assert np.allclose(
        again.vectors_of([7, ferry[0].id]), [vectors[7], ferry_vectors[0]], atol=1e-5
    )


def _rows(found):
    """Each ranking with ties in id order (back-ends may break ties either way)."""
    dense, lexical = found
    return [sorted(row, key=lambda pair: (-round(pair[1], 5), pair[0])) for row in dense + lexical]


def _ids(found):
    return [[i for i, _ in row] for row in _rows(found)]


def _scores(found):
    return [s for row in _rows(found) for _, s in row]


QUERIES = [
    "bridge repairs",
    "the bridge bridge",  # a word twice counts twice
    "school pupils library",
    "council budget million",
    "steel",
]


def test_qdrant_lexical_scores_equal_bm25s_scores(tmp_path):
    rows = rows_of(TEXTS + FERRY)
    tokens = tokens_of(rows)
    vectors = unit(np.random.default_rng(1), len(rows))
    backend = qdrant.QdrantSpec(path=str(tmp_path / "q"), collection="scores").build(
        rows, vectors, tokens
    )
    reference = new_lexical_index(tokens)
    try:
        for query in QUERIES:
            words = [t for t in query_tokens(query) if t in reference.vocab_dict]
            expected = reference.get_scores(words)
            found = dict(backend.lexical_search(query_tokens(query), len(rows)))
            assert found, query
            for passage_id, score in enumerate(expected):
                assert found.get(passage_id, 0.0) == pytest.approx(score, rel=1e-4, abs=1e-6), (
                    query,
                    passage_id,
                )
    finally:
        qdrant.close_clients()


def test_qdrant_term_weights_are_bm25s_lucene_weights():
    # One term twice in a passage twice the mean length: tf / (tf + k1 (1 - b + b dl/avgdl)).
    weights = qdrant.bm25_weights(["ferry", "ferry", "sail", "night"], average_length=2.0)
    norm = 1.5 * (1 - 0.75 + 0.75 * 4 / 2.0)
    assert weights[qdrant.token_id("ferry")] == pytest.approx(2 / (2 + norm))
    assert weights[qdrant.token_id("sail")] == pytest.approx(1 / (1 + norm))
    assert qdrant.query_weights(["ferry", "ferry", "sail"])[qdrant.token_id("ferry")] == 2.0


# --- a whole index on Qdrant ---------------------------------------------------------------

ARTICLES = {
    "harbour.txt": """Harbour bridge reopens after repairs

The harbour bridge in Portwell reopened on Friday after eight months of repairs.

Engineer Ada Lane said the deck had been rebuilt with steel from a local mill. "It will \
carry traffic for fifty years," she said.
""",
    "budget.txt": """Council approves a smaller budget

The Portwell council approved a budget of $12 million on Tuesday.

Councillor Tom Reyes said the cuts were painful. "We had no other choice," Reyes said.
""",
    "ferry.txt": """Night ferry sails again

The night ferry to the islands sails again after the storm, the harbour office said.

Captain Ines Moro said the crew had repaired the engine. "The sea is calm now," Moro said.
""",
}
SEARCHES = ["Who rebuilt the bridge deck?", "What did the council approve?", "the night ferry"]


def write_articles(folder: Path, names) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    return folder


def test_an_index_on_qdrant_answers_as_the_embedded_one_and_updates_by_generation(
    tmp_path, embedder
):
    from accordingto.index import load_index, read_manifest
    from accordingto.progress import silent
    from accordingto.search import search
    from accordingto.store import add_articles, build_and_save, remove_articles

    quiet = {"say": lambda _m: None, "track": silent}
    seeds = write_articles(tmp_path / "seeds", ["harbour.txt", "budget.txt", "ferry.txt"])
    spec = qdrant.QdrantSpec(path=str(tmp_path / "qdrant"), collection="news")
    build_and_save(seeds, tmp_path / "embedded", embedder, **quiet)
    build_and_save(seeds, tmp_path / "on-qdrant", embedder, backend=spec, **quiet)
    # Nothing of the passage indexes is in the folder; the manifest says where they are.
    assert not (tmp_path / "on-qdrant" / "dense.faiss").exists()
    record = read_manifest(tmp_path / "on-qdrant")["backend"]
    assert record["kind"] == "qdrant" and record["path"] == str(tmp_path / "qdrant")
    first = record["generation"]

    ours, theirs = load_index(tmp_path / "on-qdrant"), load_index(tmp_path / "embedded")
    assert ours.manifest["refusal"]["threshold"] == pytest.approx(
        theirs.manifest["refusal"]["threshold"], abs=1e-3
    )
    for question in SEARCHES:
        vector = embedder.encode([question])[0]
        found, expected = search(ours, question, vector), search(theirs, question, vector)
        assert [h.passage.id for h in found[:5]] == [h.passage.id for h in expected[:5]]
        assert [h.score for h in found] == pytest.approx([h.score for h in expected], abs=1e-4)

    # Removing an article writes a new generation; the one replaced is kept for replicas
    # still serving it, and the one before it is deleted by the next change.
    remove_articles(["ferry.txt"], tmp_path / "on-qdrant", embedder, **quiet)
    second = read_manifest(tmp_path / "on-qdrant")["backend"]["generation"]
    client = qdrant.client_for(None, str(tmp_path / "qdrant"))
    assert second != first and {first, second} <= _collections(client)
    reloaded = load_index(tmp_path / "on-qdrant")
    assert "ferry.txt" not in {p.file for p in reloaded.passages}
    assert len(reloaded.backend) == len(reloaded.passages)
    vector = embedder.encode(["the night ferry"])[0]
    assert all(h.passage.file != "ferry.txt" for h in search(reloaded, "night ferry", vector))

    add_articles([write_articles(tmp_path / "incoming", ["ferry.txt"])], tmp_path / "on-qdrant",
                 embedder, **quiet)  # fmt: skip
    third = read_manifest(tmp_path / "on-qdrant")["backend"]["generation"]
    assert _collections(client) == {second, third}
    again = load_index(tmp_path / "on-qdrant")
    assert search(again, "night ferry", vector)[0].passage.file == "ferry.txt"

    # A collection that is gone is not a broken folder: it is said, and nothing is rebuilt.
    manifest_path = tmp_path / "on-qdrant" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["backend"]["generation"] = "news-20000101000000-000000"
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(BackendUnavailable, match="no collection"):
        load_index(tmp_path / "on-qdrant")
    qdrant.close_clients()


def _collections(client) -> set[str]:
    return {c.name for c in client.get_collections().collections}


def test_index_build_takes_the_backend_from_its_options(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from accordingto.backends import spec_for
    from accordingto.cli import main

    monkeypatch.delenv(qdrant.URL_VARIABLE, raising=False)
    runner = CliRunner()
    wrong = runner.invoke(main, ["index", "build", "--qdrant-url", "http://localhost:6333"])
    assert wrong.exit_code == 2 and "--backend qdrant" in wrong.output
    inside = runner.invoke(
        main,
        ["index", "build", "--index", str(tmp_path / "i"), "--backend", "qdrant",
         "--qdrant-path", str(tmp_path / "i" / "q")],
    )  # fmt: skip
    assert inside.exit_code == 2 and "outside the index folder" in inside.output
    assert runner.invoke(main, ["index", "build", "--backend", "qdrant"]).exit_code == 2

    monkeypatch.setenv(qdrant.URL_VARIABLE, "http://qdrant.internal:6333")
    chosen = spec_for("qdrant", tmp_path / "news-index")
    assert chosen.url == "http://qdrant.internal:6333" and chosen.path is None
    assert chosen.collection.startswith("accordingto-news-index-")
    # A recorded URL is overridden by the variable, so one index folder serves anywhere.
    moved = qdrant.QdrantSpec.from_record({"url": "http://old:6333", "collection": "c"})
    assert moved.url == "http://qdrant.internal:6333"
    local = qdrant.QdrantSpec.from_record({"path": "/srv/q", "collection": "c"})
    assert local.path == "/srv/q" and local.url is None
