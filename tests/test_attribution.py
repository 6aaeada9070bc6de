"""Statement extraction: every form of reported speech, on sentences written for the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordingto.attribution import (
    Statement,
    extract_corpus,
    extract_statements,
    load_nlp,
    quote_regions,
    score_attribution,
    statement_at,
)
from accordingto.corpus import load_corpus, parse_article

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def statements(nlp, text: str) -> list[Statement]:
    return extract_statements(parse_article("t.txt", text), nlp)


def about(found: list[Statement], words: str) -> Statement:
    """The statement that holds some words of the text."""
    matches = [s for s in found if words in s.text]
    assert matches, f"no statement holds {words!r}: {[s.text for s in found]}"
    return matches[0]


def test_direct_quote_speaker_after(nlp):
    found = statements(nlp, '"The bridge will reopen in May," Mayor Linda Park said on Monday.')
    s = about(found, "The bridge will reopen in May")
    assert (s.kind, s.cue, s.speaker_canonical) == ("direct", "said", "Linda Park")
    assert s.role == "Mayor"


def test_speaker_first_quote_and_floating_continuation(nlp):
    text = (
        "Coach Ben Alvarez said: “We played without fear tonight.”\n\n"
        "“The young players deserve the credit.”"
    )
    found = statements(nlp, text)
    assert about(found, "We played without fear").speaker_canonical == "Ben Alvarez"
    follow = about(found, "The young players deserve the credit")
    assert follow.speaker_canonical == "Ben Alvarez" and follow.kind == "direct"


def test_a_quoted_phrase_is_its_subjects_words_unless_it_describes_a_thing(nlp):
    found = statements(nlp, "Mayor Linda Park called the budget “a betrayal of the harbour.”")
    assert about(found, "a betrayal of the harbour").speaker_canonical == "Linda Park"
    found = statements(nlp, "Coach Ben Alvarez was “very proud” of his players.")
    assert about(found, "very proud").speaker_canonical == "Ben Alvarez"
    # A title or a name in quotation marks after "is" or "was" is no one's words.
    found = statements(nlp, "The winner was “Salt and Embers,” a drama by Anneli Voss.")
    assert not [s for s in found if "Salt and Embers" in s.text and s.speaker]
    found = statements(nlp, "Only a few diners said the service was “too slow.”")
    assert all(s.speaker_canonical != "the service" for s in found)


def test_a_quoted_title_beside_a_verb_that_does_not_say_is_no_ones_words(nlp):
    text = (
        "Quinlan began her career on stage before she landed the part of a pilot in "
        "“Star Voyage” in 1966.\n\nShe took the lead in “Honky Tonk Girl.” two years later."
        "\n\nHe watched “The Long Night of the Harbour” with his son."
    )
    found = statements(nlp, text)
    for title in ("Star Voyage", "Honky Tonk Girl", "The Long Night of the Harbour"):
        assert not [s for s in found if title in s.text and s.kind == "direct"], title
    # Words said are still words said, with a verb of saying or closing on a comma.
    said = statements(nlp, "“Honky Tonk Girl,” she said, “was the song that made me.”")
    assert (about(said, "Honky Tonk Girl").kind, about(said, "Honky Tonk Girl").cue) == (
        "direct",
        "said",
    )
    called = statements(nlp, "Mayor Linda Park called the plan “a waste of time.”")
    assert about(called, "a waste of time").speaker_canonical == "Linda Park"


def test_an_aspectual_verb_reports_speech_only_with_what_was_said(nlp):
    found = statements(nlp, "Farmers in the valley continued to plant barley despite the drought.")
    assert not [s for s in found if s.cue and s.cue.startswith("continue")]
    found = statements(nlp, "The ferry crews resumed sailing on Monday.")
    assert not [s for s in found if s.cue and s.cue.startswith("resume")]
    found = statements(nlp, "“We will keep the boats running,” the harbour master continued.")
    s = about(found, "We will keep the boats running")
    assert (s.kind, s.cue) == ("direct", "continued")


def test_a_question_left_open_under_a_verb_of_knowing_is_no_claim(nlp):
    text = "The ferry engineers still do not know why the hull cracked."
    assert not [s for s in statements(nlp, text) if "the hull cracked" in s.text and s.speaker]
    text = "Divers will determine whether the hull can be saved."
    assert not [s for s in statements(nlp, text) if "hull can be saved" in s.text and s.speaker]
    text = "The ferry engineers believe that the hull cracked in the cold."
    assert about(statements(nlp, text), "the hull cracked").speaker_canonical


def test_a_photo_credit_opening_a_caption_is_not_part_of_the_speaker(nlp):
    text = "Lena Voss/Northwind/Pool Images Harbour workers demanded higher wages on Monday."
    s = about(statements(nlp, text), "higher wages")
    assert s.speaker == "Harbour workers"
    text = "Northwind Collection Ferry crews demanded higher wages on Monday."
    assert about(statements(nlp, text), "higher wages").speaker == "Ferry crews"


def test_a_verb_joined_to_another_shares_the_subject_of_the_one_next_to_it(nlp):
    from spacy.tokens import Doc

    from accordingto.attribution.mentions import _subject_of

    # "Crews had cleared the quay, and Dana Kessler pointed to silt and said dredgers
    # failed", parsed as the parser sometimes hangs such a chain: "pointed" and "said" both
    # on "cleared".
    words = "Crews had cleared the quay , and Dana Kessler pointed to silt and said dredgers failed"
    heads = [2, 2, 2, 4, 2, 2, 2, 8, 9, 2, 9, 10, 2, 2, 15, 13]
    deps = ["nsubj", "aux", "ROOT", "det", "dobj", "punct", "cc", "compound", "nsubj", "conj",
            "prep", "pobj", "cc", "conj", "nsubj", "ccomp"]  # fmt: skip
    pos = ["NOUN", "AUX", "VERB", "DET", "NOUN", "PUNCT", "CCONJ", "PROPN", "PROPN", "VERB",
           "ADP", "NOUN", "CCONJ", "VERB", "NOUN", "VERB"]  # fmt: skip
    doc = Doc(nlp.vocab, words=words.split(), heads=heads, deps=deps, pos=pos)
    said = doc[13]
    assert said.text == "said" and said.head.text == "cleared"
    assert _subject_of(said).text == "Kessler"
    # "pointed", the first verb joined on, and "cleared" itself keep their own subjects.
    assert _subject_of(doc[9]).text == "Kessler"
    assert _subject_of(doc[2]).text == "Crews"


def test_what_a_body_said_stops_before_another_voice_joined_to_it(nlp):
    from spacy.tokens import Doc

    from accordingto.attribution.cues import _content_tokens

    # "The council said crews had cleared the quay, and Dana Kessler pointed to silt and said
    # dredgers failed", parsed with "pointed" and "said" both hung on "cleared".
    sentence = "The council said crews had cleared the quay , and Dana Kessler pointed to silt"
    words = [*sentence.split(" "), "and", "said", "dredgers", "failed"]
    heads = [1, 2, 2, 5, 5, 2, 7, 5, 5, 5, 11, 12, 5, 12, 13, 5, 5, 18, 16]
    deps = ["det", "nsubj", "ROOT", "nsubj", "aux", "ccomp", "det", "dobj", "punct", "cc",
            "compound", "nsubj", "conj", "prep", "pobj", "cc", "conj", "nsubj",
            "ccomp"]  # fmt: skip
    pos = ["DET", "NOUN", "VERB", "NOUN", "AUX", "VERB", "DET", "NOUN", "PUNCT", "CCONJ",
           "PROPN", "PROPN", "VERB", "ADP", "NOUN", "CCONJ", "VERB", "NOUN", "VERB"]  # fmt: skip
    lemmas = ["the", "council", "say", "crew", "have", "clear", "the", "quay", ",", "and",
              "Dana", "Kessler", "point", "to", "silt", "and", "say", "dredger",
              "fail"]  # fmt: skip
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    content = " ".join(t.text for t in _content_tokens(doc[2]))
    # Neither her words nor the "and" or comma joining them are the council's.
    assert content == "crews had cleared the quay"


def test_quote_spanning_sentences(nlp):
    text = "“Prices rose. Wages did not.” Economist Maria Lind said."
    s = about(statements(nlp, text), "Prices rose")
    assert "Wages did not" in s.text and s.speaker_canonical == "Maria Lind"


def test_indirect_speech_with_appositive_role(nlp):
    text = "Tom Reyes, a spokesman for the port authority, said that two cranes had failed."
    s = about(statements(nlp, text), "two cranes had failed")
    assert s.kind == "indirect"
    assert s.speaker_canonical == "Tom Reyes"
    assert s.role == "spokesman for the port authority"


@pytest.mark.parametrize("verb", ["claimed", "warned", "insisted", "tweeted", "alleged"])
def test_reporting_verbs(nlp, verb):
    s = about(statements(nlp, f"Senator Ada Moss {verb} that the vote was rigged."), "vote")
    assert s.speaker_canonical == "Ada Moss" and s.cue == verb


def test_denied_and_accused_and_urged(nlp):
    text = (
        "The ministry of health denied reports that vaccines had run out. "
        "The union accused the hospital of hiding staff shortages. "
        "The governor urged residents to stay indoors."
    )
    found = statements(nlp, text)
    assert about(found, "reports that vaccines had run out").cue == "denied"
    assert "union" in about(found, "hiding staff shortages").speaker_canonical
    assert about(found, "residents to stay indoors").cue == "urged"


def test_according_to(nlp):
    text = "The river rose by two metres overnight, according to the national weather service."
    s = about(statements(nlp, text), "The river rose by two metres overnight")
    assert s.kind == "according_to" and s.cue == "according to"
    assert s.speaker_canonical == "national weather service"
    assert "according" not in s.text


@pytest.mark.parametrize(
    ("sentence", "issuer"),
    [
        (
            "The change affects 40,000 monthly passes, according to Port Authority data.",
            "Port Authority",
        ),
        (
            "About 3,000 workers use the route each day, according to the council figures.",
            "council",
        ),
        (
            "Ferry fares rose 12% last year, according to the latest Harbour Board statistics.",
            "Harbour Board",
        ),
        (
            "Data from the Valley Transit Survey show that 41 percent of riders are students.",
            "Valley Transit Survey",
        ),
        ("Ferry use fell by a third, according to census data.", "census data"),
    ],
)
def test_figures_and_data_are_their_issuers_words(nlp, sentence, issuer):
    text = f"Mayor Ana Ruiz said the fares were fair. {sentence}"
    found = statements(nlp, text)
    figure = next(w for w in ("40,000", "3,000", "12%", "41 percent", "a third") if w in sentence)
    assert about(found, figure).speaker_canonical == issuer  # never the mayor, said before


def test_a_study_speaks_for_whoever_made_it_not_for_whom_it_studied(nlp):
    text = (
        "Mayor Ana Ruiz said the fares were fair. Most riders would pay less, according to "
        "an analysis by the Harbour Policy Center. A study of 2,000 adults found that most "
        "walk to the ferry. Nine people died on the route last year, according to a Valley "
        "Post database."
    )
    found = statements(nlp, text)
    assert about(found, "Most riders would pay less").speaker_canonical == "Harbour Policy Center"
    assert about(found, "most walk to the ferry").speaker_canonical != "2,000 adults"
    assert "Valley Post" in about(found, "Nine people died").speaker_canonical


def test_a_release_is_not_issued_by_its_date(nlp):
    text = (
        "Officers seized 40 kilograms of the drug on Friday, according to a Monday news "
        "release. Ferry fares will rise 5%, according to a Tuesday Harbour Board release."
    )
    found = statements(nlp, text)
    assert about(found, "Officers seized 40 kilograms").speaker_canonical != "Monday news"
    assert about(found, "Ferry fares will rise").speaker_canonical == "Harbour Board"


def test_evidence_inside_a_claim_is_the_claimants(nlp):
    text = (
        "Vera Holm, a spokeswoman for the union, claimed that survey data showed 900 members quit."
    )
    found = statements(nlp, text)
    assert about(found, "900 members quit").speaker_canonical == "Vera Holm"
    assert not [s for s in found if s.speaker_canonical == "survey data"]


def test_told(nlp):
    text = "The striker told reporters that he would stay at the club."
    s = about(statements(nlp, text), "he would stay at the club")
    assert s.cue == "told" and s.speaker == "The striker"


def test_in_a_statement_and_statement_said(nlp):
    text = (
        "In a statement, the Harbor Water Company said the leak was fixed. "
        "Repairs cost $2 million, the statement said."
    )
    found = statements(nlp, text)
    assert about(found, "the leak was fixed").speaker_canonical == "Harbor Water Company"
    s = about(found, "Repairs cost $2 million")
    assert s.speaker == "the statement" and s.speaker_canonical == "Harbor Water Company"


def test_possessive_statement(nlp):
    s = about(statements(nlp, "The club's statement said the coach had resigned."), "resigned")
    assert s.speaker_canonical == "club"


def test_pronoun_resolution(nlp):
    text = (
        "Police chief Omar Haddad said three people were arrested. "
        "He added that the roads would reopen on Friday. "
        "The city transport department said buses were delayed. "
        "It said trains were running normally."
    )
    found = statements(nlp, text)
    assert about(found, "roads would reopen").speaker_canonical == "Omar Haddad"
    assert about(found, "roads would reopen").speaker == "He"
    assert about(found, "trains were running").speaker_canonical == "city transport department"


def test_description_resolves_to_named_entity(nlp):
    text = (
        "Norway's Fisheries Ministry said quotas would fall. "
        "A fisherman, Erik Dahl, said he was worried. "
        "The ministry said the cut was temporary."
    )
    s = about(statements(nlp, text), "the cut was temporary")
    assert s.speaker == "The ministry" and s.speaker_canonical == "Norway's Fisheries Ministry"


def test_premodifier_role(nlp):
    text = "City parks department spokeswoman Janet Hill said the pool would close."
    s = about(statements(nlp, text), "the pool would close")
    assert s.speaker_canonical == "Janet Hill"
    assert s.role == "City parks department spokeswoman"


def test_a_bare_spokesperson_speaks_for_the_body_the_sentence_just_quoted(nlp):
    text = (
        "The Harbour Authority said the quay would reopen in May, and spokesperson Ana Ruiz "
        "pointed to repairs along the entire eastern wall."
    )
    s = about(statements(nlp, text), "repairs along the entire")
    assert s.speaker_canonical == "Ana Ruiz"
    assert s.role == "Harbour Authority spokesperson"
    # With no body quoted before her, or only people who are not one, the role stays bare.
    alone = "The quay would reopen in May, and spokesperson Ana Ruiz pointed to repairs."
    assert about(statements(nlp, alone), "to repairs").role == "spokesperson"
    people = "Fishermen said the quay was unsafe, and spokesperson Ana Ruiz said it was not."
    assert about(statements(nlp, people), "it was not").role == "spokesperson"
    # Nor from a body named in her own words, a clause that is no statement, or one that
    # "but" sets against hers.
    for text, words in (
        ("“The Harbour Authority has failed us,” spokesperson Ana Ruiz said.", "has failed us"),
        ("Rebels shelled the port, and spokesperson Ana Ruiz said the army would respond.",
         "the army would respond"),
        ("The Harbour Authority denied the quay was unsafe, but spokesperson Ana Ruiz said it "
         "was.", "it was"),
    ):  # fmt: skip
        assert about(statements(nlp, text), words).role == "spokesperson", text


def test_we_inside_a_quote_is_not_a_speaker(nlp):
    text = "“We say the plan is fair,” the planning board said."
    found = [s for s in statements(nlp, text) if s.kind != "outlet"]
    assert all(s.speaker != "We" for s in found)
    assert about(found, "the plan is fair").speaker_canonical == "planning board"


def test_outlet_voice_has_no_speaker(nlp):
    text = "The storm hit the coast on Tuesday. Officials said 40 homes were flooded."
    found = statements(nlp, text)
    outlet = about(found, "The storm hit the coast")
    assert outlet.kind == "outlet" and outlet.speaker is None and outlet.speaker_canonical is None
    assert about(found, "40 homes were flooded").kind == "indirect"


def test_caption_is_outlet_voice(nlp):
    text = "Firefighters spray water on a warehouse in Leeds, Monday. (AP Photo/Ann Lee)"
    article = parse_article("t.txt", text)
    assert article.paragraphs[0].kind == "caption"
    found = extract_statements(article, nlp)
    assert found and all(s.kind == "outlet" for s in found)


def test_chrome_and_duplicates_are_skipped(nlp):
    text = "Advertisement\n\nThe bank raised rates.\n\nThe bank raised rates.\n"
    found = statements(nlp, text)
    assert [s.text for s in found] == ["The bank raised rates."]


def test_quote_regions_pair_curly_and_straight_marks():
    text = 'He said “one" and "two” and “three'
    regions = quote_regions(text, 0, len(text))
    assert [text[s:e] for s, e in regions] == ["one", "two", "three"]


def test_statement_at_prefers_the_best_overlap():
    a = Statement("f", 0, 10, "x" * 10, "A", "A", None, "said", "indirect", 0.9)
    b = Statement("f", 8, 30, "x" * 22, "B", "B", None, "said", "indirect", 0.9)
    assert statement_at([a, b], 9, 20) is b
    assert statement_at([a, b], 0, 5) is a
    assert statement_at([a, b], 40, 50) is None


def test_to_dict_keys_and_round_trip():
    from accordingto.figures import Figure

    s = Statement(
        "f", 0, 1, "x", None, None, None, "", "outlet", 0.8, figures=(Figure("2", 2.0, "tank"),)
    )
    assert list(s.to_dict()) == [
        "file", "start", "end", "text", "speaker", "speaker_canonical", "role", "cue", "kind",
        "confidence", "cue_start", "cue_end", "mention_start", "mention_end", "figures",
        "basis", "unclear",
    ]  # fmt: skip
    assert Statement.from_dict(s.to_dict()) == s
    # Someone's words whose speaker could not be told are "unclear"; the outlet's are not.
    assert not s.unclear
    unclear = Statement("f", 0, 1, "x", "he", None, None, "said", "direct", 0.45)
    assert unclear.unclear and unclear.to_dict()["unclear"] is True


_WORDS = st.sampled_from(
    [
        "said", "the", "ministry", "“", "”", '"', ",", ".", "according", "to", "he", "Anna",
        "Berg", "told", "that", "it", "claimed", "\n\n", "prices", "rose", "according to",
        "officials", "’s", "denied", "urged", "In a statement,", "—", "(AP Photo)",
    ]
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_WORDS, min_size=1, max_size=40))
def test_every_statement_is_a_slice_of_the_text(nlp, words):
    text = " ".join(words)
    article = parse_article("p.txt", text)
    for s in extract_statements(article, nlp):
        assert s.text == article.text[s.start : s.end]
        assert 0 <= s.start < s.end <= len(article.text)
        assert 0.0 <= s.confidence <= 1.0
        assert s.kind in ("direct", "indirect", "according_to", "outlet")
        if s.kind == "outlet":
            assert s.speaker is None and s.speaker_canonical is None


def test_fixture_articles_meet_the_bar(nlp):
    articles = load_corpus(FIXTURES / "articles")
    rows = [json.loads(x) for x in (FIXTURES / "attributions.jsonl").read_text().splitlines()]
    result = score_attribution(
        extract_corpus(articles, nlp), rows, {a.file: a.text for a in articles}
    )
    assert result["located"] == len(rows)
    assert result["recall"] == 1.0, result["misses"]


def test_score_counts_a_wrong_speaker_as_a_miss():
    text = "Alpha said the dam held."
    good = Statement("a.txt", 11, 23, text[11:23], "Alpha", "Alpha", None, "said", "indirect", 1)
    rows = [{"file": "a", "span": "the dam held", "speaker": [["alpha"]]}]
    assert score_attribution({"a.txt": [good]}, rows, {"a.txt": text})["recall"] == 1.0
    wrong = Statement("a.txt", 11, 23, text[11:23], "Beta", "Beta", None, "said", "indirect", 1)
    assert score_attribution({"a.txt": [wrong]}, rows, {"a.txt": text})["recall"] == 0.0


def test_score_tells_a_wrong_name_from_an_unclear_speaker_and_bands_confidence():
    text = "Alpha said the dam held. Beta said the road was shut. Gamma said all was well."

    def said(speaker, span, confidence):
        at = text.index(span)
        return Statement(
            "a.txt", at, at + len(span), span, speaker, speaker, None, "said", "indirect",
            confidence,
        )  # fmt: skip

    rows = [
        {"file": "a", "span": "the dam held", "speaker": [["alpha"]], "type": "indirect",
         "source_form": "named"},
        {"file": "a", "span": "the road was shut", "speaker": [["beta"]], "type": "indirect",
         "source_form": "pronoun"},
        {"file": "a", "span": "all was well", "speaker": [["gamma"]], "type": "direct",
         "source_form": "named"},
    ]  # fmt: skip
    statements = [
        said("Alpha", "the dam held", 0.97),
        said("Delta", "the road was shut", 0.6),  # a wrong name
        said(None, "all was well", 0.3),  # unclear: words, but no speaker given
    ]
    result = score_attribution({"a.txt": statements}, rows, {"a.txt": text})
    assert (result["attributed"], result["wrong_names"], result["unclear"]) == (1, 1, 1)
    bands = {band["low"]: (band["n"], band["accuracy"]) for band in result["bands"]}
    assert bands[0.95] == (1, 1.0) and bands[0.5] == (1, 0.0)
    categories = {row["category"]: row["accuracy"] for row in result["categories"]}
    assert categories == {
        "indirect, named speaker": 1.0,
        "direct quote, named speaker": 0.0,
        "pronoun speaker": 0.0,
    }


def test_things_that_cannot_speak_are_not_speakers(nlp):
    from accordingto.attribution import can_speak

    def subject_of(sentence):
        return next(t for t in nlp(sentence) if t.dep_ in ("nsubj", "nsubjpass"))

    assert can_speak(subject_of("The engineer said the part failed."))
    assert can_speak(subject_of("Residents said the water was brown."))
    assert can_speak(subject_of("The ministry said the talks failed."))
    assert not can_speak(subject_of("The bridge claimed to be the longest."))
    assert not can_speak(subject_of("That term contends nothing."))


def test_a_title_or_nickname_quoted_in_the_speakers_own_phrase_is_no_statement(nlp):
    text = (
        "Anna Berg, the novelist known for “Salt Roads” and “Winter Harbour,” called the "
        "prize “a gift to every small press.”\n\n"
        "“We will win,” said Marcia “Cia” Price, the union's president."
    )
    found = [s for s in statements(nlp, text) if s.kind != "outlet"]
    assert sorted(s.text for s in found) == ["We will win,", "a gift to every small press."]
    assert {s.speaker_canonical for s in found} == {"Anna Berg", "Marcia “Cia” Price"}


def test_a_quote_in_a_relative_clause_of_the_subject_is_still_its_words(nlp):
    found = about(
        statements(nlp, "The mayor, who called the plan “reckless,” voted no."), "reckless"
    )
    assert found.speaker_canonical == "mayor"


def test_a_verb_that_ends_a_paragraph_introduces_the_quotation_that_opens_the_next(nlp):
    text = "The senator's niece, Marcia Price, shouted to the crowd.\n\n“The nation is watching.”"
    assert about(statements(nlp, text), "The nation is watching").speaker_canonical == (
        "Marcia Price"
    )
    cited_between = (
        "The mayor spoke to the crowd.\n\n"
        "The plan will cost more, according to the council. “We will not stop.”"
    )
    assert about(statements(nlp, cited_between), "We will not stop").speaker_canonical is None


def test_an_inverted_said_after_a_comma_reports_the_sentence_before_it(nlp):
    # The parser may join "said" to "told" instead of taking "She told …" as its clause.
    text = (
        "Captain Ines Moreau met the crew on Wednesday. She told them the company would "
        "replace both engines before winter, said her spokesman, Paul Okafor."
    )
    found = statements(nlp, text)
    outer = about(found, "She told them")
    assert outer.speaker_canonical == "Paul Okafor" and outer.cue == "said"
    inner = [s for s in found if s.text.startswith("the company would")]
    assert inner and inner[0].speaker_canonical == "Ines Moreau"


def test_a_quote_before_its_speaker_is_the_quotation_alone(nlp):
    # The parser may hang "the singer's niece" on the quoted clause, not on the speaker.
    text = '"This is a big year," the singer\'s niece, Marcia "Cia" Price, shouted to the crowd.'
    found = [s for s in statements(nlp, text) if s.kind != "outlet"]
    assert [s.text for s in found] == ["This is a big year,"]
    assert found[0].cue == "shouted"
    # A partial quote that goes on in the speaker's words keeps them.
    words = "“You squeezed the staff” to lift the share price, she said."
    assert about(statements(nlp, words), "squeezed").text.endswith("share price")


def test_a_device_is_no_speaker_but_a_coined_word_for_a_person_is(nlp):
    from accordingto.attribution.mentions import can_speak

    def subject(text: str):
        doc = nlp(text)
        return next(t for t in doc if t.dep_ in ("nsubj", "nsubjpass"))

    # "Sensor" is no person to WordNet, and ends as agent nouns do only by chance.
    assert not can_speak(subject("The sensor told the system that a wheel had stopped."))
    # A word coined since WordNet for someone who does something still speaks.
    assert can_speak(subject("The podcaster told listeners that the show would end."))
    # A noun WordNet knows as a person, if rarely, still speaks.
    assert can_speak(subject("The striker told reporters that the pickets would stay."))
