"""Updating an index in place of a full build: only new and changed articles are parsed,
attributed and embedded; the corpus-wide parts are recomputed from what is stored.

The result is meant to equal a full build of the same articles. Each article's own work
(its passages and their vectors, its statements with the speakers it names, the names it
uses) depends on that article alone, with one exception: who is a man or a woman is learned
across the collection, in order. Each article records which people it asked about and what
earlier articles had said of them (``ArticleAttribution.genders_read``); an unchanged
article whose earlier votes differ now is attributed again. What spans the collection
(canonical speakers, the speaker list, the vocabulary, BM25, restatements) is cheap to
recompute and is recomputed whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .attribution import ATTRIBUTION_VERSION, Statement, load_nlp
from .attribution.collection import (
    ArticleAttribution,
    add_votes,
    attribute_article,
    attribute_collection,
    parse_articles,
)
from .attribution.parallel import reads_agree
from .corpus import HEADING, Article, Corpus, CorpusError
from .embedding import Embedder
from .index import (
    EarlierCopies,
    Index,
    assemble_index,
    passage_vectors,
    speaker_profile,
    stale_reason,
)
from .passages import Passage, build_passages, spacy_sentence_splitter
from .progress import Track, silent
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Changes:
    """How a folder's articles differ from an index's, by file name."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def __str__(self) -> str:
        parts = [
            f"{label} {len(files)}: {', '.join(files)}"
            for label, files in (
                ("added", self.added),
                ("updated", self.changed),
                ("removed", self.removed),
            )
            if files
        ]
        return "; ".join(parts) or "no change"


def changes_between(index: Index, articles: Sequence[Article]) -> Changes:
    """Which articles are new, changed (text, metadata or paragraphs) or gone."""
    current = {a.file: a for a in articles}
    return Changes(
        added=tuple(f for f in current if f not in index.articles),
        changed=tuple(
            f
            for f in current
            if f in index.articles and not same_article(index.articles[f], current[f])
        ),
        removed=tuple(f for f in index.articles if f not in current),
    )


def same_article(first: Article, second: Article) -> bool:
    """Whether two readings of an article would index the same (catalog metadata counts)."""
    return (
        first.content_hash == second.content_hash
        and first.meta.to_dict() == second.meta.to_dict()
        and tuple(first.paragraphs) == tuple(second.paragraphs)
    )


def can_update(manifest: dict, encoder: str) -> bool:
    """Whether an index's stored work was made by today's chunker, extractor and model, so
    that its unchanged articles can be kept as they are."""
    if manifest.get("attribution_version") != ATTRIBUTION_VERSION:
        return False
    return stale_reason(manifest | {"articles": {}}, [], encoder) is None


def collection_vocabulary(
    articles: Sequence[Article], attributions: Sequence[ArticleAttribution]
) -> Vocabulary:
    """The collection's vocabulary from each article's metadata and parsed names."""
    vocabulary = Vocabulary()
    for article in articles:
        # Outlets and headings are names the articles use, though no sentence is parsed there.
        if article.meta.outlet:
            vocabulary.add_outlet(article.meta.outlet)
        if article.meta.title:
            vocabulary.add_names(article.meta.title)
        if article.meta.date:
            vocabulary.add_names(article.meta.date[:4])  # the year it was published
        for _, paragraph in article.indexable:
            if paragraph.kind == HEADING:
                vocabulary.add_names(article.paragraph_text(paragraph))
    for attribution in attributions:
        vocabulary.merge(attribution.vocabulary)
    return vocabulary


def stored_attributions(index: Index) -> dict[str, ArticleAttribution]:
    """The per-article attributions an index kept, for the articles that have them whole."""
    by_file: dict[str, list[Statement]] = {}
    for statement in index.statements:
        by_file.setdefault(statement.file, []).append(statement)
    found = {}
    for file, record in index.attributions.items():
        try:
            found[file] = ArticleAttribution.from_dict(record, by_file.get(file, []))
        except (KeyError, TypeError, ValueError):
            continue  # an unreadable record: that article is attributed again
    return found


@dataclass
class Work:
    """What an update did, for reports and timing: the files parsed, and why."""

    parsed: list[str]
    reattributed: list[str]  # unchanged, but what earlier articles said of genders changed


def update_index(
    old: Index,
    corpus: Corpus,
    source: Path,
    embedder: Embedder,
    nlp_loader: Callable[[], object] = load_nlp,
    track: Track = silent,
    work: Work | None = None,
) -> Index:
    """A new index of ``corpus``'s articles that reuses what ``old`` holds for unchanged ones.

    Raises ``CorpusError`` when no article is left. ``work``, when given, is filled in with
    what was parsed.
    """
    articles = corpus.articles
    if not articles:
        raise CorpusError(f"{source} holds no readable articles (.txt or .md files)")
    work = work if work is not None else Work([], [])
    reusable = old.articles if can_update(old.manifest, embedder.passage_encoder) else {}
    stored = stored_attributions(old) if reusable else {}
    kept = {
        a.file
        for a in articles
        if a.file in reusable and a.file in stored and same_article(reusable[a.file], a)
    }
    fresh = [a for a in articles if a.file not in kept]
    loaded: list = []

    def nlp():
        if not loaded:
            loaded.append(nlp_loader())
        return loaded[0]

    docs = dict((a.file, d) for a, d in parse_articles(fresh, nlp(), track)) if fresh else {}
    genders: dict[str, Counter] = {}
    attributions: list[ArticleAttribution] = []
    for article in articles:
        kept_one = stored.get(article.file) if article.file in kept else None
        if kept_one is not None and reads_agree(kept_one.genders_read, genders):
            add_votes(genders, kept_one.genders_added)
            attributions.append(kept_one)
            continue
        if article.file in kept:
            work.reattributed.append(article.file)
            (_, article_docs), *_ = parse_articles([article], nlp())
        else:
            work.parsed.append(article.file)
            article_docs = docs.pop(article.file)
        attributions.append(attribute_article(article, nlp(), article_docs, genders))
    vocabulary = collection_vocabulary(articles, attributions)
    statements, speakers = attribute_collection(attributions, vocabulary)

    old_vectors = old.backend.all_vectors() if kept else None
    passages, vectors, carried = _passages_and_vectors(
        old, old_vectors, articles, kept, attributions, embedder, nlp
    )
    earlier = None
    if carried:
        dropped = np.ones(len(old.passages), dtype=bool)
        dropped[list(carried.values())] = False
        earlier = EarlierCopies(
            carried, old.restatements, old.duplicates, old_vectors[dropped], len(old.passages)
        )
    known = {}
    if old.speaker_vectors is not None and len(old.speaker_vectors) == len(old.speakers):
        pairs = zip(old.speakers, old.speaker_vectors, strict=True)
        known = {speaker_profile(entry): vector for entry, vector in pairs}
    index = assemble_index(
        articles,
        passages,
        vectors,
        embedder,
        statements=statements,
        speakers=speakers,
        versions={"attribution_version": ATTRIBUTION_VERSION},
        source=source,
        vocabulary=vocabulary,
        known_speakers=known,
        earlier_copies=earlier,
        backend=old.backend.spec,
        attributions=attributions,
        skipped=corpus.skipped,
    )
    return index


def _passages_and_vectors(old, old_vectors, articles, kept, attributions, embedder, nlp):
    """Every article's passages, in order and numbered, with their vectors: stored ones for
    kept articles, cut and embedded now for the rest; and the passages carried over, by
    new id -> id in ``old``."""
    fresh = [a for a in articles if a.file not in kept]
    sentences = {
        (a.file, start): spans
        for a in attributions
        if a.file not in kept
        for start, spans in a.sentences.items()
    }
    cut = build_passages(fresh, spacy_sentence_splitter(nlp()), sentences) if fresh else []
    new_vectors = passage_vectors(cut, embedder) if cut else None
    rows: dict[str, list[tuple[Passage, np.ndarray]]] = {}
    for position, passage in enumerate(cut):
        rows.setdefault(passage.file, []).append((passage, new_vectors[position]))
    if kept:
        for passage in old.passages:
            if passage.file in kept:
                rows.setdefault(passage.file, []).append((passage, old_vectors[passage.id]))
    passages: list[Passage] = []
    vectors: list[np.ndarray] = []
    carried: dict[int, int] = {}
    for article in articles:
        for passage, vector in rows.get(article.file, ()):
            if article.file in kept:
                carried[len(passages)] = passage.id
            passages.append(replace(passage, id=len(passages)))
            vectors.append(vector)
    if not passages:
        return [], np.zeros((0, embedder.dimension), dtype=np.float32), {}
    return passages, np.stack(vectors), carried
