"""The index: passages, their vectors in FAISS, a BM25 index, and a manifest, on disk."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import bm25s
import faiss
import numpy as np
import Stemmer

from .corpus import Article, ArticleMeta, Paragraph
from .embedding import MODEL_NAME, MODEL_PACKAGE, WEIGHTS_SHA256, Embedder
from .passages import CHUNKER_VERSION, Passage, build_passages

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


def manifest_for(articles: Sequence[Article]) -> dict:
    """What an index built now from these articles must record to be checked later."""
    return {
        "format": INDEX_FORMAT,
        "model": {"name": MODEL_NAME, "package": MODEL_PACKAGE, "sha256": WEIGHTS_SHA256},
        "chunker_version": CHUNKER_VERSION,
        "articles": {a.file: a.content_hash for a in articles},
    }


def stale_reason(manifest: dict, articles: Sequence[Article]) -> str | None:
    """Why an index no longer matches the articles and model, or None when it does."""
    expected = manifest_for(articles)
    if manifest.get("format") != INDEX_FORMAT:
        return "it was written in an older index format"
    if manifest.get("model", {}).get("sha256") != WEIGHTS_SHA256:
        return "it was built with a different embedding model"
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
    progress: Callable[[str], None] | None = None,
    statements: Sequence = (),
    speakers: Sequence[dict] = (),
    versions: dict[str, str] | None = None,
) -> Index:
    """Cut articles into passages, embed them, and index them densely and lexically.

    ``statements`` and ``speakers`` come from the attribution stage; the index only stores them.
    ``versions`` names the versions of the stages that made them, for the manifest.
    """
    say = progress or (lambda _message: None)
    from .passages import spacy_sentence_splitter

    say("cutting passages")
    passages = build_passages(articles, spacy_sentence_splitter(nlp))
    if not passages:
        raise BrokenIndex("the articles hold no text to index")
    say(f"embedding {len(passages)} passages")
    vectors = passage_vectors(passages, embedder)
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)
    say("building the BM25 index")
    lexical = bm25s.BM25()
    lexical.index(lexical_tokens([p.text for p in passages]), show_progress=False)
    manifest = (
        manifest_for(articles)
        | (versions or {})
        | {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "passages": len(passages),
            "statements": len(statements),
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


def passage_vectors(passages: Sequence[Passage], embedder: Embedder) -> np.ndarray:
    """One vector per passage: the sentence itself averaged with it read after its predecessor.

    A sentence such as "it added" or "Also, 25 systems were destroyed" means little alone; the
    previous sentence of the same article supplies its subject without diluting its own words.
    """
    alone = embedder.encode([p.text for p in passages])
    in_context = embedder.encode(
        [
            f"{passages[i - 1].text} {p.text}" if i and passages[i - 1].file == p.file else p.text
            for i, p in enumerate(passages)
        ]
    )
    blended = alone + in_context
    blended /= np.linalg.norm(blended, axis=1, keepdims=True)
    return np.ascontiguousarray(blended, dtype=np.float32)


_NUMBER = re.compile(r"\d[\d,.]*")


def numbers_in(text: str) -> frozenset[str]:
    """The figures a text states, normalised ("2,300" and "2300" are one)."""
    return frozenset(n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(text))


def find_restatements(passages: Sequence[Passage], vectors: np.ndarray) -> dict[int, list[int]]:
    """For each passage, the passages of other articles that state the same thing."""
    similarity = vectors @ vectors.T
    found: dict[int, list[int]] = {}
    for i, j in zip(*np.nonzero(similarity >= RESTATEMENT_SIMILARITY), strict=True):
        i, j = int(i), int(j)
        if i == j or passages[i].file == passages[j].file:
            continue
        if numbers_in(passages[i].text) != numbers_in(passages[j].text):
            continue
        found.setdefault(i, []).append(j)
    return found


# --- saving and loading ---------------------------------------------------------------


def save_index(index: Index, folder: Path) -> None:
    """Write an index folder, replacing any old one only once the new one is complete."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".index-", dir=folder.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; an index is meant to be shared
    try:
        _write_jsonl(staging / ARTICLES, (_article_record(a) for a in index.articles.values()))
        _write_jsonl(
            staging / PASSAGES,
            (p.to_dict() | {"also": index.restatements.get(p.id, [])} for p in index.passages),
        )
        _write_jsonl(staging / STATEMENTS, (s.to_dict() for s in index.statements))
        (staging / SPEAKERS).write_text(json.dumps(index.speakers, ensure_ascii=False, indent=1))
        faiss.write_index(index.vectors, str(staging / DENSE))
        index.lexical.save(str(staging / LEXICAL), show_progress=False)
        # The manifest goes last: a folder without one is never taken for a whole index.
        (staging / MANIFEST).write_text(json.dumps(index.manifest, indent=2) + "\n")
        _replace_folder(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _replace_folder(new: Path, old: Path) -> None:
    if old.exists():
        retired = Path(tempfile.mkdtemp(prefix=".index-old-", dir=old.parent))
        os.replace(old, retired / old.name)
        os.replace(new, old)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(new, old)


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
