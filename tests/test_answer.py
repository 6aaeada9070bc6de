from accordingto.answer import (
    NOT_COVERED,
    Attribution,
    Quote,
    Source,
    byline,
    escape_markdown,
    frame,
    human_date,
    render_message,
)


def quote(**changes):
    values = dict(
        rank=1,
        text="The budget is *final*, <b>she</b> said.",
        start=0,
        end=10,
        context="ctx",
        kind="body",
        source=Source("a.txt", "Example Wire", None, "2024-03-05"),
        score=0.5,
    )
    values.update(changes)
    return Quote(**values)


def test_markdown_and_html_in_quotes_are_shown_literally():
    escaped = escape_markdown("<img src=x onerror=alert(1)> *bold* [link](javascript:x)")
    assert "<" not in escaped and "](" not in escaped
    assert "\\*bold\\*" in escaped


def test_dates_read_as_people_write_them():
    assert human_date("2020-10-03") == "3 Oct 2020"
    assert human_date(None) is None
    assert byline(Source("a", None, None, None)) == "an unnamed outlet"


def test_an_unattributed_quote_is_the_outlets_own_reporting():
    assert frame(quote()).startswith("**Example Wire’s own reporting**, 5 Mar 2024")


def test_an_attributed_quote_names_speaker_role_and_outlet_with_a_neutral_frame():
    line = frame(quote(attribution=Attribution("Ana Ruiz", "mayor", "claimed", "indirect")))
    # The frame's own words are neutral ("via"); the article's verb is shown as a quotation.
    assert line == "**Ana Ruiz** (mayor), via Example Wire, 5 Mar 2024, *“claimed”*"


def test_headings_are_labelled_and_never_anyones_statement():
    line = frame(quote(kind="heading"))
    assert "own reporting" in line and line.endswith("*heading*")


def test_a_quote_that_opens_with_a_quotation_mark_is_not_doubled():
    message = render_message([quote(text="“We will not withdraw,” she said.")])
    assert "““" not in message and "> “We will not withdraw,” she said." in message
    assert "said.”" not in message  # no unbalanced closing mark either


def test_captions_are_labelled():
    assert "photo caption" in frame(quote(kind="caption"))


def test_rendered_answer_cites_every_quote_by_number():
    message = render_message([quote(), quote(rank=2)], notice="Cut to 500 characters.")
    assert "[1]" in message and "[2]" in message
    assert message.count("> “") == 2
    assert NOT_COVERED not in message


def test_quotes_with_a_statement_take_its_canonical_speaker(seed_articles):
    from accordingto.answer import attribute
    from accordingto.attribution import Statement

    article = seed_articles[0]
    statement = Statement(
        article.file, 0, 5, article.text[:5], "he", "Ana Ruiz", "mayor", "said", "indirect", 0.9
    )
    attribution, group = attribute(statement, article)
    assert (attribution.speaker, attribution.role, attribution.kind) == (
        "Ana Ruiz",
        "mayor",
        "indirect",
    )
    assert group == "ana ruiz"
    outlet_voice, outlet_group = attribute(None, article)
    assert outlet_voice.kind == "outlet" and outlet_group.startswith("outlet:")


def test_who_says_what_groups_by_speaker_in_a_neutral_order():
    from accordingto.answer import who_says_what
    from accordingto.figures import Figure

    def said(rank, speaker, text, *figures):
        return quote(
            rank=rank,
            text=text,
            attribution=Attribution(speaker, None, "said", "indirect"),
            group=speaker.lower(),
            figures=figures,
        )

    quotes = [
        said(1, "Zeta Party", "We counted 40 votes.", Figure("40", 40, "vote", None, "count")),
        said(2, "Alpha Group", "We counted 38 votes.", Figure("38", 38, "vote", None, "count")),
        said(3, "Zeta Party", "The count was fair."),
    ]
    sides = who_says_what(quotes)
    assert [s.label for s in sides] == ["Alpha Group", "Zeta Party"]
    assert sides[1].ranks == (1, 3)
    message = render_message(quotes)
    assert "**Who says what**" in message
    assert "different figures" in message
    # Each label bold as a whole, as in the frame line (issue 11, defect 10).
    assert "- **Alpha Group**: [2]" in message and "- **Zeta Party**: [1], [3]" in message
    own = render_message([quote(), said(2, "Zeta Party", "x")])
    assert "- **Example Wire’s own reporting**: [1]" in own


def test_one_speaker_needs_no_who_says_what_section():
    assert "Who says what" not in render_message([quote(), quote(rank=2)])


def test_different_figures_compare_like_with_like():
    from accordingto.figures import Figure

    def said(rank, speaker, *figures):
        return quote(
            rank=rank,
            attribution=Attribution(speaker, None, "said", "indirect"),
            group=speaker.lower(),
            figures=figures,
        )

    toll = Figure("12", 12, "soldier", None, "kill")
    wounded = Figure("40", 40, "soldier", None, "wound")
    civilians = Figure("3", 3, "civilian", None, "kill")
    # Different things counted, or the same numbers: no note.
    assert "different figures" not in render_message(
        [said(1, "North", toll), said(2, "South", wounded, civilians)]
    )
    assert "different figures" not in render_message(
        [said(1, "North", toll), said(2, "South", toll)]
    )
    # The same thing counted differently: the note.
    other_toll = Figure("90", 90, "troop", None, "die")
    assert "different figures" in render_message(
        [said(1, "North", toll), said(2, "South", other_toll)]
    )


def test_a_statement_whose_speaker_is_unclear_is_not_given_a_name(seed_articles):
    from accordingto.answer import SPEAKER_UNCLEAR, attribute
    from accordingto.attribution import Statement

    article = seed_articles[0]
    # Below the lowest band the extractor keeps the speaker as written but no canonical one.
    statement = Statement(
        article.file, 0, 5, article.text[:5], "he", None, None, "said", "indirect", 0.4
    )
    attribution, group = attribute(statement, article)
    assert attribution.unclear and attribution.speaker is None
    assert attribution.to_dict()["unclear"] is True
    line = frame(quote(attribution=attribution))
    assert line.startswith(f"**{SPEAKER_UNCLEAR}**") and "he" not in line.split(",")[0]
    # An unclear speaker is not the outlet's voice either: it has its own group.
    assert group != attribute(None, article)[1]


# --- Copy answer: clean Markdown with footnotes (issue 11) ----------------------------------


def test_export_gives_footnote_references_and_reference_entries_not_internal_links():
    from accordingto.answer import export_markdown
    from accordingto.citations import apa, mla

    first = quote(
        text="“We will rebuild the bridge.”",
        attribution=Attribution("Ana Ruiz", "mayor", "said", "direct"),
        source=Source("000_53b94a831d18ffa7.txt", "Example Wire", "Bridge to reopen", "2024-03-05"),
    )
    second = quote(
        rank=2, text="Traffic fell by half.", source=Source("b.txt", "AP", None, "2024-03-06")
    )
    text = export_markdown([first, second], question="What about the bridge?")
    assert "#cite=" not in text and ".txt" not in text
    assert "**Ana Ruiz** (mayor), via Example Wire, 5 Mar 2024, *“said”*[^1]" in text
    assert "> “We will rebuild the bridge.”" in text and "““" not in text
    assert "**AP’s own reporting**, 6 Mar 2024[^2]" in text
    assert f"[^1]: {apa(first.source)}" in text
    assert "[^2]: [News report]. (2024, March 6). AP." in text
    assert "- **Ana Ruiz** (mayor): [^1]" in text
    assert "- **AP’s own reporting**: [^2]" in text
    assert text.startswith("**Question:** What about the bridge?")
    assert f"[^1]: {mla(first.source)}" in export_markdown([first], style="MLA")
    assert export_markdown([]) == ""


def test_a_caption_quote_ends_before_its_photo_credit():
    # Issue 11, defect 4: "(… via AP)" at the end of a caption is not part of the quote.
    from accordingto.furniture import credit_start

    caption = "Firefighters work at a damaged house on Oct. 4, 2020. (Regional Ministry via AP)"
    end = credit_start(caption)
    assert caption[:end] == "Firefighters work at a damaged house on Oct. 4, 2020."
    for credit in ("(AP Photo/Jane Doe)", "(Jane Doe/Reuters)", "(Photo: Jane Doe)"):
        text = f"Boats at the harbour. {credit}"
        assert text[: credit_start(text)] == "Boats at the harbour."
    for kept in ("Crowds gathered (in the square) on Monday.", "He said it (quietly)."):
        assert credit_start(kept) == len(kept)


def test_a_quote_over_two_paragraphs_stays_one_block_quote_and_shows_its_words():
    two = quote(text="The mill will close.\n\n    1. It was built in 1931.\n- Its owners sold it.")
    lines = render_message([two]).split("\n")
    block = [line for line in lines if line.startswith(">")]
    assert block[0].startswith("> “The mill will close.")
    assert ">" in block and "> 1\\. It was built in 1931." in block  # a blank quoted line
    assert "> \\- Its owners sold it.”" in block  # a list marker shown as a dash
    # Everything from the first quoted line to the last stays inside the quote.
    first, last = lines.index(block[0]), lines.index(block[-1])
    assert all(line.startswith(">") for line in lines[first : last + 1])
    # A hard-wrapped paragraph keeps its lines together, without a blank line between.
    wrapped = render_message([quote(text="One line\nwrapped here.")])
    assert "> “One line\n> wrapped here.”" in wrapped


def test_a_question_is_echoed_literally_with_its_web_addresses_as_code():
    from accordingto.answer import literal_markdown

    echoed = literal_markdown("Is https://example.com/a_(b) right about *this* <b>?")
    assert "`https://example.com/a_(b)`" in echoed  # no escapes inside a linkable address
    assert "\\*this\\*" in echoed and "&lt;b&gt;" in echoed
    assert literal_markdown("no address_here") == "no address\\_here"
