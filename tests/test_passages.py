import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accordingto.corpus import parse_article
from accordingto.passages import (
    MIN_PASSAGE_WORDS,
    build_passages,
    is_credit,
    join_sentences,
    mend_abbreviations,
    spacy_sentence_splitter,
)


def naive_split(texts):
    """Sentence spans at '. ' boundaries: enough to exercise the joining rules."""
    result = []
    for text in texts:
        spans, start = [], 0
        for i, char in enumerate(text):
            if char in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
                spans.append((start, i + 1))
                start = i + 2
        if start < len(text):
            spans.append((start, len(text)))
        result.append(spans)
    return result


def test_an_open_quotation_is_kept_in_one_passage():
    text = "“We have no time to wait. The vote must happen now.” the mayor said."
    spans = naive_split([text])[0]
    assert len(spans) == 2
    assert join_sentences(text, spans) == [(0, len(text))]


def test_mixed_straight_and_curly_quotes_are_balanced():
    text = '"All other offers will fail. They are unjust,” he said. A new sentence starts here.'
    joined = join_sentences(text, naive_split([text])[0])
    assert text[joined[0][0] : joined[0][1]].endswith("he said.")
    assert len(joined) == 2


@pytest.mark.parametrize("cut_after", ["KTV’", "harbour"])
def test_a_cut_after_a_possessive_or_before_a_lower_case_word_is_joined(cut_after):
    text = (
        "The mayor said the strike was over in an interview on KTV’ “Morning Hour,” which aired "
        "on Sunday, and the harbour crews went back to work. She left before the next guest."
    )
    cut = text.index(cut_after) + len(cut_after)
    end = text.index(" She")
    spans = [(0, cut), (cut + 1, end), (end + 1, len(text))]
    assert join_sentences(text, spans) == [(0, end), (end + 1, len(text))]


def test_a_cut_after_a_full_stop_or_a_credit_is_kept():
    text = (
        "The strike ended on Sunday. Crews went back to work on the harbour on Monday morning. "
        "Jo Lee/Harbour Times Dockers walk back through the gates after the vote on Monday."
    )
    credit = text.index("Jo Lee")
    caption = text.index("Dockers")
    spans = [*naive_split([text[:credit]])[0], (credit, caption - 1), (caption, len(text))]
    joined = join_sentences(text, spans)
    assert joined[0] == spans[0]
    assert joined[-1] == (caption, len(text))


CREDITED_GALLERY = (
    "Bridge reopens\n\n"
    "The new bridge over the river opened to traffic on Sunday after two years of work.\n\n"
    "Kim Lee/Agency Crowds cross the bridge on Sunday, the first day it was open. "
    "Jo Park/Wire/Agency Images\n\n"
    "Jo Park/Wire/Agency Images Workers paint the railings in May, weeks before the opening. "
    "Sam Roe/Agency\n"
)


def test_a_photo_credit_before_or_after_a_caption_is_not_quoted(nlp):
    article = parse_article("gallery.txt", CREDITED_GALLERY)
    passages = build_passages([article], spacy_sentence_splitter(nlp))
    assert [(p.kind, p.text) for p in passages] == [
        (
            "body",
            "The new bridge over the river opened to traffic on Sunday after two years of work.",
        ),
        ("caption", "Crowds cross the bridge on Sunday, the first day it was open."),
        ("caption", "Workers paint the railings in May, weeks before the opening."),
    ]
    assert all(article.text[p.start : p.end] == p.text for p in passages)


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("Jane Doe/AP Fans wave at the parade.", "Jane Doe/AP "),
        ("Jo Roe/Pool/Agency Images The king arrives.", "Jo Roe/Pool/Agency Images "),
        ("Ana Ruiz/Valley Courier/Coast News Network The ferry docks.", None),
        ("Agency Images Crowds gather outside the hall.", "Agency Images "),
        ("The mayor/governor race ended on Monday.", ""),
        ("Valley/Coast crews repaired the line.", ""),
        ("Jane Doe/AP", ""),
        # A dash before the agency, a dash for no name, "via", doubled or back slashes, a
        # lower-case agency between slashes.
        ("Jo Roe - Harbour Pool/Agency Images In May the couple wed.", None),
        ("-/AFX via Agency Images Crowds gather.", "-/AFX via Agency Images "),
        ("JO ROE via AFX/Agency Images The couple waves.", "JO ROE via AFX/Agency Images "),
        ("Jo Roe/Pool via AFX Crowds gather.", "Jo Roe/Pool via AFX "),
        ("Jo Roe/picture-desk/dpx/AFX Images The king arrives.", None),
        ("Westvale//Agency Images Crews work.", "Westvale//Agency Images "),
        ("Westvale\\Roe-Desk/Agency Images Crews work.", None),
        # "via" or a dash with no slash and no agency's word is the caption's own.
        ("Residents via Main Street Station reopened.", ""),
        ("Northvale - Residents Gather near the station.", ""),
    ],
)
def test_a_credit_opening_a_caption_is_found(text, credit):
    from accordingto.furniture import opening_credit_end

    if credit is None:  # the whole run of words up to the agency's word
        credit = text[: text.index("Images ") + len("Images ")] if "Images" in text else None
        credit = credit or text[: text.index("The ferry")]
    assert text[: opening_credit_end(text)] == credit


def test_credits_are_not_passages():
    assert is_credit("(AP Photo/Jo Lee)")
    assert is_credit("Credit: Jo Lee Credit: Jo Lee")
    assert not is_credit("The council (seven members) voted.")
    # A gallery's credit left alone on its line, in any of the forms a caption opens with.
    for credit in (
        "Jo van Roe/Agency Images",
        "JO ROE/AFX via Agency Images",
        "Jo Roe/Pool via AFX",
    ):
        assert is_credit(credit), credit
    for text in ("Port Authority/Harbour Board talks", "Residents via Main Street", "The Lanes"):
        assert not is_credit(text), text


def test_passages_are_verbatim_and_skip_chrome(nlp):
    text = "Accessibility links\n\nThe council voted on Tuesday. It closed the branch library.\n"
    article = parse_article("a.txt", text)
    passages = build_passages([article], spacy_sentence_splitter(nlp))
    assert [p.text for p in passages] == [
        "The council voted on Tuesday.",
        "It closed the branch library.",
    ]
    for p in passages:
        assert text[p.start : p.end] == p.text
        assert p.paragraph_start <= p.start < p.end <= p.paragraph_end


sentences = st.lists(
    st.text(
        alphabet=st.sampled_from([*list("abcdefgh xyz,;“”\"'’"), "é", "ß", "Ж", "\xa0"]),
        min_size=1,
        max_size=40,
    ).map(lambda s: s.strip() + "."),
    min_size=1,
    max_size=6,
)
paragraphs = st.lists(sentences.map(" ".join), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(paragraphs, st.sampled_from(["\n", "\n\n", "\r\n\r\n"]))
def test_every_passage_is_a_verbatim_slice(paragraph_list, separator):
    text = "Headline of a story\n\n" + separator.join(paragraph_list) + "\n"
    article = parse_article("p.txt", text)
    for passage in build_passages([article], naive_split):
        assert text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip()
        assert len(passage.text.split()) >= MIN_PASSAGE_WORDS


def cut_before(text, *openings):
    """Sentence spans cut right before each of the given words, as a parser might."""
    starts = [0, *(text.index(opening) for opening in openings)]
    return [(a, b) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def test_a_cut_after_a_title_or_abbreviation_is_mended():
    text = "The case went to Supt. Alan Reed. He closed it on Jan. 12 in the U.N. Security Council."
    cuts = cut_before(text, "Alan", "He closed", "12 in", "Security")
    mended = mend_abbreviations(text, cuts)
    assert [text[a:b].strip() for a, b in mended] == [
        "The case went to Supt. Alan Reed.",
        "He closed it on Jan. 12 in the U.N. Security Council.",
    ]


def test_a_real_sentence_end_after_initials_or_a_month_is_kept():
    text = "He moved to the U.S. After that he never came back. It was in Jan. Then it rained."
    cuts = cut_before(text, "After", "It was", "Then")
    assert mend_abbreviations(text, cuts) == cuts


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said the case was referred to Supt. Alan Reed and to Insp. Mary Cole.",
        "The case was closed on Tuesday afternoon by Sgt. Maria Lopez of the county police.",
        "The bill was signed by Gov. Ana Ruiz, Sen. Tom Brandt and Rep. Jo Kim on Jan. 5.",
        "A report by Dr. Lee Park went to the U.S. Senate and the U.N. Security Council.",
        "The measure, known as Proposition No. 5, passed easily in the county last year.",
    ],
)
def test_passages_are_not_cut_at_abbreviations(nlp, sentence):
    article = parse_article("a.txt", f"{sentence}\n")
    passages = build_passages([article], spacy_sentence_splitter(nlp))
    assert [p.text for p in passages] == [sentence]
