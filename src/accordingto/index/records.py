"""The index in memory: what search needs, and the manifest that says what built it."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import numpy as np
import Stemmer

from ..backends import PassageBackend
from ..corpus import Article
from ..embedding import MODEL_NAME, MODEL_PACKAGE, PASSAGE_ENCODER, WEIGHTS_SHA256
from ..passages import CHUNKER_VERSION, Passage
from ..vocabulary import Vocabulary
from .lexical import tokens_of

if TYPE_CHECKING:
    import bm25s

    from .lexical import LexicalIndex

# 2: vocabulary, speaker vectors and in-article duplicates are stored.
# 3: BM25 indexes of whole paragraphs and whole articles, for context.
INDEX_FORMAT = 3


class _Stemmer:
    """English Snowball stems, and a number's plural as the number ("F-16s" is "16", as
    "F-16" is), which Snowball leaves as it is."""

    def __init__(self) -> None:
        self._snowball = Stemmer.Stemmer("english")

    def stemWords(self, words: Sequence[str]) -> list[str]:
        """Each word's stem (named as PyStemmer names it, which bm25s calls)."""
        plain = [w[:-1] if w[-1:] == "s" and w[:-1].isdigit() else w for w in words]
        return self._snowball.stemWords(plain)


_STEMMER = _Stemmer()


class BrokenIndex(Exception):
    """An index folder is missing, unreadable or does not match its articles."""


@dataclass
class Index:
    """Everything search needs, in memory."""

    manifest: dict
    articles: dict[str, Article]
    passages: list[Passage]
    # The passages' dense vectors and BM25 index, by passage id, in whichever back-end the
    # index was built with (see ``accordingto.backends``).
    backend: PassageBackend
    restatements: dict[int, list[int]] = field(default_factory=dict)
    # Records from the attribution stage, kept opaque here: anything with ``to_dict()`` and
    # ``file``/``start``/``end``/``speaker_canonical``/``kind`` attributes.
    statements: list = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)
    # Near-copies of a passage in the same article (repeated captions): folded, not shown.
    duplicates: dict[int, list[int]] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    # One vector per entry of ``speakers``: its name, roles and spellings, embedded.
    speaker_vectors: np.ndarray | None = None
    # What attributing each article found before speakers were made canonical across the
    # collection, by file (opaque here; see ``attribution.ArticleAttribution.to_dict``):
    # kept so that the index can be updated without parsing the unchanged articles again.
    attributions: dict[str, dict] = field(default_factory=dict)
    # BM25 over whole paragraphs and whole articles, numbered as ``context_units`` numbers
    # them: a sentence is judged with the words around it too.
    paragraph_lexical: bm25s.BM25 | LexicalIndex | None = None
    article_lexical: bm25s.BM25 | LexicalIndex | None = None

    def article(self, file: str) -> Article:
        """One article of the index by file name."""
        return self.articles[file]

    @cached_property
    def lookup(self) -> Lookup:
        """Tables that find statements and passages by place or speaker without a scan."""
        return Lookup.of(self)


@dataclass
class Lookup:
    """Statements and passages by file and offset, and statements by speaker.

    Built once per index, so that what a question costs does not grow with the number of
    statements in the corpus.
    """

    statement_starts: dict[str, list[int]]  # file -> sorted statement starts
    statement_ids: dict[str, list[int]]  # file -> statement positions, in that order
    by_speaker: dict[str, list[int]]  # canonical speaker -> statement positions
    passage_starts: dict[str, list[int]]  # file -> sorted passage starts
    passage_ids: dict[str, list[int]]
    longest_statement: int
    files_by_outlet: dict[str, list[str]]  # outlet as catalogued -> its articles
    speaker_places: dict[str, list[str]]  # canonical speaker -> the places it belongs to
    speaker_names: dict[str, list[str]]  # canonical speaker -> its spellings and surnames
    speaker_passages: dict[str, np.ndarray]  # canonical speaker -> ids of passages holding
    # their statements, sorted
    context: ContextUnits  # each passage's paragraph and article, as the context BM25s number them

    @classmethod
    def of(cls, index: Index) -> Lookup:
        """The tables of an index."""
        statement_order: dict[str, list[tuple[int, int]]] = {}
        by_speaker: dict[str, list[int]] = {}
        longest = 0
        for position, statement in enumerate(index.statements):
            statement_order.setdefault(statement.file, []).append((statement.start, position))
            longest = max(longest, statement.end - statement.start)
            if statement.speaker_canonical and statement.kind != "outlet":
                by_speaker.setdefault(statement.speaker_canonical, []).append(position)
        passage_order: dict[str, list[tuple[int, int]]] = {}
        for passage in index.passages:
            passage_order.setdefault(passage.file, []).append((passage.start, passage.id))
        for rows in (*statement_order.values(), *passage_order.values()):
            rows.sort()
        holding = _passage_of_statements(index, statement_order, passage_order)
        return cls(
            statement_starts={f: [s for s, _ in rows] for f, rows in statement_order.items()},
            statement_ids={f: [i for _, i in rows] for f, rows in statement_order.items()},
            by_speaker=by_speaker,
            passage_starts={f: [s for s, _ in rows] for f, rows in passage_order.items()},
            passage_ids={f: [i for _, i in rows] for f, rows in passage_order.items()},
            longest_statement=longest,
            files_by_outlet=_files_by_outlet(index.articles.values()),
            speaker_places={e["speaker"]: list(e.get("places", ())) for e in index.speakers},
            speaker_names={e["speaker"]: _spellings(e) for e in index.speakers},
            speaker_passages={
                speaker: np.unique(found[found >= 0])
                for speaker, positions in by_speaker.items()
                if len(found := holding[np.asarray(positions, dtype=np.int64)])
            },
            context=context_units(index.passages),
        )

    def statements_within(self, index: Index, file: str, start: int, end: int) -> list:
        """The statements of ``file`` that overlap ``[start, end)``, in text order."""
        starts = self.statement_starts.get(file, [])
        ids = self.statement_ids.get(file, [])
        first = bisect.bisect_left(starts, start - self.longest_statement)
        last = bisect.bisect_left(starts, end)
        found = []
        for position in ids[first:last]:
            statement = index.statements[position]
            if statement.end > start and statement.start < end:
                found.append(statement)
        return found

    def passages_within(self, index: Index, file: str, start: int, end: int) -> list[Passage]:
        """The passages of ``file`` that overlap ``[start, end)``, in text order."""
        starts = self.passage_starts.get(file, [])
        ids = self.passage_ids.get(file, [])
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        last = bisect.bisect_left(starts, end)
        return [index.passages[i] for i in ids[first:last] if index.passages[i].end > start]

    def passages_beside(
        self, index: Index, file: str, start: int, end: int
    ) -> tuple[Passage | None, Passage | None]:
        """The passages of ``file`` just before ``start`` and just after ``end``."""
        starts = self.passage_starts.get(file, [])
        ids = self.passage_ids.get(file, [])
        before = bisect.bisect_left(starts, start) - 1
        after = bisect.bisect_left(starts, end)
        return (
            index.passages[ids[before]] if before >= 0 else None,
            index.passages[ids[after]] if after < len(ids) else None,
        )

    def passage_at(self, index: Index, file: str, offset: int) -> Passage | None:
        """The passage of ``file`` that holds ``offset``, if any."""
        starts = self.passage_starts.get(file, [])
        position = bisect.bisect_right(starts, offset) - 1
        if position < 0:
            return None
        passage = index.passages[self.passage_ids[file][position]]
        return passage if passage.start <= offset < passage.end else None


@dataclass(frozen=True)
class ContextUnits:
    """The paragraphs and articles passages belong to, numbered in passage order."""

    paragraph_of: np.ndarray  # passage id -> paragraph number
    article_of: np.ndarray  # passage id -> article number
    paragraphs: list[tuple[str, int, int]]  # paragraph number -> (file, start, end)
    articles: list[str]  # article number -> file
    passages_of_paragraph: list[list[int]]
    lead_of_article: list[int | None]  # article number -> its first passage of body text
    leads: frozenset[int]  # those passages' ids


def context_units(passages: Sequence[Passage]) -> ContextUnits:
    """Number the paragraphs and articles of a list of passages, in the order they come."""
    paragraph_at: dict[tuple[str, int], int] = {}
    article_at: dict[str, int] = {}
    paragraphs: list[tuple[str, int, int]] = []
    members: list[list[int]] = []
    lead_of_article: list[int | None] = []
    paragraph_of = np.zeros(len(passages), dtype=np.int64)
    article_of = np.zeros(len(passages), dtype=np.int64)
    for passage in passages:
        key = (passage.file, passage.paragraph_start)
        if key not in paragraph_at:
            paragraph_at[key] = len(paragraphs)
            paragraphs.append((passage.file, passage.paragraph_start, passage.paragraph_end))
            members.append([])
        if passage.file not in article_at:
            article_at[passage.file] = len(article_at)
            lead_of_article.append(None)
        paragraph_of[passage.id] = paragraph_at[key]
        article_of[passage.id] = article_at[passage.file]
        members[paragraph_at[key]].append(passage.id)
        if passage.kind == "body" and lead_of_article[article_at[passage.file]] is None:
            lead_of_article[article_at[passage.file]] = passage.id
    leads = frozenset(p for p in lead_of_article if p is not None)
    return ContextUnits(
        paragraph_of, article_of, paragraphs, list(article_at), members, lead_of_article, leads
    )


@lru_cache(maxsize=16384)
def lexical_words(text: str) -> tuple[str, ...]:
    """``lexical_tokens`` of one text, as strings, remembered: choosing quotes asks it of
    many candidate sentences for every question."""
    return tuple(tokens_of([text], _STEMMER)[0])


def lexical_tokens(texts: Sequence[str], as_ids: bool = True):
    """BM25 tokens: lower-cased, English stop words dropped, stemmed; as ids with their
    vocabulary (for building), or as words (for a question)."""
    if not as_ids:
        return tokens_of(texts, _STEMMER)  # without importing bm25s, see ``lexical``
    from .lexical_import import bm25s

    made = bm25s.tokenize(
        list(texts), stopwords="en", stemmer=_STEMMER, show_progress=False, return_ids=True
    )
    # bm25s numbers stems in a set's order, which changes from run to run with Python's
    # string hashing: numbered alphabetically, the same texts always give the same files.
    words = sorted(made.vocab)
    renumbered = {made.vocab[word]: number for number, word in enumerate(words)}
    ids = [[renumbered[i] for i in doc] for doc in made.ids]
    return type(made)(ids=ids, vocab={word: number for number, word in enumerate(words)})


def manifest_for(articles: Sequence[Article], encoder: str = PASSAGE_ENCODER) -> dict:
    """What an index built now from these articles must record to be checked later."""
    return {
        "format": INDEX_FORMAT,
        "model": {"name": MODEL_NAME, "package": MODEL_PACKAGE, "sha256": WEIGHTS_SHA256},
        "encoder": encoder,
        "chunker_version": CHUNKER_VERSION,
        "articles": {a.file: a.content_hash for a in articles},
    }


def stale_reason(
    manifest: dict, articles: Sequence[Article], encoder: str = PASSAGE_ENCODER
) -> str | None:
    """Why an index no longer matches the articles and model, or None when it does."""
    return stale_reason_of(manifest, {a.file: a.content_hash for a in articles}, encoder)


def stale_reason_of(
    manifest: dict, hashes: dict[str, str], encoder: str = PASSAGE_ENCODER
) -> str | None:
    """``stale_reason`` for the articles' content hashes by file (``corpus.read_hashes``)."""
    if manifest.get("format") != INDEX_FORMAT:
        return "it was written in an older index format"
    if manifest.get("model", {}).get("sha256") != WEIGHTS_SHA256:
        return "it was built with a different embedding model"
    if manifest.get("encoder") != encoder:
        return "its passage vectors were made by another encoder"
    if manifest.get("chunker_version") != CHUNKER_VERSION:
        return "it was built by an older passage chunker"
    indexed, current = manifest.get("articles", {}), hashes
    added = sorted(set(current) - set(indexed))
    removed = sorted(set(indexed) - set(current))
    changed = sorted(f for f in set(current) & set(indexed) if current[f] != indexed[f])
    parts = []
    if added:
        parts.append(f"{len(added)} new article(s) ({', '.join(added[:3])})")
    if removed:
        parts.append(f"{len(removed)} article(s) removed ({', '.join(removed[:3])})")
    if changed:
        parts.append(f"{len(changed)} article(s) changed ({', '.join(changed[:3])})")
    return "the articles differ from the index: " + "; ".join(parts) if parts else None


def _files_by_outlet(articles) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for article in articles:
        if article.meta.outlet:
            found.setdefault(article.meta.outlet, []).append(article.file)
    return found


def _passage_of_statements(
    index: Index,
    statement_order: dict[str, list[tuple[int, int]]],
    passage_order: dict[str, list[tuple[int, int]]],
) -> np.ndarray:
    """For each statement (by position), the id of the passage that holds its start, or -1;
    found a file at a time by binary search (``Lookup.passage_at`` for all of them)."""
    holding = np.full(len(index.statements), -1, dtype=np.int64)
    for file, rows in statement_order.items():
        passages = passage_order.get(file)
        if not passages:
            continue
        starts = np.array([s for s, _ in passages], dtype=np.int64)
        ids = np.array([i for _, i in passages], dtype=np.int64)
        ends = np.array([index.passages[i].end for i in ids], dtype=np.int64)
        offsets = np.array([s for s, _ in rows], dtype=np.int64)
        at = np.searchsorted(starts, offsets, side="right") - 1
        inside = (at >= 0) & (offsets < ends[np.maximum(at, 0)])
        holding[np.array([p for _, p in rows], dtype=np.int64)] = np.where(
            inside, ids[np.maximum(at, 0)], -1
        )
    return holding


def _spellings(speaker: dict) -> list[str]:
    """How articles may name a registry speaker: each spelling, and a person's surname."""
    spellings = [speaker["speaker"], *speaker.get("aliases", ())]
    if speaker.get("kind") == "person":
        spellings += [name.split()[-1] for name in spellings if len(name.split()) > 1]
    return list(dict.fromkeys(spellings))
