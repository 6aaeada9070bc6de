"""Opening the index to serve: loaded as it is when up to date, updated or rebuilt from the
folder it was built from when not, served read-only when it records another folder or none,
and built elsewhere (the user's cache, else memory) when its folder cannot be written."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..attribution import ATTRIBUTION_VERSION, Statement
from ..backends import BackendSpec, spec_from_manifest
from ..config import cache_dir, default_index_dir, default_seeds_dir
from ..corpus import Corpus, read_corpus, read_hashes
from ..embedding import Embedder
from ..index import (
    BrokenIndex,
    Index,
    holds_other_files,
    load_index,
    read_manifest,
    recorded_source,
    save_index,
    stale_reason_of,
)
from ..progress import Track, bars
from .building import IndexConflict, Say, _build, _same_folder, stderr


@dataclass(frozen=True)
class Opened:
    """An index ready to serve, where it lives, and what the user must be told about it."""

    index: Index
    folder: Path | None  # None: built in memory only
    read_only: bool
    notes: tuple[str, ...] = ()


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
    from ..update import can_update, update_index

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
