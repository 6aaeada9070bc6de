"""Whether the articles cover a question's names together: a question about "the 2023
championship" or "Spain's election in 2023" is not answered by articles that name the
championship and 2023, or Spain and 2023, only in different stories.

Each name the question uses must be one the articles know (``Reading.missing`` checks that);
here, all of them, and the years it gives, must also appear in one same article. Looked up
in the index's BM25 of whole articles, so the check costs one posting list per word.
"""

from __future__ import annotations

import re

import numpy as np

from ..index import Index, lexical_tokens
from ..questions.reading import TITLES, Reading
from ..vocabulary import YEAR, fold

_WORD = re.compile(r"[^\W_][\w'’.-]*")


def names_apart(index: Index, reading: Reading) -> tuple[str, ...]:
    """The names and years of a question when no single article holds them all (else ()).

    A name counts as held by an article when the article uses any word of it that the corpus
    uses as a name (not a title: "Meta CEO Mark Zuckerberg" is held by an article that names
    Zuckerberg). Questions with fewer than two such names or years are never refused here.
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
    if len(held) < 2:
        return ()
    together = set.intersection(*(articles for _, articles in held))
    return () if together else tuple(name for name, _ in held)


def _articles_with(model, token: str) -> set[int]:
    if token not in model.vocab_dict:
        return set()
    return {int(i) for i in np.flatnonzero(model.get_scores([token]))}
