"""An index on disk: written whole through a staging folder, read back and checked, with the
folder its articles came from."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np

from ..corpus import Article, ArticleMeta, Paragraph
from ..passages import Passage
from ..vocabulary import Vocabulary
from .lexical_import import bm25s
from .records import BrokenIndex, Index

MANIFEST = "manifest.json"
ARTICLES = "articles.jsonl"
PASSAGES = "passages.jsonl"
DENSE = "dense.faiss"
LEXICAL = "bm25"
PARAGRAPH_LEXICAL = "bm25-paragraphs"
ARTICLE_LEXICAL = "bm25-articles"
STATEMENTS = "statements.jsonl"
SPEAKERS = "speakers.json"
SPEAKER_VECTORS = "speakers.npy"
PASSAGE_FIELDS = [f.name for f in dataclasses.fields(Passage)]
VOCABULARY = "vocabulary.json"
# Optional: an index written before it existed is still read, but updated by a full build.
ATTRIBUTIONS = "attributions.jsonl"


STAGING_PREFIX = ".index-"
# A staging folder whose build process is gone, or that is older than this, is debris.
STALE_STAGING_SECONDS = 24 * 3600


def save_index(index: Index, folder: Path) -> None:
    """Write an index folder, replacing any old one only once the new one is complete.

    The new index is written to a staging folder beside the old one and swapped in; a build
    killed half-way leaves the old index whole, and its staging folder is removed by the
    next save. Two saves of one folder at once are serialised by a lock file.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _folder_lock(folder):
        remove_stale_staging(folder.parent)
        staging = Path(
            tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=folder.parent)
        )
        staging.chmod(0o755)  # mkdtemp makes it private; an index is meant to be shared
        try:
            _write_index_files(index, staging, folder)
            _replace_folder(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _write_index_files(index: Index, staging: Path, folder: Path) -> None:
    _write_jsonl(staging / ARTICLES, (_article_record(a) for a in index.articles.values()))
    _write_jsonl(
        staging / PASSAGES,
        (
            p.to_dict()
            | {"also": index.restatements.get(p.id, []), "same": index.duplicates.get(p.id, [])}
            for p in index.passages
        ),
    )
    _write_jsonl(staging / STATEMENTS, (s.to_dict() for s in index.statements))
    (staging / SPEAKERS).write_text(json.dumps(index.speakers, ensure_ascii=False, indent=1))
    if index.speaker_vectors is not None:
        np.save(staging / SPEAKER_VECTORS, index.speaker_vectors, allow_pickle=False)
    (staging / VOCABULARY).write_text(json.dumps(index.vocabulary.to_dict(), ensure_ascii=False))
    _write_jsonl(staging / ATTRIBUTIONS, index.attributions.values())
    faiss.write_index(index.vectors, str(staging / DENSE))
    index.lexical.save(str(staging / LEXICAL), show_progress=False)
    if index.paragraph_lexical is not None and index.article_lexical is not None:
        index.paragraph_lexical.save(str(staging / PARAGRAPH_LEXICAL), show_progress=False)
        index.article_lexical.save(str(staging / ARTICLE_LEXICAL), show_progress=False)
    manifest = index.manifest | {"source": source_record(index.manifest, folder)}
    index.manifest = manifest
    # The manifest goes last: a folder without one is never taken for a whole index.
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def _folder_lock(folder: Path):
    return _locked(folder.parent / f".{folder.name}.lock")


def updating(folder: Path):
    """Hold while an index is read, changed and written back (``accordingto add`` and
    ``remove``, the web app's Add panel): two changes at once are made one after the other,
    so neither writes back an index that lacks the other's articles. A lock file of its own:
    ``save_index`` takes the folder's write lock inside it."""
    folder = Path(folder)
    return _locked(folder.parent / f".{folder.name}.update.lock")


@contextlib.contextmanager
def _locked(lock_path: Path):
    """An exclusive lock on a file, held for the ``with`` block (between processes and
    threads alike: each holder opens the file anew)."""
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_staging(parent: Path) -> list[Path]:
    """Delete the staging folders that builds killed mid-way left in ``parent``.

    A staging folder names the process that made it; it is debris once that process is gone
    (or, for folders that name none, once it is a day old). Returns what was removed.
    """
    removed = []
    for path in Path(parent).glob(f"{STAGING_PREFIX}*"):
        if not path.is_dir():
            continue
        match = re.match(rf"{re.escape(STAGING_PREFIX)}(?:old-)?(\d+)-", path.name)
        if match:
            debris = not _process_alive(int(match.group(1)))
        else:
            debris = time.time() - path.stat().st_mtime > STALE_STAGING_SECONDS
        if debris:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def _replace_folder(new: Path, old: Path) -> None:
    if old.exists():
        retired = Path(
            tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}old-{os.getpid()}-", dir=old.parent)
        )
        os.replace(old, retired / old.name)
        os.replace(new, old)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(new, old)


# --- where an index's articles came from ------------------------------------------------


def source_record(manifest: dict, folder: Path) -> dict | None:
    """The manifest's ``source``: the articles folder, relative to the index and absolute.

    The relative path lets a project move (or be cloned) with its index and articles
    together; the absolute one finds the articles when only the index moved.
    """
    absolute = (manifest.get("source") or {}).get("absolute")
    if not absolute:
        return None
    try:
        relative = os.path.relpath(absolute, Path(folder).resolve())
    except ValueError:  # another drive on Windows
        relative = None
    return {"absolute": absolute, "relative": relative}


def recorded_source(manifest: dict, folder: Path) -> Path | None:
    """The articles folder an index was built from, resolved; None if it records none."""
    source = manifest.get("source")
    if not isinstance(source, dict):
        return None
    relative, absolute = source.get("relative"), source.get("absolute")
    if relative:
        candidate = (Path(folder) / relative).resolve()
        if candidate.is_dir() or not absolute:
            return candidate
    return Path(absolute).resolve() if absolute else None


INDEX_FILES = {
    MANIFEST, ARTICLES, PASSAGES, DENSE, LEXICAL, STATEMENTS, SPEAKERS, SPEAKER_VECTORS,
    VOCABULARY, ATTRIBUTIONS, PARAGRAPH_LEXICAL, ARTICLE_LEXICAL,
}  # fmt: skip


def holds_other_files(folder: Path) -> bool:
    """Whether a folder holds anything an index build did not write (so must not replace it)."""
    folder = Path(folder)
    if not folder.exists():
        return False
    if not folder.is_dir():
        return True
    return any(entry.name not in INDEX_FILES for entry in folder.iterdir())


def read_manifest(folder: Path) -> dict:
    """The manifest of an index folder; BrokenIndex if it is missing or unreadable."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BrokenIndex(f"there is no index at {folder}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BrokenIndex(f"the index manifest at {path} is unreadable: {error}") from error
    if not isinstance(manifest, dict):
        raise BrokenIndex(f"the index manifest at {path} is not a JSON object")
    return manifest


def _load_bm25(path: Path) -> bm25s.BM25:
    return bm25s.BM25.load(str(path), show_progress=False)


def load_index(folder: Path, statement_from_dict: Callable[[dict], object] | None = None) -> Index:
    """Read an index folder; BrokenIndex says plainly what is wrong with a broken one."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    try:
        articles = {r["file"]: _article_from_record(r) for r in _read_jsonl(folder / ARTICLES)}
        rows = list(_read_jsonl(folder / PASSAGES))
        passages = [Passage(**{k: r[k] for k in PASSAGE_FIELDS}) for r in rows]
        restatements = {r["id"]: r["also"] for r in rows if r.get("also")}
        duplicates = {r["id"]: r["same"] for r in rows if r.get("same")}
        vectors = faiss.read_index(str(folder / DENSE))
        lexical = bm25s.BM25.load(str(folder / LEXICAL), show_progress=False)
        # An index of format 2 has no context indexes; served as it is, it is searched without.
        paragraph_lexical, article_lexical = (
            (_load_bm25(folder / PARAGRAPH_LEXICAL), _load_bm25(folder / ARTICLE_LEXICAL))
            if (folder / PARAGRAPH_LEXICAL).is_dir() or manifest.get("format", 0) >= 3
            else (None, None)
        )
        statement_rows = list(_read_jsonl(folder / STATEMENTS))
        speakers = json.loads((folder / SPEAKERS).read_text(encoding="utf-8"))
        speaker_vectors = np.load(folder / SPEAKER_VECTORS, allow_pickle=False)
        vocabulary = Vocabulary.from_dict(
            json.loads((folder / VOCABULARY).read_text(encoding="utf-8"))
        )
        attributions = (
            {r["file"]: r for r in _read_jsonl(folder / ATTRIBUTIONS)}
            if (folder / ATTRIBUTIONS).is_file()
            else {}
        )
    except (OSError, RuntimeError, ValueError, KeyError, TypeError) as error:
        raise BrokenIndex(f"the index at {folder} is unreadable: {error}") from error
    if vectors.ntotal != len(passages) or manifest.get("passages") != len(passages):
        raise BrokenIndex(f"the index at {folder} is inconsistent: its parts disagree in size")
    if len(speaker_vectors) != len(speakers):
        raise BrokenIndex(f"the index at {folder} is inconsistent: speaker vectors are missing")
    for passage in passages:
        article = articles.get(passage.file)
        if article is None or article.text[passage.start : passage.end] != passage.text:
            raise BrokenIndex(f"the index at {folder} is inconsistent with its own articles")
    if manifest.get("statements") != len(statement_rows):
        raise BrokenIndex(f"the index at {folder} is inconsistent: statements are missing")
    statements = [statement_from_dict(r) for r in statement_rows] if statement_from_dict else []
    return Index(
        manifest,
        articles,
        passages,
        vectors,
        lexical,
        restatements,
        statements,
        speakers,
        duplicates,
        vocabulary,
        speaker_vectors,
        attributions,
        paragraph_lexical,
        article_lexical,
    )


def _article_record(article: Article) -> dict:
    return {
        "file": article.file,
        "content_hash": article.content_hash,
        "meta": article.meta.to_dict(),
        "paragraphs": [[p.start, p.end, p.kind, p.duplicate_of] for p in article.paragraphs],
        "text": article.text,
    }


def _article_from_record(record: dict) -> Article:
    meta = record["meta"]
    return Article(
        file=record["file"],
        text=record["text"],
        meta=ArticleMeta(
            outlet=meta["outlet"],
            title=meta["title"],
            date=meta["date"],
            url=meta["url"],
            inferred=tuple(meta["inferred"]),
            # Indexes built before web pages and front matter were read lack these two.
            author=meta.get("author"),
            format=meta.get("format") or ArticleMeta.format,
        ),
        paragraphs=tuple(Paragraph(*row) for row in record["paragraphs"]),
        content_hash=record["content_hash"],
    )


# ``json.dumps(row, ensure_ascii=False)``, without making an encoder for every row.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(_ENCODE(row) + "\n" for row in rows)


def _read_jsonl(path: Path):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
