"""The ONNX files: the checked weights exported once (float32 for questions, int8 for
passages) into the user's cache folder, checked by their sha256, and the query model as ONNX
Runtime optimizes it, made once beside them."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from .weights import WEIGHTS_SHA256, file_sha256, load_sentence_transformer

QUERY_FILE = "model.onnx"
PASSAGE_FILE = "model-int8.onnx"
CHECKSUMS_FILE = "checksums.json"
OPTIMIZED_DATA = "model.onnx.data"  # the optimized query model's weights (its own file)
ONNX_OPSET = 17


def onnx_dir() -> Path:
    """Where the exported ONNX files of the checked weights are kept."""
    from ..config import cache_dir

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
