"""Context: a sentence judged with its paragraph and article, an answer that adds to the
question, and names that must appear together (on articles written for these tests)."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from accordingto import search as search_module
from accordingto.answer import choose, compose, coverage, kinds, widening
from accordingto.answer.coverage import topic_words_unused
from accordingto.answer.units import Unit
from accordingto.index.records import context_units
from accordingto.passages import Passage
from accordingto.questions.reading import fresh_kind, read_question
from accordingto.search import context_scores, search
from accordingto.vocabulary import Vocabulary

QUIZ = Path(__file__).parent / "fixtures" / "quiz"


def _copy_of(articles: Path, work: Path) -> Path:
    shutil.copytree(articles, work / "articles")
    return work / "articles"


@pytest.fixture(scope="module")
def quiz_engine(tmp_path_factory, engine_over):
    work = tmp_path_factory.mktemp("quiz")
    return engine_over(_copy_of(QUIZ, work), work)


def _passage(id, file, start, end, kind="body", paragraph=(0, 100)):
    return Passage(id, file, start, end, "x" * (end - start), kind, *paragraph)


def test_context_units_number_paragraphs_and_articles_in_passage_order():
    passages = [
        _passage(0, "a.txt", 0, 10, kind="heading", paragraph=(0, 10)),
        _passage(1, "a.txt", 12, 30, paragraph=(12, 60)),
        _passage(2, "a.txt", 31, 60, paragraph=(12, 60)),
        _passage(3, "b.txt", 0, 20, paragraph=(0, 20)),
    ]
    units = context_units(passages)
    assert units.paragraph_of.tolist() == [0, 1, 1, 2]
    assert units.article_of.tolist() == [0, 0, 0, 1]
    assert units.paragraphs == [("a.txt", 0, 10), ("a.txt", 12, 60), ("b.txt", 0, 20)]
    assert units.passages_of_paragraph == [[0], [1, 2], [3]]
    # The lead is the first passage of body text, not the heading.
    assert units.lead_of_article == [1, 3] and units.leads == {1, 3}


def test_context_scores_are_scaled_to_the_best_paragraph_and_article(quiz_engine):
    index = quiz_engine.index
    paragraphs, articles = context_scores(index, "seed harvest drought mustard")
    assert paragraphs.max() == pytest.approx(1.0) and articles.max() == pytest.approx(1.0)
    best = index.lookup.context.articles[int(np.argmax(articles))]
    assert "seed harvest" in index.article(best).text
    nothing = context_scores(index, "zzzz qqqq")
    assert not nothing[0].any() and not nothing[1].any()


def test_hits_carry_their_context_and_can_drop_it(quiz_engine):
    question = "Why is mustard scarce in Valdoria?"
    hits = search(quiz_engine.index, question, quiz_engine.embedder.encode([question])[0])
    assert any(h.context > 0 for h in hits)
    alone = hits[0].without_context()
    assert alone.score == pytest.approx(hits[0].score - hits[0].context)


def test_what_an_answer_must_add():
    assert fresh_kind("Which team did he call games for?", "other") == "name"
    assert fresh_kind("Where is the launch pad?", "place") == "place"
    assert fresh_kind("Who runs the mission?", "person") == "person"
    assert fresh_kind("How many jars may a customer buy?", "number") == "number"
    assert fresh_kind("What did Lindgren say about the harvest?", "claim") is None
    assert fresh_kind("Why was the launch postponed?", "other") is None
    assert read_question("What is her name?").fresh == "name"
    # A question asking only what a name stands for wants it described.
    assert fresh_kind("What is the Brenna Council?", "other") == "definition"
    assert fresh_kind("Who was Ilse Varga?", "person") == "definition"
    assert fresh_kind("Who is the harbour master?", "person") == "person"
    assert fresh_kind("Who is the CEO?", "person") == "person"
    assert fresh_kind("What is the tallest ferry?", "other") is None
    assert fresh_kind("The ferry sailed to which country?", "place") == "country"
    assert fresh_kind("Which nation's envoys left?", "other") == "country"
    # A state, a county or an island is a place: a name that is not one does not answer.
    assert read_question("Which state approved the ferry levy?").fresh == "place"
    assert read_question("Which island did the ferry reach?").fresh == "place"


def test_a_definition_is_the_name_followed_by_what_it_is():
    asked = kinds.asked_words("What is the Brenna Council?")
    assert kinds.defines("It is run by the Brenna Council, a body of five towns.", asked)
    assert kinds.defines("The Brenna Council, set up in 1987, runs it.", asked)
    assert kinds.defines("It is the Brenna Council that was formed in 1987.", asked)
    assert kinds.defines("The Brenna Council is a body of five towns.", asked)
    # The name must be the one described, and whole: not the word before it, not part of it.
    assert not kinds.defines("Port Aldis, which hosts the Brenna Council, is small.", asked)
    assert not kinds.defines("The Council, a body of five towns, met.", asked)
    assert not kinds.defines("The Brenna Council met on Tuesday.", asked)
    assert not kinds.defines("The Brenna Council, a body.", kinds.asked_words("What is it?"))
    # A person is described by the role before their name, as news writing introduces them.
    who = kinds.asked_words("Who is Ilse Varga?")
    assert kinds.defines("“Enough,” said harbour master Ilse Varga.", who)
    assert kinds.defines("Mayor Ilse Varga opened the quay.", who)
    assert not kinds.defines("The new ferry Ilse Varga sailed at noon.", who)
    assert not kinds.defines("Ilse Varga spoke at noon.", who)


def test_a_fresh_answer_is_one_the_question_does_not_already_give(quiz_engine):
    vocabulary = quiz_engine.index.vocabulary
    question = "Which team did Milo Brannigan call games for?"
    gulls = "Brannigan called the Harbor City Gulls games."
    assert kinds.fresh_answer("name", gulls, question, vocabulary)
    assert not kinds.fresh_answer("name", "Brannigan called 9,000 games.", question, vocabulary)
    assert kinds.fresh_answer("number", "He called 9,000 games.", question, vocabulary)
    assert not kinds.fresh_answer("number", "He called 9,000 games.", "Was it 9,000?", vocabulary)
    # A place is asked for: a person's name is not one, a place the corpus knows is.
    where = "Where did Tomas Feld work?"
    assert not kinds.fresh_answer("place", "Carla Obuya spoke.", where, vocabulary)
    assert kinds.fresh_answer("place", "He flew from Valdoria.", where, vocabulary)
    assert kinds.fresh_answer("person", "Carla Obuya spoke.", where, vocabulary)


def test_a_continent_answers_where_whatever_the_parser_called_it():
    # The parser may tag a continent in the possessive as an organisation, so no article
    # makes it a place.
    vocabulary = Vocabulary(names={"africa", "halden", "obuya"}, places=set())
    where = "Where is the Halden lake?"
    assert kinds.fresh_answer("place", "Africa’s Halden lake is shrinking.", where, vocabulary)
    assert not kinds.fresh_answer(
        "place", "Carla Obuya measured the Halden lake.", where, vocabulary
    )
    # A name that spells a country still answers "who" when the articles never use it as a
    # place.
    jordan = Vocabulary(names={"jordan"}, places=set())
    assert kinds.fresh_answer("person", "Jordan measured it.", where, jordan)


def test_which_country_is_answered_by_a_country_not_a_town_in_it():
    vocabulary = Vocabulary(names={"varrow", "chile", "peru"}, places={"varrow", "chile"})
    question = "The ferry company opened an office in which country?"
    assert kinds.fresh_answer("place", "It opened in Varrow.", question, vocabulary)
    assert not kinds.fresh_answer("country", "It opened in Varrow.", question, vocabulary)
    assert kinds.fresh_answer("country", "It opened in Chile.", question, vocabulary)
    assert kinds.fresh_answer("country", "Chilean towns welcomed it.", question, vocabulary)
    # A country the question names is no answer to it.
    assert not kinds.fresh_answer(
        "country", "It left Peru.", "Which country after Peru?", vocabulary
    )


def test_words_a_title_case_heading_makes_names_are_not_fresh_answers():
    # Title-case headings put "There", "On" and weekdays among a collection's names.
    vocabulary = Vocabulary(names={"there", "on", "monday", "harbor", "quay", "co", "op"})
    question = "Which company rebuilt the quay?"
    assert not kinds.fresh_answer("name", "There was one problem with it.", question, vocabulary)
    assert not kinds.fresh_answer("name", "On Monday, the work began.", question, vocabulary)
    assert kinds.fresh_answer("name", "On Monday, Harbor Works began.", question, vocabulary)
    assert not kinds.fresh_answer("name", "Monday's work began.", question, vocabulary)
    # A hyphenated name is kept by its parts; a part the question has is no fresh answer.
    assert kinds.fresh_answer("name", "The Co-op rebuilt it.", question, vocabulary)
    assert not kinds.fresh_answer("name", "The Co-op rebuilt it.", "Did the Co win?", vocabulary)
    assert not kinds.fresh_answer("name", "Harbor rebuilt it.", "Was it Harbor-2?", vocabulary)
    # An acronym stays a name even when it spells a closed-class word.
    assert kinds.fresh_answer("name", "The UP team rebuilt it.", question, Vocabulary({"up"}))


def test_a_quiz_question_gets_the_sentence_that_answers_it_first(quiz_engine, monkeypatch):
    question = "Radio voice Milo Brannigan died this week at 91. Which team did he call games for?"
    answer = quiz_engine.ask(question)
    assert answer.answered and "Harbor City Gulls" in answer.quotes[0].text
    # Without the article's words around it, the lead bonus and the preference for a quote
    # that adds a name, the headline and the sentence restating the question come first.
    monkeypatch.setattr(choose, "FRESH_BONUS", 0.0)
    monkeypatch.setattr(search_module, "LEAD_BONUS", 0.0)
    monkeypatch.setattr(search_module, "ARTICLE_WEIGHT", 0.0)
    monkeypatch.setattr(search_module, "PARAGRAPH_WEIGHT", 0.0)
    assert "Harbor City Gulls" not in quiz_engine.ask(question).quotes[0].text


def test_what_a_name_is_is_answered_by_the_sentence_that_says_so(quiz_engine, monkeypatch):
    question = "What is the Brenna Council?"
    described = "a body of five river towns"
    assert described in quiz_engine.ask(question).quotes[0].text
    # Without it, a sentence that only uses the name matches the question better.
    monkeypatch.setattr(kinds, "defines", lambda text, asked: False)
    assert described not in quiz_engine.ask(question).quotes[0].text


def _unused(engine, question):
    index = engine.index
    return topic_words_unused(index, read_question(question, index.vocabulary))


def test_a_question_whose_words_for_what_it_asks_the_articles_never_use(quiz_engine):
    assert _unused(quiz_engine, "Why was Aurora renamed?") == ("renamed",)
    assert _unused(quiz_engine, "Why did Aurora postpone its launch?") == ()
    # What a speaker said is judged by its topic, not refused for its words.
    assert _unused(quiz_engine, "What did Tomas Feld say about a new name?") == ()


def test_a_question_that_names_nothing_is_known_by_each_of_its_words(quiz_engine):
    # One noun the articles never use is enough when there are no names to go by; a verb
    # ("caused") or an adjective ("enormous") they never use is not.
    assert _unused(quiz_engine, "What caused the landslide at the stadium?") == ("landslide",)
    assert _unused(quiz_engine, "Which enormous jar was limited?") == ()
    assert _unused(quiz_engine, "Why did the seal leak?") == ()
    # Its figures are not words the articles must use ("nine" may stand for 9).
    assert _unused(quiz_engine, "Who called 77 games from the booth?") == ()
    # With a name, a word for what it asks is refused only when the articles use none.
    assert _unused(quiz_engine, "What caused the Aurora leak?") == ()


@pytest.mark.parametrize(
    ("question", "refusal"),
    [
        ("Why was Aurora renamed?", "These articles mention Aurora but never use “renamed”,"),
        ("What caused the landslide at the stadium?", "These articles never use “landslide”,"),
    ],
)
def test_such_a_question_is_refused_unless_it_is_close_to_a_passage(
    quiz_engine, monkeypatch, question, refusal
):
    monkeypatch.setattr(compose, "REFUSAL_MARGIN", 1.0)  # never close enough to be trusted
    refused = quiz_engine.ask(question)
    assert not refused.answered and refused.message.startswith(refusal)
    monkeypatch.setattr(compose, "REFUSAL_MARGIN", -1.0)  # always close: answered as before
    assert quiz_engine.ask(question).answered


def test_names_the_articles_never_use_together_are_refused(quiz_engine):
    apart = quiz_engine.ask("What did Tomas Feld say about Valdoria?")
    assert not apart.answered
    assert "Tomas Feld and Valdoria together" in apart.message
    year = quiz_engine.ask("What happened to the Aurora rocket in 2016?")
    assert not year.answered and "2016" in year.message
    together = quiz_engine.ask("What did Tomas Feld say about the Aurora launch?")
    assert together.answered


def test_an_ordinal_must_appear_beside_the_names_it_qualifies(quiz_engine):
    # An ordinal in figures is as exact a detail as a year.
    missing = quiz_engine.ask("What did the Brenna Council agree at its 14th meeting?")
    assert not missing.answered and "14th" in missing.message
    index = quiz_engine.index

    def apart(question):
        return coverage.names_apart(index, read_question(question, index.vocabulary))

    assert apart("What did the Brenna Council agree at its 14th meeting?")
    # The first nine are usually spelled out: "3rd" is held by an article saying "third".
    assert apart("What did the Brenna Council agree at its 3rd meeting?") == ()
    # The day of a date is no ordinal to look for: articles write "May 14".
    assert apart("What did the Brenna Council agree on May 14th?") == ()


def test_ordinals_are_read_in_figures_only():
    assert coverage._ordinals("its 14th meeting, the 2nd time, 1990s, 14TH, 4th.") == [
        ("14th", 14),
        ("2nd", 2),
        ("4th", 4),
    ]
    assert coverage._ordinals("the first and third time, a 3rdparty") == []
    assert coverage._ordinals("on May 14th, the 3rd of June, Sept. 2nd") == []


def _whole_passage_unit(engine, opening):
    passage = next(p for p in engine.index.passages if p.text.startswith(opening))
    statements = engine.index.lookup.statements_within(
        engine.index, passage.file, passage.start, passage.end
    )
    best = choose.statement_at(statements, passage.start, passage.end)
    return Unit(passage, passage.start, passage.end, best, 1.0, 1.0, 1.0)


def test_a_quote_takes_in_its_short_paragraph_when_one_voice_speaks(quiz_engine):
    unit = _whole_passage_unit(quiz_engine, "Prices for a standard jar")
    wide = widening.widened(quiz_engine.index, unit)
    text = quiz_engine.index.article(unit.passage.file).text
    assert (wide.start, wide.end) == (unit.passage.paragraph_start, unit.passage.paragraph_end)
    assert text[wide.start : wide.end].endswith("stopped ordering it altogether.")


def test_a_quote_is_not_widened_over_another_voice(quiz_engine):
    unit = _whole_passage_unit(quiz_engine, "Store managers blame the weather")
    assert unit.passage.end < unit.passage.paragraph_end  # there is more to take in
    assert widening.widened(quiz_engine.index, unit) == unit


def test_a_quote_is_kept_when_close_to_the_best_on_its_own_words():
    passage = _passage(0, "a.txt", 0, 10)
    lifted = Unit(passage, 0, 10, None, score=1.5, dense=0.8, topic=0.8, context=0.5)
    plain = Unit(passage, 0, 5, None, score=0.9, dense=0.9, topic=0.9)
    weak = Unit(passage, 5, 10, None, score=0.5, dense=0.5, topic=0.5)
    assert choose.not_far_below([lifted, plain, weak], 0.3) == [lifted]
    kept = choose.not_far_below([lifted, plain, weak], 0.3, or_own=True)
    assert kept == [lifted, plain]


# --- a quote that takes in the sentence beside it ---------------------------------------------

NEIGHBOURS = Path(__file__).parent / "fixtures" / "neighbours"
FILM_QUESTION = "Which film won the best picture award at the Lakeshore festival?"


@pytest.fixture(scope="module")
def neighbours_engine(tmp_path_factory, engine_over):
    work = tmp_path_factory.mktemp("neighbours")
    return engine_over(_copy_of(NEIGHBOURS, work), work)


def _beside(engine, opening, question):
    unit = _whole_passage_unit(engine, opening)
    return unit, widening.with_answering_neighbour(
        engine.index, unit, read_question(question).fresh, kinds.asked_words(question)
    )


def test_a_quote_without_the_answer_takes_in_the_sentence_beside_it_that_has_it(
    neighbours_engine,
):
    unit, wide = _beside(neighbours_engine, "The best picture award went", FILM_QUESTION)
    text = neighbours_engine.index.article(unit.passage.file).text
    assert (wide.start, wide.end) != (unit.start, unit.end)
    quoted = text[wide.start : wide.end]
    assert quoted.startswith("The best picture award went") and quoted.endswith("Anneli Voss.")
    assert "\n\n" in quoted  # two paragraphs of one sentence each
    # The sentence before it names nothing new either: it is not taken in.
    assert "jury" not in quoted


def test_a_quote_that_holds_the_answer_or_would_grow_too_long_stays_as_it_is(
    neighbours_engine, monkeypatch
):
    unit, same = _beside(neighbours_engine, "It was Salt and Embers", FILM_QUESTION)
    assert same == unit
    monkeypatch.setattr(widening, "NEIGHBOUR_QUOTE_CHARS", 60)
    unit, same = _beside(neighbours_engine, "The best picture award went", FILM_QUESTION)
    assert same == unit


def test_a_quote_is_not_widened_over_another_speakers_words(neighbours_engine):
    question = "Which company won the contract for the bridge repairs?"
    unit, same = _beside(neighbours_engine, "The council said the contract", question)
    assert unit.statement is not None  # the council's, beside the engineer's quote
    assert same == unit


def test_the_answer_beside_the_best_match_is_quoted_once(neighbours_engine, monkeypatch):
    answer = neighbours_engine.ask(FILM_QUESTION)
    assert answer.answered and "Salt and Embers" in answer.quotes[0].text
    assert answer.quotes[0].text.startswith("The best picture award went")
    assert "\n>\n> It was" in answer.message  # the second paragraph stays in the block quote
    monkeypatch.setattr(widening, "NEIGHBOUR_QUOTE_CHARS", 0)
    alone = neighbours_engine.ask(FILM_QUESTION)
    assert "Salt and Embers" not in alone.quotes[0].text


def test_a_sentence_already_quoted_with_its_neighbour_is_not_quoted_again(neighbours_engine):
    from accordingto.answer.ordering import diversify

    unit, wide = _beside(neighbours_engine, "The best picture award went", FILM_QUESTION)
    answer_alone = _whole_passage_unit(neighbours_engine, "It was Salt and Embers")
    chosen = diversify(neighbours_engine.index, [wide, answer_alone], k=5)
    assert chosen == [wide]
    # Units that do not overlap are both kept.
    assert len(diversify(neighbours_engine.index, [unit, answer_alone], k=5)) == 2


def test_places_left_empty_are_filled_from_the_first_quotes_article_only(neighbours_engine):
    from dataclasses import replace

    from accordingto.answer.ordering import filled_from_first_article

    index = neighbours_engine.index

    def unit(opening, score):
        return replace(_whole_passage_unit(neighbours_engine, opening), score=score)

    first = unit("The best picture award went", 1.0)
    same_article = [unit("It was Salt and Embers", 0.4), unit("Tickets for next year", 0.3)]
    elsewhere = unit("Shops on both banks", 0.45)
    candidates = [first, *same_article, elsewhere]
    filled = filled_from_first_article(index, [first], candidates, k=5)
    # The chosen quote keeps its place; only its own article's sentences fill the rest (in
    # the order of maximal marginal relevance), and a weak match in another article does not.
    assert filled[0] == first
    assert sorted(u.key for u in filled[1:]) == sorted(u.key for u in same_article)
    assert elsewhere not in filled
    # A full list, or an empty one, is left as it is.
    assert filled_from_first_article(index, [first], candidates, k=1) == [first]
    assert filled_from_first_article(index, [], candidates, k=5) == []


def test_a_quote_over_two_paragraphs_is_shown_with_both(neighbours_engine):
    from accordingto.web.render import quote_in_paragraph

    quote = neighbours_engine.ask(FILM_QUESTION).quotes[0]
    assert "\n\n" in quote.text and quote.context.find(quote.text) >= 0
    shown = quote_in_paragraph(neighbours_engine, quote)
    # Each paragraph is shown, and marked, as the article viewer does.
    assert shown.count("<br><br>") == 1 and shown.count("<mark") == 2
    assert "expected to win.</mark><br><br><mark" in shown


def test_quotes_whose_speakers_are_unclear_are_not_joined(neighbours_engine):
    question = "How many years did the mill worker spend there?"
    unit, same = _beside(neighbours_engine, "“Nobody told us anything", question)
    assert unit.statement is not None and unit.statement.unclear
    assert same == unit  # two unnamed voices may be two people


def test_the_passages_a_widened_quote_takes_in_are_all_covered(neighbours_engine):
    from accordingto.answer.ordering import covered, takes_in_any

    index = neighbours_engine.index
    unit, wide = _beside(neighbours_engine, "The best picture award went", FILM_QUESTION)
    answer_alone = _whole_passage_unit(neighbours_engine, "It was Salt and Embers")
    assert widening.passages_of(index, unit) == [unit.passage.id]
    assert widening.passages_of(index, wide) == [unit.passage.id, answer_alone.passage.id]
    # A later list (the speaker-first answer's "others") does not quote the sentence again.
    assert takes_in_any(index, answer_alone, covered(index, [wide]))
    assert not takes_in_any(index, answer_alone, covered(index, [unit]))
