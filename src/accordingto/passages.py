"""Passages: the quotable units an index holds, one or two sentences inside a paragraph."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields

from .calendar_words import MONTH_ABBREVIATIONS
from .corpus import CAPTION, HEADING, Article
from .furniture import closing_credit_start, is_photo_credit, opening_credit_end
from .progress import Track, silent

# Bump when the way passages are cut changes: an index built by another version is stale.
# 6: no cut after a title or abbreviation ("Sgt. Ana Ruiz"); datelines, bylines, time stamps
# and photo-credited captions are classified as such. 7: no cut after a possessive or before
# a lower-case word. 8: a photo credit opening or closing a caption is left out of its
# passage. 9: also one with a dash before its agency, "via", or a lower-case agency. 10: a
# passage that is only such a credit is left out. 11: a number's plural is the number to BM25
# ("F-16s", "1990s"; see ``index.records``).
CHUNKER_VERSION = "11"

# A passage of fewer words is a scrap, not something to quote; a heading may be shorter.
MIN_PASSAGE_WORDS = 4
MIN_HEADING_WORDS = 2
# A sentence shorter than this is merged with its neighbour: alone it cannot answer anything.
MIN_SENTENCE_CHARS = 25
# Merging stops here, so a run-on quotation cannot swallow a paragraph.
MAX_PASSAGE_CHARS = 420

SentenceSplitter = Callable[[Sequence[str]], list[list[tuple[int, int]]]]

_OPENING_QUOTES = "“‘"
_CREDIT_ONLY = re.compile(r"(?:\([^()]{1,80}\)\s*)?(?:Credit:\s*[^\n]*)?")
_CLOSING_QUOTES = "”’"


@dataclass(frozen=True)
class Passage:
    """A quotable span of an article and the paragraph around it."""

    id: int
    file: str
    start: int
    end: int
    text: str
    kind: str  # body | heading | caption | embed
    paragraph_start: int
    paragraph_end: int

    def to_dict(self) -> dict:
        """The passage as a JSON-ready record (every field holds a plain value, so a shallow
        copy is ``asdict``'s, made many times faster)."""
        return {name: getattr(self, name) for name in _PASSAGE_FIELDS}


_PASSAGE_FIELDS = tuple(f.name for f in fields(Passage))


def spacy_sentence_splitter(nlp, track: Track = silent) -> SentenceSplitter:
    """Sentence spans for many paragraphs at once, from a spaCy pipeline's parser."""

    def split(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        disabled = [name for name in ("ner", "lemmatizer") if name in nlp.pipe_names]
        texts = list(texts)
        with nlp.select_pipes(disable=disabled):
            docs = track(nlp.pipe(texts), "cutting passages", total=len(texts))
            return [[(s.start_char, s.end_char) for s in doc.sents] for doc in docs]

    return split


def build_passages(
    articles: Iterable[Article],
    split: SentenceSplitter,
    sentences: dict[tuple[str, int], list[tuple[int, int]]] | None = None,
) -> list[Passage]:
    """Cut every indexable paragraph of every article into quotable passages.

    ``sentences`` holds sentence spans already found for some paragraphs, keyed by (file,
    paragraph start); ``split`` finds them for the rest.
    """
    articles = list(articles)
    work = [(a, p) for a in articles for _, p in a.indexable]
    known = sentences or {}
    missing = [(a, p) for a, p in work if (a.file, p.start) not in known]
    found = dict(
        zip(
            [(a.file, p.start) for a, p in missing],
            split([a.paragraph_text(p) for a, p in missing]) if missing else [],
            strict=True,
        )
    )
    found.update(known)
    sentence_spans = [
        mend_abbreviations(a.paragraph_text(p), found[(a.file, p.start)]) for a, p in work
    ]
    passages: list[Passage] = []
    seen: set[tuple[str, str]] = set()
    for (article, paragraph), spans in zip(work, sentence_spans, strict=True):
        paragraph_text = article.paragraph_text(paragraph)
        for start, end in join_sentences(paragraph_text, spans):
            start, end = _trim(paragraph_text, start, end)
            if paragraph.kind == CAPTION:
                # A photo credit before or after a caption's words is nobody's words.
                start += opening_credit_end(paragraph_text[start:end])
                end = start + closing_credit_start(paragraph_text[start:end])
            text = paragraph_text[start:end]
            # Captions repeat their boilerplate sentences; one copy is enough to find.
            shortest = MIN_HEADING_WORDS if paragraph.kind == HEADING else MIN_PASSAGE_WORDS
            if len(text.split()) < shortest or is_credit(text) or (article.file, text) in seen:
                continue
            seen.add((article.file, text))
            passages.append(
                Passage(
                    id=len(passages),
                    file=article.file,
                    start=paragraph.start + start,
                    end=paragraph.start + end,
                    text=text,
                    kind=paragraph.kind,
                    paragraph_start=paragraph.start,
                    paragraph_end=paragraph.end,
                )
            )
    return passages


def is_credit(text: str) -> bool:
    """Whether a passage is only a photo credit, which answers nothing."""
    stripped = text.strip()
    return bool(_CREDIT_ONLY.fullmatch(stripped)) or is_photo_credit(stripped)


# Titles that stand before a name, and abbreviations that stand before a number: never at a
# sentence's end, so a parser that cuts after one ("referred to Supt." | "Alan Reed") has cut
# a name or a date in two. (Not "Sr."/"Jr.", which close a name and so may end a sentence.)
TITLE_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "messrs", "dr", "prof", "rev", "fr", "sgt", "cpl", "pvt", "lt", "capt",
    "cpt", "maj", "col", "gen", "adm", "cmdr", "cdr", "gov", "sen", "sens", "rep", "reps",
    "pres", "supt", "insp", "det", "atty", "amb", "hon", "st", "mt", "ft",
})  # fmt: skip
NUMBER_ABBREVIATIONS = frozenset({
    "no", "nos", "vol",
    *(short.lower() for shorts in MONTH_ABBREVIATIONS.values() for short in shorts),
})  # fmt: skip
_LAST_WORD = re.compile(r"(?:^|[\s(“\"‘])([A-Z][a-z]{0,5}\.|(?:[A-Z]\.){1,3})$")
_FIRST_WORD = re.compile(r"[“\"‘(]?([A-Z0-9][\w'’-]*)")


def mend_abbreviations(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo sentence cuts that fall right after a title or abbreviation before a name.

    A cut after a title ("Gov.", "Sgt.") before a capitalised word, or after "Jan." or "No."
    before a number, is never a sentence end. After initials ("U.S.", "U.N.", "F.") it is
    one only when the next word is a common word that opens sentences ("... to the U.S.
    After that ..."); before a name ("U.N. Security Council") it is not.
    """
    from spacy.lang.en.stop_words import STOP_WORDS  # a plain set of common words

    mended: list[list[int]] = []
    for start, end in spans:
        if mended and _cut_after_abbreviation(
            text[mended[-1][0] : mended[-1][1]], text[start:end], STOP_WORDS
        ):
            mended[-1][1] = end
        else:
            mended.append([start, end])
    return [(start, end) for start, end in mended]


def _cut_after_abbreviation(before: str, after: str, common: set[str]) -> bool:
    last = _LAST_WORD.search(before.rstrip())
    first = _FIRST_WORD.match(after.lstrip())
    if not last or not first:
        return False
    abbreviation, word = last.group(1), first.group(1)
    bare = abbreviation[:-1].lower()
    if bare in TITLE_ABBREVIATIONS:
        return word[0].isupper()
    if bare in NUMBER_ABBREVIATIONS:
        return word[0].isdigit()
    is_initials = abbreviation.count(".") > 1 or len(abbreviation) == 2
    return is_initials and word[0].isupper() and word.lower() not in common


def join_sentences(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge sentence spans so quotations stay whole and no passage is a mere fragment."""
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and _should_join(text, merged[-1], (start, end)):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    # A fragment at the very start joins the sentence after it.
    if len(merged) > 1 and _visible_length(text, *merged[0]) < MIN_SENTENCE_CHARS:
        merged[1][0] = merged[0][0]
        merged.pop(0)
    return [(start, end) for start, end in merged]


def _should_join(text: str, previous: list[int], current: tuple[int, int]) -> bool:
    if current[1] - previous[0] > MAX_PASSAGE_CHARS:
        return False
    previous_text = text[previous[0] : previous[1]]
    current_text = text[current[0] : current[1]].strip()
    if _visible_length(text, *current) < MIN_SENTENCE_CHARS:
        return True
    if _visible_length(text, *previous) < MIN_SENTENCE_CHARS:
        return True
    # An open quotation continues into the next sentence: keep the quote in one piece.
    if _open_quote(previous_text):
        return True
    # A sentence never ends on a possessive ("on KTV’ | “Morning Hour”") nor, unless it
    # ends on a full stop, begins in lower case: the parser cut one sentence in two. (A
    # photo credit ends on a bare word, "Jo Lee/AP", before the next caption: kept apart.)
    if _POSSESSIVE_END.search(previous_text.rstrip()):
        return True
    if current_text[:1].islower() and not _FULL_STOP_END.search(previous_text.rstrip()):
        return True
    return bool(current_text) and current_text[0] in _CLOSING_QUOTES + ",;:"


_POSSESSIVE_END = re.compile(r"[^\W_][’']\Z")
_FULL_STOP_END = re.compile(r"[.!?…][”’\"')\]]*\Z")


def _open_quote(text: str) -> bool:
    """Whether a quotation is left open at the end of a text.

    News copy mixes straight and curly marks ("... Armenia,” he said), so a straight mark
    opens when it starts a word and closes otherwise.
    """
    depth = 0
    for position, char in enumerate(text):
        if char == '"':
            opens = position == 0 or text[position - 1].isspace() or text[position - 1] in "(["
            char = "“" if opens else "”"
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(depth - 1, 0)
    return depth > 0


def _visible_length(text: str, start: int, end: int) -> int:
    return len(text[start:end].strip())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
