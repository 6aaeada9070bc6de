"""Where the articles and the index live, from arguments, environment or defaults."""

from __future__ import annotations

import os
from pathlib import Path

# The checkout this package was installed from in development (src layout): <root>/src/accordingto
_PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _home() -> Path:
    """The folder whose ``index/`` and ``seeds/`` go together by default.

    The working directory when it has either, else the project's own checkout: the pair is
    chosen together so that an index is never matched with another folder's articles.
    """
    here = Path.cwd()
    if (here / "index").exists() or (here / "seeds").exists():
        return here
    if (_PROJECT_ROOT / "index").exists() or (_PROJECT_ROOT / "seeds").exists():
        return _PROJECT_ROOT
    return here


def default_index_dir() -> Path:
    """``$ACCORDINGTO_INDEX``, else ``index/`` beside the default articles folder."""
    return (
        Path(os.environ["ACCORDINGTO_INDEX"])
        if os.environ.get("ACCORDINGTO_INDEX")
        else (_home() / "index")
    )


def default_seeds_dir() -> Path:
    """``$ACCORDINGTO_SEEDS``, else ``seeds/`` beside the default index folder."""
    return (
        Path(os.environ["ACCORDINGTO_SEEDS"])
        if os.environ.get("ACCORDINGTO_SEEDS")
        else (_home() / "seeds")
    )


def explicit_seeds_dir() -> Path | None:
    """The articles folder the user named through ``$ACCORDINGTO_SEEDS``, if any."""
    value = os.environ.get("ACCORDINGTO_SEEDS")
    return Path(value) if value else None


def explicit_index_dir() -> Path | None:
    """The index folder the user named through ``$ACCORDINGTO_INDEX``, if any."""
    value = os.environ.get("ACCORDINGTO_INDEX")
    return Path(value) if value else None


def cache_dir() -> Path:
    """Where indexes go when their own folder cannot be written: the user's cache."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "accordingto"
