"""The index: passages, their vectors and BM25 index in a passage back-end (FAISS + bm25s, or
Qdrant), statements and speakers, and a manifest, in memory (``records``), built (``build``)
and on disk (``disk``)."""

from importlib import import_module

from .disk import (
    ARTICLES,
    ATTRIBUTIONS,
    DENSE,
    INDEX_FILES,
    LEXICAL,
    MANIFEST,
    PASSAGES,
    SPEAKERS,
    STATEMENTS,
    holds_other_files,
    load_index,
    read_manifest,
    recorded_source,
    remove_stale_staging,
    save_index,
    source_record,
    updating,
)
from .records import (
    INDEX_FORMAT,
    BrokenIndex,
    Index,
    Lookup,
    lexical_tokens,
    lexical_words,
    manifest_for,
    stale_reason,
    stale_reason_of,
)

# Building is loaded on first use: answering from an index on disk never needs it.
_BUILD = {
    "RESTATEMENT_SIMILARITY",
    "EarlierCopies",
    "assemble_index",
    "attribute_and_embed",
    "find_near_copies",
    "find_restatements",
    "numbers_in",
    "passage_vectors",
    "speaker_profile",
}


def __getattr__(name: str) -> object:
    """The names of ``build``, imported when first asked for."""
    if name in _BUILD:
        value = getattr(import_module(".build", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ARTICLES",
    "ATTRIBUTIONS",
    "DENSE",
    "INDEX_FILES",
    "INDEX_FORMAT",
    "LEXICAL",
    "MANIFEST",
    "PASSAGES",
    "RESTATEMENT_SIMILARITY",
    "SPEAKERS",
    "STATEMENTS",
    "BrokenIndex",
    "EarlierCopies",
    "Index",
    "Lookup",
    "assemble_index",
    "attribute_and_embed",
    "find_near_copies",
    "find_restatements",
    "holds_other_files",
    "lexical_tokens",
    "lexical_words",
    "load_index",
    "manifest_for",
    "numbers_in",
    "passage_vectors",
    "read_manifest",
    "recorded_source",
    "remove_stale_staging",
    "save_index",
    "source_record",
    "speaker_profile",
    "stale_reason",
    "stale_reason_of",
    "updating",
]
