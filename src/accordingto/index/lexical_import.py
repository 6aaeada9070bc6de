"""bm25s, imported without numba.

bm25s imports numba whenever it is installed, only to offer a backend this project never
selects (every BM25 here is made and loaded with the default numpy one); the import took
about a third of a second of every command. While bm25s is imported, ``import numba``
fails, which bm25s takes as numba not being installed; a later ``import numba`` works.
"""

from __future__ import annotations

import sys


def _import_bm25s():
    if "bm25s" in sys.modules or "numba" in sys.modules:
        import bm25s

        return bm25s
    sys.modules["numba"] = None  # type: ignore[assignment]  # makes "import numba" fail
    try:
        import bm25s
    finally:
        if "numba" in sys.modules and sys.modules["numba"] is None:
            del sys.modules["numba"]
    return bm25s


bm25s = _import_bm25s()
