import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from accordingto.embedding import (
    CHECKSUMS_FILE,
    MODEL_PACKAGE,
    OPTIMIZED_DATA,
    QUERY_FILE,
    RACY_NS,
    WEIGHTS_FILE,
    WEIGHTS_SHA256,
    Embedder,
    ModelError,
    export,
    file_sha256,
    model_dir,
    optimized_query_model,
    verify_weights,
    weights,
)


def test_packaged_weights_have_the_expected_hash():
    assert verify_weights(model_dir()) == WEIGHTS_SHA256


def test_vectors_are_unit_length_and_meaningful(embedder):
    vectors = embedder.encode(["The ministry said ten soldiers died.", "Ten troops were killed."])
    assert vectors.shape == (2, embedder.dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    unrelated = embedder.encode(["A recipe for lemon cake."])[0]
    assert vectors[0] @ vectors[1] > vectors[0] @ unrelated


def test_wrong_weights_are_refused_with_the_package_name(tmp_path):
    (tmp_path / WEIGHTS_FILE).write_bytes(b"not the model")
    with pytest.raises(ModelError, match=MODEL_PACKAGE):
        verify_weights(tmp_path)


def _settle() -> None:
    """Wait until files just written are old enough for their hash to be remembered."""
    time.sleep(RACY_NS / 1e9 + 0.05)


def _as_a_new_process(monkeypatch, cache) -> None:
    """Forget this process's remembered hashes and keep the record in ``cache``."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setattr(weights, "_hashes", {})


def test_a_remembered_hash_is_not_read_again(tmp_path, monkeypatch):
    _as_a_new_process(monkeypatch, tmp_path / "cache")
    path = tmp_path / "weights"
    path.write_bytes(b"the weights")
    _settle()
    assert file_sha256(path) == hashlib.sha256(b"the weights").hexdigest()
    record = json.loads((tmp_path / "cache/accordingto/models/sha256.json").read_text())
    assert record[str(path.resolve())]["sha256"] == hashlib.sha256(b"the weights").hexdigest()

    def unread(_path):
        raise AssertionError("a remembered hash was computed again")

    _as_a_new_process(monkeypatch, tmp_path / "cache")
    monkeypatch.setattr(weights, "_hash_file", unread)
    assert file_sha256(path) == hashlib.sha256(b"the weights").hexdigest()


def test_a_file_just_written_is_not_remembered(tmp_path, monkeypatch):
    """Its ctime could still match that of a change made in the same clock tick."""
    _as_a_new_process(monkeypatch, tmp_path / "cache")
    path = tmp_path / "weights"
    path.write_bytes(b"the weights")
    file_sha256(path)
    assert not (tmp_path / "cache/accordingto/models/sha256.json").exists()
    assert str(path.resolve()) not in weights._hashes


@pytest.mark.parametrize("new_process", [False, True])
def test_a_file_changed_in_place_is_hashed_again(tmp_path, monkeypatch, new_process):
    """Same size, mtime set back: the ctime still tells, in this process and the next."""
    _as_a_new_process(monkeypatch, tmp_path / "cache")
    path = tmp_path / "weights"
    path.write_bytes(b"the weights")
    _settle()
    file_sha256(path)
    stat = path.stat()
    with path.open("r+b") as handle:
        handle.write(b"T")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    if new_process:
        _as_a_new_process(monkeypatch, tmp_path / "cache")
    assert file_sha256(path) == hashlib.sha256(b"The weights").hexdigest()


def test_weights_tampered_with_after_a_check_are_refused(tmp_path, monkeypatch):
    _as_a_new_process(monkeypatch, tmp_path / "cache")
    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copyfile(model_dir() / WEIGHTS_FILE, folder / WEIGHTS_FILE)
    _settle()
    assert verify_weights(folder) == WEIGHTS_SHA256
    stat = (folder / WEIGHTS_FILE).stat()
    with (folder / WEIGHTS_FILE).open("r+b") as handle:
        handle.seek(stat.st_size // 2)
        byte = handle.read(1)
        handle.seek(stat.st_size // 2)
        handle.write(bytes([byte[0] ^ 1]))
    os.utime(folder / WEIGHTS_FILE, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _as_a_new_process(monkeypatch, tmp_path / "cache")
    with pytest.raises(ModelError, match="expected"):
        verify_weights(folder)


QUESTIONS = [
    "How many soldiers were killed?",
    "What did the ministry say about the ceasefire in Nagorno-Karabakh?",
    "Who is Vahram Poghosyan?",
    "x",
]


def test_questions_are_encoded_by_the_optimized_copy_with_the_same_vectors(embedder):
    from accordingto.embedding import _OnnxModel

    query = embedder._query_model()
    assert query.path.parent.name.startswith("query-ort-")
    plain = _OnnxModel(embedder._onnx_folder / QUERY_FILE, embedder._tokenizer(), 1)
    assert np.array_equal(query.encode(QUESTIONS, 8), plain.encode(QUESTIONS, 8))
    assert np.array_equal(query.encode(QUESTIONS[:1], 8), plain.encode(QUESTIONS[:1], 8))


def test_a_questions_vector_does_not_depend_on_its_batch(embedder):
    """The question model is full precision, so its batch size is a matter of speed only
    (the int8 passage model's is not: its vectors depend on the batch)."""
    texts = [
        *QUESTIONS,
        "Harbour Authority of Easton, spokeswoman for the port (also: the authority)",
        "Mayor Ana Ruiz",
    ]
    alone = np.concatenate([embedder.encode([text]) for text in texts])
    assert np.array_equal(embedder.encode_many(texts), alone)
    assert np.array_equal(embedder.encode(texts, batch_size=3), alone)
    assert np.array_equal(embedder.encode(texts, batch_size=64), alone)


def _onnx_copy(embedder, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "onnx"
    folder.mkdir()
    for name in (QUERY_FILE, CHECKSUMS_FILE):
        shutil.copyfile(embedder._onnx_folder / name, folder / name)
    return folder


def test_a_damaged_optimized_copy_is_made_again(embedder, tmp_path, monkeypatch):
    folder = _onnx_copy(embedder, tmp_path, monkeypatch)
    made = optimized_query_model(folder)
    assert made is not None and made.parent.parent == folder
    data = made.parent / OPTIMIZED_DATA
    good = data.read_bytes()
    with data.open("r+b") as handle:
        handle.seek(len(good) // 2)
        handle.write(bytes([good[len(good) // 2] ^ 1]))
    assert optimized_query_model(folder) == made
    assert data.read_bytes() == good


def test_the_plain_model_serves_when_no_optimized_copy_can_be_made(embedder, tmp_path, monkeypatch):
    folder = _onnx_copy(embedder, tmp_path, monkeypatch)

    def unwritable(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(export.tempfile, "mkdtemp", unwritable)
    assert optimized_query_model(folder) is None
    shutil.copyfile(embedder._onnx_folder / "tokenizer.json", folder / "tokenizer.json")
    served = Embedder(folder)
    assert served._query_model().path == folder / QUERY_FILE
    assert np.array_equal(served.encode(QUESTIONS), embedder.encode(QUESTIONS))


def test_a_missing_model_names_the_package_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORDINGTO_MODEL_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(ModelError, match=MODEL_PACKAGE):
        Embedder.load()


def test_loading_and_answering_open_no_network_connection(built_index_dir):
    """The whole path from import to answer, in a fresh process whose sockets all fail."""
    script = textwrap.dedent(
        f"""
        import socket
        def refuse(*args, **kwargs):
            raise AssertionError(f"network access attempted: {{args[1:]}}")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from accordingto import Engine
        engine = Engine.load({str(built_index_dir / "index")!r}, {str(built_index_dir / "seeds")!r})
        assert engine.ask("What did the ministry say?").message
        print("offline ok")
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "offline ok" in done.stdout
