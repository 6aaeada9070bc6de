"""Whether the articles cover a question's names together: a question about "the 2031
regatta" or "Northvale's election in 2031" is not answered by articles that name the
regatta and 2031, or Northvale and 2031, only in different stories; nor is "the council's
14th meeting" by articles that never give that ordinal beside the name. And whether they use
any word for what it asks about its names ("Why was the ferry line renamed?" in articles
that never speak of a new name), or every noun of a question that names nothing.

Each name the question uses must be one the articles know (``Reading.missing`` checks that);
here, all of them, and the years and ordinals it gives, must also appear in one same
article. Looked up in the index's BM25 of whole articles, so the check costs one posting list
per word.
"""

from __future__ import annotations

import re

import numpy as np

from ..calendar_words import month_names
from ..index import Index, lexical_tokens, lexical_words
from ..questions.reading import Reading
from ..questions.words import TITLES
from ..vocabulary import YEAR, fold
from .kinds import CLOSED_CLASS

_WORD = re.compile(r"[^\W_][\w'’.-]*")
# A figure in a question ("the 12 boats") is not a word the articles must use.
_FIGURE = re.compile(r"\d")
# An ordinal written in figures ("14th", "2nd"): as exact a detail as a year.
_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,4})(?:st|nd|rd|th)\b", re.IGNORECASE)
# The day of a date ("May 14th") is not an ordinal to look for.
_MONTHS = {fold(name) for name in month_names()}
# Style guides spell out the first nine ordinals, so the article may use the word instead.
_SPELLED = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def names_apart(index: Index, reading: Reading) -> tuple[str, ...]:
    """The names, years and ordinals of a question when no single article holds them all
    (else ()).

    A name counts as held by an article when the article uses any word of it that the corpus
    uses as a name (not a title: "Harbour Board chair Jo Roe" is held by an article that
    names Roe). Questions with fewer than two such names, years or ordinals are never
    refused here.
    """
    model = index.article_lexical
    if model is None:
        return ()
    held: list[tuple[str, set[int]]] = []
    for name in reading.entities:
        words = [
            w
            for w in _WORD.findall(name)
            if fold(w) in index.vocabulary.names and fold(w) not in TITLES
        ]
        per_word = lexical_tokens(words, as_ids=False) if words else []
        tokens = {token for word_tokens in per_word for token in word_tokens}
        if tokens:
            held.append((name, set().union(*(_articles_with(model, t) for t in tokens))))
    for year in dict.fromkeys(YEAR.findall(reading.text)):
        held.append((year, _articles_with(model, year)))
    for ordinal, number in _ordinals(reading.text):
        forms = [ordinal] + ([_SPELLED[number - 1]] if 1 <= number <= len(_SPELLED) else [])
        tokens = {token for form in lexical_tokens(forms, as_ids=False) for token in form}
        held.append((ordinal, set().union(*(_articles_with(model, t) for t in tokens))))
    if len(held) < 2:
        return ()
    together = set.intersection(*(articles for _, articles in held))
    return () if together else tuple(name for name, _ in held)


def _ordinals(text: str) -> list[tuple[str, int]]:
    """The ordinals in figures a text gives, each number once, without the days of dates
    ("May 14th", "the 3rd of June"): articles write those as "May 14"."""
    found: dict[int, str] = {}
    for m in _ORDINAL.finditer(text):
        before = text[: m.start()].split()[-1:]
        after = text[m.end() :].split()[:2]
        if (before and fold(before[0]) in _MONTHS) or (
            len(after) == 2 and after[0].lower() == "of" and fold(after[1]) in _MONTHS
        ):
            continue
        found.setdefault(int(m.group(1)), m.group(0))
    return [(ordinal, number) for number, ordinal in found.items()]


def _articles_with(model, token: str) -> set[int]:
    if token not in model.vocab_dict:
        return set()
    return {int(i) for i in np.flatnonzero(model.get_scores([token]))}


def topic_words_unused(index: Index, reading: Reading) -> tuple[str, ...]:
    """The words a question uses for what it asks about, when the articles do not use them
    (else ()). For a question with names, only when they use none of its words for what it
    asks about the names: "Why was the ferry line renamed?" asked of articles that name the
    ferry line but never a renaming gives ("renamed",); one word of it they use is enough
    to let it through. For a question that names nothing, the nouns it uses that the
    articles never do: "What caused the landslide?" asked of articles that never say
    "landslide" gives ("landslide",).

    Not for a question about a speaker (what a speaker said is judged by its topic; see
    ``choose.on_topic``); the question's own small words ("itself", "about") and its figures
    are not counted. The caller asks only when no passage is close in meaning to the
    question (see ``compose``), so a paraphrase the articles answer is not refused.
    """
    model = index.article_lexical
    if model is None or reading.speaker:
        return ()
    words = [
        w
        for w in _WORD.findall(reading.topic)
        if not w[:1].isupper() and fold(w) not in CLOSED_CLASS and not _FIGURE.search(w)
    ]
    searched = [w for w in words if lexical_words(w)]
    unused = [w for w in searched if not any(t in model.vocab_dict for t in lexical_words(w))]
    # Names say what a question is about, and its other words may be ones the articles put
    # differently; a question without names has only its common words to be known by, of
    # which its nouns name what it is about, while its verbs and adjectives ("perished",
    # "towering") are often the articles' words put another way.
    if reading.entities:
        return tuple(dict.fromkeys(unused)) if len(unused) == len(searched) else ()
    return tuple(dict.fromkeys(_nouns_among(reading.text, unused))) if unused else ()


def _nouns_among(text: str, words: list[str]) -> list[str]:
    """Those of ``words`` that the parser reads as common nouns in ``text``. The parser is
    loaded only for the rare question this is asked of."""
    from ..attribution.parsing import load_nlp

    nouns = {token.text for token in load_nlp()(text) if token.pos_ == "NOUN"}
    return [w for w in words if w in nouns]
