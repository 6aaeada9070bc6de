"""Building an index from a folder of articles and saving it, never over a folder that is
not an index nor (without ``--force``) over an index of another collection; what the other
steps share: how the user is told things, and the conflict they refuse with."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..attribution import ATTRIBUTION_VERSION
from ..backends import BackendSpec
from ..config import default_index_dir, default_seeds_dir
from ..corpus import Corpus, CorpusError, Skipped, read_corpus
from ..embedding import Embedder
from ..index import (
    BrokenIndex,
    Index,
    holds_other_files,
    read_manifest,
    recorded_source,
    save_index,
)
from ..progress import Track, bars

Say = Callable[[str], None]


def stderr(message: str) -> None:
    """Print a message for the user on standard error."""
    print(message, file=sys.stderr, flush=True)


class IndexConflict(BrokenIndex):
    """An index would be replaced with the articles of a folder it was not built from."""


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
    from ..attribution import load_nlp
    from ..attribution.collection import attribute_collection
    from ..index import assemble_index, attribute_and_embed
    from ..update import collection_vocabulary

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
        attributions=attributions,
        skipped=corpus.skipped,
    )
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
