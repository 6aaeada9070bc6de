"""An article's text → its classified paragraphs: where paragraphs start and end (one a
line, hard-wrapped blocks joined), what kind each is (body, heading, caption, embedded
post, a post's signature, page chrome), the dateline cut off the story, and exact repeats.

Pure functions; :func:`parse_article` puts them together with the article's metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from .. import ingest
from ..furniture import (
    dateline_end,
    is_byline,
    is_caption,
    is_chrome,
    is_dateline,
    is_post_signature,
    is_timestamp,
    links_to_post,
)
from .metadata import infer_meta, merge_meta
from .records import (
    BODY,
    CAPTION,
    CHROME,
    EMBED,
    HEADING,
    SIGNATURE,
    Article,
    Paragraph,
    content_hash,
)


def parse_article(
    file: str,
    text: str,
    catalog_entry: dict | None = None,
    stated: dict | None = None,
    source_format: str = ingest.TEXT,
) -> Article:
    """Turn an article's clean text into classified paragraphs and metadata.

    Metadata comes, strongest first, from the catalog entry, from what the file ``stated``
    (a page's or front matter's fields), and from what the text itself shows.
    """
    date_line = DATE_LINE.match(text)
    body_start = date_line.end() if date_line else 0
    spans = split_dateline(text, split_paragraphs(text, body_start))
    paragraphs = classify_paragraphs(text, spans)
    inferred = infer_meta(text, paragraphs, date_line.group(1) if date_line else None)
    meta = merge_meta(merge_meta(inferred, stated or {}), catalog_entry or {})
    meta = replace(meta, format=source_format)
    paragraphs = mark_chrome_bylines(text, paragraphs, meta.outlet)
    paragraphs = mark_headline(text, paragraphs, meta.title)
    return Article(file, text, meta, tuple(paragraphs), content_hash(text))


DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")


def split_paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Paragraph spans: one a line, except that hard-wrapped blocks are joined."""
    spans: list[tuple[int, int]] = []
    for block in _blocks(text, start):
        lines = list(_lines(text, *block))
        if _is_hard_wrapped(text, lines):
            spans.append((lines[0][0], lines[-1][1]))
        else:
            spans.extend(lines)
    return spans


def _blocks(text: str, start: int) -> Iterator[tuple[int, int]]:
    """Runs of non-blank lines."""
    for match in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text[start:]):
        yield start + match.start(), start + match.end()


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Stripped, non-empty line spans between two offsets."""
    for match in re.finditer(r"[^\n]+", text[start:end]):
        line_start, line_end = start + match.start(), start + match.end()
        while line_start < line_end and text[line_start].isspace():
            line_start += 1
        while line_end > line_start and text[line_end - 1].isspace():
            line_end -= 1
        if line_start < line_end:
            yield line_start, line_end


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """A block whose lines are a wrapped paragraph rather than separate paragraphs."""
    if len(lines) < 2:
        return False
    # A line that opens with a dash or bullet starts something new: a signature, a list item.
    if any(text[start] in "—–-•*·" for start, _ in lines[1:]):
        return False
    inner = lines[:-1]
    widths = [end - start for start, end in inner]
    # Wrapped text fills lines to a similar width and breaks them mid-sentence.
    unfinished = sum(1 for start, end in inner if not _SENTENCE_END.search(text[start:end]))
    return max(widths) <= 100 and min(widths) >= 40 and unfinished >= len(inner) / 2


def classify_paragraphs(text: str, spans: list[tuple[int, int]]) -> list[Paragraph]:
    """Label each paragraph (body, heading, caption, embed, signature or chrome), and mark
    exact repeats."""
    texts = [text[start:end] for start, end in spans]
    kinds = [_kind_alone(t) for t in texts]
    for number, paragraph_text in enumerate(texts):
        if is_post_signature(paragraph_text):
            kinds[number] = SIGNATURE
            if number > 0 and kinds[number - 1] == BODY:
                kinds[number - 1] = EMBED
    # A picture's alt text followed by its figcaption: the same words twice in a row.
    for number in range(len(texts) - 1):
        first, second = texts[number], texts[number + 1]
        if len(first) > 30 and second.startswith(first):
            for repeat in (number, number + 1):
                if kinds[repeat] == BODY:
                    kinds[repeat] = CAPTION
    for number in _subheadings(texts, kinds):
        kinds[number] = HEADING
    seen: dict[str, int] = {}
    paragraphs = []
    for number, ((start, end), kind) in enumerate(zip(spans, kinds, strict=True)):
        original = seen.setdefault(texts[number], number)
        duplicate_of = original if original != number else None
        paragraphs.append(Paragraph(start, end, kind, duplicate_of))
    return paragraphs


# A subheading is a short line with no closing punctuation, between paragraphs of body text.
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 100
_CLOSED = re.compile(r"[.!?:;,…]\W*$")


def looks_like_heading(paragraph_text: str) -> bool:
    """A short line that does not end as a sentence does (no closing punctuation)."""
    stripped = paragraph_text.strip()
    words = stripped.split()
    return (
        1 <= len(words) <= HEADING_MAX_WORDS
        and len(stripped) <= HEADING_MAX_CHARS
        and not _CLOSED.search(stripped)
        and stripped[:1] not in "—–-•*·"
    )


def _subheadings(texts: list[str], kinds: list[str]) -> list[int]:
    """Body paragraphs that are subheadings: a heading-like line with body text after it and
    some text before it (the first line of an article is its headline, marked later)."""
    content = [n for n, kind in enumerate(kinds) if kind not in (CHROME, SIGNATURE)]
    found = []
    for position, number in enumerate(content):
        if position == 0 or kinds[number] != BODY or not looks_like_heading(texts[number]):
            continue
        following = content[position + 1 :]
        # A section may open with its photo: a caption under the line, or text after that.
        after = next((n for n in following if kinds[n] != CAPTION), None)
        if (following and kinds[following[0]] == CAPTION) or (
            after is not None and kinds[after] == BODY and not looks_like_heading(texts[after])
        ):
            found.append(number)
    return found


def mark_headline(text: str, paragraphs: list[Paragraph], title: str | None) -> list[Paragraph]:
    """Turn the paragraph that is the article's headline into a heading."""
    if not title:
        return paragraphs
    return [
        replace(p, kind=HEADING)
        if p.kind == BODY and text[p.start : p.end].strip() == title.strip()
        else p
        for p in paragraphs
    ]


def _kind_alone(paragraph_text: str) -> str:
    """The kind a paragraph has on its own words, before looking at its neighbours."""
    stripped = paragraph_text.strip()
    if is_chrome(stripped):
        return CHROME
    # A dateline alone on its line, a byline, a live blog's time stamp: about the page.
    if is_dateline(stripped) or is_byline(stripped) or is_timestamp(stripped):
        return CHROME
    if links_to_post(stripped):
        return EMBED
    if is_caption(stripped):
        return CAPTION
    return BODY


def split_dateline(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut the dateline ("NEW YORK (AP) —") off the story's first paragraph into a paragraph
    of its own, which is then classified as chrome: it is where the story was filed, not
    anything anyone said."""
    for number, (start, end) in enumerate(spans):
        paragraph = text[start:end]
        if is_dateline(paragraph):
            return spans  # the dateline has a line of its own
        # The headline and any furniture above the story come first.
        if _kind_alone(paragraph) != BODY or looks_like_heading(paragraph):
            continue
        cut = dateline_end(paragraph)
        if cut is None:
            return spans
        dateline = (start, start + len(paragraph[:cut].rstrip()))
        return [*spans[:number], dateline, (start + cut, end), *spans[number + 1 :]]
    return spans


def mark_chrome_bylines(
    text: str, paragraphs: list[Paragraph], outlet: str | None
) -> list[Paragraph]:
    """Turn a paragraph that is nothing but the outlet's byline into chrome."""
    if not outlet:
        return paragraphs
    return [
        replace(p, kind=CHROME) if text[p.start : p.end].strip().lower() == outlet.lower() else p
        for p in paragraphs
    ]
