"""Citations: APA 7, MLA 9, Chicago 17, built only from what the metadata knows."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accordingto.answer import Source
from accordingto.citations import STYLES, apa, chicago, cite, mla, quoted

FULL = Source("a.txt", "Daily Example", "Rain Falls on the City", "2020-09-28", "https://ex.test/a")


def test_apa_full_reference_puts_the_title_first_when_there_is_no_author():
    assert apa(FULL) == (
        "Rain Falls on the City. (2020, September 28). Daily Example. https://ex.test/a"
    )


def test_mla_and_chicago_full_references():
    assert mla(FULL) == "“Rain Falls on the City.” Daily Example, 28 Sept. 2020, ex.test/a."
    assert chicago(FULL) == (
        "Daily Example. “Rain Falls on the City.” September 28, 2020. https://ex.test/a."
    )


def test_a_missing_date_is_not_invented():
    source = Source("a.txt", "Daily Example", "Rain", None, None)
    assert apa(source) == "Rain. (n.d.). Daily Example."
    for style in STYLES.values():
        assert not re.search(r"\d", style(source))


def test_a_missing_url_and_title_are_left_out():
    source = Source("a.txt", "Daily Example", None, "2021-05-02", None)
    assert apa(source) == "Daily Example. (2021, May 2)."
    assert mla(source) == "Daily Example, 2 May 2021."
    assert chicago(source) == "Daily Example. May 2, 2021."
    for style in STYLES.values():
        assert "http" not in style(source)
        assert "None" not in style(source)


def test_a_malformed_date_is_treated_as_unknown():
    source = Source("a.txt", "Daily Example", "Rain", "sometime", None)
    assert "sometime" not in apa(source)
    assert "(n.d.)" in apa(source)


def test_cite_carries_the_quote_verbatim_and_its_speaker():
    words = "It was “the worst” storm, he said — truly."
    text = cite(FULL, words, "APA", speaker="Ana Díaz", role="city spokeswoman")
    first, second = text.split("\n")
    assert first == f"“{words}” (Ana Díaz, city spokeswoman)"
    assert second == apa(FULL)
    assert quoted(words) == f"“{words}”"


def test_unknown_style_is_an_error():
    with pytest.raises(ValueError, match="APA"):
        cite(FULL, "x", "Harvard")


text_or_none = st.one_of(st.none(), st.text(min_size=1, max_size=40))
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.text(max_size=12))


@given(outlet=text_or_none, title=text_or_none, day=dates, url=text_or_none)
def test_never_prints_none_and_never_guesses_a_year(outlet, title, day, url):
    source = Source("f.txt", outlet, title, day, url)
    for name, style in STYLES.items():
        reference = style(source)
        assert "None" not in reference.replace(str(outlet), "").replace(str(title), "").replace(
            str(url), ""
        ), name
        known = " ".join(str(v) for v in (outlet, title, url, day) if v)
        for year in re.findall(r"\b\d{4}\b", reference):
            assert year in known, (name, reference)
