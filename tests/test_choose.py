"""What an answer quotes: refusals that say why, statements as quotes with one voice each,
the asked speaker first, claims lists in a neutral order, less noise."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordingto.answer.choose import cue_class, on_topic, segment
from accordingto.answer.kinds import gives
from accordingto.attribution import Statement
from accordingto.passages import Passage

# --- refusing what the articles do not cover -------------------------------------------------


def test_an_absent_person_is_named_in_the_refusal(other_engine):
    answer = other_engine.ask("What did Danish Prime Minister Mette Holm say about the quotas?")
    assert not answer.answered and answer.quotes == ()
    assert "do not mention" in answer.message and "Mette Holm" in answer.message


def test_an_absent_organisation_is_named_in_the_refusal(other_engine):
    answer = other_engine.ask("How did Greenpeace react to the mackerel talks?")
    assert not answer.answered and "Greenpeace" in answer.message


def test_an_absent_event_is_named_in_the_refusal(other_engine):
    answer = other_engine.ask("What did the Copenhagen Accord of 2031 set as the quota?")
    assert not answer.answered and "Copenhagen Accord" in answer.message


def test_what_someone_said_on_no_topic_quotes_them_alone(other_engine):
    answer = other_engine.ask("What did Ingrid Dahl say?")
    assert answer.answered and answer.quotes
    assert {q.speaker for q in answer.quotes} == {"Ingrid Dahl"}
    assert "Others" not in answer.message


def test_a_present_person_on_a_topic_they_never_spoke_on(other_engine):
    answer = other_engine.ask("What did Ingrid Dahl say about the arbitration proposal?")
    assert answer.answered
    assert answer.message.startswith("Ingrid Dahl is not quoted on this in these articles.")
    assert answer.analysis["not_quoted"]
    assert all(q.attribution.speaker != "Ingrid Dahl" for q in answer.quotes)


def test_the_asked_speakers_statements_come_first(other_engine):
    answer = other_engine.ask("What did the mayor say about the library branches?")
    assert answer.answered and answer.quotes[0].asked
    asked = [q.asked for q in answer.quotes]
    assert asked == sorted(asked, reverse=True), "others' statements come after"


def test_a_number_question_gets_quotes_with_a_number(other_engine):
    answer = other_engine.ask("How many jobs depend on the mackerel fleet?")
    assert answer.answered and all(gives("number", q.text) for q in answer.quotes)


def test_the_kind_of_answer_is_checked():
    assert gives("number", "About 200 people were hurt") and gives("number", "six died")
    assert not gives("number", "The talks collapsed")
    assert gives("date", "on Thursday") and gives("date", "since 2018")
    assert not gives("date", "The talks collapsed")
    # A relative time or a span answers "when" too.
    assert gives("date", "it will be at least a few weeks before it flies")
    assert gives("date", "boosters available next month") and gives("date", "in two years")


# --- statements as the unit ---------------------------------------------------------------------


def test_a_sentence_with_two_voices_is_quoted_as_two_statements(nlp):
    from accordingto.attribution import extract_statements
    from accordingto.corpus import parse_article

    text = (
        "About 40 people were hurt, the harbour board said, while the city police said "
        "three officers were injured.\n"
    )
    article = parse_article("t.txt", text)
    statements = extract_statements(article, nlp)
    passage = Passage(0, "t.txt", 0, len(text) - 1, text[:-1], "body", 0, len(text) - 1)
    parts = segment(text, passage, statements)
    assert len(parts) == 2
    (a0, a1, first), (b0, b1, second) = parts
    assert "harbour board" in (first.speaker_canonical or "")
    assert "police" in (second.speaker_canonical or "")
    assert text[a0:a1] == "About 40 people were hurt, the harbour board said"
    assert text[b0:b1] == "the city police said three officers were injured."


def _said(text, speaker, mention, cue, content, until):
    """A statement of ``text``: each argument after the speaker is where a phrase begins."""
    at = text.index
    cue_start = at(cue)
    start = at(content)
    return Statement(
        "t.txt", start, at(until) if until else len(text) - 1, text[start:], speaker,
        speaker, None, cue, "indirect", 0.98, cue_start, cue_start + len(cue), at(mention),
        at(mention) + len(mention),
    )  # fmt: skip


def test_two_statements_of_one_named_speaker_are_two_parts():
    text = (
        "The council said crews had cleared the quay, and spokeswoman Dana Kessler pointed "
        "to silt and said two dredgers had failed.\n"
    )
    mention = "spokeswoman Dana Kessler"
    statements = [
        _said(text, "council", "The council", "said", "crews had", ", and spokeswoman"),
        _said(text, "Dana Kessler", mention, "pointed", "to silt", " and said two"),
        _said(text, "Dana Kessler", mention, "said two", "two dredgers", None),
    ]
    passage = Passage(0, "t.txt", 0, len(text) - 1, text[:-1], "body", 0, len(text) - 1)
    parts = [text[a:b] for a, b, _ in segment(text, passage, statements)]
    # The second statement names its speaker with the first one's words, and starts at its
    # own cue rather than vanishing into the first.
    assert parts == [
        "The council said crews had cleared the quay",
        "spokeswoman Dana Kessler pointed to silt",
        "said two dredgers had failed.",
    ]


def test_a_statement_reported_inside_another_is_part_of_it():
    text = "Dana Kessler said riders keep asking the port to add sailings, and the mayor agreed.\n"
    statements = [
        _said(text, "Dana Kessler", "Dana Kessler", "said", "riders keep", ", and the"),
        _said(text, "riders", "riders", "asking", "the port to", ", and the"),
        _said(text, "mayor", "the mayor", "agreed", "agreed", None),
    ]
    passage = Passage(0, "t.txt", 0, len(text) - 1, text[:-1], "body", 0, len(text) - 1)
    parts = [(text[a:b], st.speaker) for a, b, st in segment(text, passage, statements)]
    # What she says the riders ask is her statement, not theirs; the mayor's is his own.
    assert parts[0] == (
        "Dana Kessler said riders keep asking the port to add sailings",
        "Dana Kessler",
    )
    assert [speaker for _, speaker in parts] == ["Dana Kessler", "mayor"]


def test_parts_of_one_passage_are_ordered_by_the_questions_words():
    from accordingto.answer.choose import parts_by_question_words
    from accordingto.answer.units import Unit

    text = "The council said the quay was shut, and Dana Kessler said two dredgers had failed."
    passage = Passage(0, "t.txt", 0, len(text), text, "body", 0, len(text))
    first = Unit(passage, 0, 34, None, 1.0, 1.0, 1.0)
    second = Unit(passage, 40, len(text), None, 1.0, 1.0, 1.0)
    whole = Unit(Passage(1, "u.txt", 0, 9, "Dredgers.", "body", 0, 9), 0, 9, None, 1.0, 1.0, 1.0)
    units = [first, second, whole]
    texts = [text[0:34], text[40:], "Dredgers."]
    raised = parts_by_question_words(units, texts, "What failed at the dredgers?")
    assert raised[1].score > raised[0].score == 1.0
    # Far below any gap between two passages' scores, and a passage quoted whole is as it was.
    assert raised[1].score - 1.0 < 1e-4 and raised[2] == whole


def other_voices_inside(engine, quote) -> list[Statement]:
    """Attributed statements of another speaker whose cue lies inside a quote, unless the
    quote's speaker reports them ("She told them …, said her spokesman"): the statement,
    cue and all, lies within one of the speaker's own."""
    found = []
    within = engine.index.lookup.statements_within(
        engine.index, quote.source.file, quote.start, quote.end
    )
    own = [s for s in within if s.speaker_canonical == quote.speaker]
    for statement in within:
        if statement.kind == "outlet" or not statement.speaker_canonical:
            continue
        if statement.speaker_canonical == quote.speaker:
            continue
        reported = any(
            o.start <= min(statement.start, statement.cue_start) and statement.end <= o.end
            for o in own
        )
        if reported:
            continue
        if statement.cue_start >= 0 and quote.start <= statement.cue_start < quote.end:
            found.append(statement)
    return found


def ask_many(engine) -> list:
    questions = [p.text for p in engine.index.passages[::3]]
    questions += [f"What did {s['speaker']} say?" for s in engine.index.speakers[:15]]
    return [engine.ask(q, k=8) for q in questions]


def test_no_quote_carries_another_speakers_attributed_clause(engine, other_engine):
    for each in (engine, other_engine):
        for answer in ask_many(each):
            for quote in answer.quotes:
                others = other_voices_inside(each, quote)
                assert not others, (quote.text, quote.speaker, [s.speaker for s in others])


def test_headings_and_signatures_are_never_anyones_statement(engine, other_engine):
    for each in (engine, other_engine):
        for answer in ask_many(each):
            for quote in answer.quotes:
                if quote.kind == "heading":
                    assert quote.attribution.kind == "outlet" and quote.speaker is None
                assert not (quote.text.startswith(("—", "–")) and "(@" in quote.text)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_quote_is_a_verbatim_slice_for_speaker_questions(engine, built_index_dir, data):
    speaker = data.draw(st.sampled_from([s["speaker"] for s in engine.index.speakers]))
    topic = data.draw(st.sampled_from(["the fighting", "casualties", "talks", "", "Turkey"]))
    question = f"What did {speaker} say" + (f" about {topic}?" if topic else "?")
    for quote in engine.ask(question, k=data.draw(st.integers(1, 20))).quotes:
        text = (built_index_dir / "seeds" / quote.source.file).read_text(encoding="utf-8")
        assert text[quote.start : quote.end] == quote.text


# --- claims lists and noise -----------------------------------------------------------------


def test_each_side_claims_come_one_per_claimant_in_alphabetical_order(other_engine):
    answer = other_engine.ask("What do Norway and Iceland each say about overfishing?")
    assert answer.answered and answer.analysis["mode"] == "claims"
    speakers = [q.speaker for q in answer.quotes]
    assert len(speakers) == len(set(speakers)) >= 2
    assert speakers == sorted(speakers, key=str.casefold)
    assert "alphabetical" in answer.message


# Two ministries' counts of one side's dead soldiers, and counts of civilians and of the
# wounded beside them: written for these tests.
BORDER_CLASHES = """Border clashes between Northvale and Southmark enter second week

By Jane Doe, Harbour Gazette
12 March 2025

Fighting along the river border between Northvale and Southmark entered its second week on \
Tuesday, with both governments giving very different counts of the dead.

Northvale's defence ministry said 120 of its soldiers had been killed since the clashes began.

Southmark's defence ministry said 900 Northvale soldiers were killed in a counterattack near \
the dam.

Southmark's interior ministry said 40 civilians died when shells hit two valley towns.

Northvale's health ministry said 65 civilians were killed in Southmark air strikes on the \
market in Elmford.

The Red Crescent said at least 300 people had been treated for wounds in field hospitals on \
both sides.
"""


def engine_of(text: str, work: Path, engine_over):
    """An engine over one article of ``text``, indexed in ``work``."""
    articles = work / "articles"
    articles.mkdir()
    (articles / "article.txt").write_text(text, encoding="utf-8")
    return engine_over(articles, work)


def test_a_count_of_soldiers_is_answered_by_the_claimants_counting_soldiers(tmp_path, engine_over):
    engine = engine_of(BORDER_CLASHES, tmp_path, engine_over)
    answer = engine.ask("How many soldiers have died?")
    assert answer.analysis["mode"] == "claims" and answer.analysis["counts"] == "soldiers"
    assert len({q.speaker for q in answer.quotes}) >= 2
    for quote in answer.quotes:
        assert "soldiers" in " ".join(f.describe() for f in quote.figures), quote.text
    # People in general are counted by any figure of people.
    people = engine.ask("How many people have been killed?")
    assert any("soldiers" not in " ".join(f.describe() for f in q.figures) for q in people.quotes)


# One side's dead counted by both ministries, the other side's dead, the wounded, and a toll
# from a century before: written for these tests (countries the parser knows as places, so
# that "its" is read as the speaker's side).
SIDES_AND_HISTORY = """Norway and Iceland count their dead as the island clashes go on

By Jane Doe, Harbour Gazette
12 March 2025

Fighting on the disputed islands between Norway and Iceland went on for a second week on \
Tuesday.

Norway's defence ministry said 120 of its soldiers had been killed since the clashes began.

Iceland's defence ministry said 900 Norwegian soldiers were killed in a counterattack near \
the harbour.

Iceland's interior ministry said 40 civilians died on its side when shells hit two fishing \
towns.

The Red Cross said at least 300 people had been wounded in the island towns.

Some 20,000 Norwegians died in the island famine of 1921, which both countries still mark \
each spring.
"""


def test_a_count_on_one_side_leaves_out_the_other_side_the_wounded_and_history(
    tmp_path, engine_over
):
    engine = engine_of(SIDES_AND_HISTORY, tmp_path, engine_over)
    answer = engine.ask("How many died on the Norwegian side?")
    analysis = answer.analysis
    assert analysis["mode"] == "claims"
    assert (analysis["counts"], analysis["counts_whose"], analysis["counts_event"]) == (
        "people",
        "Norwegian",
        "killed",
    )
    texts = " ".join(q.text for q in answer.quotes)
    assert "120" in texts and "900" in texts
    for left_out in ("40 civilians", "300 people", "1921"):
        assert left_out not in texts
    # Naming the year, or its decade, asks for the history.
    for asked in ("How many Norwegians died in 1921?", "How many Norwegians died in the 1920s?"):
        assert any("1921" in q.text for q in engine.ask(asked).quotes), asked


def test_a_count_of_people_on_a_side_takes_in_every_kind_of_people_on_it():
    from accordingto.answer.kinds import counts_asked, counts_other
    from accordingto.figures import Figure

    troops = Figure("900", 900, "troop", "Northvale", "kill")
    theirs = Figure("40", 40, "civilian", "Southmark", "die")
    # "3,000 Northvalers died": people of that side, so a toll of its soldiers too.
    by_name = Figure("3,000", 3000, "people", "Northvalers", "die")
    assert counts_asked([troops], "people", "Northvale")
    assert not counts_asked([theirs], "people", "Northvale")
    assert counts_other([theirs], "people", "Northvale")
    assert counts_asked([by_name], "soldiers", "Northvale")
    assert not counts_asked([by_name], "soldiers", None)
    # Deaths are people.
    assert counts_asked([Figure("5", 5, "death", None, None)], "people", "Northvale")


def test_a_count_of_the_killed_is_not_answered_by_the_wounded():
    from accordingto.answer.kinds import counts_asked, counts_other
    from accordingto.figures import Figure

    wounded = Figure("300", 300, "people", None, "wound")
    killed = Figure("12", 12, "people", None, "die")
    assert not counts_asked([wounded], "people", None, event="killed")
    assert counts_other([wounded], "people", None, event="killed")
    assert counts_asked([killed], "people", None, event="killed")
    assert counts_asked([wounded], "people", None, event="wounded")
    # A figure of no known event may be either.
    assert counts_asked([Figure("9", 9, "people", None, "report")], "people", None, "killed")


def test_a_quote_dated_a_decade_before_its_article_tells_history():
    from accordingto.answer.kinds import tells_history

    assert tells_history("Some 20,000 died in the famine of 1921.", "2025-03-12")
    assert not tells_history("Between 1921 and 2024 the border moved twice.", "2025-03-12")
    assert not tells_history("The toll rose to 120 on Tuesday.", "2025-03-12")
    assert not tells_history("Some 20,000 died in the famine of 1921.", None)
    # A decade is dated by its first year; a sum is no year.
    assert tells_history("A war in the 1990s killed thousands.", "2025-03-12")
    assert not tells_history("They paid $1990 for the permits.", "2025-03-12")


def test_what_a_figure_counts_is_matched_by_class_and_side():
    from accordingto.answer.kinds import counts_anything, counts_asked
    from accordingto.figures import Figure

    troops = Figure("900", 900, "troop", "Northvale", "kill")
    civilians = Figure("40", 40, "civilian", None, "die")
    assert counts_asked([troops], "soldiers", None)
    assert counts_asked([troops], "soldiers", "Northvale's")
    assert not counts_asked([troops], "soldiers", "Southmark")
    assert not counts_asked([civilians], "soldiers", None)
    assert counts_asked([Figure("3", 3, "bus", None, None)], "buses", None)
    assert counts_anything("people") and counts_anything("casualties")
    assert not counts_anything("soldiers")
    # A demonym and its country's name are one side.
    assert counts_asked([Figure("7", 7, "soldier", "Norway", "die")], "soldiers", "Norwegian")


def test_a_quote_counting_what_is_asked_is_preferred_among_near_equals():
    from accordingto.answer.ordering import COUNT_BONUS, counting_first
    from accordingto.answer.units import Unit
    from accordingto.figures import Figure

    text = "x" * 40
    passage = Passage(0, "t.txt", 0, 40, text, "body", 0, 40)
    units = [Unit(passage, 0, 20, None, 1.0, 0.5, 0.5), Unit(passage, 20, 40, None, 0.95, 0.5, 0.5)]
    figures = [[Figure("40", 40, "civilian", None, "die")], [Figure("9", 9, "troop", None, "die")]]
    owners = [(), ()]
    raised = counting_first(units, figures, "soldiers", None, owners)
    assert [u.score for u in raised] == [1.0, 0.95 + COUNT_BONUS]
    # "How many people" is answered by any figure of people: nothing is raised.
    assert counting_first(units, figures, "people", None, owners) == units


def test_a_quote_counting_only_something_else_is_told_apart():
    from accordingto.answer.kinds import counts_asked, counts_other
    from accordingto.figures import Figure

    troops = Figure("900", 900, "troop", "Northvale", "kill")
    civilians = Figure("40", 40, "civilian", None, "die")
    area = Figure("4,400", 4400, "kilometre", None, None)
    tanks = Figure("12", 12, "tank", None, "destroy")
    assert counts_other([civilians], "soldiers", None)
    assert counts_other([troops], "soldiers", "Southmark")
    assert not counts_other([troops, civilians], "soldiers", None)
    # A measure counts no soldiers, but it answers a question that counts a measure.
    assert counts_other([area], "soldiers", None)
    assert not counts_other([area], "kilometres", None)
    # No figure, or one of no known kind when things are counted, leaves the quote in.
    assert not counts_other([], "soldiers", None)
    assert not counts_other([tanks], "buses", None)
    assert not counts_other([Figure("9", 9, None, None, "die")], "soldiers", None)
    # Things are not people; a noun that names a person is.
    assert counts_other([tanks], "soldiers", None)
    hostages = Figure("30", 30, "hostage", "Northvale", None)
    assert not counts_other([hostages], "people", "Northvale")
    assert counts_asked([hostages], "people", "Northvale")


def test_its_soldiers_are_the_speakers_own():
    from accordingto.answer.kinds import counts_asked, counts_other
    from accordingto.figures import Figure

    own = Figure("120", 120, "soldier", "its", "kill")
    assert counts_asked([own], "soldiers", "Northvale", owner=("Northvale",))
    assert not counts_asked([own], "soldiers", "Southmark", owner=("Northvale",))
    assert counts_other([own], "soldiers", "Southmark", owner=("Northvale",))
    # A speaker of no known place may be speaking of either side.
    assert counts_asked([own], "soldiers", "Southmark", owner=())


SUMMIT_TALK = """Northvale and Southmark leaders reject summit as border fighting goes on

By Jane Doe, Harbour Gazette
14 March 2025

The leaders of Northvale and Southmark brushed off the suggestion of a summit on Tuesday, \
accusing each other of stalling any negotiations.

Northvale's prime minister, Jo Roe, said it was very hard to talk about negotiations while \
towns near the river were being shelled.

Southmark's president, Dana Kessler, said his government remained committed to negotiating \
a settlement through the regional council.

Roe added that any talks would need the council's observers on the ground first.

Kessler told reporters that Southmark would not accept preconditions for a summit.
"""


def test_a_statement_by_both_named_sides_is_quoted_once(tmp_path, engine_over):
    engine = engine_of(SUMMIT_TALK, tmp_path, engine_over)
    answer = engine.ask("What do Northvale and Southmark each say about a summit?")
    assert answer.analysis["mode"] == "claims" and len(answer.analysis["parties"]) == 2
    # The joint statement is each side's: it must still be shown only once.
    assert any(q.speaker == "leaders of Northvale and Southmark" for q in answer.quotes)
    spans = [(q.source.file, q.start, q.end) for q in answer.quotes]
    assert len(spans) == len(set(spans)) >= 3


def test_claims_lists_on_the_seeds_are_neutral(engine):
    answer = engine.ask("What is the casualty count on each side?")
    if answer.analysis["mode"] != "claims":
        return
    named = [q.speaker for q in answer.quotes if q.speaker]
    assert named == sorted(named, key=str.casefold)
    assert len({q.group for q in answer.quotes}) == len(answer.quotes)


def test_near_copies_of_one_caption_do_not_crowd_the_answer(engine):
    captions = [p for p in engine.index.passages if p.kind == "caption"]
    answer = engine.ask(captions[0].text, k=5)
    shown = {q.start for q in answer.quotes if q.source.file == captions[0].file}
    copies = set(engine.index.duplicates.get(captions[0].id, []))
    assert not ({engine.index.passages[i].start for i in copies} & shown - {captions[0].start})


def test_a_follow_up_prefers_quotes_not_yet_shown(engine):
    first = engine.ask("What did Aliyev say about the negotiations?")
    shown = [(q.source.file, q.start, q.end) for q in first.quotes]
    again = engine.ask("What else did he say about that?", follow_up_to=first.question, shown=shown)
    repeated = {(q.source.file, q.start, q.end) for q in again.quotes} & set(shown)
    assert again.answered and len(repeated) < len(first.quotes)


def test_the_analysis_is_in_the_json_contract(engine):
    result = engine.ask("What did the Kremlin spokesman say about the hostilities?").to_dict()
    analysis = result["question_analysis"]
    assert analysis["speaker"] == "Kremlin spokesman" and analysis["answer_type"] == "claim"
    assert analysis["speakers"] and analysis["mode"] in ("quotes", "claims")
    json.dumps(result)


def test_topic_and_cue_checks():
    assert on_topic("the stock had fallen by a third", "stock", 0.25)
    assert not on_topic("she visited Greece last week", "economy Greece", 0.37)
    assert cue_class("accused") == "accuse" and cue_class("blamed") == "accuse"
    assert cue_class("denies") == "deny" and cue_class("said") == "claim"


# --- answers to the asked speaker ------------------------------------------------------------

# An article of our own in which the asked speaker says much, and another rejects a claim of
# theirs that their own statements do not give.
REPLIES = Path(__file__).parent / "fixtures" / "replies"


def test_responds_to_finds_a_reference_to_what_a_speaker_said():
    from accordingto.answer.choose import responds_to

    assert responds_to("Rejecting the mayor's claims that the quay would pay", ["mayor"])
    assert responds_to("He denied the allegations made by the Port Authority", ["Port Authority"])
    assert responds_to("Berg dismissed Lindqvist’s latest figures", ["Lindqvist"])
    assert not responds_to("Lindqvist said the quay would open", ["Lindqvist"])
    assert not responds_to("The mayoral race claims attention", ["mayor"])
    # Names that begin or end with a stop, and two-letter acronyms, are names too.
    assert responds_to("Beijing rejected the accusations made by the U.S. on Friday", ["U.S."])
    assert responds_to("Officials dismissed the EU's demands", ["EU"])
    assert not responds_to("Officials dismissed the demands of Eu", ["Eu"])
    # A report about the speaker is not a reference to what they said.
    assert not responds_to("the reports of Lindqvist resigning were wrong", ["Lindqvist"])


def test_a_rebuttal_naming_the_speakers_claim_is_shown_after_their_statements(tmp_path, embedder):
    """Several statements by the asked speaker must not crowd out another's sentence that
    reports (and rejects) that speaker's claim, when it answers the question better."""
    from accordingto.engine import Engine
    from accordingto.progress import silent
    from accordingto.store import build_and_save

    build_and_save(REPLIES, tmp_path / "index", embedder, say=lambda _m: None, track=silent)
    engine = Engine.load(tmp_path / "index", say=lambda _m: None, embedder=embedder)
    answer = engine.ask("What does the mayor say about jobs at the quay?")
    assert answer.answered
    assert answer.quotes[0].attribution.speaker == "Clara Lindqvist"
    rebuttal = [q for q in answer.quotes if "400 jobs" in q.text]
    assert rebuttal, [q.text for q in answer.quotes]
    assert rebuttal[0].attribution.speaker == "Tom Berg"
    asked = [q.asked for q in answer.quotes]
    assert asked == sorted(asked, reverse=True), "the asked speaker's statements come first"


def test_topic_checks_for_a_name_alone_and_for_the_headline():
    # A topic that is only a name is addressed by a statement that names it.
    assert on_topic("the OSCE offers a forum for talks", "the OSCE", 0.08)
    assert not on_topic("the talks will go on", "the OSCE", 0.08)
    # A statement that never names its story's subject speaks of it when the headline does.
    words = "I saw the slick stretch for a mile"
    assert not on_topic(words, "the spill", 0.14)
    assert on_topic(words, "the spill", 0.14, "Harbor city closes beach after chemical spill")
    assert not on_topic(words, "the spill", 0.14, "Harbor city opens a new beach")


FERRY = (
    "Ferry operator halts night crossings after engine fire\n\n"
    "Ferry operator Nordline halted its night crossings on Tuesday after an engine fire.\n\n"
    "Captain Ines Moreau met the crew on Wednesday. She told them the company would replace "
    "both engines before winter, said her spokesman, Paul Okafor.\n\n"
    "“We were lucky nobody was hurt,” said deckhand Tomas Reyes.\n\n"
    "The crossings will resume in March, according to the harbour office.\n"
)


def test_the_asked_speaker_is_found_in_a_report_and_in_a_story_about_the_topic(tmp_path, embedder):
    """ "What did X say" finds X's words as another reports them ("She told them …, said her
    spokesman"), and X's quote in a story about the topic even when it never names it."""
    from accordingto.engine import Engine
    from accordingto.progress import silent
    from accordingto.store import build_and_save

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "ferry.txt").write_text(FERRY, encoding="utf-8")
    build_and_save(
        tmp_path / "articles", tmp_path / "index", embedder, say=lambda _m: None, track=silent
    )
    engine = Engine.load(tmp_path / "index", say=lambda _m: None, embedder=embedder)
    reported = engine.ask("What did Ines Moreau say about the engines?")
    assert reported.answered and reported.quotes[0].attribution.speaker == "Ines Moreau"
    assert "replace both engines" in reported.quotes[0].text
    assert "is not quoted on this" not in reported.message
    quoted = engine.ask("What did Tomas Reyes say about the fire?")
    assert quoted.quotes[0].attribution.speaker == "Tomas Reyes"
    assert "is not quoted on this" not in quoted.message
