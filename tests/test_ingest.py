"""Reading article formats: saved web pages, Markdown with front matter, plain text."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accordingto.corpus import BODY, CAPTION, CHROME, HEADING, parse_article
from accordingto.ingest import (
    HTML,
    MARKDOWN,
    TEXT,
    Unreadable,
    decode_text,
    document_from_bytes,
    from_html,
    from_markdown,
    from_plain_text,
    read_document,
)

PAGES = Path(__file__).parent / "fixtures" / "html"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


# --- web pages ------------------------------------------------------------------------


def test_a_web_page_gives_its_article_without_menus_related_links_or_footer():
    document = from_html(page("harbor-ferry.html"))
    text = document.text
    assert document.format == HTML
    assert text.startswith("Harbor ferry service to resume after two-year pause\n\n")
    assert "Passenger ferries will cross the harbor again next month" in text
    assert "“We have the boats, and now we finally have the people to sail them,”" in text
    assert "Lt. Gov. Helen Strand, who grew up on the island" in text
    assert text.rstrip().endswith("without raising fares in the autumn.")
    for furniture in (
        "Subscribe today",  # the navigation menu
        "Politics",
        "Transit board weighs bus cuts",  # the related-stories box
        "Related stories",
        "All rights reserved",  # the footer
        "Privacy policy",
    ):
        assert furniture not in text
    # One paragraph a line, a blank line between: each stays a paragraph when read.
    assert "\n\n\n" not in text and all(block.strip() for block in text.split("\n\n"))


def test_a_web_page_states_its_title_author_site_date_and_canonical_url():
    meta = from_html(page("harbor-ferry.html")).meta
    assert meta == {
        "title": "Harbor ferry service to resume after two-year pause",
        "author": "Priya Malhotra",
        "outlet": "The Lakeside Ledger",
        "date": "2023-04-18",
        "url": "https://ledger.example.com/2023/04/18/harbor-ferry-resumes",
    }


def test_a_page_without_a_canonical_link_takes_its_url_from_og_url():
    meta = from_html(page("storm-live.html")).meta
    assert meta["url"] == "https://northshore.example.org/live/storm-coast-flooding"
    assert meta["date"] == "2022-03-03" and meta["outlet"] == "Northshore Daily"


def test_the_furniture_a_page_keeps_is_classified_and_not_searched():
    document = from_html(page("storm-live.html"))
    article = parse_article("storm.html", document.text, stated=document.meta, source_format=HTML)
    found = {article.paragraph_text(p): p.kind for p in article.paragraphs}
    assert found["Storm live updates: coastal towns brace for flooding"] == HEADING
    assert found["By Tomas Lindqvist, Northshore Daily"] == CHROME
    assert found["Updated 3:45 p.m. ET, March 3, 2022"] == CHROME
    assert found["12:05 p.m. ET"] == CHROME and found["11:20 a.m. ET"] == CHROME
    assert found["HAVENPORT (Northshore) —"] == CHROME  # the dateline, cut off the story
    caption = next(t for t in found if t.startswith("Volunteers stack sandbags"))
    assert found[caption] == CAPTION
    first = next(t for t in found if t.startswith("Emergency crews"))
    assert found[first] == BODY
    assert article.meta.author == "Tomas Lindqvist" and article.meta.format == HTML


@pytest.mark.parametrize(
    "markup",
    [
        "<html><p>Hello</p></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "<html><head><title>Page not found</title></head><body></body></html>",
    ],
)
def test_a_page_with_no_article_is_unreadable_with_a_reason(markup):
    with pytest.raises(Unreadable, match="no article text found in the web page"):
        from_html(markup)


def test_an_empty_or_binary_page_is_unreadable():
    with pytest.raises(Unreadable, match="empty"):
        from_html(b"  \n")
    with pytest.raises(Unreadable, match="binary"):
        from_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))


words = st.sampled_from(
    [
        "the",
        "council",
        "voted",
        "harbor",
        "ferry",
        "crew",
        "said",
        "mayor",
        "budget",
        "island",
        "town",
        "water",
        "week",
    ]
)
html_paragraphs = st.lists(
    st.lists(words, min_size=8, max_size=30).map(lambda w: " ".join(w).capitalize() + "."),
    min_size=2,
    max_size=6,
    unique=True,
)


@settings(max_examples=25, deadline=None)
@given(html_paragraphs)
def test_every_paragraph_of_a_web_page_is_a_slice_of_the_stored_text(paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    markup = f"<html><head><title>A test page</title></head><body><article>{body}</article>"
    document = from_html(markup + "<footer>Contact us</footer></body></html>")
    article = parse_article("p.html", document.text, stated=document.meta, source_format=HTML)
    assert article.text == document.text
    shown = [article.text[p.start : p.end] for p in article.paragraphs]
    for paragraph in paragraphs:
        assert paragraph in shown
    for p in article.paragraphs:
        assert article.paragraph_text(p) == article.text[p.start : p.end]
        assert article.paragraph_text(p) == article.paragraph_text(p).strip()


# --- Markdown with front matter ---------------------------------------------------------

FRONT_MATTER = """---
title: "Council approves the river walk"
date: 2024-05-02
outlet: Valley Courier
url: https://courier.example.net/river-walk
authors: [Mei Tanaka, Olu Adebayo]
---
Council approves the river walk

The council approved the river walk on Thursday by five votes to two.
"""


def test_front_matter_gives_metadata_and_the_body_is_the_text():
    document = from_markdown(FRONT_MATTER)
    assert document.meta == {
        "title": "Council approves the river walk",
        "date": "2024-05-02",
        "outlet": "Valley Courier",
        "url": "https://courier.example.net/river-walk",
        "author": "Mei Tanaka, Olu Adebayo",
    }
    assert document.text == FRONT_MATTER.split("---\n", 2)[2]
    assert document.text.startswith("Council approves the river walk\n")
    assert document.format == MARKDOWN


@pytest.mark.parametrize(("key", "value"), [("source", "Hill Gazette"), ("site", "Hill Gazette")])
def test_front_matter_names_the_outlet_by_any_usual_key(key, value):
    document = from_markdown(f"---\n{key}: {value}\n---\nSome article text here.\n")
    assert document.meta == {"outlet": value}


def test_markdown_without_front_matter_is_its_own_text():
    text = "A headline\n\n---\n\nText after a rule.\n"
    assert from_markdown(text).text == text and from_markdown(text).meta == {}


def test_broken_or_empty_front_matter_is_unreadable_with_a_reason():
    with pytest.raises(Unreadable, match="front matter is not valid YAML"):
        from_markdown("---\ntitle: [unclosed\n---\nBody text.\n")
    with pytest.raises(Unreadable, match="empty"):
        from_markdown("---\ntitle: Only metadata\n---\n\n")


# --- plain text and reading files -----------------------------------------------------------


def test_plain_text_is_kept_exactly_with_its_line_ends():
    document = document_from_bytes("Line one\r\nLine two é\r\n".encode(), TEXT)
    assert document.text == "Line one\r\nLine two é\r\n" and document.meta == {}


LABELLED = """Title: Ferry fares rise for the first time in a decade
Source: Harbour Times
Section: Transport
Published: March 4, 2025
By: Ines Moreau

Ferry fares will rise by a tenth in May, the operator said on Monday.

"We held prices as long as we could," said its director, Paul Okafor.
"""


def test_labelled_header_lines_give_metadata_and_the_headline_leads_the_text():
    document = from_plain_text(LABELLED)
    assert document.meta == {
        "title": "Ferry fares rise for the first time in a decade",
        "outlet": "Harbour Times",
        "date": "March 4, 2025",
        "author": "Ines Moreau",
    }
    body = LABELLED.split("\n\n", 1)[1]
    assert document.text == f"{document.meta['title']}\n\n{body}"
    assert document.format == TEXT
    article = parse_article("fares.txt", document.text, stated=document.meta)
    assert article.meta.date == "2025-03-04" and not article.meta.inferred
    heading, *rest = [article.text[p.start : p.end] for p in article.paragraphs]
    assert heading == document.meta["title"] and article.paragraphs[0].kind == HEADING
    # No label line is left in the text to become a passage or a statement.
    assert not any(":" in text.split(" ", 1)[0] for text in rest)


def test_labelled_lines_without_a_headline_leave_the_body_as_the_text():
    text = "Date: 2025-01-02\r\nAuthor: Ann Lee\r\nAuthor: Bo Chan\r\n\r\nBody text.\r\n"
    document = from_plain_text(text)
    assert document.text == "\r\nBody text.\r\n"
    assert document.meta == {"date": "2025-01-02", "author": "Ann Lee, Bo Chan"}


@pytest.mark.parametrize(
    "text",
    [
        "Update: the mayor resigned on Friday.\n\nMore follows.\n",  # not a metadata label
        "Source: the leaked memo\n\nIt says the plan was dropped.\n",  # a lone source line
        "Section: World\nUpdate: 10:32\n\nNo label names metadata.\n",
        "The mayor said: we will not move.\n",  # a sentence, not a label
    ],
)
def test_text_that_only_looks_labelled_is_kept_whole(text):
    document = from_plain_text(text)
    assert document.text == text and document.meta == {}


def test_a_header_and_no_article_is_unreadable():
    with pytest.raises(Unreadable, match="header lines and no article text"):
        from_plain_text("Title: Nothing here\nDate: 2025-01-02\n\n \n")


def test_front_matter_headline_leads_a_body_that_does_not_open_with_it():
    body = "The council approved the river walk.\n"
    document = from_markdown(f"---\ntitle: River walk approved\n---\n{body}")
    assert document.text == f"River walk approved\n\n{body}"
    as_heading = f"---\ntitle: River walk approved\n---\n# River walk approved\n\n{body}"
    assert from_markdown(as_heading).text == f"# River walk approved\n\n{body}"


def test_text_that_is_not_utf8_binary_or_empty_is_unreadable():
    with pytest.raises(Unreadable, match="not UTF-8 text: byte 0xe9"):
        decode_text("Caf\xe9".encode("latin-1"))
    with pytest.raises(Unreadable, match="binary"):
        decode_text(b"abc\x00def")
    with pytest.raises(Unreadable, match="empty"):
        decode_text(b" \n\t")


def test_read_document_picks_the_reader_by_extension(tmp_path):
    (tmp_path / "a.htm").write_bytes(page("harbor-ferry.html"))
    (tmp_path / "b.md").write_text(FRONT_MATTER, encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.7")
    assert read_document(tmp_path / "a.htm").format == HTML
    assert read_document(tmp_path / "b.md").meta["outlet"] == "Valley Courier"
    with pytest.raises(Unreadable, match=r"unsupported file type \(\.pdf\).*\.html"):
        read_document(tmp_path / "c.pdf")


def test_utf16_text_with_a_byte_order_mark_is_read():
    text = "Café owners said the rent had doubled.\r\n"
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        mark = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
        assert decode_text(mark + text.encode(encoding)) == text
    with pytest.raises(Unreadable, match="not valid UTF-16"):
        decode_text(b"\xff\xfe" + "Café".encode("utf-16-le") + b"\x00")
