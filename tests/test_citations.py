"""Citations: APA 7, MLA 9, Chicago 17, built only from what the metadata knows."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accordingto.answer import Source
from accordingto.citations import (
    STYLES,
    apa,
    apa_in_text,
    chicago,
    chicago_note,
    chicago_short_note,
    cite,
    in_text,
    mla,
    mla_in_text,
    quote_marks,
    quoted,
    reference,
)

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


def test_a_missing_url_is_left_out_and_a_missing_title_described():
    source = Source("a.txt", "Daily Example", None, "2021-05-02", None)
    assert apa(source) == "[News report]. (2021, May 2). Daily Example."
    assert mla(source) == "News report. Daily Example, 2 May 2021."
    assert chicago(source) == "Daily Example. News report. May 2, 2021."
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


# --- Worked examples from each style's own documentation -----------------------------------
# Each example is the style guide's own entry, as recalled from the named page or section
# (the sources were not reachable from this machine to re-check character by character).
# The app's plain text carries no italics, so italic names appear without marks.


def test_apa_worked_examples():
    # APA Style, "Newspaper article references", apastyle.apa.org (online newspaper article).
    carey = Source(
        "x", "The New York Times", "Can we get better at forgetting?", "2019-03-22",
        "https://www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html",
        author="Benedict Carey",
    )  # fmt: skip
    assert apa(carey) == (
        "Carey, B. (2019, March 22). Can we get better at forgetting? The New York Times. "
        "https://www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html"
    )
    assert apa_in_text(carey) == "(Carey, 2019)"
    # APA Style, "Newspaper article references", apastyle.apa.org (second online example).
    guarino = Source(
        "x", "The Washington Post",
        "How will humanity react to alien life? Psychologists have some predictions",
        "2017-12-04",
        "https://www.washingtonpost.com/news/speaking-of-science/wp/2017/12/04/how-will-"
        "humanity-react-to-alien-life-psychologists-have-some-predictions",
        author="Ben Guarino",
    )  # fmt: skip
    assert apa(guarino) == (
        "Guarino, B. (2017, December 4). How will humanity react to alien life? "
        "Psychologists have some predictions. The Washington Post. "
        "https://www.washingtonpost.com/news/speaking-of-science/wp/2017/12/04/how-will-"
        "humanity-react-to-alien-life-psychologists-have-some-predictions"
    )
    # APA Publication Manual 7th ed. §9.12 and Table 9.1 (no author: the title moves to the
    # author position) and §8.14 (in text: the title's first words in quotation marks).
    unsigned = Source("x", "The Daily Example", "Storm closes schools", "2020-10-03", None)
    assert apa(unsigned) == "Storm closes schools. (2020, October 3). The Daily Example."
    assert apa_in_text(unsigned) == "(“Storm closes schools,” 2020)"
    # APA Publication Manual 7th ed. §9.21 and Table 9.1 (no title: a description in square
    # brackets; with no author either, the description moves to the author position).
    untitled = Source("x", "AP", None, "2020-10-03", None)
    assert apa(untitled) == "[News report]. (2020, October 3). AP."
    assert apa_in_text(untitled) == "([News report], 2020)"


def test_apa_marks_inferred_data_in_square_brackets():
    # The rule for uncertain data: APA puts supplied information in square brackets.
    source = Source("x", "AP", None, "2020-10-03", None, inferred=("date", "outlet"))
    assert apa(source) == "[News report]. ([2020, October 3]). [AP]."
    assert mla(source) == "News report. [AP], [3 Oct. 2020]."
    assert chicago(source) == "[AP]. News report. [October 3, 2020]."


def test_mla_worked_examples():
    # MLA Handbook 9th ed. §5.x newspaper article, as given in the MLA 9 guide of Maple
    # Woods Community College library (libguides.mcckc.edu, "Online Newspaper Articles").
    guyann = Source(
        "x", "USA Today",
        "Facebook to Ban Political Ads After the Election Polls Close as US Tensions Rise",
        "2020-10-08", None, author="Jessica Guyann",
    )  # fmt: skip
    assert mla(guyann) == (
        "Guyann, Jessica. “Facebook to Ban Political Ads After the Election Polls Close as "
        "US Tensions Rise.” USA Today, 8 Oct. 2020."
    )
    assert mla_in_text(guyann) == "(Guyann)"
    # MLA Handbook 9th ed. §5.20 (URL without http://) and §5.31 (months abbreviated,
    # "Sept."); the New York Times example of the MLA Style Center's newspaper entries.
    carey = Source(
        "x", "The New York Times", "Can We Get Better at Forgetting?", "2019-03-22",
        "https://www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html",
        author="Benedict Carey",
    )  # fmt: skip
    assert mla(carey) == (
        "Carey, Benedict. “Can We Get Better at Forgetting?” The New York Times, 22 Mar. 2019, "
        "www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html."
    )
    # MLA Handbook 9th ed. §5.6 (no author: the entry starts with the title) and §6.10
    # (in text: a shortened title in quotation marks).
    unsigned = Source("x", "The Daily Example", "Storm closes schools", "2020-09-28", None)
    assert mla(unsigned) == "“Storm Closes Schools.” The Daily Example, 28 Sept. 2020."
    assert mla_in_text(unsigned) == "(“Storm Closes Schools”)"
    # MLA Handbook 9th ed. §5.29 (no title: a generic description, neither quoted nor
    # italicised, capitalised like a sentence).
    untitled = Source("x", "AP", None, "2020-10-03", None)
    assert mla(untitled) == "News report. AP, 3 Oct. 2020."


def test_chicago_worked_examples():
    # The Chicago Manual of Style 17th ed. 14.191 (news articles), Manjoo example:
    # bibliography entry and full note.
    manjoo = Source(
        "x", "New York Times", "Snap Makes a Bet on the Cultural Supremacy of the Camera",
        "2017-03-08",
        "https://www.nytimes.com/2017/03/08/technology/snap-makes-a-bet-on-the-cultural-"
        "supremacy-of-the-camera.html",
        author="Farhad Manjoo",
    )  # fmt: skip
    url = manjoo.url
    assert chicago(manjoo) == (
        "Manjoo, Farhad. “Snap Makes a Bet on the Cultural Supremacy of the Camera.” "
        f"New York Times, March 8, 2017. {url}."
    )
    assert chicago_note(manjoo) == (
        "Farhad Manjoo, “Snap Makes a Bet on the Cultural Supremacy of the Camera,” "
        f"New York Times, March 8, 2017, {url}."
    )
    assert chicago_short_note(manjoo).startswith("Manjoo, “Snap")
    # CMOS 17th ed. 14.191 (news articles), Pai example (Vox).
    pai = Source(
        "x", "Vox", "The Squishy, Sugary History of Peeps", "2017-04-11",
        "http://www.vox.com/culture/2017/4/11/15209084/peeps-easter", author="Tanya Pai",
    )  # fmt: skip
    assert chicago(pai) == (
        "Pai, Tanya. “The Squishy, Sugary History of Peeps.” Vox, April 11, 2017. "
        "http://www.vox.com/culture/2017/4/11/15209084/peeps-easter."
    )
    # CMOS 17th ed. 14.207 (unsigned newspaper articles): the note starts with the title,
    # the bibliography entry with the newspaper's name.
    unsigned = Source(
        "x", "New York Times", "In Texas, Ad Heats Up Race for Governor", "2002-07-30", None
    )
    assert chicago_note(unsigned) == (
        "“In Texas, Ad Heats Up Race for Governor,” New York Times, July 30, 2002."
    )
    assert chicago(unsigned) == (
        "New York Times. “In Texas, Ad Heats Up Race for Governor.” July 30, 2002."
    )
    # CMOS 17th ed. 14.207 with 14.89-style descriptive phrase for an untitled item.
    untitled = Source("x", "AP", None, "2020-10-03", None)
    assert chicago(untitled) == "AP. News report. October 3, 2020."


def test_quote_with_in_text_citation_for_each_style():
    source = Source("x", "The Daily Example", "Storm closes schools", "2020-10-03", None)
    words = "The schools will stay shut"
    assert (
        in_text(source, words, "APA")
        == "“The schools will stay shut” (“Storm closes schools,” 2020)"
    )
    assert in_text(source, words, "MLA") == "“The schools will stay shut” (“Storm Closes Schools”)"
    assert in_text(source, words, "Chicago") == (
        "“The schools will stay shut” (The Daily Example, “Storm Closes Schools.”)"
    )
    signed = Source("x", "The Daily Example", "Rain", "2020-10-03", None, author="Ana Díaz")
    assert in_text(signed, words, "APA") == "“The schools will stay shut” (Díaz, 2020)"
    assert in_text(signed, words, "MLA") == "“The schools will stay shut” (Díaz)"
    assert in_text(signed, words, "Chicago") == "“The schools will stay shut” (Díaz, “Rain.”)"
    with pytest.raises(ValueError):
        in_text(source, words, "Harvard")
    assert reference(source, "MLA") == mla(source)


def test_a_quote_that_opens_with_its_own_mark_is_not_double_marked():
    # Issue 11, defect 10: ““They have done…
    whole = "“They have done what they promised.”"
    assert quote_marks(whole) == whole
    assert not in_text(FULL, whole).startswith("““")
    assert in_text(FULL, whole).startswith(whole)
    # A quotation inside the quote turns to single marks in prose (APA 7 §8.32).
    partial = "“They have done it,” he said"
    assert in_text(FULL, partial).startswith("“‘They have done it,’ he said”")
    assert quote_marks(partial) == partial
    assert quote_marks("plain words") == "“plain words”"


def test_a_short_title_never_cuts_a_quoted_phrase_in_two():
    from accordingto.citations import short_title

    assert short_title("Ferry fares rise for the first time") == "Ferry fares rise"
    # The phrase closes a few words on: kept whole, its quotation marks balanced.
    assert short_title("Port to stay 'open for business' despite strike") == (
        "Port to stay 'open for business'"
    )
    # It runs on too long: left out.
    assert short_title("He said “we will never ever give in to them” today") == "He said"
    # A year's apostrophe opens no quotation.
    assert short_title("Music of the '90s returns to the charts") == "Music of the '90s"
    source = Source(
        "b.txt", "Daily Example", "Port to stay 'open for business' despite strike", "2021-05-04"
    )
    notes = [apa_in_text(source), mla_in_text(source), chicago_short_note(source)]
    assert notes == [
        "(“Port to stay 'open for business',” 2021)",
        "(“Port to Stay 'Open for Business'”)",
        "Daily Example, “Port to Stay 'Open for Business'.”",
    ]
