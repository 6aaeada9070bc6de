"""Shared fixtures: the real model, a real index built from the project's seed articles."""

from __future__ import annotations

import shutil
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
