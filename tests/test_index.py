import json
import shutil

import pytest

from accordingto.corpus import load_corpus
from accordingto.engine import Engine
from accordingto.index import (
    MANIFEST,
    BrokenIndex,
    find_restatements,
    load_index,
    manifest_for,
    numbers_in,
    read_manifest,
    stale_reason,
)


def test_manifest_records_model_hash_chunker_and_article_hashes(built_index_dir):
    manifest = read_manifest(built_index_dir / "index")
    assert manifest["model"]["sha256"]
    assert manifest["chunker_version"]
    assert manifest["built_at"]
    assert set(manifest["articles"]) == {a.file for a in load_corpus(built_index_dir / "seeds")}


def test_fresh_index_is_not_stale(built_index_dir):
    manifest = read_manifest(built_index_dir / "index")
    assert stale_reason(manifest, load_corpus(built_index_dir / "seeds")) is None


def test_changed_added_and_removed_articles_make_an_index_stale(seed_articles):
    manifest = manifest_for(seed_articles)
    fewer = seed_articles[1:]
    assert "removed" in stale_reason(manifest, fewer)
    assert "new article" in stale_reason(manifest_for(fewer), seed_articles)
    manifest["articles"][seed_articles[0].file] = "0" * 64
    assert "changed" in stale_reason(manifest, seed_articles)
    manifest = manifest_for(seed_articles) | {"chunker_version": "0"}
    assert "chunker" in stale_reason(manifest, seed_articles)


def test_a_stale_index_is_rebuilt_on_load_and_says_why(tmp_path, built_index_dir, embedder):
    shutil.copytree(built_index_dir, tmp_path / "w")
    seeds, index_dir = tmp_path / "w" / "seeds", tmp_path / "w" / "index"
    (seeds / "zz_new.txt").write_text(
        "Harbour bridge reopens after repairs\n\n"
        "The harbour bridge reopened on Friday after eight months of repairs, the city said.\n",
        encoding="utf-8",
    )
    said = []
    engine = Engine.load(index_dir, seeds, say=said.append, embedder=embedder)
    assert any("new article" in message for message in said)
    assert "zz_new.txt" in read_manifest(index_dir)["articles"]
    answer = engine.ask("When did the harbour bridge reopen?")
    assert answer.answered and answer.quotes[0].source.file == "zz_new.txt"


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: (d / MANIFEST).unlink(),
        lambda d: (d / MANIFEST).write_text("{not json"),
        lambda d: (d / "passages.jsonl").write_text('{"id": 0}\n'),
        lambda d: (d / "dense.faiss").write_bytes(b"garbage"),
        lambda d: shutil.rmtree(d),
    ],
    ids=["no-manifest", "bad-manifest", "bad-passages", "bad-vectors", "no-index"],
)
def test_a_missing_or_corrupt_index_is_rebuilt(tmp_path, built_index_dir, embedder, damage):
    shutil.copytree(built_index_dir, tmp_path / "w")
    index_dir = tmp_path / "w" / "index"
    damage(index_dir)
    said = []
    engine = Engine.load(index_dir, tmp_path / "w" / "seeds", say=said.append, embedder=embedder)
    assert said and "Rebuilding" in said[0]
    assert load_index(index_dir).passages == engine.index.passages


def test_a_corrupt_index_without_articles_fails_with_a_clear_error(tmp_path, built_index_dir):
    shutil.copytree(built_index_dir / "index", tmp_path / "index")
    (tmp_path / "index" / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(BrokenIndex, match="unreadable"):
        load_index(tmp_path / "index")
    with pytest.raises(BrokenIndex, match="rebuild"):
        Engine.load(tmp_path / "index", tmp_path / "no-seeds", say=lambda _m: None)


def test_loaded_index_matches_its_own_articles(built_index_dir):
    index = load_index(built_index_dir / "index")
    manifest = json.loads((built_index_dir / "index" / MANIFEST).read_text())
    assert manifest["passages"] == len(index.passages) == index.vectors.ntotal
    for passage in index.passages:
        assert index.article(passage.file).text[passage.start : passage.end] == passage.text


def test_restatements_need_the_same_figures_and_another_article(embedder):
    from accordingto.passages import Passage

    texts = [
        ("a", "Officials said 19 civilians were killed and 55 wounded."),
        ("b", "Officials said 19 civilians were killed and 55 were wounded."),
        ("c", "Officials said 6 civilians were killed and 26 wounded."),
        ("a", "Officials said 19 civilians were killed and 55 were hurt."),
    ]
    passages = [Passage(i, f, 0, len(t), t, "body", 0, len(t)) for i, (f, t) in enumerate(texts)]
    found = find_restatements(passages, embedder.encode([t for _, t in texts]))
    assert found.get(0) == [1]
    assert 2 not in found.get(1, [])
    assert numbers_in("2,300 troops and 2300 more") == frozenset({"2300"})


def test_an_index_from_an_older_statement_extractor_is_rebuilt(tmp_path, built_index_dir, embedder):
    shutil.copytree(built_index_dir, tmp_path / "w")
    index_dir = tmp_path / "w" / "index"
    manifest = read_manifest(index_dir)
    (index_dir / MANIFEST).write_text(json.dumps(manifest | {"attribution_version": "0"}))
    said = []
    Engine.load(index_dir, tmp_path / "w" / "seeds", say=said.append, embedder=embedder)
    assert any("statement extractor" in message for message in said)
    assert read_manifest(index_dir)["attribution_version"] != "0"


def test_restatements_need_memory_in_proportion_to_passages_not_their_square():
    """12,000 passages: a full similarity matrix would take 576 MB; k-NN takes a few."""
    import tracemalloc

    import numpy as np

    from accordingto.passages import Passage

    count, dimension = 12_000, 384
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((count, dimension)).astype(np.float32)
    vectors[1::2] = vectors[::2] + 0.01 * rng.standard_normal((count // 2, dimension))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    passages = [
        Passage(i, f"f{i % 2}.txt", 0, 10, "same words", "body", 0, 10) for i in range(count)
    ]
    tracemalloc.start()
    found = find_restatements(passages, vectors)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 100 * 2**20, f"peak {peak / 2**20:.0f} MB"
    assert all(found.get(i) == [i + 1] for i in range(0, count, 2))


def test_an_article_record_without_author_or_format_still_loads():
    from accordingto.index.disk import _article_from_record

    old = {
        "file": "a.txt",
        "text": "Some text.",
        "content_hash": "h",
        "meta": {"outlet": None, "title": None, "date": None, "url": None, "inferred": []},
        "paragraphs": [[0, 10, "body", None]],
    }
    article = _article_from_record(old)
    assert article.meta.author is None and article.meta.format == "text"
    new = old | {"meta": old["meta"] | {"author": "Mei Tanaka", "format": "html"}}
    assert _article_from_record(new).meta.to_dict() == new["meta"]
