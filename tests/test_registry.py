"""Speakers across articles: spelling variants are one speaker, with aliases."""

import re

from accordingto.attribution.registry import (
    SpeakerRegistry,
    looks_like_person,
    same_person,
    speaker_key,
)


def test_speaker_key_folds_spelling_and_apostrophes():
    assert speaker_key("Azerbaijan's Defence Ministry") == speaker_key(
        "Azerbaijan’s Defense Ministry"
    )
    assert speaker_key("the World Health Organisation") == speaker_key("World Health Organization")
    assert speaker_key("José Núñez") == speaker_key("Jose Nunez")


def test_speaker_key_keeps_different_names_apart():
    assert speaker_key("Finance Ministry") != speaker_key("Defense Ministry")


def test_same_person_by_first_name_and_near_surname():
    assert same_person("Nadia Kowalczyk", "Nadia Kovalczyk")
    assert not same_person("Nadia Kowalczyk", "Maria Kowalczyk")
    assert same_person("Kowalczyk", "Nadia Kowalczyk")
    assert not same_person("Nadia Kowalczyk", "Nadia Smith")


def test_registry_merges_variants_and_keeps_aliases():
    registry = SpeakerRegistry(
        ["Nadia Kowalczyk", "Nadia Kovalczyk", "Nadia Kowalczyk", "Kowalczyk",
         "Ports Defence Agency", "Ports Defense Agency", "Maria Kowalczyk"]
    )  # fmt: skip
    canonical = registry.canonical("Nadia Kovalczyk")
    assert canonical == "Nadia Kowalczyk"
    # The bare surname could be Maria as well, so it is not merged.
    assert set(registry.aliases(canonical)) == {"Nadia Kovalczyk"}
    assert registry.canonical("Kowalczyk") == "Kowalczyk"
    assert registry.canonical("Ports Defense Agency") == registry.canonical("Ports Defence Agency")
    assert registry.canonical("Maria Kowalczyk") == "Maria Kowalczyk"
    entries = {name: (aliases, count) for name, aliases, count in registry.entries()}
    assert entries["Nadia Kowalczyk"][1] == 3


def test_a_bare_surname_shared_by_two_people_stays_apart():
    registry = SpeakerRegistry(["Kowalczyk", "Nadia Kowalczyk", "Maria Kowalczyk"])
    assert registry.canonical("Kowalczyk") == "Kowalczyk"


def test_a_lone_word_joins_a_person_only_by_the_very_surname():
    registry = SpeakerRegistry(
        ["Lia Ventor", "Vantor", "Ngozi Okafor", "Okafor", "Tessera", "Ana Tessero"]
    )
    assert registry.canonical("Okafor") == "Ngozi Okafor"
    assert registry.canonical("Vantor") == "Vantor"  # a firm, not a misspelt "Ventor"
    assert registry.canonical("Tessera") == "Tessera"


def test_looks_like_person():
    assert looks_like_person("Nadia Kowalczyk")
    assert not looks_like_person("Defense Ministry")
    assert not looks_like_person("the agency")


def test_groups_in_another_order_are_one_speaker():
    registry = SpeakerRegistry(
        ["Norway and Iceland", "Iceland and Norway", "Both Iceland and Norway"]
    )
    assert len(registry.entries()) == 1


def test_a_body_its_other_forms_and_its_initials_are_one_speaker():
    registry = SpeakerRegistry(
        ["Kenya's Fisheries Ministry", "Kenyan Fisheries Ministry",
         "Ministry of Fisheries of Kenya", "Kenya MOF"]
    )  # fmt: skip
    assert len(registry.entries()) == 1
    assert registry.canonical("Kenya MOF") == "Kenya's Fisheries Ministry"


def test_initials_two_bodies_share_stay_apart():
    registry = SpeakerRegistry(
        ["Kenya's Fisheries Ministry", "Kenya's Finance Ministry", "Kenya MOF"]
    )
    assert len(registry.entries()) == 3


def test_a_role_without_a_name_goes_to_the_one_person_given_that_role():
    registry = SpeakerRegistry()
    registry.add("Ingrid Dahl", "Kenyan Fisheries Minister")
    registry.add("Kenya's fisheries minister")
    registry.add("Erik Lund", "harbour master")
    registry.add("Ola Berg", "harbour master")
    registry.add("harbour master")
    assert registry.canonical("Kenya's fisheries minister") == "Ingrid Dahl"
    # Two people hold the role: the bare role is not given to either.
    assert registry.canonical("harbour master") == "harbour master"


def test_initials_are_no_person():
    assert not looks_like_person("Norway MOF")


# --- the speakers a reader browses, on the seeds ---------------------------------------------

_POSSESSIVE_PRONOUNS = {"her", "his", "its", "their", "our", "my", "your"}


def _signature(name: str) -> frozenset[str]:
    # Words by their first five letters, without glue: "Armenia and Azerbaijan" and
    # "Both Azerbaijan and Armenia", "Armenian Defense Ministry" and "Armenia's Defence
    # Ministry" share one.
    words = re.findall(r"[\w-]+", name.lower().replace("’s", "").replace("'s", ""))
    return frozenset(w[:5] for w in words if w not in {"both", "the", "of", "and", "a"})


def _initials_of(words: list[str]) -> set[str]:
    # "defence ministry" -> {"dm", "mod"}: as written and as "ministry of defence".
    letters = "".join(w[0] for w in words)
    return {letters, "".join(w[0] for w in [words[-1], "of", *words[:-1]])}


def test_seed_speakers_are_no_junk_and_not_split(engine, nlp):
    """Rules, not names: every listed speaker is something that can speak, written without a
    dateline or a leading pronoun; and no two listed speakers are one entity written two
    ways (a group in another order, a body's other spelling or initials, a role that one
    listed person holds)."""
    from accordingto.attribution import can_speak

    entries = engine.speakers()
    assert entries
    for entry in entries:
        name = entry["speaker"]
        words = name.split()
        assert words[0].lower() not in _POSSESSIVE_PRONOUNS, name
        assert not (words[0].isupper() and len(words) > 2 and words[1] in "-—–"), name
        root = next(t for t in nlp(name) if t.dep_ == "ROOT")
        assert can_speak(root) or entry["kind"] == "person", f"{name!r} cannot speak"
    names = [entry["speaker"] for entry in entries]
    by_signature: dict[frozenset, str] = {}
    for name in names:
        signature = _signature(name)
        assert signature not in by_signature, f"{name!r} and {by_signature[signature]!r}"
        by_signature[signature] = name
    for name in names:
        *owner, last = name.split()
        if owner and re.fullmatch(r"[A-Z]{2,5}", last):
            for other in names:
                rest = [w for w in re.findall(r"[\w-]+", other.lower()) if w not in {"of", "s"}]
                same_owner = rest and rest[0][:5] == owner[0].lower()[:5]
                if other != name and same_owner and last.lower() in _initials_of(rest[1:]):
                    raise AssertionError(f"{name!r} abbreviates {other!r}")
    holders: dict[frozenset, set[str]] = {}
    for entry in entries:
        if entry["kind"] == "person":
            for role in entry["roles"]:
                holders.setdefault(_signature(role), set()).add(entry["speaker"])
    for entry in entries:
        found = holders.get(_signature(entry["speaker"]), set()) - {entry["speaker"]}
        assert len(found) != 1, f"{entry['speaker']!r} is the role of {found}"
