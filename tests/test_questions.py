import pytest
from hypothesis import given
from hypothesis import strategies as st

from accordingto.questions import MAX_QUESTION_CHARS, BadQuestion, clean_question


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x01", "<b></b>", "?!", None, 42])
def test_empty_or_non_text_questions_are_refused_clearly(raw):
    with pytest.raises(BadQuestion, match="Please"):
        clean_question(raw)


def test_html_is_ignored_and_the_user_told():
    clean = clean_question('Who said <img src=x onerror="alert(1)"> what?')
    assert "<" not in clean.text and "onerror" not in clean.text
    assert "HTML" in clean.notice


def test_huge_questions_are_cut_and_the_user_told():
    clean = clean_question("casualties " * 10_000)
    assert len(clean.text) <= MAX_QUESTION_CHARS
    assert "limit" in clean.notice


def test_control_characters_become_spaces():
    assert clean_question("who\x07said\u202ethat").text == "who said that"


def test_non_latin_scripts_pass_through():
    assert clean_question("Кто сказал это?").text == "Кто сказал это?"


@given(st.text(max_size=3000))
def test_cleaning_never_crashes_and_bounds_length(raw):
    try:
        clean = clean_question(raw)
    except BadQuestion:
        return
    assert 0 < len(clean.text) <= MAX_QUESTION_CHARS
    assert clean.text == clean.text.strip()


def test_questions_that_refer_back_are_recognised():
    from accordingto.questions import refers_back

    assert refers_back("What did the other side say about that?")
    assert refers_back("And what did they claim?")
    assert not refers_back("What is the capital of France?")
