"""Adding and removing articles: files copied into (or moved out of) the folder an index was
built from, and the index updated from only those, both undone together if either fails."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..attribution import Statement
from ..config import default_index_dir
from ..corpus import (
    ARTICLE_SUFFIXES,
    CorpusError,
    article_files,
    read_article_text,
    read_corpus,
)
from ..embedding import Embedder
from ..index import (
    BrokenIndex,
    Index,
    holds_other_files,
    load_index,
    read_manifest,
    recorded_source,
    save_index,
    updating,
)
from ..progress import Track, bars
from .building import IndexConflict, Say, _build, _same_folder, stderr
from .opening import _writable

if TYPE_CHECKING:
    from ..update import Changes, Work

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
    from ..update import Work, can_update, changes_between, update_index

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
