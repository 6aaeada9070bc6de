"""Who a speaker is: pronouns, descriptions, turns and names, one rule per test, on
sentences written for the tests."""

from __future__ import annotations

import pytest

from accordingto.attribution import extract_corpus, extract_statements, load_nlp
from accordingto.attribution.confidence import (
    CALIBRATED,
    PRONOUN,
    UNCLEAR_BELOW,
    confidence_of,
)
from accordingto.attribution.lexicon import given_names, is_person_noun
from accordingto.corpus import parse_article


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def statements(nlp, text: str, name: str = "t.txt"):
    return extract_statements(parse_article(name, text), nlp)


def about(found, words: str):
    matches = [s for s in found if words in s.text and s.kind != "outlet"]
    assert matches, f"no statement holds {words!r}: {[(s.kind, s.text) for s in found]}"
    return matches[0]


def test_pronoun_chain_by_gender(nlp):
    text = (
        'Captain Mira Holt took the boat out at dawn. "The ice was thin," she said. '
        'Her first mate, Tomas Berg, disagreed. "It held," he said.'
    )
    found = statements(nlp, text)
    assert about(found, "The ice was thin").speaker_canonical == "Mira Holt"
    assert about(found, "It held").speaker_canonical == "Tomas Berg"


def test_pronoun_chain_across_paragraphs_learns_gender_from_the_article(nlp):
    text = (
        "Harbour master Lena Dahl met the fishing crews on Monday. She was blunt.\n\n"
        "Erik Lund, a skipper, listened.\n\n"
        '"We are not reopening the port," she said.'
    )
    assert about(statements(nlp, text), "not reopening").speaker_canonical == "Lena Dahl"


def test_a_run_of_quotes_stays_with_its_speaker(nlp):
    text = (
        '"The fleet is ready," said Erik Lund, a skipper. "We only need the weather."\n\n'
        '"And the ministry\'s permission," he added.'
    )
    found = statements(nlp, text)
    assert about(found, "We only need the weather").speaker_canonical == "Erik Lund"
    assert about(found, "permission").speaker_canonical == "Erik Lund"


def test_a_new_subject_breaks_the_run(nlp):
    text = (
        '"Nobody expected the storm," said Erik Lund, a skipper.\n\n'
        "Tomas Berg bristles at the suggestion that the crews were careless.\n\n"
        '"We checked every forecast," he said.'
    )
    assert about(statements(nlp, text), "every forecast").speaker_canonical == "Tomas Berg"


def test_a_person_named_only_inside_a_quote_is_no_antecedent(nlp):
    text = 'Erik Lund spoke to reporters. "Tomas Berg warned us about the ice," he said.'
    assert about(statements(nlp, text), "warned us").speaker_canonical == "Erik Lund"


def test_interview_turns_name_their_speakers(nlp):
    text = (
        "Mayor Lena Dahl spoke about the port.\n\n"
        "HOST: Why is the port closed?\n\n"
        "DAHL: The ice has not cleared yet.\n\n"
        "HOST: When will it reopen?\n\n"
        "DAHL: Not before March."
    )
    found = statements(nlp, text)
    assert about(found, "Not before March").speaker_canonical == "Lena Dahl"
    assert about(found, "When will it reopen").speaker_canonical == "Host"
    assert about(found, "When will it reopen").basis == "turn"


def test_a_label_outside_a_transcript_is_no_speaker(nlp):
    found = statements(nlp, "The port reopened on Monday.\n\nREAD MORE: Ferries return to Tromso")
    assert all(s.kind == "outlet" for s in found)


def test_a_description_goes_to_the_person_given_that_role(nlp):
    text = (
        "Norwegian Prime Minister Erna Solberg visited the port on Friday. Later, the prime "
        "minister said the fleet would be compensated."
    )
    s = about(statements(nlp, text), "compensated")
    assert s.speaker_canonical == "Erna Solberg" and s.basis == "description"


def test_a_role_without_a_name_across_articles(nlp):
    first = parse_article(
        "a.txt", "Kenyan Fisheries Minister Amina Otieno said the lake would reopen in May."
    )
    second = parse_article("b.txt", "Kenyan fisheries minister has said the ban is over.")
    by_file = extract_corpus([first, second], nlp)
    s = next(s for s in by_file["b.txt"] if "ban is over" in s.text)
    assert s.speaker_canonical == "Amina Otieno"


def test_a_bare_surname_shared_by_two_people_follows_its_pronoun(nlp):
    text = (
        "Anna Lund runs the ferry company. Her brother, Erik Lund, skippers a trawler.\n\n"
        "Erik Lund met the union on Monday.\n\n"
        "Lund told the crews that she would raise their pay."
    )
    s = about(statements(nlp, text), "raise their pay")
    assert s.speaker_canonical == "Anna Lund"


def test_a_given_name_says_man_or_woman_when_the_article_does_not():
    assert given_names()["margaret"] == "f" and given_names()["robert"] == "m"


def test_a_tie_between_two_antecedents_is_speaker_unclear(nlp):
    text = 'Erik Lund and Tomas Berg met the ministry on Monday. "We will see," he said.'
    s = about(statements(nlp, text), "We will see")
    assert s.unclear and s.speaker_canonical is None
    assert s.speaker == "he"  # the article's own word is kept


def test_the_confidence_of_a_pronoun_rises_with_a_clear_win():
    assert confidence_of(PRONOUN, 0.0) < UNCLEAR_BELOW <= confidence_of(PRONOUN, 0.2)
    assert confidence_of(PRONOUN, 1.0) == CALIBRATED[PRONOUN][1]
    assert all(UNCLEAR_BELOW <= confidence_of(b) <= 1 for b in CALIBRATED if b != PRONOUN)


def test_a_dateline_is_no_part_of_the_speaker(nlp):
    found = statements(nlp, "OSLO - Norway's state broadcaster said the ferry strike had ended.")
    assert about(found, "strike had ended").speaker_canonical == "Norway's state broadcaster"
    found = statements(nlp, "BERGEN, Norway (AP) — The ferry company said the strike was over.")
    assert about(found, "strike was over").speaker_canonical == "ferry company"


def test_a_hyphenated_name_is_kept_whole(nlp):
    found = statements(nlp, "Guinea-Bissau said the border crossing would reopen on Friday.")
    assert about(found, "would reopen").speaker_canonical == "Guinea-Bissau"


@pytest.mark.parametrize(
    "sentence",
    [
        "Two tanks reported that the road was open.",
        "Four trawlers claimed the catch was poor.",
        "The village claimed the bridge was down.",
    ],
)
def test_things_and_places_that_cannot_speak_are_rejected(nlp, sentence):
    assert all(s.kind == "outlet" for s in statements(nlp, sentence))


def test_a_place_named_as_its_government_speaks(nlp):
    found = statements(nlp, "The city of Tromso said it would pay for the repairs.")
    assert about(found, "pay for the repairs").speaker_canonical == "city of Tromso"


def test_one_of_several_named_in_apposition_speaks(nlp):
    found = statements(nlp, "One of the family's lawyers, Nina Berg, said the video was clear.")
    s = about(found, "the video was clear")
    assert s.speaker_canonical == "Nina Berg" and "lawyers" in s.role


def test_person_nouns_come_from_wordnet():
    assert is_person_noun("governor") and is_person_noun("businessman")
    assert not is_person_noun("trawler") and not is_person_noun("village")


def test_who_in_a_relative_clause_is_the_noun_it_stands_for(nlp):
    text = 'The ferry company cited Maria Olsen, who said the crossing "needs another month."'
    assert about(statements(nlp, text), "another month").speaker_canonical == "Maria Olsen"
    text = 'The mayor, who said the budget "cannot stretch any further," left early.'
    assert about(statements(nlp, text), "cannot stretch").speaker_canonical == "mayor"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("He met dozens of growers who said the frost had ruined the crop.", "growers"),
        ("Some of the residents who said the water was brown have moved away.", "residents"),
    ],
)
def test_who_after_one_of_or_dozens_of_is_the_group(nlp, sentence, speaker):
    found = statements(nlp, sentence)
    assert [s.speaker_canonical for s in found if s.kind != "outlet"] == [speaker]


def test_a_relative_clause_after_a_preposition_names_nobody(nlp):
    # The parse hangs this clause on "the country", not on the families.
    text = "Families around the country who say prices are too high will get help."
    assert all(s.speaker_canonical is None for s in statements(nlp, text))


def test_a_possessive_role_with_a_name_beside_it_is_that_person(nlp):
    text = (
        "The ferry company defended its record on Tuesday. Its spokesperson, Maria Olsen, "
        "said the crossing was safe."
    )
    found = about(statements(nlp, text), "the crossing was safe")
    # "its" is the company's: the role names it (see the next tests).
    assert found.speaker_canonical == "Maria Olsen" and found.role == "ferry company's spokesperson"


def test_its_in_a_subject_means_the_body_named_before(nlp):
    text = "The fisheries ministry met on Monday. Its spokesman said the quota would stay."
    found = about(statements(nlp, text), "the quota would stay")
    assert found.speaker_canonical == "fisheries ministry's spokesman"


def test_a_possessive_role_names_its_owner_when_the_article_makes_it_clear(nlp):
    text = (
        "Mayor Clara Voss met the dock workers' union on Monday. The talks went well, said "
        "her spokesman, Peter Lind."
    )
    found = about(statements(nlp, text), "The talks went well")
    assert found.speaker_canonical == "Peter Lind" and found.role == "Clara Voss's spokesman"


def test_a_possessive_role_stays_as_written_and_lower_case_when_the_owner_is_unclear(nlp):
    text = (
        "Clara Voss met the union. Ines Moreau met the owners. The talks went well, said her "
        "spokesman, Peter Lind."
    )
    found = about(statements(nlp, text), "The talks went well")
    assert found.speaker_canonical == "Peter Lind" and found.role == "her spokesman"
    opening = "Its spokesman, Peter Lind, said the talks went well."
    assert about(statements(nlp, opening), "the talks went well").role == "its spokesman"


def test_a_bare_given_name_is_the_one_person_the_article_gives_it(nlp):
    text = 'Mark Reyes owns the bakery on Dock Street. "Flour costs doubled," Mark said.'
    assert about(statements(nlp, text), "Flour costs").speaker_canonical == "Mark Reyes"
    shared = (
        'Mark Reyes and Mark Olsen own the bakery on Dock Street. "Flour costs doubled," Mark said.'
    )
    assert about(statements(nlp, shared), "Flour costs").speaker_canonical == "Mark"


@pytest.mark.parametrize(
    "opening",
    [
        "Her first film opposite John Hale made her famous.",
        "Her duet with John Hale topped the charts, and her tour sold out.",
    ],
)
def test_a_pronoun_after_a_name_that_a_pronoun_came_before_teaches_no_gender(nlp, opening):
    # "her" means whoever "Her" meant, not John Hale: he must not become a "she".
    found = about(statements(nlp, f"{opening} “I was lucky,” she said."), "I was lucky")
    assert found.speaker_canonical != "John Hale"


def test_a_person_named_beside_a_capitalised_title_is_the_speaker(nlp):
    text = (
        "Greenfield Trust's Chief Science Officer, Maria Olsen, welcomed the plan but said it "
        "should go further."
    )
    found = about(statements(nlp, text), "it should go further")
    assert found.speaker_canonical == "Maria Olsen"
    assert found.role == "Greenfield Trust's Chief Science Officer"


def test_a_named_office_is_its_own_speaker_but_the_office_is_the_persons(nlp):
    named = (
        "Mayor Tom Ellis met the crew. Crossings resume in March, according to the harbour office."
    )
    assert about(statements(nlp, named), "Crossings resume").speaker_canonical == "harbour office"
    bare = "Mayor Tom Ellis met the crew. Crossings resume in March, the office said."
    assert (
        about(statements(nlp, bare), "Crossings resume").speaker_canonical == "Tom Ellis's office"
    )


def test_a_body_named_beside_a_description_is_the_speaker(nlp):
    text = 'The tanker\'s owner, Brightwater Shipping, said the leak was "small and contained."'
    found = about(statements(nlp, text), "small and contained")
    assert found.speaker_canonical == "Brightwater Shipping" and found.role == "tanker's owner"


def test_a_courtesy_title_is_no_part_of_the_role(nlp):
    text = "City health director Dr. Amara Singh said three people were treated."
    found = about(statements(nlp, text), "three people were treated")
    assert found.speaker_canonical == "Amara Singh" and found.role == "City health director"


def test_an_articles_own_slip_in_a_surname_is_its_person(nlp):
    text = (
        "Harbour pilot Dana Kessler said the fog would lift by noon.\n\n"
        "The ferries will wait for clear skies, Kesler added.\n\n"
        "Officials at Courtesy Harbour said the pier would reopen, the harbour office said."
    )
    found = statements(nlp, text)
    assert about(found, "The ferries will wait").speaker_canonical == "Dana Kessler"


@pytest.mark.parametrize(
    ("bare", "meant"),
    [
        ("Kesler", "Dana Kessler"),  # a slip of spelling
        ("Kessler", "Dana Kessler"),  # the very surname
        ("KESSLER", "KESSLER"),  # the same word in capitals: no slip
        ("kesler", "kesler"),  # a common word, not a name
        ("Keller", "Keller"),  # another name
    ],
)
def test_a_bare_surname_is_the_articles_person_by_spelling_or_a_slip_of_it(bare, meant):
    from accordingto.attribution.people import Mention
    from accordingto.attribution.resolution import Resolver

    named = Mention(at=0, sentence=0, name="Dana Kessler", person=True, subject=True, quoted=False)
    resolver = Resolver([named], sentence_starts=[0, 100])
    assert resolver.full_name(bare, at=120) == meant


def test_the_regulator_is_the_agency_named_before_it_whatever_its_name_calls_it(nlp):
    text = (
        "Brightwell Motors is recalling about 40,000 vans, the company said on Monday.\n\n"
        "The recall covers Harbour and Meadow models built in 2023, according to a filing "
        "with the Northvale Road Safety Administration.\n\n"
        "The regulator said it had received nine reports of doors opening while driving.\n\n"
        "The union said the plant's workers were not consulted."
    )
    found = statements(nlp, text)
    regulator = about(found, "nine reports")
    assert "Northvale Road Safety Administration" in regulator.speaker_canonical
    # A union is still not the administration, nor the carmaker.
    union = about(found, "not consulted")
    assert union.speaker_canonical not in (regulator.speaker_canonical, "Brightwell Motors")


def test_a_function_noun_means_the_bodies_that_do_it():
    from accordingto.attribution.lexicon import kinds_meant_by

    assert "administration" in kinds_meant_by("regulator")
    assert "carmaker" in kinds_meant_by("company")
    assert kinds_meant_by("union") == {"union"}
