"""Speakers across articles: spelling variants are one speaker, with aliases."""

from accordingto.speakers import SpeakerRegistry, looks_like_person, same_person, speaker_key


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


def test_looks_like_person():
    assert looks_like_person("Nadia Kowalczyk")
    assert not looks_like_person("Defense Ministry")
    assert not looks_like_person("the agency")
