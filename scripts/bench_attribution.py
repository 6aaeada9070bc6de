"""One in-memory index build of a folder, with or without attribution, in articles per second.

Usage: python scripts/bench_attribution.py ARTICLES_DIR [--no-attribution]

Both are real builds of the same folder: they parse every paragraph (the passages need its
sentences), embed and index. ``--no-attribution`` replaces only the attribution stage's own
work (finding statements, resolving speakers, the speaker registry) with nothing, so the
difference between the two is what attribution costs. Run the pair in turn several times
as whole processes and compare medians (for example with ``/usr/bin/time -v``); this
machine is shared and noisy, and one pair of runs says little.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from unittest import mock

from accordingto.attribution import collection
from accordingto.corpus import read_corpus
from accordingto.embedding import Embedder
from accordingto.progress import silent
from accordingto.store import build_from


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("articles", type=Path)
    parser.add_argument("--no-attribution", action="store_true")
    args = parser.parse_args()
    count = len(read_corpus(args.articles).articles)
    embedder = Embedder.load()  # as `accordingto index build` loads it
    started = time.perf_counter()
    if args.no_attribution:
        with mock.patch.object(collection, "extract_statements", lambda *a, **k: []):
            index = build_from(args.articles, embedder, say=lambda _m: None, track=silent)
    else:
        index = build_from(args.articles, embedder, say=lambda _m: None, track=silent)
    seconds = time.perf_counter() - started
    statements = len(index.statements)
    print(f"{count} articles, {statements} statements: {seconds:.1f} s build, "
          f"{count / seconds:.2f} articles/s")  # fmt: skip


if __name__ == "__main__":
    main()
