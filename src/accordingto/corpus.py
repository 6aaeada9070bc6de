"""Articles in: read a folder of news articles, their metadata, and their paragraphs.

Every offset here is a Python ``str`` index into an article's clean text (``Article.text``,
which the index stores), so a quote can always be checked with ``text[start:end]``. For a
``.txt`` file the clean text is the file read as UTF-8; :mod:`accordingto.ingest` says what
it is for the other formats.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import ingest
from .furniture import dateline_end, ends_in_photo_credit, is_byline, is_dateline, is_timestamp
from .ingest import MAX_ARTICLE_CHARS as MAX_ARTICLE_CHARS  # re-exported for callers
from .ingest import Document

ARTICLE_SUFFIXES = tuple(ingest.FORMATS)
CATALOG_NAME = "catalog.toml"

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


# --- reading (the only I/O in this module) -------------------------------------------


class CorpusError(Exception):
    """A folder of articles could not be read."""


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


def candidate_files(folder: Path) -> list[Path]:
    """Every visible file of a folder except its catalog, in a stable order."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name != CATALOG_NAME
    )


def article_files(folder: Path) -> list[Path]:
    """The article files in a folder, in a stable order."""
    return [p for p in candidate_files(folder) if p.suffix.lower() in ARTICLE_SUFFIXES]


def read_catalog(folder: Path) -> dict[str, dict]:
    """The optional ``catalog.toml`` of a folder: metadata keyed by file name."""
    path = folder / CATALOG_NAME
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        raise CorpusError(f"{path} is not valid TOML: {error}") from error


def read_document(path: Path) -> Document:
    """An article file read in its format (see :mod:`accordingto.ingest`).

    Raises ``CorpusError`` with a reason a person can act on when the file is not an
    article: an unsupported type, too large, binary, not UTF-8, empty, a web page with no
    article in it, or unreadable.
    """
    try:
        return ingest.read_document(path)
    except ingest.Unreadable as error:
        raise CorpusError(str(error)) from error


def read_article_text(path: Path) -> str:
    """An article file's clean text, exactly as the offsets index it (for a ``.txt`` file,
    the file itself; for a web page, its extracted article; for Markdown, the body)."""
    return read_document(path).text


def read_corpus(folder: Path | str) -> Corpus:
    """Read every article of a folder; files that are not readable articles are skipped.

    A broken file never stops the others from being read: each is listed in ``skipped``
    with its reason. A catalog that is not valid TOML is skipped the same way, and the
    articles fall back to the metadata their own text shows.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"no folder of articles at {folder}")
    skipped: list[Skipped] = []
    try:
        catalog = read_catalog(folder)
    except CorpusError as error:
        catalog = {}
        reason = str(error).removeprefix(f"{folder / CATALOG_NAME} ")
        skipped.append(Skipped(CATALOG_NAME, f"{reason}; metadata taken from the articles"))
    articles = []
    for path in candidate_files(folder):
        try:
            document = read_document(path)
        except CorpusError as error:
            skipped.append(Skipped(path.name, str(error)))
            continue
        entry = catalog.get(path.name)
        articles.append(
            parse_article(
                path.name,
                document.text,
                entry if isinstance(entry, dict) else None,
                stated=document.meta,
                source_format=document.format,
            )
        )
    return Corpus(articles, skipped)


def read_hashes(folder: Path | str) -> dict[str, str]:
    """The ``content_hash`` of every article ``read_corpus`` would read, by file name.

    What an index is checked against before it serves, without parsing the articles: a
    one-off question spent about 25 ms parsing the seed articles when their index was up
    to date.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"no folder of articles at {folder}")
    hashes = {}
    for path in candidate_files(folder):
        try:
            document = read_document(path)
        except CorpusError:
            continue  # skipped by ``read_corpus`` too
        hashes[path.name] = content_hash(document.text)
    return hashes


def load_corpus(folder: Path | str) -> list[Article]:
    """The readable articles of a folder (see :func:`read_corpus` for what is skipped)."""
    return read_corpus(folder).articles


def content_hash(text: str) -> str:
    """A stable hash of an article's text, used to notice when an index is stale."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- parsing (pure) -------------------------------------------------------------------


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


# Generic web-page furniture that survives copying an article out of a browser.
CHROME_LINES = {
    "accessibility links", "skip to content", "skip to main content", "breaking news",
    "update", "updated", "advertisement", "share", "share this", "share this article",
    "print", "email", "comments", "related", "related articles", "related stories", "menu",
    "search", "sign up", "subscribe", "newsletter", "image", "photo", "video", "loading",
    "close", "next", "previous", "back to top", "more", "listen", "watch", "live",
}  # fmt: skip
_CHROME_PATTERNS = [
    re.compile(r"^[A-Z]{1,3}$"),  # layout breakpoints and lone tags: XS, SM, MD
    re.compile(r"^\d+x\d+\s+image$", re.I),
    re.compile(r"^[•·▪►*-]\s*\S*(?:\s+\S+){0,3}$"),  # bullet-led scraps
    re.compile(r"^(?:read more|see also|related|also read|watch|listen)\s*:", re.I),
    re.compile(r"^source\s*:", re.I),
    re.compile(r"\bbyline\b", re.I),  # an outlet's "stories with this byline" blurb
]
_TWEET_SIGNATURE = re.compile(r"^[—–-]\s*.{1,80}\(@\w{1,30}\)\s+\w+\.? \d{1,2},? \d{4}\s*$")
_EMBED_MARKERS = re.compile(r"pic\.twitter\.com/|\bt\.co/|instagram\.com/p/", re.I)
_CAPTION_OPENINGS = re.compile(
    r"^(?:in this (?:handout |file |undated )?(?:photo|image|grab|picture|video)|"
    r"an? (?:image|video) grab|a handout|handout photo|file photo)\b",
    re.I,
)
_CAPTION_CREDIT = re.compile(
    r"(?:\((?:[^()]*\b(?:Photo|Photos|via|Handout|Images|Pool)\b[^()]*|[A-Z][\w.&-]{1,20})\)"
    r"|\bCredit:\s*[^\n]*|\bHandout\s*/\s*[^\n]*)\s*$"
)


def classify_paragraphs(text: str, spans: list[tuple[int, int]]) -> list[Paragraph]:
    """Label each paragraph (body, heading, caption, embed, signature or chrome), and mark
    exact repeats."""
    texts = [text[start:end] for start, end in spans]
    kinds = [_kind_alone(t) for t in texts]
    for number, paragraph_text in enumerate(texts):
        if _TWEET_SIGNATURE.match(paragraph_text):
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
    if stripped.lower().strip(" •·:") in CHROME_LINES:
        return CHROME
    if any(pattern.search(stripped) for pattern in _CHROME_PATTERNS):
        return CHROME
    # A dateline alone on its line, a byline, a live blog's time stamp: about the page.
    if is_dateline(stripped) or is_byline(stripped) or is_timestamp(stripped):
        return CHROME
    if _EMBED_MARKERS.search(stripped):
        return EMBED
    if (
        _CAPTION_OPENINGS.search(stripped)
        or _CAPTION_CREDIT.search(stripped)
        or ends_in_photo_credit(stripped)
    ):
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


# --- metadata -------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WRITTEN_DATE = re.compile(rf"\b({_MONTH})\.? (\d{{1,2}}),? (\d{{4}})\b", re.I)
_DAY_FIRST_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})\.? (\d{{4}})\b", re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_OUTLET_PATTERNS = [
    re.compile(r"^Source:\s*(.+?)(?:\s+and agencies)?\s*$", re.I | re.M),
    re.compile(r"^(.+?) writers? .{0,300}\bcontributed\b", re.M),
    re.compile(r"\bStories with the (.+?) byline\b"),
]
_URL_LINE = re.compile(r"^(?:url|link|source url|canonical)\s*:\s*(https?://\S+)\s*$", re.I | re.M)


def dates_in(text: str) -> list[date]:
    """Every full calendar date written in a text."""
    found = []
    for match in _WRITTEN_DATE.finditer(text):
        found.append(_make_date(match.group(3), _MONTHS[match.group(1).lower()], match.group(2)))
    for match in _DAY_FIRST_DATE.finditer(text):
        found.append(_make_date(match.group(3), _MONTHS[match.group(2).lower()], match.group(1)))
    for match in _ISO_DATE.finditer(text):
        found.append(_make_date(match.group(1), match.group(2), match.group(3)))
    return [d for d in found if d is not None]


def _make_date(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def infer_meta(text: str, paragraphs: Iterable[Paragraph], date_line: str | None) -> ArticleMeta:
    """Metadata from what the text itself shows; anything guessed is marked inferred."""
    inferred = []
    paragraphs = list(paragraphs)
    article_date = date_line
    if article_date is None:
        # The latest date an article mentions is the nearest it shows to its own date.
        mentioned = dates_in(text)
        if mentioned:
            article_date = max(mentioned).isoformat()
            inferred.append("date")
    outlet = None
    for pattern in _OUTLET_PATTERNS:
        match = pattern.search(text)
        if match:
            outlet = match.group(1).strip()
            inferred.append("outlet")
            break
    title = None
    for paragraph in paragraphs:
        if paragraph.kind == CHROME:
            continue
        candidate = text[paragraph.start : paragraph.end].strip()
        if _looks_like_headline(candidate):
            title = candidate
            inferred.append("title")
        break
    url_match = _URL_LINE.search(text)
    return ArticleMeta(
        outlet=outlet,
        title=title,
        date=article_date,
        url=url_match.group(1) if url_match else None,
        inferred=tuple(inferred),
    )


def _looks_like_headline(candidate: str) -> bool:
    words = candidate.split()
    # A sentence ends in a full stop, even inside closing quotation marks: not a headline.
    ended = re.search(r"[.?!…]\W*$", candidate)
    return 3 <= len(words) <= 25 and len(candidate) <= 160 and not ended


_META_NAMES = ("outlet", "title", "date", "url", "author")


def merge_meta(inferred: ArticleMeta, catalog_entry: dict) -> ArticleMeta:
    """Catalog values win over inferred ones; a catalog can mark its own values inferred."""
    values = {name: catalog_entry.get(name, getattr(inferred, name)) for name in _META_NAMES}
    if "date" in catalog_entry and catalog_entry["date"] is not None:
        values["date"] = normal_date(catalog_entry["date"])
    still_inferred = {name for name in inferred.inferred if name not in catalog_entry}
    still_inferred |= set(catalog_entry.get("inferred", ()))
    ordered = tuple(name for name in _META_NAMES if name in still_inferred)
    return replace(inferred, **values, inferred=ordered)


def normal_date(value: object) -> str:
    """A stated date as YYYY-MM-DD when it is one written another way ("March 3, 2022",
    "2022-03-03T10:00:00Z"); otherwise as given."""
    written = str(value).strip()
    if re.match(r"\d{4}-\d{2}-\d{2}(?!\d)", written):  # ISO, perhaps with a time after it
        return written[:10]
    found = dates_in(written)
    return found[0].isoformat() if len(found) == 1 else written


@dataclass
class CorpusSummary:
    """Counts of what a corpus holds, for messages and the manifest."""

    articles: int = 0
    paragraphs: dict[str, int] = field(default_factory=dict)


def summarize(articles: Iterable[Article]) -> CorpusSummary:
    """How many articles and paragraphs of each kind a corpus holds."""
    summary = CorpusSummary()
    for article in articles:
        summary.articles += 1
        for paragraph in article.paragraphs:
            summary.paragraphs[paragraph.kind] = summary.paragraphs.get(paragraph.kind, 0) + 1
    return summary
