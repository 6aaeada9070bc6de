"""Articles in: read a folder of news articles, their metadata, and their paragraphs.

In steps: ``records`` (an article, its metadata and paragraphs; what a folder held),
``reading`` (the files of a folder and its catalog; the only I/O), ``paragraphs`` (an
article's text split into paragraphs and each classified) and ``metadata`` (what the text
shows of its date, outlet, title and URL, merged under what is stated).

Every offset here is a Python ``str`` index into an article's clean text (``Article.text``,
which the index stores), so a quote can always be checked with ``text[start:end]``. For a
``.txt`` file the clean text is the file read as UTF-8; :mod:`accordingto.ingest` says what
it is for the other formats.
"""

from ..ingest import MAX_ARTICLE_CHARS
from .metadata import dates_in, infer_meta, merge_meta, normal_date
from .paragraphs import (
    DATE_LINE,
    HEADING_MAX_CHARS,
    HEADING_MAX_WORDS,
    classify_paragraphs,
    looks_like_heading,
    mark_chrome_bylines,
    mark_headline,
    parse_article,
    split_dateline,
    split_paragraphs,
)
from .reading import (
    ARTICLE_SUFFIXES,
    CATALOG_NAME,
    CorpusError,
    article_files,
    candidate_files,
    load_corpus,
    read_article_text,
    read_catalog,
    read_corpus,
    read_document,
    read_hashes,
)
from .records import (
    BODY,
    CAPTION,
    CHROME,
    EMBED,
    HEADING,
    NOT_INDEXED,
    SIGNATURE,
    Article,
    ArticleMeta,
    Corpus,
    Paragraph,
    Skipped,
    content_hash,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "BODY",
    "CAPTION",
    "CATALOG_NAME",
    "CHROME",
    "DATE_LINE",
    "EMBED",
    "HEADING",
    "HEADING_MAX_CHARS",
    "HEADING_MAX_WORDS",
    "MAX_ARTICLE_CHARS",
    "NOT_INDEXED",
    "SIGNATURE",
    "Article",
    "ArticleMeta",
    "Corpus",
    "CorpusError",
    "Paragraph",
    "Skipped",
    "article_files",
    "candidate_files",
    "classify_paragraphs",
    "content_hash",
    "dates_in",
    "infer_meta",
    "load_corpus",
    "looks_like_heading",
    "mark_chrome_bylines",
    "mark_headline",
    "merge_meta",
    "normal_date",
    "parse_article",
    "read_article_text",
    "read_catalog",
    "read_corpus",
    "read_document",
    "read_hashes",
    "split_dateline",
    "split_paragraphs",
]
