"""Where the articles and the index live, from arguments, environment or defaults."""

from __future__ import annotations

import os
from pathlib import Path

# The checkout this package was installed from in development (src layout): <root>/src/accordingto
_PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_folder(name: str, variable: str) -> Path:
    if os.environ.get(variable):
        return Path(os.environ[variable])
    here = Path.cwd() / name
    if here.exists():
        return here
    bundled = _PROJECT_ROOT / name
    return bundled if bundled.exists() else here


def default_index_dir() -> Path:
    """``$ACCORDINGTO_INDEX``, else ``./index``, else the project's own ``index/``."""
    return _default_folder("index", "ACCORDINGTO_INDEX")


def default_seeds_dir() -> Path:
    """``$ACCORDINGTO_SEEDS``, else ``./seeds``, else the project's own ``seeds/``."""
    return _default_folder("seeds", "ACCORDINGTO_SEEDS")
