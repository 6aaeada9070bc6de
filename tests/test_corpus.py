import shutil
from pathlib import Path

from accordingto.corpus import (
    BODY,
    CAPTION,
    CHROME,
    EMBED,
    HEADING,
    SIGNATURE,
    dates_in,
    load_corpus,
    merge_meta,
    parse_article,
    read_article_text,
    read_corpus,
    split_paragraphs,
)

ARTICLE = """date 2024-03-05 The city council voted 7-2 on Tuesday to close the library branch.
Accessibility links

Budget fight over libraries

Mayor Ana Ruiz said the closure would save $2 million a year.

A child reads at the branch on Monday. (AP Photo/Jo Lee)

READ MORE: Council approves new bus lanes

Libraries matter more than ever #SaveOurBranch pic.twitter.com/abc123
— Friends of the Library (@friendslib) March 4, 2024

Mayor Ana Ruiz said the closure would save $2 million a year.

Source: Riverside Post and agencies
"""


def kinds(article):
    return {article.paragraph_text(p): p.kind for p in article.paragraphs}


def test_paragraphs_are_classified_and_offsets_exact():
    article = parse_article("a.txt", ARTICLE)
    found = kinds(article)
    assert found["Accessibility links"] == CHROME
    assert found["A child reads at the branch on Monday. (AP Photo/Jo Lee)"] == CAPTION
    assert found["READ MORE: Council approves new bus lanes"] == CHROME
    # A post's signature line is metadata of the post, never searched or quoted.
    assert found["— Friends of the Library (@friendslib) March 4, 2024"] == SIGNATURE
    assert found["Libraries matter more than ever #SaveOurBranch pic.twitter.com/abc123"] == EMBED
    assert found["Source: Riverside Post and agencies"] == CHROME
    assert found["Mayor Ana Ruiz said the closure would save $2 million a year."] == BODY
    assert found["Budget fight over libraries"] == HEADING
    for p in article.paragraphs:
        assert article.text[p.start : p.end] == article.paragraph_text(p)
        assert not article.paragraph_text(p).startswith(" ")


def test_date_line_is_metadata_not_text():
    article = parse_article("a.txt", ARTICLE)
    assert article.meta.date == "2024-03-05"
    assert "date" not in article.meta.inferred
    first = article.paragraph_text(article.paragraphs[0])
    assert first.startswith("The city council voted")


def test_exact_repeats_are_marked_once():
    article = parse_article("a.txt", ARTICLE)
    repeats = [p for p in article.paragraphs if p.duplicate_of is not None]
    assert len(repeats) == 1
    original = article.paragraphs[repeats[0].duplicate_of]
    assert article.paragraph_text(original) == article.paragraph_text(repeats[0])
    assert all(p.duplicate_of is None for _, p in article.indexable)


def test_outlet_and_headline_are_inferred_and_marked():
    article = parse_article("b.txt", "Budget fight over city libraries\n\nThe council met.\n")
    assert article.meta.title == "Budget fight over city libraries"
    assert "title" in article.meta.inferred
    sourced = parse_article("c.txt", ARTICLE)
    assert sourced.meta.outlet == "Riverside Post"
    assert "outlet" in sourced.meta.inferred


def test_a_standfirst_sentence_is_not_a_headline():
    article = parse_article("d.txt", "The council voted to close the branch on Tuesday.\n")
    assert article.meta.title is None


def test_date_falls_back_to_latest_written_date_and_is_marked_inferred():
    article = parse_article("e.txt", "Talks began Sept. 27, 2020.\n\nThey ended Oct. 3, 2020.\n")
    assert article.meta.date == "2020-10-03"
    assert "date" in article.meta.inferred
    assert [d.isoformat() for d in dates_in("on 4 March 2024 and 2024-03-05")] == [
        "2024-03-04",
        "2024-03-05",
    ]


def test_catalog_values_win_and_keep_their_own_inferred_marks():
    inferred = parse_article("e.txt", "Headline words here\n\nText. Oct. 3, 2020\n").meta
    merged = merge_meta(inferred, {"outlet": "Example Wire", "inferred": ["outlet"]})
    assert merged.outlet == "Example Wire"
    assert merged.inferred.count("outlet") == 1
    assert "title" in merged.inferred


def test_duplicate_caption_lines_are_captions():
    text = (
        "Smoke rises over the harbour after the blast on Monday, officials said.\n"
        "Smoke rises over the harbour after the blast on Monday, officials said. (Wire)\n"
    )
    article = parse_article("f.txt", text)
    assert [p.kind for p in article.paragraphs] == [CAPTION, CAPTION]


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "The committee heard evidence from three witnesses over the course of\n"
        "a long afternoon and adjourned without reaching a decision on the\n"
        "proposal.\n\nA second paragraph.\n"
    )
    spans = split_paragraphs(text)
    assert len(spans) == 2
    assert text[spans[0][0] : spans[0][1]].endswith("proposal.")


def test_load_corpus_reads_catalog_and_every_article(seeds_copy):
    (seeds_copy / "extra.txt").write_text("A new headline for a test\n\nSome body text here.\n")
    articles = load_corpus(seeds_copy)
    assert any(a.file == "extra.txt" for a in articles)
    assert all(a.content_hash for a in articles)
    catalogued = [a for a in articles if a.file != "extra.txt"]
    assert all(a.meta.date for a in catalogued)


def test_subheadings_and_headlines_are_headings_but_short_sentences_are_not():
    text = (
        "Bridge closes for repairs\n\n"
        "The river bridge will close on Monday for six weeks, the council said.\n\n"
        "Traffic plans\n\n"
        "Buses will use the ring road while the work goes on.\n\n"
        "It will reopen in May.\n\n"
        "“We are sorry for the trouble,” the council said.\n"
    )
    found = kinds(parse_article("b.txt", text))
    assert found["Bridge closes for repairs"] == HEADING  # the headline
    assert found["Traffic plans"] == HEADING  # a subheading between body paragraphs
    assert found["It will reopen in May."] == BODY  # a short sentence still ends like one
    assert found["“We are sorry for the trouble,” the council said."] == BODY


def test_a_first_line_that_ends_as_a_sentence_is_not_a_headline():
    article = parse_article(
        "c.txt", "Coach Ben Alvarez said: “We played well.”\n\nMore text here.\n"
    )
    assert article.meta.title is None
    assert article.paragraphs[0].kind == BODY


# --- page furniture -------------------------------------------------------------------


def test_a_dateline_is_cut_off_the_first_paragraph_and_is_not_text():
    text = (
        "Port reopens after strike\n\n"
        "RIVERTON, Ohio (Wire) — The port reopened on Friday after a nine-day strike.\n\n"
        "NATO — the alliance — was not involved, officials said later that day.\n"
    )
    article = parse_article("d.txt", text)
    found = [(article.paragraph_text(p), p.kind) for p in article.paragraphs]
    assert found[1] == ("RIVERTON, Ohio (Wire) —", CHROME)
    assert found[2] == ("The port reopened on Friday after a nine-day strike.", BODY)
    # Only the story's first paragraph can open with a dateline.
    assert found[3][1] == BODY and found[3][0].startswith("NATO —")


def test_a_dateline_on_a_line_of_its_own_is_chrome():
    text = "Harbor Town XYZ —\n\nThe port reopened on Friday after a nine-day strike.\n"
    assert kinds(parse_article("d.txt", text))["Harbor Town XYZ —"] == CHROME


def test_bylines_and_time_stamps_are_chrome_but_sentences_like_them_are_not():
    text = (
        "By Jane Doe and Sam Roe, The Daily Example\n\n"
        "Updated 3:45 p.m. ET, March 3, 2022\n\n"
        "12:05 p.m. ET\n\n"
        "By and large, the crowd stayed calm through the afternoon.\n\n"
        "By 25, she had become the youngest mayor the town had known.\n"
    )
    found = kinds(parse_article("b.txt", text))
    assert found["By Jane Doe and Sam Roe, The Daily Example"] == CHROME
    assert found["Updated 3:45 p.m. ET, March 3, 2022"] == CHROME
    assert found["12:05 p.m. ET"] == CHROME
    assert found["By and large, the crowd stayed calm through the afternoon."] == BODY
    assert found["By 25, she had become the youngest mayor the town had known."] == BODY


def test_captions_that_end_in_a_photo_credit_are_captions():
    text = (
        "Bridge reopens\n\n"
        "Crowds cross the bridge on Sunday. Kim Lee/Agency\n\n"
        "Workers paint the railings in May. Jo Park/Wire/Agency Images\n\n"
        "The mayor cuts the ribbon. (Photo: Sam Roe/Valley Courier)\n\n"
        "The band AC/DC played at the opening, and thousands came to see it.\n"
    )
    found = kinds(parse_article("c.txt", text))
    assert found["Crowds cross the bridge on Sunday. Kim Lee/Agency"] == CAPTION
    assert found["Workers paint the railings in May. Jo Park/Wire/Agency Images"] == CAPTION
    assert found["The mayor cuts the ribbon. (Photo: Sam Roe/Valley Courier)"] == CAPTION
    assert found["The band AC/DC played at the opening, and thousands came to see it."] == BODY


# --- folders of several formats ---------------------------------------------------------

HTML_PAGES = Path(__file__).parent / "fixtures" / "html"


def test_a_folder_of_text_markdown_and_web_pages_is_read_and_broken_pages_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("Ferry fares frozen\n\nFares stay at $4.50.\n")
    (tmp_path / "b.md").write_text(
        "---\ntitle: River walk approved\ndate: 2024-05-02\nsource: Valley Courier\n---\n"
        "River walk approved\n\nThe council approved the river walk on Thursday.\n"
    )
    shutil.copy(HTML_PAGES / "harbor-ferry.html", tmp_path / "c.html")
    (tmp_path / "menu-only.html").write_text("<html><nav><a href='/'>Home</a></nav></html>")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    corpus = read_corpus(tmp_path)
    read = {a.file: a for a in corpus.articles}
    assert set(read) == {"a.txt", "b.md", "c.html"}
    assert {s.file: s.reason for s in corpus.skipped} == {
        "menu-only.html": "no article text found in the web page",
        "notes.docx": "unsupported file type (.docx); articles are .txt, .md or .html files",
    }
    assert read["b.md"].meta.outlet == "Valley Courier" and read["b.md"].meta.date == "2024-05-02"
    assert read["b.md"].text.startswith("River walk approved\n")  # the body, not the YAML
    page = read["c.html"]
    assert page.meta.url == "https://ledger.example.com/2023/04/18/harbor-ferry-resumes"
    assert page.meta.author == "Priya Malhotra" and page.meta.format == "html"
    assert page.meta.inferred == ()  # stated by the page, not guessed
    # What verify re-reads from the file is exactly the text the offsets index.
    assert read_article_text(tmp_path / "c.html") == page.text
    assert read["a.txt"].meta.format == "text"


def test_a_catalog_entry_wins_over_what_a_page_states(tmp_path):
    shutil.copy(HTML_PAGES / "harbor-ferry.html", tmp_path / "page.html")
    (tmp_path / "catalog.toml").write_text('["page.html"]\noutlet = "Ledger Weekly"\n')
    article = read_corpus(tmp_path).articles[0]
    assert article.meta.outlet == "Ledger Weekly"
    assert article.meta.title == "Harbor ferry service to resume after two-year pause"


def test_a_post_signature_gives_the_posters_name_and_nothing_else_does():
    from accordingto.furniture import is_post_signature, post_signature_name

    line = "— Harbour Authority of Easton (@eastonharbour) Sept. 3, 2021"
    assert is_post_signature(line)
    assert post_signature_name(line) == "Harbour Authority of Easton"
    # The name is the words before the first handle.
    two = "— Harbour Authority (@eastonharbour) (@harbourpress) Sept. 3, 2021"
    assert is_post_signature(two) and post_signature_name(two) == "Harbour Authority"
    # A line must end in the day it was posted to be a signature.
    assert not is_post_signature("— Harbour Authority (@eastonharbour) answered at once")
    for other in (
        "The ferry resumed on Sept. 3, 2021, the authority said.",
        "Harbour Authority (@eastonharbour) Sept. 3, 2021",  # no dash
    ):
        assert not is_post_signature(other)
        assert post_signature_name(other) is None
