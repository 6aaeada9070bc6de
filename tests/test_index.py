import json
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert manifest["passages"] == len(index.passages) == len(index.backend)
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


def _copies_corpus(rng, files, clusters, dimension=32):
    """Passages in clusters of near-copies (some larger than the neighbours searched), spread
    over ``files``; a cluster's passages give one figure, but every fifth another."""
    import numpy as np

    from accordingto.passages import Passage

    rows = []
    for number, (file, cluster) in enumerate(zip(files, clusters, strict=True)):
        figure = cluster if number % 5 else 1000 + number
        rows.append((file, f"{cluster} {figure} people"))
    order = sorted(range(len(rows)), key=lambda i: rows[i][0])
    centres = rng.standard_normal((max(clusters) + 1, dimension))
    vectors = centres[np.array(clusters)] + 0.05 * rng.standard_normal((len(rows), dimension))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    passages = [
        Passage(new, rows[i][0], 0, 9, rows[i][1], "body", 0, 9) for new, i in enumerate(order)
    ]
    return passages, np.ascontiguousarray(vectors[order], dtype=np.float32)


def test_near_copies_after_an_update_equal_a_full_search_and_reuse_the_old_findings():
    import numpy as np

    from accordingto.index import EarlierCopies, find_near_copies

    rng = np.random.default_rng(3)
    count = 120
    files = [f"f{i % 6}" for i in range(count)]
    clusters = [int(c) for c in rng.integers(0, 30, size=count)]  # ~4 copies per cluster
    old, old_vectors = _copies_corpus(rng, files, clusters)
    old_found = find_near_copies(old, old_vectors, neighbours=2)
    assert any(len(v) for v in old_found[0].values()) and old_found[1]
    # The update: f2 is removed, f4 changed (its passages are new), g0 added with copies of
    # cluster 0 and a passage like no other.
    kept = [p for p in old if p.file not in ("f2", "f4")]
    first_of_cluster_0 = next(p.id for p in old if p.text.startswith("0 "))
    changed = old_vectors[[p.id for p in old if p.file == "f4"][:2]]
    copies = old_vectors[[first_of_cluster_0] * 3] + 0.03 * rng.standard_normal((3, 32))
    added = np.concatenate([changed, copies, rng.standard_normal((1, 32))])
    added /= np.linalg.norm(added, axis=1, keepdims=True)
    from accordingto.passages import Passage

    rows = [(p.file, p.text, old_vectors[p.id], p.id) for p in kept]
    rows += [("f4", f"0 0 people {i}", v, None) for i, v in enumerate(added[:5])]
    rows += [("g0", "alone", added[5], None)]
    rows.sort(key=lambda row: row[0])
    new = [Passage(i, f, 0, 9, t, "body", 0, 9) for i, (f, t, _, _) in enumerate(rows)]
    new_vectors = np.ascontiguousarray(np.stack([v for _, _, v, _ in rows]), dtype=np.float32)
    carried = {i: row[3] for i, row in enumerate(rows) if row[3] is not None}
    dropped = old_vectors[sorted(set(range(count)) - set(carried.values()))]
    earlier = EarlierCopies(carried, old_found[0], old_found[1], dropped, count)

    full = find_near_copies(new, new_vectors, neighbours=2)
    assert find_near_copies(new, new_vectors, neighbours=2, earlier=earlier) == full
    assert full != ({}, {})
    # A carried passage no change comes near keeps what the old index found for it (here a
    # planted finding, to show it is taken rather than searched for again).
    untouched = next(
        i
        for i, o in carried.items()
        if all(float(v @ new_vectors[i]) < 0.8 for v in np.concatenate([dropped, added]))
    )
    planted = dict(old_found[0]) | {carried[untouched]: [carried[min(carried)]]}
    earlier = EarlierCopies(carried, planted, old_found[1], dropped, count)
    found = find_near_copies(new, new_vectors, neighbours=2, earlier=earlier)
    assert found[0][untouched] == [min(carried)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_lexical_words_are_the_tokens_bm25s_makes(text):
    from accordingto.index import lexical_tokens, lexical_words

    assert list(lexical_words(text)) == lexical_tokens([text], as_ids=False)[0]


def test_context_tokens_are_numbered_alphabetically_whatever_the_hash_seed(seed_articles):
    from accordingto.index import lexical_tokens

    texts = [a.text for a in seed_articles]
    made = lexical_tokens(texts)
    words = list(made.vocab)
    assert words == sorted(words) and list(made.vocab.values()) == list(range(len(words)))
    # The numbers still spell the stems bm25s made.
    spelled = [[words[i] for i in doc] for doc in made.ids]
    assert spelled == [list(t) for t in lexical_tokens(texts, as_ids=False)]


def test_lexical_words_of_real_sentences(seed_articles):
    from accordingto.index import lexical_tokens, lexical_words

    sentences = [line for a in seed_articles for line in a.text.splitlines() if line.strip()]
    assert [list(lexical_words(s)) for s in sentences] == lexical_tokens(sentences, as_ids=False)
