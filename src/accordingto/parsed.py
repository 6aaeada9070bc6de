"""Cached views of a spaCy parse.

spaCy builds ``doc.ents`` and ``doc.sents`` anew, as new ``Span`` objects, on every access;
the extractors ask for them thousands of times per article, so each parse keeps one copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

_ENTITIES = "accordingto.entities"
_SENTENCES = "accordingto.sentences"


def entities(doc: Doc) -> tuple[Span, ...]:
    """The parse's named entities (``doc.ents``), built once per parse."""
    if _ENTITIES not in doc.user_data:
        doc.user_data[_ENTITIES] = tuple(doc.ents)
    return doc.user_data[_ENTITIES]


def sentences(doc: Doc) -> tuple[Span, ...]:
    """The parse's sentences (``doc.sents``), built once per parse."""
    if _SENTENCES not in doc.user_data:
        doc.user_data[_SENTENCES] = tuple(doc.sents)
    return doc.user_data[_SENTENCES]


def entities_in(span: Span) -> list[Span]:
    """The entities that lie wholly inside ``span`` (as ``span.ents``), from the cache."""
    return [e for e in entities(span.doc) if e.start >= span.start and e.end <= span.end]
