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
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .attribution import ATTRIBUTION_VERSION, Statement
from .backends import BackendSpec, spec_from_manifest
from .config import cache_dir, default_index_dir, default_seeds_dir
from .corpus import (
    ARTICLE_SUFFIXES,
    Corpus,
    CorpusError,
    Skipped,
    article_files,
    read_article_text,
    read_corpus,
    read_hashes,
)
from .embedding import Embedder
from .index import (
    BrokenIndex,
    Index,
    holds_other_files,
    load_index,
    read_manifest,
    recorded_source,
    save_index,
    stale_reason_of,
    updating,
)
from .progress import Track, bars

if TYPE_CHECKING:
    from .update import Changes, Work

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
    seeds_dir: Path,
    embedder: Embedder,
    say: Say = stderr,
    track: Track = bars,
    backend: BackendSpec | None = None,
) -> Index:
    """Build an index (in memory) from a folder of articles, reporting skipped files;
    ``backend`` says where its passages are indexed (embedded FAISS and bm25s by default)."""
    corpus = read_corpus(seeds_dir)
    return _build(corpus, Path(seeds_dir), embedder, say, track, backend)


def _build(
    corpus: Corpus,
    seeds_dir: Path,
    embedder: Embedder,
    say: Say,
    track: Track,
    backend: BackendSpec | None = None,
) -> Index:
    # Imported here: serving an index that is up to date never parses or builds.
    from .attribution import load_nlp
    from .attribution.collection import attribute_collection
    from .index import assemble_index, attribute_and_embed
    from .update import collection_vocabulary

    for skipped in corpus.skipped:
        say(f"Skipping {skipped.file}: {skipped.reason}.")
    if not corpus.articles:
        raise CorpusError(f"{seeds_dir} holds no readable articles (.txt, .md or .html files)")
    nlp = load_nlp()
    done = attribute_and_embed(corpus.articles, embedder, nlp, track)
    attributions = done.attributions
    vocabulary = collection_vocabulary(corpus.articles, attributions)
    statements, speakers = attribute_collection(attributions, vocabulary)
    index = assemble_index(
        corpus.articles,
        done.passages,
        done.vectors,
        embedder,
        statements=statements,
        speakers=speakers,
        versions={"attribution_version": ATTRIBUTION_VERSION},
        source=seeds_dir,
        vocabulary=vocabulary,
        backend=backend,
    )
    # Kept so that a later update parses only the articles that change (see ``update``).
    index.attributions = {a.file: a.to_dict() for a in attributions}
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
    backend: BackendSpec | None = None,
) -> Index:
    """``accordingto index build``: build from a folder and write the index folder.

    An existing index built from another folder (or one that does not record its folder)
    is replaced only with ``force``; a folder holding anything but an index never is.
    ``backend`` says where the passages are indexed (embedded FAISS and bm25s by default);
    the manifest records it, so later commands reopen the same one.
    """
    seeds_dir = Path(seeds_dir) if seeds_dir else default_seeds_dir()
    index_dir = Path(index_dir) if index_dir else default_index_dir()
    if not seeds_dir.is_dir():
        raise CorpusError(f"no folder of articles at {seeds_dir}")
    refuse_to_replace(index_dir, seeds_dir, force)
    index = build_from(seeds_dir, embedder, say, track, backend)
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
    # Only the articles' hashes to check an index that is likely up to date; parsed only
    # when it is not.
    reason = unreadable if manifest is None else _stale(manifest, read_hashes(source), embedder)
    if reason is None:
        try:
            return Opened(load_index(index_dir, Statement.from_dict), index_dir, False)
        except BrokenIndex as error:
            reason = str(error)
    corpus = read_corpus(source)
    if holds_other_files(index_dir):
        raise IndexConflict(
            f"{index_dir} holds files that are not an index, so no index is built there"
        )
    if not _writable(index_dir):
        return _when_unwritable(index_dir, reason, source, corpus, embedder, say, track)
    index = _refresh(index_dir, reason, corpus, source, embedder, say, track)
    save_index(index, index_dir)
    return Opened(index, index_dir, False)


def _refresh(index_dir, reason, corpus, source, embedder, say, track) -> Index:
    """The index of ``corpus``: updated from the old one when it is whole and made by
    today's extractor and model (only changed articles are parsed), else built anew."""
    from .update import can_update, update_index

    try:
        old = load_index(index_dir, Statement.from_dict)
    except BrokenIndex:
        old = None
    if old is None or not can_update(old.manifest, embedder.passage_encoder):
        say(f"Rebuilding the index at {index_dir}: {reason}.")
        return _build(corpus, source, embedder, say, track, _recorded_backend(index_dir))
    say(f"Updating the index at {index_dir}: {reason}.")
    for skipped in corpus.skipped:
        say(f"Skipping {skipped.file}: {skipped.reason}.")
    return update_index(old, corpus, source, embedder, track=track)


def _recorded_backend(index_dir: Path) -> BackendSpec | None:
    """The passage back-end an index folder's manifest names, to rebuild it in the same."""
    try:
        return spec_from_manifest(read_manifest(index_dir))
    except BrokenIndex:
        return None


def _named_same(seeds_dir: Path | None, recorded: Path) -> bool:
    return seeds_dir is None or _same_folder(seeds_dir, recorded)


def _stale(manifest: dict, hashes: dict[str, str], embedder: Embedder) -> str | None:
    """Why an index does not match the articles (their content hashes by file) and the
    extractor and encoder of today, or None."""
    if manifest.get("attribution_version") != ATTRIBUTION_VERSION:
        return "it was built by an older statement extractor"
    return stale_reason_of(manifest, hashes, embedder.passage_encoder)


def _hashes_of(corpus: Corpus) -> dict[str, str]:
    return {a.file: a.content_hash for a in corpus.articles}


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
        fresh = _stale(manifest, _hashes_of(corpus), embedder) is None
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


# --- adding and removing articles ------------------------------------------------------------

REMOVED_FOLDER = ".removed"


@dataclass(frozen=True)
class Updated:
    """What ``add`` or ``remove`` did: the new index, how its articles changed, what was
    parsed, and the folders involved."""

    index: Index
    changes: Changes
    work: Work
    index_dir: Path
    source: Path


def add_articles(
    paths: list[Path],
    index_dir: Path | None,
    embedder: Embedder,
    seeds_dir: Path | None = None,
    say: Say = stderr,
    track: Track = bars,
) -> Updated:
    """``accordingto add``: copy article files into the folder the index was built from, and
    update the index (only those articles are parsed and embedded).

    A folder adds its article files (not its subfolders). A file named like one already in
    the folder replaces it: that is how an article is updated. Nothing is copied unless every
    file is a readable article, and if the update fails the folder is put back as it was.
    """
    index_dir, source = _editable(index_dir, seeds_dir)
    files = _article_paths(paths)
    names = [path.name for path in files]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise CorpusError(f"two files to add share a name: {', '.join(twice)}")
    for path in files:
        try:
            read_article_text(path)
        except CorpusError as error:
            raise CorpusError(f"{path} is not added: {error}") from error
    moves = [
        (path, source / path.name) for path in files if not _same_file(path, source / path.name)
    ]
    return _update_with(index_dir, source, moves, embedder, say, track)


def remove_articles(
    files: list[str | Path],
    index_dir: Path | None,
    embedder: Embedder,
    seeds_dir: Path | None = None,
    say: Say = stderr,
    track: Track = bars,
) -> Updated:
    """``accordingto remove``: take articles out of the index and out of its folder.

    Files are named as the index names them (a path's folder part is ignored). A removed
    file is moved into the folder's ``.removed/`` subfolder rather than deleted, so a
    mistake can be undone with ``accordingto add``.
    """
    index_dir, source = _editable(index_dir, seeds_dir)
    names = list(dict.fromkeys(Path(file).name for file in files))
    manifest = read_manifest(index_dir)
    unknown = [
        n for n in names if n not in manifest.get("articles", {}) and not (source / n).is_file()
    ]
    if unknown:
        raise CorpusError(f"not an article of the index at {index_dir}: {', '.join(unknown)}")
    moves = [
        (source / name, source / REMOVED_FOLDER / name)
        for name in names
        if (source / name).is_file()
    ]
    return _update_with(index_dir, source, moves, embedder, say, track)


def _editable(index_dir: Path | None, seeds_dir: Path | None) -> tuple[Path, Path]:
    """The index folder and its articles folder, when articles may be added or removed: the
    index records its folder (and it is the one named, if one is), and both can be written."""
    index_dir = Path(index_dir) if index_dir else default_index_dir()
    try:
        manifest = read_manifest(index_dir)
    except BrokenIndex as error:
        raise BrokenIndex(
            f"{error}. Build one first: accordingto index build --seeds DIR --index {index_dir}"
        ) from error
    recorded = recorded_source(manifest, index_dir)
    if recorded is None:
        raise IndexConflict(
            f"the index at {index_dir} does not record which folder its articles came from, "
            f"so it cannot be changed article by article. To rebuild it: accordingto index "
            f"build --seeds DIR --index {index_dir} --force"
        )
    if seeds_dir is not None and not _same_folder(seeds_dir, recorded):
        raise IndexConflict(
            f"the index at {index_dir} holds the articles in {recorded}, not those in "
            f"{seeds_dir}; articles are added to the folder an index was built from"
        )
    if not recorded.is_dir():
        raise BrokenIndex(
            f"the folder the index at {index_dir} was built from, {recorded}, is missing, "
            "so articles cannot be added to or removed from it"
        )
    if not os.access(recorded, os.W_OK | os.X_OK):
        raise BrokenIndex(
            f"the folder the index at {index_dir} was built from, {recorded}, is read-only, "
            "so articles cannot be added to or removed from it"
        )
    if holds_other_files(index_dir) or not _writable(index_dir):
        raise BrokenIndex(f"the index at {index_dir} cannot be written")
    return index_dir, recorded


def _article_paths(paths: list[Path]) -> list[Path]:
    """The article files named: files as they are, folders by their article files."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(article_files(path))
        elif path.is_file():
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                readable = " or ".join(ARTICLE_SUFFIXES)
                raise CorpusError(f"{path} is not added: articles are {readable} files")
            found.append(path)
        else:
            raise CorpusError(f"no file or folder at {path}")
    if not found:
        raise CorpusError("no article files (.txt or .md) to add")
    return found


def _update_with(index_dir, source, moves, embedder, say, track) -> Updated:
    """Move files as ``moves`` says (copying those from outside ``source``), then update the
    index from ``source``; on any failure, put the files back and leave the index as it was.
    Changes to one index are made one at a time (see ``index.updating``)."""
    with updating(index_dir):
        return _update_now(index_dir, source, moves, embedder, say, track)


def _update_now(index_dir, source, moves, embedder, say, track) -> Updated:
    from .update import Work, can_update, changes_between, update_index

    try:
        old = load_index(index_dir, Statement.from_dict)
    except BrokenIndex as error:
        raise BrokenIndex(
            f"{error}. Rebuild it first: accordingto index build --seeds {source} "
            f"--index {index_dir}"
        ) from error
    undo = _move_files(moves, source)
    try:
        corpus = read_corpus(source)
        for skipped in corpus.skipped:
            say(f"Skipping {skipped.file}: {skipped.reason}.")
        work = Work([], [])
        if can_update(old.manifest, embedder.passage_encoder):
            index = update_index(old, corpus, source, embedder, track=track, work=work)
        else:
            say(f"Rebuilding the index at {index_dir}: it was built by an older version.")
            spec = old.backend.spec
            index = _build(corpus, source, embedder, lambda _m: None, track, spec)
        save_index(index, index_dir)
    except BaseException:
        undo()
        raise
    return Updated(index, changes_between(old, corpus.articles), work, index_dir, source)


def _move_files(moves: list[tuple[Path, Path]], source: Path) -> Callable[[], None]:
    """Put each file in place (a copy when it comes from outside ``source``, else a move);
    returns what puts every file back as it was."""
    saved: list[tuple[Path, bytes | None]] = []  # each target, and what it held before

    def undo() -> None:
        for target, before in reversed(saved):
            if before is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(before)

    try:
        for origin, target in moves:
            target.parent.mkdir(exist_ok=True)
            saved.append((target, target.read_bytes() if target.is_file() else None))
            inside = _same_folder(origin.parent, source)
            if inside:
                saved.append((origin, origin.read_bytes()))
            staged = target.with_name(f".{target.name}.adding")
            shutil.copyfile(origin, staged)
            os.replace(staged, target)  # a reader never sees half a file
            if inside:
                origin.unlink()
    except BaseException:
        undo()
        raise
    return undo


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False
