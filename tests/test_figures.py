"""Figures: what each number a statement gives counts, described in the source's own words,
on sentences written for the tests."""

from __future__ import annotations

import pytest

from accordingto.attribution import extract_statements, load_nlp
from accordingto.corpus import parse_article
from accordingto.figures import Figure


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def described(nlp, text: str) -> dict[str, str]:
    found = [s for s in extract_statements(parse_article("t.txt", text), nlp) if s.figures]
    return {f.text: f.describe() for s in found for f in s.figures}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The source's verb, never a stronger or milder one of ours.
        ("The agency said 300 residents have died.", {"300": "residents died"}),
        (
            "The army said 40 Northern soldiers were neutralised.",
            {"40": "Northern soldiers neutralised"},
        ),
        # Joined verbs stay joined, unless the second has a count of its own.
        (
            "The ministry said 40 soldiers were killed and wounded.",
            {"40": "soldiers killed and wounded"},
        ),
        (
            "Officials said six villagers were killed and 12 wounded.",
            {"six": "villagers killed", "12": "wounded"},
        ),
        ("The army said two helicopters were shot down.", {"two": "helicopters shot down"}),
        # A possessive leaves whose they are to the speaker.
        ("The ministry said 40 of its soldiers were killed.", {"40": "its soldiers killed"}),
    ],
)
def test_a_figure_is_described_in_the_sources_words(nlp, text, expected):
    assert described(nlp, text) == expected


def test_a_figure_stored_without_its_words_is_described_from_its_classes():
    assert Figure("12", 12, "soldier", None, "die").describe() == "soldiers killed"
    assert (
        Figure.from_dict(
            {"text": "3", "value": 3.0, "counts": "tank", "whose": None, "event": "destroy"}
        ).describe()
        == "tanks destroyed"
    )


def test_a_number_the_recogniser_left_unlabelled_still_counts_its_noun(nlp):
    from spacy.tokens import Doc

    from accordingto.figures import figures_in

    # "The army said at least 900 Kesler soldiers died", parsed with no entities at all, as
    # the recogniser may leave a number beside a name it misreads.
    words = ["The", "army", "said", "at", "least", "900", "Kesler", "soldiers", "died"]
    heads = [1, 2, 2, 4, 5, 7, 7, 8, 2]
    deps = ["det", "nsubj", "ROOT", "advmod", "advmod", "nummod", "compound", "nsubj", "ccomp"]
    pos = ["DET", "NOUN", "VERB", "ADP", "ADJ", "NUM", "PROPN", "NOUN", "VERB"]
    lemmas = ["the", "army", "say", "at", "least", "900", "Kesler", "soldier", "die"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    assert not doc.ents
    (figure,) = figures_in(doc, 0, 0, len(doc.text))
    assert (figure.text, figure.value, figure.counts, figure.event) == (
        "at least 900",
        900.0,
        "soldier",
        "die",
    )


def test_a_duration_left_unlabelled_is_no_figure(nlp):
    from spacy.tokens import Doc

    from accordingto.figures import figures_in

    words = ["Crews", "worked", "90", "minutes"]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[1, 1, 3, 1],
        deps=["nsubj", "ROOT", "nummod", "npadvmod"],
        pos=["NOUN", "VERB", "NUM", "NOUN"],
        lemmas=["crew", "work", "90", "minute"],
    )
    assert figures_in(doc, 0, 0, len(doc.text)) == ()


def test_a_number_word_opening_a_sentence_counts_but_one_inside_a_name_does_not(nlp):
    from spacy.tokens import Doc

    from accordingto.figures import figures_in

    opening = Doc(
        nlp.vocab,
        words=["Forty", "soldiers", "died"],
        heads=[1, 2, 2],
        deps=["nummod", "nsubj", "ROOT"],
        pos=["NUM", "NOUN", "VERB"],
        lemmas=["forty", "soldier", "die"],
    )
    assert [f.value for f in figures_in(opening, 0, 0, len(opening.text))] == [40.0]
    named = Doc(
        nlp.vocab,
        words=["Crews", "joined", "the", "Three", "Rivers", "fund"],
        heads=[1, 1, 5, 5, 5, 1],
        deps=["nsubj", "ROOT", "det", "nummod", "compound", "dobj"],
        pos=["NOUN", "VERB", "DET", "NUM", "PROPN", "NOUN"],
        lemmas=["crew", "join", "the", "three", "river", "fund"],
    )
    assert figures_in(named, 0, 0, len(named.text)) == ()


def test_a_people_counted_by_name_are_people_of_that_side(nlp):
    from spacy.tokens import Doc

    from accordingto.figures import figures_in

    doc = Doc(
        nlp.vocab,
        words=["Some", "300", "Northvalers", "died"],
        heads=[1, 2, 3, 3],
        deps=["advmod", "nummod", "nsubj", "ROOT"],
        pos=["ADV", "NUM", "PROPN", "VERB"],
        tags=["RB", "CD", "NNPS", "VBD"],
        lemmas=["some", "300", "Northvalers", "die"],
        ents=["B-CARDINAL", "I-CARDINAL", "O", "O"],
    )
    (figure,) = figures_in(doc, 0, 0, len(doc.text))
    assert (figure.counts, figure.whose) == ("people", "Northvalers")
    assert figure.describe() == "Northvalers died"


def test_a_side_named_where_they_were_hit_is_the_figures_side(nlp):
    text = "Officials said six villagers were killed and 12 wounded on their side."
    from accordingto.figures import figures_in

    found = {f.text: f for f in figures_in(nlp(text), 0, 0, len(text))}
    assert found["six"].whose == "their" and found["12"].whose == "their"
    # The words stay the source's, in its order.
    assert found["six"].describe() == "villagers killed"


def test_deaths_are_a_count_of_people():
    assert Figure("5,000", 5000, "death", None, "estimate").kind[0] == "people"


@pytest.mark.parametrize(
    ("text", "number", "counted"),
    [
        ("Officials said 19 villagers were killed and 55 wounded.", "55", "villager"),
        ("Police said three officers died and ten were hurt.", "ten", "officer"),
        # A number with nothing before it to borrow counts nothing named.
        ("He said 12 died and 30 were injured.", "30", None),
    ],
)
def test_a_number_whose_noun_is_left_out_counts_the_noun_before_it(nlp, text, number, counted):
    from accordingto.figures import figures_in

    found = {f.text: f for f in figures_in(nlp(text), 0, 0, len(text))}
    assert found[number].counts == counted
    # The words stay the source's: the noun it left out is not added.
    assert found[number].describe() in ("wounded", "were hurt", "hurt", "injured")


def test_a_proper_adjective_on_the_counted_noun_is_its_side_even_unrecognised(nlp):
    from spacy.tokens import Doc

    from accordingto.figures import figures_in

    def figure(words, heads, deps, pos):
        doc = Doc(
            nlp.vocab,
            words=words,
            heads=heads,
            deps=deps,
            pos=pos,
            lemmas=[w.lower() for w in words],
            ents=["O", "B-CARDINAL", "O", "O", "O"],
        )
        (found,) = figures_in(doc, 0, 0, len(doc.text))
        return found

    # No entity label on "Northvale": its place before the noun names the side.
    named = figure(
        ["Officials", "12", "Northvale", "soldiers", "died"],
        [4, 3, 3, 4, 4],
        ["nsubj", "nummod", "compound", "nsubj", "ROOT"],
        ["NOUN", "NUM", "PROPN", "NOUN", "VERB"],
    )
    assert named.whose == "Northvale"
    # A capital opening the sentence shows nothing.
    opening = figure(
        ["Many", "12", "more", "soldiers", "died"],
        [3, 3, 3, 4, 4],
        ["amod", "nummod", "amod", "nsubj", "ROOT"],
        ["ADJ", "NUM", "ADJ", "NOUN", "VERB"],
    )
    assert opening.whose is None
