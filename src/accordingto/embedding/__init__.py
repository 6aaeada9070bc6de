"""The sentence-embedding model, loaded only from an installed package, never from a hub.

The packaged all-MiniLM-L6-v2 weights are checked against their sha256, then run by ONNX
Runtime: questions through the model as it is (float32, the same vectors as
sentence-transformers gives), passages through a dynamically quantized int8 copy that encodes
about twice as fast at build time. Both ONNX files are exported from the checked weights
once, into the user's cache folder, with sentence-transformers and torch; after that no
question needs torch at all, which keeps a one-off ``accordingto ask`` quick.

``Embedder`` is the one interface, in front of the steps: ``weights`` (where the model is
installed and its files' sha256), ``export`` (the ONNX files and the optimized query model)
and ``encoders`` (ONNX sessions, batching and pooling, and the reference model).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from .encoders import (
    MAX_TOKENS,
    PASSAGE_BATCH_SIZE,
    PASSAGE_ENCODER,
    QUESTION_BATCH_SIZE,
    REFERENCE_BATCH_SIZE,
    REFERENCE_ENCODER,
    _OnnxModel,
    _reference_encode,
)
from .export import (
    CHECKSUMS_FILE,
    ONNX_OPSET,
    OPTIMIZED_DATA,
    PASSAGE_FILE,
    QUERY_FILE,
    checked_onnx_dir,
    ensure_onnx,
    export_onnx,
    onnx_dir,
    optimized_query_model,
)
from .weights import (
    HASHES_FILE,
    MODEL_MODULE,
    MODEL_NAME,
    MODEL_PACKAGE,
    RACY_NS,
    WEIGHTS_FILE,
    WEIGHTS_SHA256,
    ModelError,
    file_sha256,
    load_sentence_transformer,
    model_dir,
    verify_weights,
)


class Embedder:
    """Turns texts into unit-length vectors with the packaged MiniLM model.

    ``encode`` is for questions (float32, sentence-transformers' own vectors);
    ``encode_passages`` is the faster int8 model the index is built with.
    """

    name = MODEL_NAME
    sha256 = WEIGHTS_SHA256
    dimension = 384

    def __init__(self, onnx_folder: Path | None, reference=None, threads: int = 1) -> None:
        self._onnx_folder = onnx_folder
        self._reference = reference  # a SentenceTransformer, when ONNX is not available
        self._threads = threads
        self._query: _OnnxModel | None = None
        self._passage: _OnnxModel | None = None
        self._passage_pid = 0  # the process that made ``_passage``
        self._kept: dict[str, np.ndarray] = {}  # see ``encode_kept``
        self.passage_encoder = REFERENCE_ENCODER if onnx_folder is None else PASSAGE_ENCODER

    @classmethod
    def load(cls, folder: Path | None = None, threads: int = 1) -> Embedder:
        """Check the packaged weights and get the ONNX encoders ready (exporting them once).

        ``threads`` is how many threads encoding a question may use; serving keeps one, so
        that concurrent questions do not fight over the cores.
        """
        folder = folder or model_dir()
        verify_weights(folder)
        try:
            onnx_folder = ensure_onnx(folder)
        except ImportError:
            # Without ONNX Runtime the reference model does both jobs, only more slowly.
            return cls(None, load_sentence_transformer(folder), threads)
        return cls(onnx_folder, None, threads)

    def _tokenizer(self):
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self._onnx_folder / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        return tokenizer

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Unit-length float32 vectors of questions (or any text), one row per text."""
        if self._reference is not None:
            return _reference_encode(self._reference, texts, batch_size or REFERENCE_BATCH_SIZE)
        return self._query_model().encode(list(texts), batch_size or QUESTION_BATCH_SIZE)

    def encode_many(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """``encode`` for many texts at build time (speaker profiles): the same vectors,
        with the batches run on every core at once."""
        if self._reference is not None:
            return _reference_encode(self._reference, texts, batch_size or REFERENCE_BATCH_SIZE)
        query = self._query_model()
        workers = os.cpu_count() or 1
        return next(query.encode_groups([list(texts)], workers, batch_size or QUESTION_BATCH_SIZE))

    def load_query_model(self) -> None:
        """Make the question encoder's session now (about a second), for instance while
        this process waits for others."""
        if self._reference is None:
            self._query_model()

    def _query_model(self) -> _OnnxModel:
        if self._query is None:
            path = optimized_query_model(self._onnx_folder) or self._onnx_folder / QUERY_FILE
            self._query = _OnnxModel(path, self._tokenizer(), self._threads)
        return self._query

    def encode_kept(self, texts: list[str]) -> np.ndarray:
        """``encode`` for a fixed list of texts asked for again and again (the refusal
        probes every build and update measures): their vectors are kept in memory and in a
        file beside the ONNX model, under a key made of the model's hash, the encoder and
        the texts, so that another model or other texts are encoded afresh."""
        texts = list(texts)
        key = hashlib.sha256(
            "\n".join([self.sha256, self.passage_encoder, QUERY_FILE, *texts]).encode("utf-8")
        ).hexdigest()[:32]
        if key not in self._kept:
            path = self._onnx_folder / f"kept-{key}.npy" if self._onnx_folder else None
            vectors = _read_kept(path, (len(texts), self.dimension))
            if vectors is None:
                vectors = self.encode(texts)
                _write_kept(path, vectors)
            self._kept[key] = vectors
        return self._kept[key].copy()

    @property
    def forkable(self) -> bool:
        """Whether a forked process may encode passages with this embedder: the ONNX
        sessions are made afresh in each process; torch, the reference model's, is not
        safe to use after a fork."""
        return self._reference is None

    def encode_passages(
        self, texts: list[str], batch_size: int = PASSAGE_BATCH_SIZE, workers: int | None = None
    ) -> np.ndarray:
        """Unit-length vectors of passages for the index, with ``workers`` threads (default:
        every core). The batches, and so the vectors, are the same for any number."""
        if workers == 1 and self._reference is None:
            return self._passage_model().encode(list(texts), batch_size)
        return next(self.encode_passage_groups([texts], batch_size, workers))

    def encode_passage_groups(
        self,
        groups: Sequence[Sequence[str]],
        batch_size: int = PASSAGE_BATCH_SIZE,
        workers: int | None = None,
    ) -> Iterator[np.ndarray]:
        """``encode_passages`` of each group of texts, in order, the groups' batches
        encoded on every core at once.

        A group's vectors depend on that group alone (see ``index.build.passage_vectors``).
        """
        groups = [list(texts) for texts in groups]
        if self._reference is not None:
            yield from (_reference_encode(self._reference, g, batch_size) for g in groups)
            return
        model = self._passage_model()
        yield from model.encode_groups(groups, workers or os.cpu_count() or 1, batch_size)

    def _passage_model(self) -> _OnnxModel:
        # A forked process makes its own session rather than use one made before the fork.
        if self._passage is None or self._passage_pid != os.getpid():
            self._passage = _OnnxModel(self._onnx_folder / PASSAGE_FILE, self._tokenizer(), 1)
            self._passage_pid = os.getpid()
        return self._passage


def _read_kept(path: Path | None, shape: tuple[int, int]) -> np.ndarray | None:
    """Vectors ``encode_kept`` wrote, if they are there, whole and of the right shape."""
    if path is None or not path.is_file():
        return None
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if vectors.shape != shape or vectors.dtype != np.float32:
        return None
    return vectors


def _write_kept(path: Path | None, vectors: np.ndarray) -> None:
    """Write vectors for ``encode_kept`` whole or not at all; a folder that cannot be
    written only means they are encoded again next time."""
    if path is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kept-", suffix=".npy")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            np.save(file, vectors, allow_pickle=False)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


__all__ = [
    "CHECKSUMS_FILE",
    "HASHES_FILE",
    "MAX_TOKENS",
    "MODEL_MODULE",
    "MODEL_NAME",
    "MODEL_PACKAGE",
    "ONNX_OPSET",
    "OPTIMIZED_DATA",
    "PASSAGE_BATCH_SIZE",
    "PASSAGE_ENCODER",
    "PASSAGE_FILE",
    "QUERY_FILE",
    "QUESTION_BATCH_SIZE",
    "RACY_NS",
    "REFERENCE_BATCH_SIZE",
    "REFERENCE_ENCODER",
    "WEIGHTS_FILE",
    "WEIGHTS_SHA256",
    "Embedder",
    "ModelError",
    "checked_onnx_dir",
    "ensure_onnx",
    "export_onnx",
    "file_sha256",
    "load_sentence_transformer",
    "model_dir",
    "onnx_dir",
    "optimized_query_model",
    "verify_weights",
]
