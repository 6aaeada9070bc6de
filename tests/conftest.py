"""Shared fixtures: the real model, a real index built from the project's seed articles."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
INDEX = ROOT / "index"


@pytest.fixture(scope="session")
def embedder():
    """The packaged MiniLM model, loaded once."""
    from accordingto.embedding import Embedder

    return Embedder.load()


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once."""
    from accordingto.attribution import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_articles():
    """The project's own seed articles."""
    from accordingto.corpus import load_corpus

    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def built_index_dir(tmp_path_factory, embedder) -> Path:
    """An index built in a temporary folder from a copy of the seeds."""
    from accordingto.progress import silent
    from accordingto.store import build_and_save

    work = tmp_path_factory.mktemp("built")
    shutil.copytree(SEEDS, work / "seeds")
    build_and_save(work / "seeds", work / "index", embedder, say=lambda _m: None, track=silent)
    return work


@pytest.fixture(scope="session")
def engine(built_index_dir, embedder):
    """An engine over the temporary index (the committed one is left untouched)."""
    from accordingto.engine import Engine

    return Engine.load(
        built_index_dir / "index", built_index_dir / "seeds", say=lambda _m: None, embedder=embedder
    )


@pytest.fixture(scope="session")
def engine_over(embedder):
    """Builds an index of a folder of articles (in ``work/index``) and opens an engine on it:
    ``engine_over(articles, work)``."""
    from accordingto.engine import Engine
    from accordingto.progress import silent
    from accordingto.store import build_and_save

    def make(articles: Path, work: Path):
        build_and_save(articles, work / "index", embedder, say=lambda _m: None, track=silent)
        return Engine.load(work / "index", articles, say=lambda _m: None, embedder=embedder)

    return make


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A private, writable copy of the seed folder."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path / "seeds"


@pytest.fixture(scope="session")
def other_engine(tmp_path_factory, embedder):
    """An engine over the project's own unseen-topic articles (not the seeds)."""
    from accordingto.engine import Engine
    from accordingto.progress import silent
    from accordingto.store import build_and_save

    work = tmp_path_factory.mktemp("other")
    shutil.copytree(ROOT / "tests" / "fixtures" / "articles", work / "articles")
    build_and_save(work / "articles", work / "index", embedder, say=lambda _m: None, track=silent)
    return Engine.load(work / "index", say=lambda _m: None, embedder=embedder)


# --- running as a user who is not root ---------------------------------------------------

SETPRIV = shutil.which("setpriv")
NOBODY = 65534


def world_readable_copy(source: Path) -> Path:
    """A copy of ``source`` in a fresh folder under /tmp that everyone may read."""
    top = Path(tempfile.mkdtemp(prefix="accordingto-ro-", dir="/tmp"))
    top.chmod(0o755)
    shutil.copytree(source, top / "w")
    for path in [top / "w", *(top / "w").rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return top


def as_nobody(args: list[str], cache: Path, cwd: Path, timeout: int = 300):
    """Run a command as the unprivileged user 'nobody', able to read (not write) root's files.

    CAP_DAC_READ_SEARCH lets it read the interpreter and the project under /root; writing
    anything it does not own is refused, as for any other user.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCORDINGTO_")}
    env |= {"HOME": "/nonexistent", "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(
        [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


@pytest.fixture
def nobody_cache(embedder) -> Path:
    """A cache folder 'nobody' can write, already holding the exported ONNX model."""
    from accordingto.embedding import onnx_dir

    cache = Path(tempfile.mkdtemp(prefix="accordingto-cache-", dir="/tmp"))
    models = cache / "accordingto" / "models"
    models.mkdir(parents=True)
    (models / onnx_dir().name).symlink_to(onnx_dir())
    for path in [cache, cache / "accordingto", models]:
        os.chown(path, NOBODY, NOBODY)
    yield cache
    shutil.rmtree(cache, ignore_errors=True)


needs_setpriv = pytest.mark.skipif(
    SETPRIV is None or os.geteuid() != 0, reason="needs root and setpriv to drop privileges"
)
