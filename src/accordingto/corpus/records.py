"""What an article is once read: its metadata, its classified paragraphs and its content
hash; and what a folder of articles held (the articles read and the files skipped)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import ingest

BODY, CAPTION, EMBED, CHROME = "body", "caption", "embed", "chrome"
# A headline or subheading: searchable, shown as a heading, never anyone's statement.
HEADING = "heading"
# The "— Name (@handle) date" line under an embedded post: metadata of the post, not text.
SIGNATURE = "signature"
# Paragraph kinds that are never searched or quoted.
NOT_INDEXED = (CHROME, SIGNATURE)


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about an article; ``inferred`` names the fields guessed from its text."""

    outlet: str | None = None
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    url: str | None = None
    inferred: tuple[str, ...] = ()
    author: str | None = None
    format: str = ingest.TEXT  # the format the file was read in: text | markdown | html

    def to_dict(self) -> dict:
        """The metadata as plain JSON-ready values."""
        return {
            "outlet": self.outlet,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "inferred": list(self.inferred),
            "author": self.author,
            "format": self.format,
        }


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article, by offsets, with what kind of text it is."""

    start: int
    end: int
    kind: str  # body | heading | caption | embed | signature | chrome
    duplicate_of: int | None = None  # index of an identical earlier paragraph


@dataclass(frozen=True)
class Article:
    """An article file: its exact text, metadata and classified paragraphs."""

    file: str
    text: str
    meta: ArticleMeta
    paragraphs: tuple[Paragraph, ...]
    content_hash: str = ""

    def paragraph_text(self, paragraph: Paragraph) -> str:
        """The exact text of one of this article's paragraphs."""
        return self.text[paragraph.start : paragraph.end]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph that contains a character offset, if any."""
        for paragraph in self.paragraphs:
            if paragraph.start <= offset < paragraph.end:
                return paragraph
        return None

    @property
    def indexable(self) -> Iterator[tuple[int, Paragraph]]:
        """Paragraphs worth searching: not chrome or a signature, and not a repeat."""
        for number, paragraph in enumerate(self.paragraphs):
            if paragraph.kind not in NOT_INDEXED and paragraph.duplicate_of is None:
                yield number, paragraph


def content_hash(text: str) -> str:
    """A stable hash of an article's text, used to notice when an index is stale."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Skipped:
    """A file of an articles folder that was not indexed, and why."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file} ({self.reason})"


@dataclass
class Corpus:
    """What a folder of articles held: the readable articles and the files skipped."""

    articles: list[Article]
    skipped: list[Skipped] = field(default_factory=list)
