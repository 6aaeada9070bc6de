"""Passage back-ends: one interface (``PassageBackend``) over two stores of the passages'
dense vectors and lexical (BM25) index.

- ``embedded`` (default): FAISS and bm25s, files in the index folder.
- ``qdrant``: one Qdrant collection (dense + sparse vectors), at a URL or in local mode.

The manifest's ``backend`` record says which one an index uses and where; everything else of
an index stays in its folder whatever the back-end.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .base import BackendSpec, BackendUnavailable, PassageBackend, PassageRow
from .embedded import EmbeddedBackend, EmbeddedSpec, new_dense_index, new_lexical_index

BACKENDS = ("embedded", "qdrant")


def spec_from_manifest(manifest: dict | None) -> BackendSpec:
    """How the index a manifest describes builds its passage back-end (embedded if it does
    not say: indexes written before there was a choice)."""
    record = (manifest or {}).get("backend") or {}
    if record.get("kind") == "qdrant":
        from .qdrant import QdrantSpec

        return QdrantSpec.from_record(record)
    return EmbeddedSpec()


def spec_for(
    kind: str,
    index_dir: Path,
    url: str | None = None,
    path: Path | None = None,
    collection: str | None = None,
) -> BackendSpec:
    """The back-end ``index build`` options name. Qdrant is reached at ``url`` (else
    ``$ACCORDINGTO_QDRANT_URL``), or kept in local mode at ``path``, which must lie outside
    the index folder (that folder is replaced whole by every save)."""
    if kind == "embedded":
        if url or path or collection:
            raise ValueError(
                "--qdrant-url, --qdrant-path and --qdrant-collection need --backend qdrant"
            )
        return EmbeddedSpec()
    if kind != "qdrant":
        raise ValueError(f"unknown passage back-end {kind!r}; choose one of {', '.join(BACKENDS)}")
    import os

    from .qdrant import URL_VARIABLE, QdrantSpec, default_collection

    if url and path:
        raise ValueError("name either --qdrant-url or --qdrant-path, not both")
    url = url or (None if path else os.environ.get(URL_VARIABLE))
    if not url and not path:
        raise ValueError(
            f"--backend qdrant needs --qdrant-url URL (or ${URL_VARIABLE}) or --qdrant-path DIR"
        )
    if path:
        path = Path(path).resolve()
        folder = Path(index_dir).resolve()
        if path == folder or folder in path.parents:
            raise ValueError(f"--qdrant-path must lie outside the index folder {index_dir}")
    return QdrantSpec(
        url=url,
        path=str(path) if path else None,
        collection=collection or default_collection(index_dir),
    )


def open_backend(folder: Path, manifest: dict, rows: Sequence[PassageRow]) -> PassageBackend:
    """The passage back-end of an index folder, reopened as its manifest says."""
    record = manifest.get("backend") or {}
    kind = record.get("kind", "embedded")
    if kind == "embedded":
        return EmbeddedBackend.open(folder, rows)
    if kind == "qdrant":
        from .qdrant import QdrantBackend

        return QdrantBackend.open(record)
    raise ValueError(f"unknown passage back-end {kind!r}")


__all__ = [
    "BACKENDS",
    "BackendSpec",
    "BackendUnavailable",
    "EmbeddedBackend",
    "EmbeddedSpec",
    "PassageBackend",
    "PassageRow",
    "new_dense_index",
    "new_lexical_index",
    "open_backend",
    "spec_for",
    "spec_from_manifest",
]
