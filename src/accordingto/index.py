"""The index: passages, their vectors in FAISS, a BM25 index, and a manifest, on disk."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import bm25s
import faiss
import numpy as np
import Stemmer

from .corpus import Article, ArticleMeta, Paragraph
from .embedding import MODEL_NAME, MODEL_PACKAGE, PASSAGE_ENCODER, WEIGHTS_SHA256, Embedder
from .passages import CHUNKER_VERSION, Passage, build_passages
from .progress import Track, silent

INDEX_FORMAT = 1
MANIFEST = "manifest.json"
ARTICLES = "articles.jsonl"
PASSAGES = "passages.jsonl"
DENSE = "dense.faiss"
LEXICAL = "bm25"
STATEMENTS = "statements.jsonl"
SPEAKERS = "speakers.json"

# Two passages in different articles are one statement when they say nearly the same thing
# with the same figures; numbers differing means a different (often contested) claim.
RESTATEMENT_SIMILARITY = 0.86
# How many nearest passages are checked for a restatement, and how many rows are searched at
# once: a statement is rarely carried by more outlets than this.
RESTATEMENT_NEIGHBOURS = 16
RESTATEMENT_BLOCK = 2048

_STEMMER = Stemmer.Stemmer("english")


class BrokenIndex(Exception):
    """An index folder is missing, unreadable or does not match its articles."""


@dataclass
class Index:
    """Everything search needs, in memory."""

    manifest: dict
    articles: dict[str, Article]
    passages: list[Passage]
    vectors: faiss.Index
    lexical: bm25s.BM25
    restatements: dict[int, list[int]] = field(default_factory=dict)
    # Records from the attribution stage, kept opaque here: anything with ``to_dict()``.
    statements: list = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)

    def article(self, file: str) -> Article:
        """One article of the index by file name."""
        return self.articles[file]


def lexical_tokens(texts: Sequence[str], as_ids: bool = True):
    """BM25 tokens: lower-cased, English stop words dropped, stemmed."""
    return bm25s.tokenize(
        list(texts), stopwords="en", stemmer=_STEMMER, show_progress=False, return_ids=as_ids
    )


def manifest_for(articles: Sequence[Article], encoder: str = PASSAGE_ENCODER) -> dict:
    """What an index built now from these articles must record to be checked later."""
    return {
        "format": INDEX_FORMAT,
        "model": {"name": MODEL_NAME, "package": MODEL_PACKAGE, "sha256": WEIGHTS_SHA256},
        "encoder": encoder,
        "chunker_version": CHUNKER_VERSION,
        "articles": {a.file: a.content_hash for a in articles},
    }


def stale_reason(
    manifest: dict, articles: Sequence[Article], encoder: str = PASSAGE_ENCODER
) -> str | None:
    """Why an index no longer matches the articles and model, or None when it does."""
    expected = manifest_for(articles, encoder)
    if manifest.get("format") != INDEX_FORMAT:
        return "it was written in an older index format"
    if manifest.get("model", {}).get("sha256") != WEIGHTS_SHA256:
        return "it was built with a different embedding model"
    if manifest.get("encoder") != expected["encoder"]:
        return "its passage vectors were made by another encoder"
    if manifest.get("chunker_version") != CHUNKER_VERSION:
        return "it was built by an older passage chunker"
    indexed, current = manifest.get("articles", {}), expected["articles"]
    added = sorted(set(current) - set(indexed))
    removed = sorted(set(indexed) - set(current))
    changed = sorted(f for f in set(current) & set(indexed) if current[f] != indexed[f])
    parts = []
    if added:
        parts.append(f"{len(added)} new article(s) ({', '.join(added[:3])})")
    if removed:
        parts.append(f"{len(removed)} article(s) removed ({', '.join(removed[:3])})")
    if changed:
        parts.append(f"{len(changed)} article(s) changed ({', '.join(changed[:3])})")
    return "the articles differ from the index: " + "; ".join(parts) if parts else None


# --- building ------------------------------------------------------------------------


def build_index(
    articles: Sequence[Article],
    embedder: Embedder,
    nlp,
    track: Track = silent,
    statements: Sequence = (),
    speakers: Sequence[dict] = (),
    versions: dict[str, str] | None = None,
    source: Path | None = None,
    sentences: dict[tuple[str, int], list[tuple[int, int]]] | None = None,
) -> Index:
    """Cut articles into passages, embed them, and index them densely and lexically.

    ``statements`` and ``speakers`` come from the attribution stage; the index only stores them.
    ``versions`` names the versions of the stages that made them, for the manifest, and
    ``source`` the folder the articles were read from. ``sentences`` are sentence spans the
    attribution stage's parse already found (see ``build_passages``).
    """
    from .passages import spacy_sentence_splitter

    passages = build_passages(articles, spacy_sentence_splitter(nlp, track), sentences)
    if not passages:
        raise BrokenIndex("the articles hold no text to index")
    vectors = passage_vectors(passages, embedder, track)
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)
    lexical = bm25s.BM25()
    lexical.index(lexical_tokens([p.text for p in passages]), show_progress=False)
    manifest = (
        manifest_for(articles, embedder.passage_encoder)
        | (versions or {})
        | {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "passages": len(passages),
            "statements": len(statements),
            "source": {"absolute": str(Path(source).resolve())} if source else None,
        }
    )
    return Index(
        manifest=manifest,
        articles={a.file: a for a in articles},
        passages=passages,
        vectors=dense,
        lexical=lexical,
        restatements=find_restatements(passages, vectors),
        statements=list(statements),
        speakers=list(speakers),
    )


# Passages encoded per call; each call advances the progress bar.
ENCODE_BLOCK = 1024
# How much of the previous sentence's vector a passage takes in (see ``passage_vectors``).
CONTEXT_WEIGHT = 0.3


def passage_vectors(
    passages: Sequence[Passage], embedder: Embedder, track: Track = silent
) -> np.ndarray:
    """One vector per passage: the sentence's own, plus a little of the sentence before it.

    A sentence such as "it added" or "Also, 25 systems were destroyed" means little alone; a
    share of the previous sentence of the same article supplies its subject without diluting
    its own words. Each passage is encoded once.
    """
    texts = [p.text for p in passages]
    blocks = range(0, len(texts), ENCODE_BLOCK)
    alone = np.concatenate(
        [
            embedder.encode_passages(texts[block : block + ENCODE_BLOCK])
            for block in track(blocks, "embedding passages", total=len(blocks))
        ]
    )
    blended = alone.copy()
    same_article = np.array(
        [i > 0 and passages[i - 1].file == p.file for i, p in enumerate(passages)], dtype=bool
    )
    blended[same_article] += CONTEXT_WEIGHT * alone[np.flatnonzero(same_article) - 1]
    blended /= np.linalg.norm(blended, axis=1, keepdims=True)
    return np.ascontiguousarray(blended, dtype=np.float32)


_NUMBER = re.compile(r"\d[\d,.]*")


def numbers_in(text: str) -> frozenset[str]:
    """The figures a text states, normalised ("2,300" and "2300" are one)."""
    return frozenset(n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(text))


def find_restatements(
    passages: Sequence[Passage], vectors: np.ndarray, neighbours: int = RESTATEMENT_NEIGHBOURS
) -> dict[int, list[int]]:
    """For each passage, the passages of other articles that state the same thing.

    Each passage is compared with its nearest ``neighbours`` only (FAISS k-NN in blocks), so
    time grows as N·k and memory stays proportional to the passages, not to N².
    """
    count = len(passages)
    if count < 2:
        return {}
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)
    k = min(neighbours + 1, count)
    found: dict[int, list[int]] = {}
    for block in range(0, count, RESTATEMENT_BLOCK):
        scores, ids = dense.search(vectors[block : block + RESTATEMENT_BLOCK], k)
        for row, (row_scores, row_ids) in enumerate(zip(scores, ids, strict=True)):
            i = block + row
            for score, j in zip(row_scores, row_ids, strict=True):
                j = int(j)
                if j < 0 or score < RESTATEMENT_SIMILARITY or j == i:
                    continue
                if passages[i].file == passages[j].file:
                    continue
                if numbers_in(passages[i].text) != numbers_in(passages[j].text):
                    continue
                found.setdefault(i, []).append(j)
    return {i: sorted(js) for i, js in found.items()}


# --- saving and loading ---------------------------------------------------------------


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
        (p.to_dict() | {"also": index.restatements.get(p.id, [])} for p in index.passages),
    )
    _write_jsonl(staging / STATEMENTS, (s.to_dict() for s in index.statements))
    (staging / SPEAKERS).write_text(json.dumps(index.speakers, ensure_ascii=False, indent=1))
    faiss.write_index(index.vectors, str(staging / DENSE))
    index.lexical.save(str(staging / LEXICAL), show_progress=False)
    manifest = index.manifest | {"source": source_record(index.manifest, folder)}
    index.manifest = manifest
    # The manifest goes last: a folder without one is never taken for a whole index.
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


@contextlib.contextmanager
def _folder_lock(folder: Path):
    lock_path = folder.parent / f".{folder.name}.lock"
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


INDEX_FILES = {MANIFEST, ARTICLES, PASSAGES, DENSE, LEXICAL, STATEMENTS, SPEAKERS}


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


def load_index(folder: Path, statement_from_dict: Callable[[dict], object] | None = None) -> Index:
    """Read an index folder; BrokenIndex says plainly what is wrong with a broken one."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    try:
        articles = {r["file"]: _article_from_record(r) for r in _read_jsonl(folder / ARTICLES)}
        rows = list(_read_jsonl(folder / PASSAGES))
        passages = [Passage(**{k: v for k, v in r.items() if k != "also"}) for r in rows]
        restatements = {r["id"]: r["also"] for r in rows if r.get("also")}
        vectors = faiss.read_index(str(folder / DENSE))
        lexical = bm25s.BM25.load(str(folder / LEXICAL), show_progress=False)
        statement_rows = list(_read_jsonl(folder / STATEMENTS))
        speakers = json.loads((folder / SPEAKERS).read_text(encoding="utf-8"))
    except (OSError, RuntimeError, ValueError, KeyError, TypeError) as error:
        raise BrokenIndex(f"the index at {folder} is unreadable: {error}") from error
    if vectors.ntotal != len(passages) or manifest.get("passages") != len(passages):
        raise BrokenIndex(f"the index at {folder} is inconsistent: its parts disagree in size")
    for passage in passages:
        article = articles.get(passage.file)
        if article is None or article.text[passage.start : passage.end] != passage.text:
            raise BrokenIndex(f"the index at {folder} is inconsistent with its own articles")
    if manifest.get("statements") != len(statement_rows):
        raise BrokenIndex(f"the index at {folder} is inconsistent: statements are missing")
    statements = [statement_from_dict(r) for r in statement_rows] if statement_from_dict else []
    return Index(manifest, articles, passages, vectors, lexical, restatements, statements, speakers)


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
        ),
        paragraphs=tuple(Paragraph(*row) for row in record["paragraphs"]),
        content_hash=record["content_hash"],
    )


def _write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
