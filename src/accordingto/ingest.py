"""Article formats in: a file's bytes in its format → the clean article text and metadata.

Three formats are read: plain text (``.txt``), Markdown with optional YAML front matter
(``.md``) and a saved web page (``.html``/``.htm``). The clean text a reader returns is what
the index stores and what every offset refers to; for a plain-text file it is the file itself,
less any labelled header lines it opens with ("Title: …", "Date: …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

TEXT, MARKDOWN, HTML = "text", "markdown", "html"
FORMATS = {".txt": TEXT, ".md": MARKDOWN, ".markdown": MARKDOWN, ".html": HTML, ".htm": HTML}

# One article larger than this is refused: a news article is tens of kilobytes, and a file
# of several megabytes is a book, a data dump or a mistake that would tie up a build.
MAX_ARTICLE_CHARS = 2_000_000
# A saved page is mostly markup and scripts, so its file may be larger than its article.
MAX_PAGE_BYTES = 4 * MAX_ARTICLE_CHARS * 4
# Fewer words than this extracted from a web page is a menu or an error page, not an article.
MIN_PAGE_WORDS = 15

# The metadata fields a format can state (the rest of ``ArticleMeta`` is worked out later).
META_FIELDS = ("outlet", "title", "date", "url", "author")


class Unreadable(Exception):
    """A file is not an article that can be read; the message says why, for a person."""


@dataclass(frozen=True)
class Document:
    """An article as its format gives it: the clean text and what the format states."""

    text: str
    format: str
    meta: dict[str, str] = field(default_factory=dict)  # keys from META_FIELDS


def format_of(path: Path) -> str | None:
    """The format a file is read as, from its extension; None when it is not read."""
    return FORMATS.get(Path(path).suffix.lower())


def unsupported_reason(path: Path) -> str:
    """Why a file of another type is not read, naming the types that are."""
    suffix = Path(path).suffix.lower() or "no extension"
    return f"unsupported file type ({suffix}); articles are .txt, .md or .html files"


# --- reading (the only I/O in this module) -------------------------------------------


def read_document(path: Path) -> Document:
    """Read an article file in its format; ``Unreadable`` says why a file cannot be read."""
    path = Path(path)
    kind = format_of(path)
    if kind is None:
        raise Unreadable(unsupported_reason(path))
    limit = MAX_PAGE_BYTES if kind == HTML else MAX_ARTICLE_CHARS * 4
    try:
        if path.stat().st_size > limit:  # no file this big holds an article within the limit
            raise Unreadable(_too_large(path.stat().st_size))
        data = path.read_bytes()
    except OSError as error:
        raise Unreadable(f"could not be read: {error.strerror or error}") from error
    return document_from_bytes(data, kind)


def document_from_bytes(data: bytes, kind: str) -> Document:
    """An article from a file's bytes in a given format (one of ``FORMATS``' values)."""
    if kind == HTML:
        return from_html(data)
    text = decode_text(data)
    return from_markdown(text) if kind == MARKDOWN else from_plain_text(text)


_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes) -> str:
    """A text file's bytes as text (UTF-8, or UTF-16 with a byte-order mark), exactly as the
    offsets will index it.

    Line ends are kept as they are (``\\r\\n`` stays two characters), so offsets match what
    other tools read. Binary, non-UTF-8, over-long and empty files are ``Unreadable``.
    """
    try:
        # Windows editors save "Unicode" text as UTF-16 with a byte-order mark.
        text = data.decode("utf-16") if data[:2] in _UTF16_MARKS else data.decode("utf-8")
    except UnicodeDecodeError as error:
        if data[:2] in _UTF16_MARKS:
            raise Unreadable("not valid UTF-16 text, though it starts as UTF-16") from error
        raw = data[max(0, error.start - 200) : error.start]
        if b"\x00" in raw or b"\x00" in data[:4096]:
            raise Unreadable("binary data, not text") from error
        raise Unreadable(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at position {error.start}"
        ) from error
    if len(text) > MAX_ARTICLE_CHARS:
        raise Unreadable(_too_large(len(data)))
    if "\x00" in text:
        raise Unreadable("binary data, not text")
    if not text.strip():
        raise Unreadable("empty")
    return text


def _too_large(size: int) -> str:
    return (
        f"too large: {size / 1e6:.1f} MB, and one article may hold at most "
        f"{MAX_ARTICLE_CHARS / 1e6:.0f} million characters"
    )


# --- Markdown with front matter -------------------------------------------------------

_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M
)
# Front-matter keys people use for each field, first match wins.
_FRONT_MATTER_KEYS = {
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "date_published"),
    "outlet": ("outlet", "source", "site", "site_name", "publication", "publisher"),
    "url": ("url", "link", "canonical", "canonical_url", "source_url"),
    "author": ("author", "authors", "byline", "by"),
}


def from_markdown(text: str) -> Document:
    """A Markdown article: metadata from its YAML front matter, text from the body after it.

    The body is the article's text, so offsets index the body (after the stated headline,
    when the body does not open with it: see ``with_headline``); a file without front
    matter is its own text. Front matter that is not valid YAML makes the file unreadable
    rather than silently becoming part of the article.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return Document(text, MARKDOWN)
    import yaml  # a dependency only this reader needs

    try:
        values = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        problem = str(error).splitlines()[0]
        raise Unreadable(f"the front matter is not valid YAML: {problem}") from error
    if values is not None and not isinstance(values, dict):
        raise Unreadable("the front matter is not a list of key: value lines")
    body = text[match.end() :]
    if not body.strip():
        raise Unreadable("empty: front matter and no article text")
    lowered = {str(key).lower(): value for key, value in (values or {}).items()}
    meta = {}
    for name, keys in _FRONT_MATTER_KEYS.items():
        value = next((_plain(lowered[k]) for k in keys if lowered.get(k) is not None), None)
        if value:
            meta[name] = value
    return Document(with_headline(body, meta.get("title")), MARKDOWN, meta)


def _plain(value: object) -> str | None:
    """A front-matter value as text: a date as YYYY-MM-DD, a list of names joined."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v).strip() for v in value if v is not None) or None
    if isinstance(value, dict):
        return None
    return str(value).strip() or None


# --- plain text with a labelled header -------------------------------------------------

# A line "Label: value" with a label of one to three words, as saved-article tools and
# people head a text file ("Title: …", "Published: …", "Section: World").
_LABELLED_LINE = re.compile(
    r"\ufeff?[ \t]*([A-Za-z][A-Za-z]*(?:[ _-][A-Za-z]+){0,2})[ \t]*:"
    r"[ \t]*(\S[^\r\n]*?)[ \t]*(?:\r?\n|\Z)"
)
_HEADER_KEYS = {key: name for name, keys in _FRONT_MATTER_KEYS.items() for key in keys}
# One labelled line alone is a header only when its label cannot open a story's first
# sentence or a pasted title ("Source: the leaked memo" could be either).
_LONE_HEADER_KEYS = frozenset(("title", "headline"))


def from_plain_text(text: str) -> Document:
    """A plain-text article: the file itself, or, when it opens with labelled lines that
    name its metadata ("Title: …", "Date: …", "Source: …", by front matter's keys), that
    metadata and the text after those lines.

    The lines are a header when at least one label is a metadata key and there are two or
    more of them (other labels, "Section: World", are part of the header and dropped), or a
    lone "Title:" line; otherwise the text is kept whole, so an article that opens "Update:
    the mayor resigned" is not cut.
    """
    labelled: list[tuple[str, str]] = []
    end = 0
    while match := _LABELLED_LINE.match(text, end):
        labelled.append((_header_key(match.group(1)), match.group(2)))
        end = match.end()
    known = [(key, value) for key, value in labelled if key in _HEADER_KEYS]
    lone_title = len(labelled) == 1 and labelled[0][0] in _LONE_HEADER_KEYS
    if not known or (len(labelled) < 2 and not lone_title):
        return Document(text, TEXT)
    body = text[end:]
    if not body.strip():
        raise Unreadable("empty: header lines and no article text")
    meta: dict[str, str] = {}
    for key, value in known:
        name = _HEADER_KEYS[key]
        if name == "author" and "author" in meta and value not in meta["author"]:
            meta["author"] += f", {value}"
        meta.setdefault(name, value)
    return Document(with_headline(body, meta.get("title")), TEXT, meta)


def with_headline(body: str, title: str | None) -> str:
    """An article's text with its stated headline as the first paragraph, as a web page's
    is: searchable, and shown as its heading. A body that already opens with the headline
    (perhaps as a Markdown heading, "# …") is kept as it is."""
    if not title:
        return body
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    if first.lstrip("#").strip() == title:
        return body
    return f"{title}\n\n{body.lstrip()}"


def _header_key(label: str) -> str:
    return re.sub(r"[ _-]+", "_", label.strip().lower())


# --- a saved web page -----------------------------------------------------------------


def from_html(page: bytes | str) -> Document:
    """A saved web page's article, extracted with trafilatura, and the page's metadata.

    The text is the headline and the article's paragraphs, one a line with a blank line
    between them; menus, related links, comments and footers are left out. Metadata is what
    the page states (its title, author, site name, date and canonical url).
    """
    data = page.encode("utf-8") if isinstance(page, str) else page
    if not data.strip():
        raise Unreadable("empty")
    if b"\x00" in data[:4096]:  # no web page saved as text holds a NUL byte
        raise Unreadable("binary data, not text")
    import trafilatura  # imported here: loading it is slow and only web pages need it

    found = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_images=False
    )
    lines = [line.strip() for line in (found.text or "").splitlines()] if found else []
    lines = [line for line in lines if line]
    if sum(len(line.split()) for line in lines) < MIN_PAGE_WORDS:
        raise Unreadable("no article text found in the web page")
    title = (found.title or "").strip() or None
    # The headline is part of the article (searchable, shown as a heading), as in a text file.
    if title and lines[0] != title:
        lines.insert(0, title)
    # Blank lines between paragraphs: each one stays a paragraph of its own when read.
    text = "\n\n".join(lines) + "\n"
    if len(text) > MAX_ARTICLE_CHARS:
        raise Unreadable(_too_large(len(text.encode("utf-8"))))
    values = {
        "title": title,
        "outlet": found.sitename,
        "date": found.date,
        "url": found.url,
        "author": found.author,
    }
    meta = {name: value.strip() for name, value in values.items() if value and value.strip()}
    return Document(text, HTML, meta)
