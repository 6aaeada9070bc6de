"""Building an index: passages embedded once each, their dense and BM25 indexes in a passage
back-end, and restatements found among nearest neighbours."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np

from ..attribution.collection import ArticleAttribution
from ..attribution.parallel import attribute_each
from ..backends import BackendSpec, EmbeddedSpec, PassageBackend, new_dense_index
from ..corpus import Article, Skipped
from ..embedding import Embedder
from ..passages import Passage, build_passages
from ..progress import Track, silent
from ..refusal import measure_threshold
from ..vocabulary import Vocabulary
from .lexical_import import bm25s
from .records import BrokenIndex, Index, context_units, lexical_tokens, manifest_for

# Two passages in different articles are one statement when they say nearly the same thing
# with the same figures; numbers differing means a different (often contested) claim.
RESTATEMENT_SIMILARITY = 0.86
# How many nearest passages are checked for a restatement, and how many rows are searched at
# once: a statement is rarely carried by more outlets than this.
RESTATEMENT_NEIGHBOURS = 16
RESTATEMENT_BLOCK = 2048
# Two passages of one article closer than this are copies of each other (repeated captions).
DUPLICATE_SIMILARITY = 0.85


@dataclass
class ArticlesDone:
    """The per-article part of a build: attributions, passages (numbered in order) and
    their vectors."""

    attributions: list[ArticleAttribution]
    passages: list[Passage]
    vectors: np.ndarray


def attribute_and_embed(
    articles: Sequence[Article],
    embedder: Embedder,
    nlp,
    track: Track = silent,
    processes: int | None = None,
) -> ArticlesDone:
    """Every article parsed, attributed, cut into passages and embedded, on every core.

    The same as ``attribute_articles``, then ``build_passages`` with the sentences found,
    then ``passage_vectors``; but each forked process does all four for whole articles (see
    ``attribution.parallel``), so parsing, attributing and encoding share the cores instead
    of following one another. ``processes`` is as ``attribute_each`` takes it.
    """
    attributions: list[ArticleAttribution] = []
    passages: list[Passage] = []
    alone: list[np.ndarray] = []
    extra = _cut_and_embed(nlp, embedder)
    steps = attribute_each(articles, nlp, track, extra, processes, "parsing and embedding")
    warming: threading.Thread | None = None
    for done in steps:
        if warming is None:
            # The processes are forked by now (no thread may run at a fork): while this
            # process waits for them, it makes the question encoder the speakers need.
            warming = threading.Thread(target=embedder.load_query_model, daemon=True)
            warming.start()
        cut, vectors = done.extra
        if vectors is None:  # not encoded where it was parsed (see ``_cut_and_embed``)
            vectors = embedder.encode_passages([p.text for p in cut])
        attributions.append(done.attribution)
        first = len(passages)
        passages.extend(replace(p, id=first + i) for i, p in enumerate(cut))
        alone.append(vectors)
    if warming is not None:
        warming.join()
    if not passages:
        return ArticlesDone(attributions, [], np.zeros((0, embedder.dimension), np.float32))
    return ArticlesDone(attributions, passages, with_context(passages, np.concatenate(alone)))


def _cut_and_embed(nlp, embedder: Embedder):
    """What each article's parse is followed by in a build: its passages and their
    vectors, each alone (``None`` when a forked process cannot encode them)."""
    from ..passages import spacy_sentence_splitter

    def cut_and_embed(article: Article, attribution: ArticleAttribution, forked: bool):
        sentences = {(article.file, s): spans for s, spans in attribution.sentences.items()}
        passages = build_passages([article], spacy_sentence_splitter(nlp), sentences)
        texts = [p.text for p in passages]
        if not texts:
            return passages, np.zeros((0, embedder.dimension), dtype=np.float32)
        if forked and not embedder.forkable:
            return passages, None
        # A forked process encodes on its own core: the other processes have the others.
        return passages, embedder.encode_passages(texts, workers=1 if forked else None)

    return cut_and_embed


def assemble_index(
    articles: Sequence[Article],
    passages: Sequence[Passage],
    vectors: np.ndarray,
    embedder: Embedder,
    statements: Sequence = (),
    speakers: Sequence[dict] = (),
    versions: dict[str, str] | None = None,
    source: Path | None = None,
    vocabulary: Vocabulary | None = None,
    known_speakers: dict[str, np.ndarray] | None = None,
    earlier_copies: EarlierCopies | None = None,
    backend: BackendSpec | None = None,
    attributions: Sequence[ArticleAttribution] = (),
    skipped: Sequence[Skipped] = (),
) -> Index:
    """An index from passages already cut and embedded: the corpus-wide parts (the passage
    back-end's dense and BM25 indexes, restatements, speaker vectors, manifest) are made
    here, and none of them parses text.

    ``passages`` must be numbered in order; ``known_speakers`` maps a speaker profile (see
    ``speaker_profile``) to a vector made before, so that only new speakers are embedded;
    ``earlier_copies`` what an index being updated knew of near-copies (see
    ``find_near_copies``); ``attributions`` each article's, kept so that a later update
    parses only the articles that change (see ``update``); ``skipped`` the files the
    collection could not read, recorded in the manifest.
    """
    if not passages:
        raise BrokenIndex("the articles hold no text to index")
    speakers = list(speakers)
    # The speakers' vectors are encoded (by ONNX, which lets go of the GIL) while this thread
    # builds the BM25 indexes and finds near-copies.
    with ThreadPoolExecutor(max_workers=1) as background:
        speaking = background.submit(speaker_vectors, speakers, embedder, known_speakers or {})
        index = _assembled(
            articles, passages, vectors, embedder, statements, speakers, versions, source,
            vocabulary, earlier_copies, backend,
        )  # fmt: skip
        index.speaker_vectors = speaking.result()
    index.attributions = {a.file: a.to_dict() for a in attributions}
    index.manifest["skipped"] = [{"file": s.file, "reason": s.reason} for s in skipped]
    return index


def _assembled(
    articles, passages, vectors, embedder, statements, speakers, versions, source, vocabulary,
    earlier_copies, backend,
) -> Index:  # fmt: skip
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    passage_index = passage_backend(passages, vectors, backend or EmbeddedSpec())
    paragraph_lexical, article_lexical = context_indexes(articles, passages)
    manifest = (
        manifest_for(articles, embedder.passage_encoder)
        | (versions or {})
        | {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "passages": len(passages),
            "statements": len(statements),
            "source": {"absolute": str(Path(source).resolve())} if source else None,
            "backend": passage_index.describe(),
        }
    )
    manifest["refusal"] = measure_threshold(passage_index, embedder)
    # The embedded back-end's FAISS index is searched again rather than made twice.
    restatements, duplicates = find_near_copies(
        passages, vectors, earlier=earlier_copies, searchable=getattr(passage_index, "dense", None)
    )
    return Index(
        manifest=manifest,
        articles={a.file: a for a in articles},
        passages=list(passages),
        backend=passage_index,
        restatements=restatements,
        statements=list(statements),
        speakers=speakers,
        duplicates=duplicates,
        vocabulary=vocabulary or Vocabulary(),
        speaker_vectors=np.zeros((0, embedder.dimension), dtype=np.float32),  # filled in after
        paragraph_lexical=paragraph_lexical,
        article_lexical=article_lexical,
    )


def context_indexes(
    articles: Sequence[Article], passages: Sequence[Passage]
) -> tuple[bm25s.BM25, bm25s.BM25]:
    """BM25 indexes of the passages' whole paragraphs and whole articles, numbered as
    ``context_units`` numbers them."""
    units = context_units(passages)
    texts = {a.file: a.text for a in articles}
    paragraphs = bm25s.BM25()
    paragraphs.index(
        lexical_tokens([texts[f][s:e] for f, s, e in units.paragraphs]), show_progress=False
    )
    whole = bm25s.BM25()
    whole.index(lexical_tokens([texts[f] for f in units.articles]), show_progress=False)
    return paragraphs, whole


def passage_backend(
    passages: Sequence[Passage], vectors: np.ndarray, spec: BackendSpec
) -> PassageBackend:
    """The passages' dense and BM25 indexes, in the back-end ``spec`` names; the BM25 tokens
    are ours (``lexical_tokens``) whichever back-end weighs them."""
    tokens = lexical_tokens([p.text for p in passages], as_ids=False)
    return spec.build(passages, vectors, tokens)


def speaker_vectors(
    speakers: Sequence[dict], embedder: Embedder, known: dict[str, np.ndarray]
) -> np.ndarray:
    """One vector per speaker entry, embedding only the profiles ``known`` lacks."""
    if not speakers:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    profiles = [speaker_profile(e) for e in speakers]
    missing = sorted({p for p in profiles if p not in known})
    fresh = dict(zip(missing, embedder.encode_many(missing), strict=True)) if missing else {}
    return np.stack([known[p] if p in known else fresh[p] for p in profiles]).astype(np.float32)


# How much of the previous sentence's vector a passage takes in (see ``passage_vectors``).
CONTEXT_WEIGHT = 0.3


def passage_vectors(
    passages: Sequence[Passage], embedder: Embedder, track: Track = silent
) -> np.ndarray:
    """One vector per passage: the sentence's own, plus a little of the sentence before it.

    A sentence such as "it added" or "Also, 25 systems were destroyed" means little alone; a
    share of the previous sentence of the same article supplies its subject without diluting
    its own words. Each passage is encoded once.

    Each article's passages are encoded in batches of their own: the int8 passage model
    quantises a whole batch at once, so a vector depends on the texts batched with it (by a
    cosine of up to ~0.015). Batching by article makes a passage's vector depend on its
    article alone, so an index updated article by article equals one built in full.
    """
    texts = [p.text for p in passages]
    by_file = itertools.groupby(range(len(passages)), lambda i: passages[i].file)
    runs = [list(group) for _, group in by_file]
    alone = np.zeros((len(passages), embedder.dimension), dtype=np.float32)
    encoded = embedder.encode_passage_groups([texts[run[0] : run[-1] + 1] for run in runs])
    progress = track(encoded, "embedding passages", total=len(runs))
    for run, vectors in zip(runs, progress, strict=True):
        alone[run[0] : run[-1] + 1] = vectors
    return with_context(passages, alone)


def with_context(passages: Sequence[Passage], alone: np.ndarray) -> np.ndarray:
    """Passage vectors from the vectors of each passage alone (each article's encoded as
    one group, see ``passage_vectors``): a share of the previous sentence's added."""
    blended = np.array(alone, dtype=np.float32)
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
    """For each passage, the passages of other articles that state the same thing."""
    return find_near_copies(passages, vectors, neighbours)[0]


@dataclass(frozen=True)
class EarlierCopies:
    """What an index being updated already knew of near-copies, so that only the passages a
    change can touch are searched again (see ``find_near_copies``).

    ``carried`` maps the new id of each passage carried over unchanged (same article, text
    and vector) to its id in the old index; ``restatements`` and ``duplicates`` are the old
    index's, by old ids; ``dropped`` holds the vectors of the old passages not carried over;
    ``count`` is how many passages the old index held.
    """

    carried: dict[int, int]
    restatements: dict[int, list[int]]
    duplicates: dict[int, list[int]]
    dropped: np.ndarray
    count: int


# Scores are compared with the threshold this much lower when deciding which carried-over
# passages to search again: more than rounding between two ways of multiplying, so none that
# the full search would find is missed (searching one too many changes nothing).
_AFFECTED_SLACK = 1e-3


def find_near_copies(
    passages: Sequence[Passage],
    vectors: np.ndarray,
    neighbours: int = RESTATEMENT_NEIGHBOURS,
    earlier: EarlierCopies | None = None,
    searchable: faiss.Index | None = None,
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Restatements (the same statement in another article) and duplicates (a near-copy in
    the same article, such as a repeated photo caption), each passage -> the others.

    Both must give the same figures. Each passage is compared with its nearest
    ``neighbours`` only (FAISS k-NN in blocks), so time grows as N·k and memory stays
    proportional to the passages, not to N².

    With ``earlier`` (an update), the result is the same, but a carried-over passage is
    searched again only when a passage added or dropped is within the threshold of it: one
    further than the threshold can neither be found nor push out one that is (its score is
    lower than theirs), so the passage's old findings stand, renumbered.

    ``searchable`` is an index of ``vectors`` already made (see :func:`..backends.new_dense_index`);
    a large collection's is approximate, and near-copies, being closest, are what it finds
    most surely.
    """
    count = len(passages)
    restated: dict[int, list[int]] = {}
    duplicated: dict[int, list[int]] = {}
    if count < 2:
        return restated, duplicated
    dense = searchable if searchable is not None else new_dense_index(vectors)
    k = min(neighbours + 1, count)
    rows = range(count)
    if earlier is not None and min(count, earlier.count) >= neighbours + 1:
        rows = _rows_to_search(vectors, earlier, restated, duplicated)
    for block in range(0, len(rows), RESTATEMENT_BLOCK):
        chosen = rows[block : block + RESTATEMENT_BLOCK]
        if isinstance(chosen, range):
            queries = vectors[chosen.start : chosen.stop]
        else:
            queries = np.ascontiguousarray(vectors[chosen])
        scores, ids = dense.search(queries, k)
        for i, row_scores, row_ids in zip(chosen, scores, ids, strict=True):
            for score, j in zip(row_scores, row_ids, strict=True):
                j = int(j)
                if j < 0 or j == i or score < RESTATEMENT_SIMILARITY:
                    continue
                same_file = passages[i].file == passages[j].file
                if same_file and score < DUPLICATE_SIMILARITY:
                    continue
                if numbers_in(passages[i].text) != numbers_in(passages[j].text):
                    continue
                (duplicated if same_file else restated).setdefault(i, []).append(j)
    return (
        {i: sorted(restated[i]) for i in sorted(restated)},
        {i: sorted(duplicated[i]) for i in sorted(duplicated)},
    )


def _rows_to_search(
    vectors: np.ndarray,
    earlier: EarlierCopies,
    restated: dict[int, list[int]],
    duplicated: dict[int, list[int]],
) -> list[int]:
    """The passages whose near-copies must be searched for again; the others' old findings
    are copied (renumbered) into ``restated`` and ``duplicated``."""
    count = len(vectors)
    carried = np.array(sorted(earlier.carried), dtype=np.int64)
    search = np.ones(count, dtype=bool)
    search[carried] = False
    dropped = np.asarray(earlier.dropped, dtype=np.float32).reshape(-1, vectors.shape[1])
    changed = np.concatenate([vectors[search], dropped])
    threshold = min(RESTATEMENT_SIMILARITY, DUPLICATE_SIMILARITY) - _AFFECTED_SLACK
    carried_vectors = vectors[carried]
    for block in range(0, len(changed), RESTATEMENT_BLOCK):
        near = (changed[block : block + RESTATEMENT_BLOCK] @ carried_vectors.T) >= threshold
        search[carried[near.any(axis=0)]] = True
    new_id = {old: new for new, old in earlier.carried.items()}
    for i in carried[~search[carried]].tolist():
        old = earlier.carried[i]
        found = []
        for mapping, target in ((earlier.restatements, restated), (earlier.duplicates, duplicated)):
            ids = [new_id.get(j) for j in mapping.get(old, ())]
            found.append((ids, target))
        if any(j is None for ids, _ in found for j in ids):
            search[i] = True  # a near-copy is gone after all: look again
            continue
        for ids, target in found:
            if ids:
                target[i] = ids
    return np.flatnonzero(search).tolist()


def speaker_profile(entry: dict) -> str:
    """The text a speaker is recognised by: name, roles and other spellings."""
    parts = [entry["speaker"], *entry.get("roles", ())]
    aliases = [a for a in entry.get("aliases", ()) if a not in parts]
    text = ", ".join(parts)
    return f"{text} (also: {', '.join(aliases)})" if aliases else text
