"""The BM25 indexes read back without bm25s tokenize, score and rank exactly as bm25s does."""

import json
import shutil

import bm25s
import numpy as np
import pytest
from bm25s.stopwords import STOPWORDS_EN as BM25S_STOPWORDS

from accordingto.index import LEXICAL, load_index, read_manifest
from accordingto.index.disk import ARTICLE_LEXICAL, PARAGRAPH_LEXICAL
from accordingto.index.lexical import STOPWORDS_EN, LexicalIndex
from accordingto.index.records import _STEMMER, lexical_tokens

EDGES = [
    "",
    "the of and",  # stop words only
    "A I x",  # words of one letter
    "Nagorno-Karabakh's president, 3,000 Azerbaijanis; U.S. officials' “claims”",
    "ÉCOLE Straße naïve café İstanbul ΣΟΦΙΑ 東京 2020-10-03",
    "don't won’t it's rock'n'roll e-mail user_name __init__",
]


def _passages(built_index_dir) -> list[str]:
    return [p.text for p in load_index(built_index_dir / "index").passages]


def _questions() -> list[str]:
    """Questions like users ask, written here (the dev set's are not copied)."""
    return [
        "How many soldiers were killed?",
        "What did the ministry say about the ceasefire?",
        "Who is the spokesman for the president?",
        "Where did the rockets land, according to officials?",
        "What was said about civilians and the wounded in 2020?",
    ]


def test_the_stop_words_are_bm25s_own():
    assert set(BM25S_STOPWORDS) == STOPWORDS_EN


def test_question_tokens_are_those_bm25s_makes(built_index_dir, seed_articles):
    texts = EDGES + _questions() + _passages(built_index_dir) + [a.text for a in seed_articles]
    expected = bm25s.tokenize(
        texts, stopwords="en", stemmer=_STEMMER, show_progress=False, return_ids=False
    )
    assert lexical_tokens(texts, as_ids=False) == expected
    soldiers = [["soldier", "were", "kill"]]
    assert lexical_tokens(["The soldiers were killed"], as_ids=False) == soldiers


def _queries(built_index_dir) -> list[list[str]]:
    texts = _questions() + EDGES + _passages(built_index_dir)[::3]
    queries = lexical_tokens(texts, as_ids=False)
    # One word at a time too: its scores tie across every document that uses it as often.
    words = sorted({t for q in queries for t in q})[::7]
    return queries + [[w] for w in words] + [["nosuchwordanywhere"], []]


@pytest.mark.parametrize("name", [LEXICAL, PARAGRAPH_LEXICAL, ARTICLE_LEXICAL])
def test_scores_and_rankings_are_those_of_bm25s(built_index_dir, name):
    folder = built_index_dir / "index" / name
    ours = LexicalIndex.load(folder)
    theirs = bm25s.BM25.load(str(folder), show_progress=False)
    assert isinstance(ours, LexicalIndex)
    assert ours.vocab_dict == theirs.vocab_dict
    assert ours.scores["num_docs"] == theirs.scores["num_docs"]
    documents = ours.scores["num_docs"]
    for query in _queries(built_index_dir):
        known = [t for t in query if t in theirs.vocab_dict]
        if known:
            assert np.array_equal(ours.get_scores(known), theirs.get_scores(known))
            assert ours.get_scores(known).dtype == theirs.get_scores(known).dtype
        for k in sorted({1, 5, min(30, documents), documents}):
            ids, scores = ours.retrieve([known], k=k, show_progress=False, n_threads=1)
            their_ids, their_scores = theirs.retrieve(
                [known], k=k, show_progress=False, n_threads=1
            )
            assert np.array_equal(ids, their_ids), (query, k)
            assert np.array_equal(scores, their_scores), (query, k)


def test_an_index_on_disk_is_read_without_bm25s(built_index_dir):
    index = load_index(built_index_dir / "index")
    for model in (index.backend.lexical, index.paragraph_lexical, index.article_lexical):
        assert isinstance(model, LexicalIndex)
    assert (
        index.backend.lexical.scores["num_docs"]
        == read_manifest(built_index_dir / "index")["passages"]
    )


def test_an_index_read_back_saves_what_bm25s_reads(built_index_dir, tmp_path):
    ours = LexicalIndex.load(built_index_dir / "index" / LEXICAL)
    ours.save(tmp_path / "again")
    again = bm25s.BM25.load(str(tmp_path / "again"), show_progress=False)
    tokens = lexical_tokens(_questions(), as_ids=False)[0]
    assert np.array_equal(again.get_scores(tokens), ours.get_scores(tokens))
    assert json.loads((tmp_path / "again" / "params.index.json").read_text()) == ours.params


def test_an_index_that_needs_bm25s_own_scoring_is_left_to_bm25s(tmp_path, seed_articles):
    """BM25L keeps scores for the words a document lacks, which ``LexicalIndex`` does not."""
    model = bm25s.BM25(method="bm25l")
    model.index(lexical_tokens([a.text for a in seed_articles]), show_progress=False)
    model.save(str(tmp_path / "bm25l"), show_progress=False)
    loaded = LexicalIndex.load(tmp_path / "bm25l")
    assert isinstance(loaded, bm25s.BM25)
    tokens = lexical_tokens(["soldiers killed"], as_ids=False)[0]
    assert np.array_equal(loaded.get_scores(tokens), model.get_scores(tokens))


def test_a_damaged_lexical_index_is_a_broken_index(built_index_dir, tmp_path):
    from accordingto.index import BrokenIndex

    shutil.copytree(built_index_dir / "index", tmp_path / "index")
    (tmp_path / "index" / LEXICAL / "vocab.index.json").write_text("{not json")
    with pytest.raises(BrokenIndex, match="unreadable"):
        load_index(tmp_path / "index")


def test_the_top_k_of_a_large_collection_is_found_among_the_documents_that_match(monkeypatch):
    """Ranking only the documents with a score gives the same best k as ranking them all."""
    from accordingto.index import lexical

    rng = np.random.default_rng(3)
    scores = np.zeros(5000, dtype=np.float32)
    matched = rng.choice(5000, 300, replace=False)
    scores[matched] = rng.uniform(0.1, 9.0, 300).astype(np.float32)
    whole = lexical._top_k(scores, 50)
    monkeypatch.setattr(lexical, "SPARSE_TOP_K_FROM", 1000)
    seen = []
    real = np.argpartition
    monkeypatch.setattr(np, "argpartition", lambda a, kth: seen.append(len(a)) or real(a, kth))
    sparse = lexical._top_k(scores, 50, matched_at_most=400)
    assert seen == [300], "only the documents that match are partitioned"
    assert np.array_equal(whole[0], sparse[0]) and np.array_equal(whole[1], sparse[1])
    # A query of common words (postings over most documents) partitions them all.
    seen.clear()
    lexical._top_k(scores, 50, matched_at_most=4000)
    assert seen == [5000]
    # Fewer matches than k: every document is ranked, as bm25s ranks them.
    few = np.zeros(5000, dtype=np.float32)
    few[:10] = 1.0
    assert len(lexical._top_k(few, 50)[0]) == 50


def test_a_numbers_plural_is_the_number():
    # "F-16s" finds "F-16", as "jets" finds "jet"; Snowball alone leaves "16s" as it is.
    assert lexical_tokens(["Two F-16s flew low."], as_ids=False) == [["two", "16", "flew", "low"]]
    made = lexical_tokens(["The F-16 jets landed.", "The 1990s ended."])
    assert {"16", "1990", "jet"} <= set(made.vocab)
    assert "16s" not in made.vocab and "1990s" not in made.vocab
