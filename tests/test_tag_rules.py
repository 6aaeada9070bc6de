"""The attribute ruler's tabled matching gives exactly what spaCy's own matching gives."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordingto.attribution.tag_rules import TagTableMatch, _tests_of

# My own sentences, chosen to reach the rules a table cannot hold (several tokens, a regular
# expression) and those it can: determiners, auxiliaries, expletives, spaces, contractions.
SENTENCES = [
    "I ain't gonna sign it, and we gotta wait, let's say, until y'all c'mon over.",
    "There were 40 boats in the harbour; there is nothin' left of the pier.",
    "That ship is the one which the port authority said had been seized.",
    '"We have done all we can,"  the mayor\'s spokeswoman, Ana Ruiz, told reporters.',
    "Lt. Gov. Sam Hale (D) said: it's not over. Those were his words.\n\nBut not hers.",
    "Both sides claimed 1,200 dead by Tuesday, a figure that neither could confirm.",
]


@pytest.fixture(scope="module")
def ruler(nlp):
    return nlp.get_pipe("attribute_ruler")


@pytest.fixture(scope="module")
def parse_before_ruler(nlp):
    def parse(text: str):
        with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
            return nlp(text)

    return parse


def _spacys_own_matches(ruler, doc):
    from spacy.pipeline import AttributeRuler

    return AttributeRuler.match(ruler, doc)


def test_the_loaded_pipeline_uses_the_table(ruler):
    assert isinstance(ruler.match, TagTableMatch)


def test_tabled_matches_equal_spacys_on_my_sentences(ruler, parse_before_ruler):
    table = TagTableMatch(ruler)
    for sentence in SENTENCES:
        doc = parse_before_ruler(sentence)
        assert table(doc) == _spacys_own_matches(ruler, doc), sentence


def test_tabled_matches_equal_spacys_on_docs_missing_annotations(nlp, ruler):
    # Unparsed (no tag, no dependency: the empty value) and tagged but unparsed docs.
    table = TagTableMatch(ruler)
    for sentence in SENTENCES:
        bare = nlp.make_doc(sentence)
        assert table(bare) == _spacys_own_matches(ruler, bare)
        with nlp.select_pipes(enable=["tok2vec", "tagger"]):
            tagged = nlp(sentence)
        assert table(tagged) == _spacys_own_matches(ruler, tagged)
        assert table(tagged)  # the tag rules match


def test_the_rules_left_to_a_matcher_are_still_applied(ruler, parse_before_ruler):
    doc = parse_before_ruler(SENTENCES[0])
    matches = TagTableMatch(ruler)(doc)
    spans = {(end - start) for _, _, start, end in matches}
    assert 2 in spans  # "gonna", "gotta", "let's": rules of two tokens


def test_the_table_holds_most_rules(ruler):
    table = TagTableMatch(ruler)
    assert len(table._others) < len(ruler.attrs) / 4


def test_patterns_that_need_the_matcher_are_not_tabled(nlp):
    strings = nlp.vocab.strings
    assert _tests_of({"LOWER": {"REGEX": "^n'?t$"}}, strings) is None
    assert _tests_of({"LENGTH": 3}, strings) is None
    assert _tests_of({"TAG": {"IN": ["DT"]}, "OP": "?"}, strings) is None
    assert _tests_of({"IS_SPACE": "yes"}, strings) is None
    refused = _tests_of({"DEP": {"NOT_IN": ["det"]}}, strings)
    assert refused is not None and refused[0][2] is True


WORDS = [
    *("the", "a", "an", "that", "this", "which", "there", "is", "was", "were", "'s", "n't"),
    *("ai", "gon", "na", "got", "ta", "let", "us", "Ruiz", "said", "told", ",", ".", ";"),
    *('"', "'", "(", ")", "1,200", "Monday", "port", "boats", "seized", "claimed", "\n", "  "),
]
words = st.sampled_from(WORDS)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(words, min_size=1, max_size=25))
def test_tabled_matches_equal_spacys_on_any_words(ruler, parse_before_ruler, chosen):
    doc = parse_before_ruler(" ".join(chosen))
    assert TagTableMatch(ruler)(doc) == _spacys_own_matches(ruler, doc)


def test_the_whole_pipeline_annotates_as_spacys_own(nlp):
    import spacy

    from accordingto.attribution.records import MODEL_NAME

    reference = spacy.load(MODEL_NAME)
    for sentence in SENTENCES:
        ours, theirs = nlp(sentence), reference(sentence)
        assert [(t.pos_, str(t.morph), t.lemma_) for t in ours] == [
            (t.pos_, str(t.morph), t.lemma_) for t in theirs
        ]
