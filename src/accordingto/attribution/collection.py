"""Attributing articles and a collection: the per-article step (statements, names,
sentences and the gender votes an article reads and adds) and the collection step
(speakers made canonical across the articles, and the speaker list).

The per-article step depends on the rest of the collection only through the gender votes
(``GenderVotes``), so an update attributes only the articles that changed, or whose votes
read changed, and redoes the cheap collection step whole.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..corpus import Article
from ..progress import Track, silent
from ..vocabulary import Vocabulary
from .extract import extract_statements
from .parsing import _paragraphs, _processes_for, parse_texts, sentence_spans
from .records import Statement
from .registry import SpeakerRegistry, speaker_entries

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


def extract_corpus(articles: Iterable[Article], nlp: Language) -> dict[str, list[Statement]]:
    """Statements of every article, with speakers made canonical across the articles."""
    statements, _ = attribute_corpus(articles, nlp)
    by_file: dict[str, list[Statement]] = {}
    for statement in statements:
        by_file.setdefault(statement.file, []).append(statement)
    return by_file


@dataclass
class ArticleAttribution:
    """What attributing one article found, before speakers are made canonical across the
    collection: enough to redo the collection step later without parsing the article again.

    ``statements`` keep the speaker the article itself names (``speaker_canonical`` as found,
    not yet the registry's spelling); ``vocabulary`` holds the names its parsed paragraphs
    use; ``sentences`` the sentence spans of each paragraph, by paragraph start.
    ``genders_read`` is what earlier articles had voted on the genders of the people this one
    asked about, and ``genders_added`` the votes it added: the article's result depends on
    the rest of the collection only through ``genders_read``.
    """

    file: str
    statements: list[Statement]
    vocabulary: Vocabulary
    sentences: dict[int, list[tuple[int, int]]]
    genders_read: dict[str, dict[str, int]]
    genders_added: dict[str, dict[str, int]]

    def to_dict(self) -> dict:
        """A JSON-ready form (statements are kept apart; only their speakers as found)."""
        return {
            "file": self.file,
            "speakers_found": [s.speaker_canonical for s in self.statements],
            "vocabulary": self.vocabulary.to_dict(),
            # Sorted: the votes are gathered in set order, which changes from run to run,
            # and the same attribution should always be written the same way.
            "genders_read": _sorted_votes(self.genders_read),
            "genders_added": _sorted_votes(self.genders_added),
        }

    @classmethod
    def from_dict(cls, record: dict, statements: Iterable[Statement]) -> ArticleAttribution:
        """An attribution from its ``to_dict()`` form and the article's stored statements
        (canonical or not: each gets back the speaker as the article named it)."""
        statements = list(statements)
        found = record["speakers_found"]
        if len(found) != len(statements):
            raise ValueError(f"{record['file']}: statements and their speakers disagree")
        return cls(
            file=record["file"],
            statements=[
                replace(s, speaker_canonical=f) for s, f in zip(statements, found, strict=True)
            ],
            vocabulary=Vocabulary.from_dict(record["vocabulary"]),
            sentences={},
            genders_read=record["genders_read"],
            genders_added=record["genders_added"],
        )


class GenderVotes:
    """The gender votes one article reads: those of the articles before it plus its own.

    Used by ``Resolver`` as its shared votes. It records the names the article asks about
    (with what earlier articles had said of them) and the votes the article adds, so that
    an update can tell whether the article would come out differently after others change.
    """

    def __init__(self, earlier: dict[str, Counter]) -> None:
        self.earlier = earlier
        self.added: dict[str, Counter] = {}
        self.read: dict[str, dict[str, int]] = {}

    def get(self, name: str, default: Counter | None = None) -> Counter | None:
        """The votes on ``name``'s gender so far, or ``default`` when there are none; what
        earlier articles had said of the name is noted as read."""
        before = self.earlier.get(name, Counter())
        self.read.setdefault(name, dict(before))
        votes = before + self.added.get(name, Counter())
        return votes or default

    def setdefault(self, name: str, default: Counter) -> Counter:
        """This article's own votes on ``name``, to be added to (``default`` the first
        time)."""
        return self.added.setdefault(name, default)


def add_votes(total: dict[str, Counter], votes: dict[str, dict[str, int]]) -> None:
    """Add one article's gender votes to those of the articles before it."""
    for name, counts in votes.items():
        total.setdefault(name, Counter()).update(counts)


def parse_articles(
    articles: Sequence[Article], nlp: Language, track: Track = silent
) -> Iterator[tuple[Article, list]]:
    """Each article with its parsed paragraphs, parsing all of them in one stream."""
    work = [(article, _paragraphs(article)) for article in articles]
    texts = [article.text[s:e] for article, paragraphs in work for _, s, e, _ in paragraphs]
    total = len(texts)
    size = sum(len(article.text) for article in articles)
    docs = iter(track(parse_texts(texts, nlp, _processes_for(size)), "parsing", total=total))
    for article, paragraphs in work:
        yield article, list(itertools.islice(docs, len(paragraphs)))


def attribute_article(
    article: Article, nlp: Language, docs: list, genders: dict[str, Counter]
) -> ArticleAttribution:
    """The per-article step: statements, names and sentences of one parsed article.

    ``genders`` holds the votes of the articles before it; this article's are added.
    """
    votes = GenderVotes(genders)
    statements = extract_statements(article, nlp, docs, votes)  # type: ignore[arg-type]
    vocabulary = Vocabulary()
    for doc in docs:
        vocabulary.add_doc(doc)
    added = {name: dict(counts) for name, counts in votes.added.items() if counts}
    add_votes(genders, added)
    return ArticleAttribution(
        file=article.file,
        statements=statements,
        vocabulary=vocabulary,
        sentences=sentence_spans(article, docs),
        genders_read=votes.read,
        genders_added=added,
    )


def attribute_articles(
    articles: Iterable[Article], nlp: Language, track: Track = silent
) -> list[ArticleAttribution]:
    """The per-article step for a collection, in order (each paragraph parsed once), on
    every core when there is enough text (see ``parallel.attribute_each``)."""
    from .parallel import attribute_each  # it builds on this module

    return [done.attribution for done in attribute_each(list(articles), nlp, track)]


def attribute_collection(
    attributions: Sequence[ArticleAttribution], vocabulary: Vocabulary
) -> tuple[list[Statement], list[dict]]:
    """The collection step: canonical speakers across the articles, and the speaker list.

    Cheap (no parsing), so it is redone whole whenever any article changes. ``vocabulary``
    must already hold the collection's names.
    """
    raw = [s for attribution in attributions for s in attribution.statements]
    registry = SpeakerRegistry.from_statements(raw)
    statements = canonicalize(raw, registry)
    return statements, speaker_entries(statements, registry, vocabulary)


def attribute_corpus(
    articles: Iterable[Article],
    nlp: Language,
    track: Track = silent,
    sentences: dict[tuple[str, int], list[tuple[int, int]]] | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[list[Statement], list[dict]]:
    """Every statement of every article, canonical speakers, and the speaker list.

    The speaker list gives each canonical speaker with the other spellings the articles use,
    the roles they give it, its kind, the places it belongs to, and how many statements it
    has. Each paragraph is parsed once; when ``sentences`` is given, the parse's sentence
    spans are put there, keyed by (file, paragraph start), so that cutting passages need
    not parse again; when ``vocabulary`` is given, the corpus's names are added to it.
    """
    vocabulary = vocabulary if vocabulary is not None else Vocabulary()
    attributions = attribute_articles(articles, nlp, track)
    for attribution in attributions:
        vocabulary.merge(attribution.vocabulary)
        if sentences is not None:
            for start, spans in attribution.sentences.items():
                sentences[(attribution.file, start)] = spans
    return attribute_collection(attributions, vocabulary)


def canonicalize(statements: Iterable[Statement], registry: SpeakerRegistry) -> list[Statement]:
    """Statements with their canonical speaker replaced by the registry's spelling."""
    return [
        replace(s, speaker_canonical=registry.canonical(s.speaker_canonical))
        if s.speaker_canonical
        else s
        for s in statements
    ]


def _sorted_votes(votes: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {name: dict(sorted(votes[name].items())) for name in sorted(votes)}
