from hypothesis import given, settings
from hypothesis import strategies as st

from accordingto.corpus import parse_article
from accordingto.passages import (
    MIN_PASSAGE_WORDS,
    build_passages,
    is_credit,
    join_sentences,
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


def test_credits_are_not_passages():
    assert is_credit("(AP Photo/Jo Lee)")
    assert is_credit("Credit: Jo Lee Credit: Jo Lee")
    assert not is_credit("The council (seven members) voted.")


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
