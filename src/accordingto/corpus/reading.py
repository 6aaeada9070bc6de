"""Reading a folder of articles: which files it holds, its optional catalog, each file in
its format, and the articles parsed from them (the only I/O of the package).

A file that cannot be read is skipped with a reason a person can act on; it never stops
the others from being read.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .. import ingest
from ..ingest import Document
from .paragraphs import parse_article
from .records import Article, Corpus, Skipped, content_hash

ARTICLE_SUFFIXES = tuple(ingest.FORMATS)
CATALOG_NAME = "catalog.toml"


class CorpusError(Exception):
    """A folder of articles could not be read."""


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
    the file itself, less any labelled header lines; for a web page, its extracted article;
    for Markdown, the body; see :mod:`accordingto.ingest`)."""
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
