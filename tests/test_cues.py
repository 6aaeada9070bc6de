"""Cues of reporting, one rule per test, on sentences written for the tests."""

from __future__ import annotations

import pytest

from accordingto.attribution import extract_statements, load_nlp
from accordingto.attribution.cues import CLAUSE, CORE, SPEECH, cue_strength
from accordingto.attribution.lexicon import clause_verbs, speech_verbs
from accordingto.corpus import parse_article


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def statements(nlp, text: str):
    return extract_statements(parse_article("t.txt", text), nlp)


def about(found, words: str):
    matches = [s for s in found if words in s.text and s.kind != "outlet"]
    assert matches, f"no statement holds {words!r}: {[(s.kind, s.text) for s in found]}"
    return matches[0]


def no_statement(found, words: str) -> bool:
    return all(s.kind == "outlet" for s in found if words in s.text)


def test_the_lexicons_come_from_published_lists():
    # VerbNet's classes of speaking and WordNet's verbs of communication, not a hand list.
    assert {"shout", "inquire", "joke", "complain"} <= speech_verbs()
    assert {"recall", "believe", "stress"} <= clause_verbs()
    assert "say" not in speech_verbs() - clause_verbs() or "say" in clause_verbs()


@pytest.mark.parametrize(
    ("sentence", "verb", "strength"),
    [
        ("Ms. Ruiz said the plant would close.", "said", CORE),
        ("The harbour master shouted that the gates were shut.", "shouted", SPEECH),
        ("The mayor recalled that the bridge had flooded.", "recalled", CLAUSE),
        ("The ferry sailed at noon.", "sailed", None),
    ],
)
def test_cue_strength(nlp, sentence, verb, strength):
    token = next(t for t in nlp(sentence) if t.text == verb)
    assert cue_strength(token) == strength


def test_a_verb_of_speaking_with_a_quotation(nlp):
    found = statements(nlp, 'The harbour master shouted, "Close the gates before the storm!"')
    s = about(found, "Close the gates")
    assert (s.kind, s.cue, s.speaker_canonical) == ("direct", "shouted", "harbour master")


def test_any_verb_whose_clause_is_a_quotation(nlp):
    found = statements(nlp, '"We never lost a boat in that storm," Captain Mira Holt marvelled.')
    s = about(found, "We never lost a boat")
    assert s.speaker_canonical == "Mira Holt" and s.cue == "marvelled"


def test_a_verb_of_thinking_needs_a_finite_clause(nlp):
    found = statements(nlp, "Captain Mira Holt recalled that the harbour had frozen in 1987.")
    assert about(found, "the harbour had frozen").speaker_canonical == "Mira Holt"
    # "would see their incomes go up": no clause of its own, so nobody is quoted.
    found = statements(nlp, "Most fishing crews would see their catches go up next year.")
    assert no_statement(found, "catches go up")


def test_conjoined_verbs_share_a_subject(nlp):
    found = statements(
        nlp, "Fisheries Minister Ingrid Dahl questioned the figures and promised a review."
    )
    assert about(found, "the figures").speaker_canonical == "Ingrid Dahl"
    assert about(found, "a review").speaker_canonical == "Ingrid Dahl"


def test_inverted_speech(nlp):
    found = statements(nlp, '"The season is over for us," said Erik Lund, the union leader.')
    s = about(found, "The season is over")
    assert s.speaker_canonical == "Erik Lund" and s.role == "union leader"


def test_two_speakers_in_one_sentence(nlp):
    found = statements(nlp, "Dahl said the quota would rise, while Lund said it would fall.")
    rise, fall = about(found, "would rise"), about(found, "would fall")
    assert rise.speaker_canonical == "Dahl" and fall.speaker_canonical == "Lund"
    assert "fall" not in rise.text and "rise" not in fall.text


def test_told_reporters_and_a_that_clause_hung_from_the_listener(nlp):
    found = statements(
        nlp, "In Tromso, Dahl told a meeting of harbour chiefs that the quota would rise."
    )
    assert about(found, "the quota would rise").speaker_canonical == "Dahl"


def test_a_parenthetical_reporting_clause(nlp):
    found = statements(
        nlp, "Though the strike was short, Lund said, the losses would last for years."
    )
    s = about(found, "the losses would last")
    assert s.speaker_canonical == "Lund"


def test_according_to_keeps_the_side_with_the_verb(nlp):
    text = (
        "Catches fell by a third, according to the Coastal Fisheries Institute, more than "
        "twice the drop it had forecast."
    )
    s = about(statements(nlp, text), "Catches fell by a third")
    assert s.kind == "according_to" and "Coastal Fisheries Institute" in s.speaker_canonical


def test_a_passive_participle_is_no_cue(nlp):
    found = statements(nlp, "When asked about the strike, Lund said the talks had stalled.")
    assert about(found, "the talks had stalled").speaker_canonical == "Lund"
    assert all(s.cue != "asked" for s in found)


def test_a_quote_after_a_sentence_end_is_not_the_earlier_verb(nlp):
    text = (
        "The port may stay shut while the ministry negotiates with the union, Lund said. "
        '"We will wait as long as it takes."'
    )
    found = statements(nlp, text)
    assert about(found, "We will wait").speaker_canonical == "Lund"
