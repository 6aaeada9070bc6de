"""Country names found in text, with the words for their people (sentences written for
these tests)."""

from hypothesis import given
from hypothesis import strategies as st

from accordingto.countries import countries_in, country_names, is_world_place


def test_the_list_holds_short_and_everyday_names_not_inverted_ones():
    names = set(country_names())
    assert {"Iran", "South Korea", "Russia", "United States", "US", "Britain"} <= names
    assert not any("," in name or "(" in name for name in names)


def test_countries_and_their_people_are_found_as_written():
    text = "Chadian and North Korean envoys met in the U.S. and then flew to Peru."
    assert countries_in(text) == ["Chadian", "North Korean", "U.S.", "Peru"]
    assert countries_in("The Iranian delegation left Iran.") == ["Iranian", "Iran"]


def test_towns_provinces_people_and_lower_case_words_are_not_countries():
    assert countries_in("The ferry reached Port Elden in Varrow province.") == []
    assert countries_in("Chadwick Boseman and Jordana Brewster spoke.") == []
    assert countries_in("We ate turkey and chad, and read the us edition.") == []


def test_countries_and_continents_are_world_places_as_written():
    for word in ("Peru", "Chadian", "Africa", "Africa’s", "Europe's", "Arctic"):
        assert is_world_place(word), word
    for word in ("Varrow", "Chadwick", "Atlantis", "continent"):
        assert not is_world_place(word), word


@given(st.text(max_size=80))
def test_every_country_found_is_a_slice_of_the_text(text):
    for name in countries_in(text):
        assert name in text
