"""The index on disk: which articles built it, when it may be rebuilt, and what to do when
its folder cannot be written.

An index records the folder its articles came from. It is rebuilt only from that folder:
an index is never replaced with another collection unless ``index build --force`` says so.
When the recorded folder is missing or another one is named, the index is served as it
is, read-only, with a note saying why. When the index folder cannot be written, an intact
old index is served read-only; without one, the index is built in the user's cache folder,
or else in memory.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .attribution import ATTRIBUTION_VERSION, Statement, attribute_corpus, load_nlp
from .config import cache_dir, default_index_dir, default_seeds_dir
from .corpus import HEADING, Corpus, CorpusError, Skipped, read_corpus
from .embedding import Embedder
from .index import (
    BrokenIndex,
    Index,
    build_index,
    holds_other_files,
    load_index,
    read_manifest,
    recorded_source,
    save_index,
    stale_reason,
)
from .progress import Track, bars
from .vocabulary import Vocabulary

Say = Callable[[str], None]


def stderr(message: str) -> None:
    """Print a message for the user on standard error."""
    print(message, file=sys.stderr, flush=True)


class IndexConflict(BrokenIndex):
    """An index would be replaced with the articles of a folder it was not built from."""


@dataclass(frozen=True)
class Opened:
    """An index ready to serve, where it lives, and what the user must be told about it."""

    index: Index
    folder: Path | None  # None: built in memory only
    read_only: bool
    notes: tuple[str, ...] = ()


# --- building ----------------------------------------------------------------------------


def build_from(
    seeds_dir: Path, embedder: Embedder, say: Say = stderr, track: Track = bars
) -> Index:
    """Build an index (in memory) from a folder of articles, reporting skipped files."""
    corpus = read_corpus(seeds_dir)
    return _build(corpus, Path(seeds_dir), embedder, say, track)


def _build(corpus: Corpus, seeds_dir: Path, embedder: Embedder, say: Say, track: Track) -> Index:
    for skipped in corpus.skipped:
        say(f"Skipping {skipped.file}: {skipped.reason}.")
    if not corpus.articles:
        raise CorpusError(f"{seeds_dir} holds no readable articles (.txt, .md or .html files)")
    nlp = load_nlp()
    sentences: dict[tuple[str, int], list[tuple[int, int]]] = {}
    vocabulary = Vocabulary()
    for article in corpus.articles:
        # Outlets and headings are names the articles use, though no sentence is parsed there.
        if article.meta.outlet:
            vocabulary.add_outlet(article.meta.outlet)
        if article.meta.title:
            vocabulary.add_names(article.meta.title)
        for _, paragraph in article.indexable:
            if paragraph.kind == HEADING:
                vocabulary.add_names(article.paragraph_text(paragraph))
    statements, speakers = attribute_corpus(corpus.articles, nlp, track, sentences, vocabulary)
    index = build_index(
        corpus.articles,
        embedder,
        nlp,
        track=track,
        statements=statements,
        speakers=speakers,
        versions={"attribution_version": ATTRIBUTION_VERSION},
        source=seeds_dir,
        sentences=sentences,
        vocabulary=vocabulary,
    )
    index.manifest["skipped"] = [{"file": s.file, "reason": s.reason} for s in corpus.skipped]
    if corpus.skipped:
        say(skipped_summary(corpus.skipped))
    return index


def skipped_summary(skipped: list[Skipped]) -> str:
    """One line for the end of a build that lists every file skipped, with its reason."""
    count = f"{len(skipped)} file{'s' if len(skipped) != 1 else ''}"
    return f"Skipped {count}: " + "; ".join(str(s) for s in skipped) + "."


def build_and_save(
    seeds_dir: Path | None,
    index_dir: Path | None,
    embedder: Embedder,
    say: Say = stderr,
    force: bool = False,
    track: Track = bars,
) -> Index:
    """``accordingto index build``: build from a folder and write the index folder.

    An existing index built from another folder (or one that does not record its folder)
    is replaced only with ``force``; a folder holding anything but an index never is.
    """
    seeds_dir = Path(seeds_dir) if seeds_dir else default_seeds_dir()
    index_dir = Path(index_dir) if index_dir else default_index_dir()
    if not seeds_dir.is_dir():
        raise CorpusError(f"no folder of articles at {seeds_dir}")
    refuse_to_replace(index_dir, seeds_dir, force)
    index = build_from(seeds_dir, embedder, say, track)
    try:
        save_index(index, index_dir)
    except PermissionError as error:
        raise BrokenIndex(
            f"cannot write the index at {index_dir}: permission denied ({error.filename})"
        ) from error
    return index


def refuse_to_replace(index_dir: Path, seeds_dir: Path, force: bool) -> None:
    """Raise ``IndexConflict`` when building ``index_dir`` from ``seeds_dir`` would destroy
    something: a folder that is not an index, or (without ``force``) another collection."""
    if holds_other_files(index_dir):
        raise IndexConflict(
            f"{index_dir} holds files that are not an index; choose a new or empty folder"
        )
    try:
        manifest = read_manifest(index_dir)
    except BrokenIndex:
        return  # nothing whole to lose
    recorded = recorded_source(manifest, index_dir)
    if force or (recorded is not None and _same_folder(recorded, seeds_dir)):
        return
    built_from = f"the articles in {recorded}" if recorded else "articles from an unrecorded folder"
    raise IndexConflict(
        f"the index at {index_dir} holds {built_from}, not those in {seeds_dir}. "
        f"To replace it: accordingto index build --seeds {seeds_dir} --index {index_dir} --force"
    )


def _same_folder(first: Path, second: Path) -> bool:
    try:
        return Path(first).resolve() == Path(second).resolve() or os.path.samefile(first, second)
    except OSError:
        return False


# --- opening -----------------------------------------------------------------------------


def open_index(
    index_dir: Path | None,
    seeds_dir: Path | None,
    embedder: Embedder,
    say: Say = stderr,
    track: Track = bars,
) -> Opened:
    """Load the index to serve, rebuilding it first only from the folder it was built from.

    ``index_dir`` and ``seeds_dir`` are the folders the user named (None: not named). Without
    a named articles folder, the one the index records is used; an index that is missing
    altogether and was not named is built from the default ``seeds/``.
    """
    named_index = index_dir is not None
    index_dir = Path(index_dir) if named_index else default_index_dir()
    try:
        manifest = read_manifest(index_dir)
    except BrokenIndex as error:
        manifest, unreadable = None, str(error)
    recorded = recorded_source(manifest, index_dir) if manifest else None

    if manifest is not None and (recorded is None or not _named_same(seeds_dir, recorded)):
        return _serve_as_is(index_dir, manifest, recorded, seeds_dir, embedder, say, track)
    source = seeds_dir or recorded or (None if named_index else default_seeds_dir())
    if manifest is not None and not source.is_dir():
        return _read_only(index_dir, f"the folder it was built from, {source}, is missing", say)
    if manifest is None and (source is None or not Path(source).is_dir()):
        where = f"; there is no folder of articles at {source}" if source else ""
        raise BrokenIndex(
            f"cannot use the index: {unreadable}{where}. Build one with: "
            f"accordingto index build --seeds DIR --index {index_dir}"
        )
    source = Path(source)
    corpus = read_corpus(source)
    reason = unreadable if manifest is None else _stale(manifest, corpus, embedder)
    if reason is None:
        try:
            return Opened(load_index(index_dir, Statement.from_dict), index_dir, False)
        except BrokenIndex as error:
            reason = str(error)
    if holds_other_files(index_dir):
        raise IndexConflict(
            f"{index_dir} holds files that are not an index, so no index is built there"
        )
    if not _writable(index_dir):
        return _when_unwritable(index_dir, reason, source, corpus, embedder, say, track)
    say(f"Rebuilding the index at {index_dir}: {reason}.")
    index = _build(corpus, source, embedder, say, track)
    save_index(index, index_dir)
    return Opened(index, index_dir, False)


def _named_same(seeds_dir: Path | None, recorded: Path) -> bool:
    return seeds_dir is None or _same_folder(seeds_dir, recorded)


def _stale(manifest: dict, corpus: Corpus, embedder: Embedder) -> str | None:
    if manifest.get("attribution_version") != ATTRIBUTION_VERSION:
        return "it was built by an older statement extractor"
    return stale_reason(manifest, corpus.articles, embedder.passage_encoder)


def _serve_as_is(index_dir, manifest, recorded, seeds_dir, embedder, say, track) -> Opened:
    """An index whose recorded source differs from the folder named, or is unrecorded."""
    if recorded is None:
        why = "it does not record which folder its articles came from"
    else:
        why = f"it was built from {recorded}, not from {seeds_dir}"
    hint = (
        f"To rebuild it from {seeds_dir}: accordingto index build --seeds {seeds_dir} "
        f"--index {index_dir} --force"
        if seeds_dir
        else f"To rebuild it: accordingto index build --seeds DIR --index {index_dir} --force"
    )
    return _read_only(index_dir, why, say, hint=hint)


def _read_only(index_dir: Path, why: str, say: Say, hint: str = "") -> Opened:
    try:
        index = load_index(index_dir, Statement.from_dict)
    except BrokenIndex as error:
        raise BrokenIndex(
            f"{error}; and it is not rebuilt because {why}. {hint}".strip()
        ) from error
    note = f"Serving the index at {index_dir} as it is, read-only: {why}."
    if hint:
        note += f" {hint}."
    say(note)
    return Opened(index, index_dir, True, (note,))


def _writable(index_dir: Path) -> bool:
    """Whether an index can be written at ``index_dir`` (its staging folder and swap)."""
    parent = index_dir.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        return False
    if index_dir.exists() and not os.access(index_dir, os.W_OK | os.X_OK):
        return False
    try:
        probe = tempfile.mkdtemp(prefix=".accordingto-probe-", dir=parent)
    except OSError:
        return False
    os.rmdir(probe)
    return True


def _when_unwritable(index_dir, reason, source, corpus, embedder, say, track) -> Opened:
    """The index cannot be rewritten where it is: serve the old one, else build elsewhere."""
    try:
        old = load_index(index_dir, Statement.from_dict)
    except BrokenIndex:
        old = None
    if old is not None:
        note = (
            f"The index at {index_dir} is out of date ({reason}) but its folder cannot be "
            "written, so it is served as it is, read-only."
        )
        say(note)
        return Opened(old, index_dir, True, (note,))
    cached = cached_index_dir(index_dir)
    try:
        manifest = read_manifest(cached)
        recorded = recorded_source(manifest, cached)
        fresh = _stale(manifest, corpus, embedder) is None
        if recorded and _same_folder(recorded, source) and fresh:
            note = f"The index at {index_dir} is unusable ({reason}); using {cached} instead."
            say(note)
            return Opened(load_index(cached, Statement.from_dict), cached, False, (note,))
    except BrokenIndex:
        pass
    say(f"The index at {index_dir} is unusable ({reason}) and its folder cannot be written.")
    index = _build(corpus, source, embedder, say, track)
    try:
        save_index(index, cached)
    except OSError as error:
        note = (
            f"Built the index in memory only: neither {index_dir} nor {cached} can be "
            f"written ({error.strerror or error})."
        )
        say(note)
        return Opened(index, None, False, (note,))
    note = f"Built the index in {cached} instead of {index_dir}, which cannot be written."
    say(note)
    return Opened(index, cached, False, (note,))


def cached_index_dir(index_dir: Path) -> Path:
    """Where an unwritable index folder's stand-in lives in the user's cache."""
    key = hashlib.sha256(str(Path(index_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / "indexes" / f"{Path(index_dir).name}-{key}"
