"""Texts to vectors: an ONNX session with MiniLM's tokenizer, batches of similar length,
mean pooling and normalisation, and the reference model (sentence-transformers) that stands
in when ONNX Runtime is missing."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

# Names the way passage vectors are made: an index built another way is stale.
PASSAGE_ENCODER = "onnx-int8-matmul-per-channel/1"
REFERENCE_ENCODER = "sentence-transformers-fp32/1"
MAX_TOKENS = 256  # the model's own max_seq_length
# The full-precision ONNX question model gives a text the same vector in any batch (bit for
# bit), and texts of mixed length pad less in small batches: 186 speaker profiles took 0.75 s
# in batches of 8 against 0.95 s in batches of 32.
QUESTION_BATCH_SIZE = 8
# The int8 passage model quantizes each batch's activations on one scale, so its vectors
# depend on the batch: another size would change every index (see ``PASSAGE_ENCODER``).
PASSAGE_BATCH_SIZE = 32
# sentence-transformers (the stand-in without ONNX Runtime) differs in the last bits from
# one batch size to another; its vectors are kept as they were made.
REFERENCE_BATCH_SIZE = 32


class _OnnxModel:
    """One ONNX session with MiniLM's tokenizer, mean pooling and normalisation."""

    def __init__(self, path: Path, tokenizer, threads: int) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer
        self.path = path

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Unit-length vectors of ``texts``, one row per text, in their order."""
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for chosen in _batches(texts, batch_size):
            vectors[chosen] = self._pooled([texts[i] for i in chosen])
        return _unit(vectors)

    def encode_groups(
        self, groups: list[list[str]], workers: int, batch_size: int
    ) -> Iterator[np.ndarray]:
        """``encode`` of each group, in order, with ``workers`` threads running batches side
        by side.

        The batches are those ``encode`` makes of each group, so every vector is the one
        ``encode`` gives; only which thread runs a batch differs. The session runs each
        batch on the thread that asks (one intra-op thread), so batches in parallel share
        no thread pool: with two ONNX threads per batch instead, the small matrix products
        of short sentences spent much of their time waiting for each other.
        """
        with ThreadPoolExecutor(max_workers=workers) as pool:
            jobs = []
            for texts in groups:
                batches = _batches(texts, batch_size)
                pending = [pool.submit(self._pooled, [texts[i] for i in b]) for b in batches]
                jobs.append((len(texts), batches, pending))
            for count, batches, pending in jobs:
                vectors = np.zeros((count, 384), dtype=np.float32)
                for chosen, job in zip(batches, pending, strict=True):
                    vectors[chosen] = job.result()
                yield _unit(vectors)

    def _pooled(self, texts: list[str]) -> np.ndarray:
        """Mean-pooled (not yet normalised) vectors of one batch."""
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self._session.run(
            None,
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        return summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)


def _batches(texts: list[str], batch_size: int) -> list[list[int]]:
    """The texts' positions in batches, longest first, so each batch pads to a similar
    length."""
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


def _reference_encode(model, texts: list[str], batch_size: int) -> np.ndarray:
    vectors = model.encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)
