"""Reading a question: answer type, speaker phrase, names, missing names, topic, sides.

The questions here are about the project's own unseen-topic articles (council budget, car
recall, doping case, health warning, fishing dispute), not the seeds.
"""

from __future__ import annotations

import pytest

from accordingto.questions.reading import (
    CLAIM,
    DATE,
    NUMBER,
    OTHER,
    PERSON,
    PLACE,
    SIDES,
    names_in,
    parties_of,
    read_question,
    speaker_phrase,
)
from accordingto.vocabulary import Vocabulary


@pytest.mark.parametrize(
    "question, kind",
    [
        ("How many jobs depend on the fleet?", NUMBER),
        ("How much did the council cut from the library budget?", NUMBER),
        ("What is the death toll so far?", NUMBER),
        ("When did the talks break down?", DATE),
        ("In which year was the last late budget?", DATE),
        ("Who is Kari Solberg?", PERSON),
        ("Which official warned about the jobs?", PERSON),
        ("Where were the first talks held?", PLACE),
        ("Which city hosted the talks?", PLACE),
        ("What did the mayor say about the branches?", CLAIM),
        ("What does each side say about overfishing?", SIDES),
        ("What do Norway and Iceland each claim?", SIDES),
        ("Who says what about the quotas?", SIDES),
        ("What do the two sides blame each other for?", SIDES),
        ("Why did the recall happen?", OTHER),
        # A named speaker talking about the sides is a claim, not an each-side question.
        ("What did the minister say the two sides must do?", CLAIM),
    ],
)
def test_answer_types(question, kind):
    assert read_question(question).answer_type == kind


@pytest.mark.parametrize(
    "question, speaker",
    [
        (
            "What did the spokesman for Iceland's prime minister say?",
            "spokesman for Iceland's prime minister",
        ),
        ("What did Solberg claim about the catch?", "Solberg"),
        ("Does the union think the jobs are at risk?", "union"),
        ("How did Reykjavik react to the proposal?", "Reykjavik"),
        ("How has the ministry responded?", "ministry"),
        ("According to the regional council, how large was the catch?", "regional council"),
        ("What was the mayor's view on the cuts?", "mayor"),
        ("What is the union's position on the quotas?", "union"),
        ("How many tonnes does Norway's minister say Iceland took?", "Norway's minister"),
        ("What was the recall that the regulator says was needed?", "regulator"),
        ("What did the US Secretary of State say?", "US Secretary of State"),
    ],
)
def test_speaker_phrases(question, speaker):
    assert read_question(question).speaker == speaker


@pytest.mark.parametrize(
    "question",
    [
        "How many jobs depend on the fleet?",
        "Why did the talks collapse?",
        "What happened to the library branches?",
        "What did he say about it?",  # a pronoun is the conversation's, not a speaker
    ],
)
def test_questions_with_no_speaker(question):
    assert read_question(question).speaker is None


def test_names_leave_out_question_words_but_keep_acronyms_and_possessives():
    assert names_in("What did the European Union propose?") == ["European Union"]
    assert names_in("Who runs the NATO office in Oslo?") == ["NATO", "Oslo"]
    assert names_in("Recommend a good recipe.") == []
    assert names_in("Solberg's view on the talks?") == ["Solberg"]
    assert names_in("What did the International Committee of the Red Cross say?") == [
        "International Committee of the Red Cross"
    ]


def vocabulary_of(text: str) -> Vocabulary:
    vocabulary = Vocabulary()
    vocabulary.add_names(text)
    vocabulary.places.update({"norway", "iceland", "norwegian", "icelandic"})
    return vocabulary


CORPUS = (
    "Norwegian Fisheries Minister Kari Solberg spoke in Oslo. Iceland's ministry and the "
    "European Union replied. Pashinyan met the NATO envoy."
)


@pytest.mark.parametrize(
    "question, missing",
    [
        ("What did Danish Prime Minister Mette Holm say?", ["Danish Prime Minister Mette Holm"]),
        ("What did NATO Secretary General Jens Stoltenberg say?", ["Jens Stoltenberg"]),
        ("How did Greenpeace react?", ["Greenpeace"]),
        ("What did the Red Cross report?", ["Red Cross"]),
        # Known, or known under another spelling or as a nationality: covered.
        ("What did Kari Solberg say?", []),
        ("What did the Norway minister say?", []),
        ("What did Pashinian say?", []),
        ("What did Icelandic officials claim?", []),
        ("What did the European Union say?", []),
    ],
)
def test_names_the_articles_never_use_are_missing(question, missing):
    assert list(read_question(question, vocabulary_of(CORPUS)).missing) == missing


def test_a_year_no_article_mentions_is_missing():
    vocabulary = vocabulary_of("The quota set in 2019 was cut in the spring of 2021.")
    assert read_question("What was the quota in 2024?", vocabulary).missing == ("2024",)
    assert read_question("Who won the 2024 cup final?", vocabulary).missing == ("2024",)
    assert read_question("What happened to the quota in 2021?", vocabulary).missing == ()
    # Numbers that are not years, and an index that never noted years, miss nothing.
    assert read_question("Were 2,024 boats counted?", vocabulary).missing == ()
    older = vocabulary_of("The quota was cut.")
    assert read_question("What was the quota in 2024?", older).missing == ()


def test_a_vocabulary_notes_years_from_parsed_text(nlp):
    vocabulary = Vocabulary()
    vocabulary.add_doc(nlp("The dam, finished in 1987, was rebuilt in the 1990s."))
    assert vocabulary.uses("1987") and not vocabulary.uses("1990")


def test_topic_drops_the_question_words_and_the_speaker():
    reading = read_question("What did the Kremlin spokesman say about the hostilities?")
    assert reading.speaker == "Kremlin spokesman" and reading.topic == "hostilities"
    assert read_question("What did the mayor say?").topic == ""
    # A speaker inside a relative clause leaves what the question is about in the topic.
    reading = read_question("What was the ferry that the union says was unsafe?")
    assert reading.speaker == "union" and reading.topic == "ferry unsafe"


def test_each_side_questions_name_their_sides_one_by_one():
    assert parties_of("Norway and Iceland each") == ("Norway", "Iceland")
    assert parties_of("the Norwegian and Icelandic ministers") == (
        "Norwegian ministers",
        "Icelandic ministers",
    )
    assert parties_of("each side") == ()
    reading = read_question("What do Norway and Iceland each say about the quotas?")
    assert reading.answer_type == SIDES and reading.parties == ("Norway", "Iceland")


def test_the_record_is_json_ready():
    import json

    reading = read_question("What did Solberg say about Iceland?", vocabulary_of(CORPUS))
    record = reading.to_dict()
    assert json.loads(json.dumps(record)) == record
    assert record["speaker"] == "Solberg" and "text" not in record


def test_speaker_phrase_span_covers_the_verb():
    who, span = speaker_phrase("What did the union warn about jobs?")
    assert who == "union" and span is not None


def test_the_kind_of_answer_is_read_from_the_sentence_that_asks():
    from accordingto.questions.words import interrogative

    story = "The old radio voice of the Gulls died this week at 91. Who will replace him?"
    assert interrogative(story) == "Who will replace him?"
    assert read_question(story).answer_type == "person"
    assert read_question(story).fresh == "person"
    # A break after an abbreviation only moves the start back.
    assert interrogative("How many ships did the U.S. Navy send?").startswith("How many")
    assert read_question("How many ships did the U.S. Navy send?").answer_type == "number"


def test_a_source_cited_for_a_fact_is_not_a_request_for_a_statement():
    cited = read_question(
        "Jar prices rose 40%, according to the grocers' association. Which sauce ran short?"
    )
    assert cited.speaker == "grocers' association"
    assert cited.answer_type == "other" and cited.fresh == "name"
    asked = read_question("What did the grocers' association say about prices?")
    assert asked.answer_type == "claim" and asked.fresh is None


def test_a_pronoun_speaker_stands_for_the_person_named_first():
    reading = read_question("Tomas Feld made an announcement on Monday. What did he say?")
    assert reading.speaker == "Tomas Feld"
    assert read_question("What did he say?").speaker is None


def test_a_quantifier_is_not_a_speaker():
    assert read_question("Which region has the most confirmed cases?").speaker is None


def test_the_reading_records_what_a_question_counts():
    reading = read_question("How many Northvale soldiers were killed?")
    assert (reading.counts, reading.counts_whose) == ("soldiers", "Northvale")
    assert reading.counts_event == "killed" and reading.to_dict()["counts_event"] == "killed"
    assert read_question("What does each side say about how many soldiers died?").counts
    assert read_question("Where were the soldiers killed?").counts is None
