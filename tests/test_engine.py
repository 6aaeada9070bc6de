import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordingto.answer import NOT_COVERED
from accordingto.answer.render import NO_SHARED_WORDS
from accordingto.questions import MAX_QUESTION_CHARS

QUOTE_KEYS = {
    "rank", "text", "start", "end", "context", "kind", "source", "speaker", "score",
    "also_reported_by", "attribution", "group", "figures",
}  # fmt: skip
ANALYSIS_KEYS = {
    "answer_type", "speaker", "entities", "missing", "topic", "outlets", "verb", "parties",
    "speakers",
}  # fmt: skip


def assert_contract(result: dict, seeds_dir):
    assert set(result) - {"question_analysis"} == {
        "question", "answered", "message", "notice", "error", "quotes"
    }  # fmt: skip
    if "question_analysis" in result:
        assert set(result["question_analysis"]) >= ANALYSIS_KEYS
    assert isinstance(result["question"], str) and isinstance(result["message"], str)
    if not result["answered"]:
        assert result["quotes"] == []
    for number, quote in enumerate(result["quotes"], start=1):
        assert set(quote) == QUOTE_KEYS
        assert quote["rank"] == number
        assert quote["kind"] in {"body", "heading", "caption", "embed"}
        for figure in quote["figures"]:
            assert figure["text"] in quote["text"]
        assert set(quote["source"]) >= {"file", "outlet", "title", "date"}
        text = (seeds_dir / quote["source"]["file"]).read_text(encoding="utf-8")
        assert text[quote["start"] : quote["end"]] == quote["text"]
        assert quote["text"] in quote["context"]
        for other in quote["also_reported_by"]:
            assert set(other) == {"file", "start", "end"}
            assert other["file"] != quote["source"]["file"]
    json.dumps(result)  # must be JSON-serialisable as is


def passage_words(engine):
    words = sorted({w.strip(".,“”\"'") for p in engine.index.passages for w in p.text.split()})
    return [w for w in words if w.isalpha()]


def test_answers_follow_the_json_contract(engine, built_index_dir):
    passage = engine.index.passages[len(engine.index.passages) // 2]
    result = engine.ask(passage.text, k=3).to_dict()
    assert result["answered"]
    assert 1 <= len(result["quotes"]) <= 3
    assert_contract(result, built_index_dir / "seeds")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_quote_is_a_verbatim_slice_for_any_question(engine, built_index_dir, data):
    words = data.draw(st.lists(st.sampled_from(passage_words(engine)), min_size=1, max_size=8))
    noise = data.draw(st.text(max_size=20))
    result = engine.ask(" ".join(words) + noise, k=data.draw(st.integers(1, 8))).to_dict()
    assert_contract(result, built_index_dir / "seeds")


@pytest.mark.parametrize(
    "question",
    [
        "What is the boiling point of liquid nitrogen in a pressure cooker?",
        "Recommend a good pasta recipe with mushrooms.",
        "How do I install a printer driver on my laptop?",
    ],
)
def test_questions_outside_the_articles_get_the_refusal(engine, question):
    answer = engine.ask(question)
    assert not answer.answered
    # Nothing close enough, no word the articles use at all (a pasta recipe), or a thing
    # it names that the articles never do.
    assert answer.message in (NOT_COVERED, NO_SHARED_WORDS) or answer.message.startswith(
        "These articles never use “"
    )
    assert answer.to_dict()["quotes"] == []


def test_a_sentence_from_the_articles_is_answered_with_itself(engine):
    """Asked a sentence of the articles, the answer quotes it (whole, or each statement in it
    under its own speaker), or a restatement or near-copy of it."""
    for passage in engine.index.passages[::15]:
        answer = engine.ask(passage.text)
        assert answer.answered
        same = {passage.id, *engine.index.restatements.get(passage.id, [])}
        same |= set(engine.index.duplicates.get(passage.id, []))
        places = [(p.file, p.start, p.end) for p in (engine.index.passages[i] for i in same)]
        assert any(
            q.source.file == f and q.start < e and q.end > s
            for q in answer.quotes
            for f, s, e in places
        ), (passage.text, [q.text for q in answer.quotes])


@pytest.mark.parametrize(
    "question, says",
    [
        ("", "Please type a question"),
        ("\x00\x1b[31m\x07", "Please type a question"),
        ("<script>alert(1)</script>", "Please type a question"),
    ],
)
def test_bad_questions_get_a_clear_message_not_a_traceback(engine, question, says):
    answer = engine.ask(question)
    assert not answer.answered and says in answer.message


def test_html_in_a_question_never_reaches_the_answer(engine):
    passage = engine.index.passages[0]
    answer = engine.ask(f"<img src=x onerror=alert(1)> {passage.text}")
    assert "onerror" not in answer.question and "<img" not in answer.message
    assert "HTML" in answer.message


def test_a_huge_question_is_cut_and_the_user_told(engine):
    answer = engine.ask("What happened? " * 7000)
    assert len(answer.question) <= MAX_QUESTION_CHARS
    assert "limit" in answer.message


def test_non_latin_questions_are_answered_or_refused_cleanly(engine):
    for question in ["Кто сказал это?", "谁说的？", "مَن قال ذلك؟"]:
        answer = engine.ask(question)
        assert isinstance(answer.answered, bool) and answer.message


def test_k_is_bounded(engine):
    passage = engine.index.passages[0]
    assert len(engine.ask(passage.text, k=1000).quotes) <= 20
    assert len(engine.ask(passage.text, k=0).quotes) == 1


def test_a_follow_up_widens_the_search_but_quotes_stay_verbatim(engine, built_index_dir):
    passage = max(engine.index.passages, key=lambda p: len(p.text))
    alone = engine.ask("what else was said about that?")
    followed = engine.ask("what else was said about that?", follow_up_to=passage.text)
    assert followed.answered
    assert followed.quotes[0].text == passage.text or not alone.answered
    assert_contract(followed.to_dict(), built_index_dir / "seeds")


def test_quotes_are_attributed_and_grouped(engine):
    attributed = [s for s in engine.statements() if s.kind != "outlet" and s.speaker_canonical]
    statement = max(attributed, key=lambda s: len(s.text))
    answer = engine.ask(statement.text)
    first = next(q for q in answer.quotes if q.start <= statement.start < q.end)
    assert first.speaker == statement.speaker_canonical
    assert first.attribution.speaker == statement.speaker_canonical
    assert first.group
    assert statement.speaker_canonical in answer.message


def test_speakers_list_aliases_and_counts(engine):
    rows = engine.speakers()
    assert rows and all(row["statements"] >= 1 for row in rows)
    counts = [row["statements"] for row in rows]
    assert counts == sorted(counts, reverse=True)


def test_a_follow_up_that_stands_alone_is_judged_on_its_own(engine):
    previous = max(engine.index.passages, key=lambda p: len(p.text)).text
    question = "Recommend a good pasta recipe with mushrooms."
    assert not engine.ask(question, follow_up_to=previous).answered


class _Watched(list):
    """A list that counts the items read from it and refuses to be walked whole."""

    def __init__(self, items):
        super().__init__(items)
        self.read = 0

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self.read += len(value) if isinstance(key, slice) else 1
        return value

    def __iter__(self):
        raise AssertionError("a question walked every record of the corpus")


def _statements_read(engine, statements, question) -> int:
    """How many statements answering ``question`` reads when the index holds these."""
    from dataclasses import replace

    index = replace(engine.index, statements=list(statements))
    _ = index.lookup  # built once per index, before any question (walking them is allowed)
    index.statements = _Watched(statements)
    index.passages = _Watched(engine.index.passages)
    engine.index, before = index, engine.index
    try:
        engine.ask(question)
    finally:
        engine.index = before
    assert index.passages.read < 1000
    return index.statements.read


@pytest.mark.parametrize(
    "question",
    [
        "How many civilians were killed?",
        "What did Armenia's defense ministry say?",
        "Who does each side blame?",
        "What did Emmanuel Macron say about the fighting?",
    ],
)
def test_what_a_question_reads_does_not_grow_with_the_statements(engine, question):
    """What an ask costs must not grow with the corpus: statements and passages are reached
    through the index's lookup tables, never by walking all of them. Ten thousand statements
    of an article no question reaches must leave the count read unchanged."""
    from dataclasses import replace

    statements = list(engine.index.statements)
    model = statements[0]
    padding = [
        replace(model, file="padding.txt", start=10 * i, end=10 * i + 9, speaker_canonical="Pad")
        for i in range(10_000)
    ]
    assert _statements_read(engine, statements + padding, question) == _statements_read(
        engine, statements, question
    )
