"""What a build imports: bm25s without numba, spaCy without its command line; both still
importable afterwards. Each check runs in a fresh interpreter."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    return done.stdout.strip()


@pytest.mark.skipif(importlib.util.find_spec("numba") is None, reason="numba not installed")
def test_building_imports_bm25s_without_numba_which_still_imports_later():
    out = _run(
        "import sys, accordingto.index.build, bm25s\n"
        "print('numba' in sys.modules, bm25s.BM25().backend)\n"
        "import numba\n"
        "print(numba.__name__)"
    )
    assert out.splitlines() == ["False numpy", "numba"]


def test_spacy_is_loaded_without_its_command_line_which_still_imports_later():
    out = _run(
        "import sys\n"
        "from accordingto.attribution import load_nlp\n"
        "nlp = load_nlp()\n"
        "print(len(nlp('She said so.')), any(m.startswith('spacy.cli') for m in sys.modules))\n"
        "import spacy.cli\n"
        "print(callable(spacy.cli.info))"
    )
    assert out.splitlines() == ["4 False", "True"]
