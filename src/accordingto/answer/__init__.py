"""Answers out: the records of an answer (``records``), what to quote (``choose``), putting
it together (``compose``) and Markdown (``render``)."""

from .compose import (
    MIN_DENSE_SIMILARITY,
    attribute,
    best_similarity,
    compose_answer,
    is_covered,
    quote_of,
)
from .export import export_markdown, footnote
from .records import Answer, Attribution, Quote, Reference, Side, Source, source_of
from .render import (
    KIND_LABELS,
    NOT_COVERED,
    SPEAKER_UNCLEAR,
    byline,
    escape_markdown,
    frame,
    human_date,
    literal_markdown,
    plain_citation,
    refusal,
    render_message,
    who_says_what,
)

__all__ = [
    "KIND_LABELS",
    "MIN_DENSE_SIMILARITY",
    "NOT_COVERED",
    "SPEAKER_UNCLEAR",
    "Answer",
    "Attribution",
    "Quote",
    "Reference",
    "Side",
    "Source",
    "attribute",
    "best_similarity",
    "byline",
    "compose_answer",
    "escape_markdown",
    "export_markdown",
    "footnote",
    "frame",
    "human_date",
    "is_covered",
    "literal_markdown",
    "plain_citation",
    "quote_of",
    "refusal",
    "render_message",
    "source_of",
    "who_says_what",
]
