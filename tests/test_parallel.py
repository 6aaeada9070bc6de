"""Attributing and embedding a collection in forked processes gives exactly what one process
gives: the same statements, gender votes, passages and vectors."""

from __future__ import annotations

import numpy as np
import pytest

from accordingto.attribution import parallel
from accordingto.attribution.parallel import attribute_each
from accordingto.corpus import load_corpus
from accordingto.index.build import attribute_and_embed, build_passages, passage_vectors
from accordingto.passages import spacy_sentence_splitter

# "Mrs. Robin Voss" in the first article tells the second who "she" is: the second reads
# the first's gender votes, which a process attributing both at once does not have yet.
ARTICLES = {
    "a_dam.txt": """Valley dam is raised by two metres

The dam above Ostrava Vale was raised by two metres over the summer, the water board said.

Mrs. Robin Voss, the board's chief engineer, said the new crest would hold a hundred-year \
flood. "We built it for our grandchildren," she said.

According to the water board, the work cost $31 million.
""",
    "b_levy.txt": """Water levy to rise next spring

The Ostrava water board approved a levy of $14 million on Tuesday, three million more than \
last year.

Robin Voss warned that the levy might rise again. She said the board had chosen the \
cheapest way to keep the valley dry.

Farmer Ivo Brandt said the rise would hurt small farms. "We pay twice," Brandt told \
reporters.
""",
    "c_mill.txt": """Old mill becomes a museum

The old flour mill in Ostrava Vale reopened on Saturday as a museum of local trades.

Curator Lena Holm said 2,000 visitors came on the first day. "People want to see how their \
grandparents worked," Holm said.

The town council said the museum would be free for children.
""",
}


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return load_corpus(folder)


def _summary(attributed):
    return [
        (
            a.attribution.file,
            [s.to_dict() for s in a.attribution.statements],
            a.attribution.vocabulary.to_dict(),
            a.attribution.sentences,
            a.attribution.genders_read,
            a.attribution.genders_added,
        )
        for a in attributed
    ]


def test_forked_attribution_equals_the_serial_one(articles, nlp):
    serial = _summary(attribute_each(articles, nlp, processes=1))
    forked = _summary(attribute_each(articles, nlp, processes=2))
    assert forked == serial
    # The second article read the first one's votes: the forked path had to attribute it
    # again with them, so this checks that path too.
    levy = next(s for s in serial if s[0] == "b_levy.txt")
    assert any(votes for votes in levy[4].values())


def test_runs_of_articles_parsed_as_one_piece_equal_the_serial_result(articles, nlp, monkeypatch):
    serial = _summary(attribute_each(articles, nlp, processes=1))
    monkeypatch.setattr(parallel, "PIECES_PER_PROCESS", 1)  # as few pieces as two processes
    assert any(len(piece) > 1 for piece in parallel._pieces(articles, 2))
    assert _summary(attribute_each(articles, nlp, processes=2)) == serial


def test_a_large_article_is_parsed_in_chunks_and_attributed_here(articles, nlp, monkeypatch):
    serial = _summary(attribute_each(articles, nlp, processes=1))
    monkeypatch.setattr(parallel, "LARGE_ARTICLE_CHARS", 100)  # every article is "large"
    monkeypatch.setattr(parallel, "PARSE_CHUNK", 2)  # and is parsed by both processes
    assert _summary(attribute_each(articles, nlp, processes=2)) == serial


@pytest.mark.parametrize("processes", [1, 2])
def test_attribute_and_embed_equals_the_stages_one_after_another(
    articles, nlp, embedder, processes
):
    done = attribute_and_embed(articles, embedder, nlp, processes=processes)
    attributions = [a.attribution for a in attribute_each(articles, nlp, processes=1)]
    sentences = {(a.file, s): spans for a in attributions for s, spans in a.sentences.items()}
    passages = build_passages(articles, spacy_sentence_splitter(nlp), sentences)
    assert done.passages == passages
    assert np.array_equal(done.vectors, passage_vectors(passages, embedder))
    assert [a.statements for a in done.attributions] == [a.statements for a in attributions]


def test_an_attribution_is_written_the_same_whatever_order_its_votes_came_in():
    import json

    from accordingto.attribution.collection import ArticleAttribution
    from accordingto.vocabulary import Vocabulary

    def attribution(read):
        return ArticleAttribution(
            file="a.txt", statements=[], vocabulary=Vocabulary(), sentences={},
            genders_read=read, genders_added={},
        )  # fmt: skip

    one = attribution({"Ana Ruiz": {"f": 2, "m": 0}, "Ben Holt": {"m": 1}})
    other = attribution({"Ben Holt": {"m": 1}, "Ana Ruiz": {"m": 0, "f": 2}})
    assert json.dumps(one.to_dict()) == json.dumps(other.to_dict())
