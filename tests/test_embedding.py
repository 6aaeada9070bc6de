import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from accordingto.embedding import (
    MODEL_PACKAGE,
    WEIGHTS_FILE,
    WEIGHTS_SHA256,
    Embedder,
    ModelError,
    model_dir,
    verify_weights,
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
