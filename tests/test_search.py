import pytest

from accordingto.search import LEXICAL_WEIGHT, fuse, outlets_named, search


def test_fusion_adds_scaled_lexical_evidence_to_cosine():
    fused = fuse([(1, 0.5), (2, 0.4)], [(2, 10.0), (3, 5.0)])
    assert fused[1] == pytest.approx(0.5)
    assert fused[2] == pytest.approx(0.4 + LEXICAL_WEIGHT)
    assert fused[3] == pytest.approx(LEXICAL_WEIGHT / 2)


def test_fusion_without_lexical_matches_is_the_cosine_ranking():
    assert fuse([(4, 0.3), (5, 0.2)], []) == {4: 0.3, 5: 0.2}


def test_search_ranks_a_passage_containing_the_question_words_first(engine):
    passage = max(engine.index.passages, key=lambda p: len(p.text))
    hits = search(engine.index, passage.text, engine.embedder.encode([passage.text])[0])
    assert hits[0].passage.id == passage.id
    assert hits[0].dense == pytest.approx(max(h.dense for h in hits))
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_a_question_naming_an_outlet_finds_its_articles(engine):
    article = next(a for a in engine.articles if a.meta.outlet)
    files = outlets_named(engine.index, f"what did {article.meta.outlet} report?")
    assert article.file in files
    assert not outlets_named(engine.index, "what did nobody report?")
