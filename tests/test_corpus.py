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
