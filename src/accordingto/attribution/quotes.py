"""Quotation marks, and the posts (tweets) an article embeds."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..corpus import EMBED, SIGNATURE, Article
from ..furniture import post_signature_name
from ..parsed import sentences
from . import confidence
from .records import DIRECT, _Draft, _overlap, _Speaker, _trim
from .registry import looks_like_person

_OPEN_QUOTES = "“«„"


_CLOSE_QUOTES = "”»"


_STRAIGHT = '"'


def quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The insides of paired double quotation marks between two offsets.

    Curly marks open and close by shape; straight marks alternate. A quote left open runs
    to ``end`` (news continues a quote in the next paragraph by opening it again).
    """
    regions = []
    opened: int | None = None
    offset = start
    while offset < end:
        char = text[offset]
        width = 1
        # Two apostrophes are one double quotation mark in some newspapers' copy (''Yes'').
        if text.startswith("''", offset) or text.startswith("``", offset):
            char, width = _STRAIGHT, 2
        if char in _OPEN_QUOTES or (char == _STRAIGHT and opened is None):
            if opened is None:
                opened = offset + width
        elif (char in _CLOSE_QUOTES or char == _STRAIGHT) and opened is not None:
            if offset > opened:
                regions.append((opened, offset))
            opened = None
        offset += width
    if opened is not None and end - opened > 1:
        regions.append((opened, end))
    return regions


def _in_regions(offset: int, regions: Sequence[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in regions)


def _quoted_share(start: int, end: int, regions: Sequence[tuple[int, int]]) -> float:
    if end <= start:
        return 0.0
    inside = sum(_overlap(start, end, s, e) for s, e in regions)
    return inside / (end - start)


def _sentence_share(doc, offset, q_start, q_end) -> float:
    """How much of the sentences a quote touches is inside the quote."""
    total = 0
    text = doc.text  # spaCy joins every token's text on each access
    for sentence in sentences(doc):
        s, e = offset + sentence.start_char, offset + sentence.end_char
        if _overlap(s, e, q_start, q_end):
            total += len(re.sub(r"[\W_]", "", text[s - offset : e - offset]))
    inside = len(re.sub(r"[\W_]", "", text[q_start - offset : q_end - offset]))
    return inside / total if total else 0.0


def _tweet_signatures(article: Article) -> dict[int, int]:
    """Embedded posts followed by a "— Name (@handle) date" line: post -> signature."""
    paragraphs = article.paragraphs
    return {
        number - 1: number
        for number, paragraph in enumerate(paragraphs)
        if number > 0
        and paragraph.kind == SIGNATURE
        and paragraphs[number - 1].kind == EMBED
        and post_signature_name(article.paragraph_text(paragraph)) is not None
    }


def _tweet_drafts(article: Article, number, start, end, signature_number) -> list[_Draft]:
    text = article.text
    signature = article.paragraph_text(article.paragraphs[signature_number])
    name = post_signature_name(signature) or ""
    content = re.sub(r"\s*pic\.twitter\.com/\S+.*$", "", text[start:end])
    span = _trim(text, start, start + len(content))
    if span[1] <= span[0]:
        return []
    speaker = _Speaker(name, name, None, looks_like_person(name))
    return [
        _Draft(
            span[0], span[1], speaker, "tweeted", DIRECT, 0.0, number, basis=confidence.SIGNATURE
        )
    ]
