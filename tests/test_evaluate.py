import pytest

from accordingto.answer import Answer, Quote, Source
from accordingto.evaluate import QuestionResult, gold_ranks, run_questions, summarize


def answer_with(*texts):
    source = Source("a.txt", None, None, None)
    quotes = tuple(
        Quote(i, t, 0, len(t), t, "body", source, 1.0) for i, t in enumerate(texts, start=1)
    )
    return Answer("q", bool(quotes), "m", quotes, diagnostics={"best_similarity": 0.5})


def test_gold_items_are_found_by_any_alternative_case_insensitively():
    answer = answer_with("Nothing here.", "The TALKS began on Monday.")
    assert gold_ranks(answer, [["began on monday", "x"], ["absent"]]) == [2, None]


def test_recall_and_reciprocal_rank():
    result = QuestionResult("1", "q", True, True, (2, None), 0.5, (10,), 0.01)
    assert result.recall_at(1) == 0
    assert result.recall_at(2) == 0.5
    assert result.reciprocal_rank == 0.5


def test_summary_counts_abstentions_both_ways():
    answers = {
        "in": answer_with("The talks began on Monday."),
        "out": answer_with(),
        "missed": answer_with(),
    }
    rows = [
        {"id": "in", "q": "in", "gold": [["talks began"]]},
        {"id": "out", "q": "out", "gold": []},
        {"id": "missed", "q": "missed", "gold": [["anything"]]},
    ]
    figures = summarize(run_questions(answers.__getitem__, rows))
    assert figures["recall@1"] == pytest.approx(0.5)
    assert figures["correct_abstention"] == 1.0
    assert figures["wrong_abstention"] == pytest.approx(0.5)
    assert figures["median_quote_chars"] == len("The talks began on Monday.")


def test_quotes_that_are_not_the_articles_text_are_counted():
    answers = {"q": answer_with("The talks began.", "Not in the article.")}
    rows = [{"id": "q", "q": "q", "gold": [["talks"]]}]
    texts = {"a.txt": "The talks began."}
    figures = summarize(run_questions(answers.__getitem__, rows, texts.__getitem__))
    assert figures["quotes"] == 2 and figures["quotes_not_verbatim"] == 1
    unchecked = summarize(run_questions(answers.__getitem__, rows))
    assert unchecked["quotes_not_verbatim"] == 0
