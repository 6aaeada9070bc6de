"""Whom a question means: names, roles the articles give, and capitals the articles use for
their states. Checked on the project's own unseen-topic articles first, then on the seeds."""

from __future__ import annotations

import numpy as np
import pytest

from accordingto.questions.reading import read_question
from accordingto.questions.whom import SpeakerTable, resolve
from accordingto.vocabulary import Vocabulary


def who(engine, phrase: str) -> list[str]:
    vector = engine.embedder.encode([phrase])[0]
    matches = resolve(
        phrase,
        engine.speaker_table,
        engine.index.vocabulary,
        vector,
        engine.index.speaker_vectors,
    )
    return [m.speaker for m in matches]


def speakers_named(engine, word: str) -> list[str]:
    return [s["speaker"] for s in engine.index.speakers if word in s["speaker"]]


def test_a_name_means_that_speaker(other_engine):
    # Two articles quote a Solberg: a bare surname means both, a full name one of them.
    assert {"Kari Solberg", "Ingrid Solberg"} <= set(who(other_engine, "Solberg"))
    assert who(other_engine, "Minister Kari Solberg")[0] == "Kari Solberg"


def test_a_role_the_articles_give_means_its_holder(other_engine):
    # "Norwegian Fisheries Minister Kari Solberg": asked as Norway's fisheries minister.
    assert who(other_engine, "Norway's fisheries minister")[0] == "Kari Solberg"
    einarsson = speakers_named(other_engine, "Einarsson")
    assert einarsson and who(other_engine, "spokesman for Iceland's prime minister")[0] in (
        einarsson
    )


def test_a_capital_the_articles_call_one_stands_for_its_state(other_engine):
    vocabulary = other_engine.index.vocabulary
    # Learned from "the Norwegian capital Oslo", not from any list.
    assert vocabulary.state_for("Oslo") is not None
    assert "Kari Solberg" in who(other_engine, "Oslo")


def test_a_place_the_articles_never_tie_to_a_state_is_not_a_metonym(other_engine):
    assert other_engine.index.vocabulary.state_for("Bergen") is None


def test_nothing_matches_a_role_nobody_has(other_engine):
    assert who(other_engine, "the chief of the navy") == []


def test_the_spokesman_of_a_leader_is_not_the_leader(engine):
    """ "X's party spokesman" is the spokesman, even though X is a speaker too."""
    leaders = [
        s["speaker"]
        for s in engine.index.speakers
        if s.get("roles")
        and any("President" in role for role in s["roles"])
        and s["kind"] == "person"
    ]
    spokesmen = [
        s for s in engine.index.speakers
        if any("spokesman for" in r and "party" in r for r in s.get("roles", ()))
    ]  # fmt: skip
    if not spokesmen:
        pytest.skip("the corpus has no party spokesman")
    role = spokesmen[0]["roles"][0]
    leader_surname = next((name.split()[-1] for name in leaders if name.split()[-1] in role), None)
    assert leader_surname, "the role names a leader the corpus quotes"
    found = who(engine, f"the spokesman of {leader_surname}'s party")
    assert found and found[0] == spokesmen[0]["speaker"]


def test_corpus_learned_capitals_on_the_seeds_resolve_to_their_state(engine):
    vocabulary = engine.index.vocabulary
    for capital, state in vocabulary.capitals.items():
        found = who(engine, capital.title())
        assert found, capital
        places = {p for s in engine.index.speakers if s["speaker"] in found for p in s["places"]}
        assert any(state[:5] in p or p[:5] in state for p in places), (capital, found)


def test_the_table_finds_candidates_by_word_without_a_scan():
    table = SpeakerTable.of(
        [
            {"speaker": "Ana Ruiz", "aliases": [], "roles": ["Mayor"], "kind": "person",
             "places": []},
            {"speaker": "Harbour Board", "aliases": [], "roles": [], "kind": "organisation",
             "places": []},
        ]
    )  # fmt: skip
    assert table.sharing(["mayor"]) == {0}
    assert table.sharing(["harbour"]) == {1}
    assert table.sharing(["nothing"]) == set()


def test_reading_and_resolving_together(other_engine):
    reading = read_question(
        "What did Norway's fisheries minister say about overfishing?",
        other_engine.index.vocabulary,
    )
    assert reading.speaker == "Norway's fisheries minister"
    assert who(other_engine, reading.speaker)[0] == "Kari Solberg"


def _spokespeople_table() -> SpeakerTable:
    return SpeakerTable.of(
        [
            # The parser once took her surname for a place: it is not one of her places.
            {"speaker": "Ana Ruiz", "aliases": [], "kind": "person",
             "roles": ["Harbour Authority spokesperson"], "places": ["ruiz", "harbour"]},
            {"speaker": "Tomas Feld", "aliases": [], "kind": "person",
             "roles": ["Harbour Authority spokesman"], "places": ["harbour"]},
            {"speaker": "Harbour Authority", "aliases": [], "kind": "organisation",
             "roles": [], "places": []},
        ]
    )  # fmt: skip


def test_a_role_matches_its_holders_alike_whatever_the_parser_took_for_a_place():
    found = resolve("Harbour Authority spokespeople", _spokespeople_table(), Vocabulary())
    assert {m.speaker for m in found} == {"Ana Ruiz", "Tomas Feld"}
    assert len({round(m.score, 6) for m in found}) == 1


def test_a_body_named_is_not_its_spokesperson():
    # "Harbour Authority" is what qualifies the role "Harbour Authority spokesperson", not
    # what she is: asking what the body said means the body.
    # Even when the phrase's embedding is as close to her profile as can be.
    alike = np.full((3, 4), 0.5, dtype=np.float32)
    table = _spokespeople_table()
    found = resolve("the Harbour Authority", table, Vocabulary(), alike[0], alike)
    assert [m.speaker for m in found] == ["Harbour Authority"]
    spokespeople = resolve("Harbour Authority spokespeople", table, Vocabulary(), alike[0], alike)
    assert {m.speaker for m in spokespeople} == {"Ana Ruiz", "Tomas Feld"}


def test_a_body_that_is_not_itself_quoted_means_its_spokespeople():
    records = [
        {"speaker": "Ana Ruiz", "aliases": [], "kind": "person",
         "roles": ["Harbour Authority spokesperson, former reporter"], "places": ["harbour"]},
        {"speaker": "Tomas Feld", "aliases": [], "kind": "person",
         "roles": ["adviser to the Harbour Authority"], "places": ["harbour"]},
    ]  # fmt: skip
    table = SpeakerTable.of(records)
    found = {m.speaker for m in resolve("the Harbour Authority", table, Vocabulary())}
    assert found == {"Ana Ruiz", "Tomas Feld"}
    # Each part of a role, and a role's head before "to", is what its holder is.
    assert {"spokesperson", "reporter"} <= table.entries[0].heads
    assert "adviser" in table.entries[1].heads and "authority" not in table.entries[1].heads


def test_an_acronym_means_the_body_it_abbreviates_and_back():
    table = SpeakerTable.of(
        [
            {"speaker": "European Union", "kind": "organisation"},
            {"speaker": "OSCE", "kind": "organisation"},
            {"speaker": "Erik Udall", "kind": "person"},
        ]
    )
    vocabulary = Vocabulary()
    assert [m.speaker for m in resolve("the EU", table, vocabulary)] == ["European Union"]
    asked = "the Organization for Security and Co-operation in Europe"
    assert [m.speaker for m in resolve(asked, table, vocabulary)] == ["OSCE"]
    # A person's initials are no acronym, and a phrase in lower case is none either.
    assert resolve("EU", table, vocabulary) and not resolve("eu", table, vocabulary)
    assert "Erik Udall" not in [m.speaker for m in resolve("EU", table, vocabulary)]
