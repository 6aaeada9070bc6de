"""Whether the articles cover a question's names together: a question about "the 2031
regatta" or "Northvale's election in 2031" is not answered by articles that name the
regatta and 2031, or Northvale and 2031, only in different stories; nor is "the council's
14th meeting" by articles that never give that ordinal beside the name. And whether they use
any word for what it asks about its names ("Why was the ferry line renamed?" in articles
that never speak of a new name).

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
# An ordinal written in figures ("14th", "2nd"): as exact a detail as a year.
_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,4})(?:st|nd|rd|th)\b", re.IGNORECASE)
# Style guides spell out the first nine ordinals, so the article may use the word instead.
_MONTHS = {fold(name) for name in month_names()}
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
    """The words a question uses for what it asks about its names, when the articles use
    none of them (else ()): "Why was the ferry line renamed?" asked of articles that name
    the ferry line but never a renaming gives ("renamed",).

    Only for a question that names what it asks about and no speaker (what a speaker said
    is judged by its topic; see ``choose.on_topic``); the question's own small words
    ("itself", "about") are not counted.
    """
    model = index.article_lexical
    if model is None or not reading.entities or reading.speaker:
        return ()
    words = [
        w
        for w in _WORD.findall(reading.topic)
        if not w[:1].isupper() and fold(w) not in CLOSED_CLASS and not YEAR.fullmatch(w)
    ]
    searched = [w for w in words if lexical_words(w)]
    if not searched or any(t in model.vocab_dict for w in searched for t in lexical_words(w)):
        return ()
    return tuple(dict.fromkeys(searched))
