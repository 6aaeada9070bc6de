"""Time ``accordingto add`` of one article to a 200-article index.

Usage: python scripts/bench_add.py [--work DIR] [--articles N]

Builds (once; reused on later runs) a synthetic index of N articles in DIR (default a folder
in the temp directory), then adds one new synthetic article and reports the total time and
its parts: the article's own parse, attribution and embedding, against the corpus-wide
refresh (canonical speakers, vocabulary, BM25, restatements, speaker vectors, writing).
Models are loaded before the clock starts, as a running app has them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accordingto import update as update_module
from accordingto.attribution import load_nlp
from accordingto.embedding import Embedder
from accordingto.progress import silent
from accordingto.store import add_articles, build_and_save

SCRIPTS = Path(__file__).resolve().parent


def synthetic(folder: Path, articles: int, seed: int) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPTS / "synthetic_corpus.py"), str(folder), "--articles",
         str(articles), "--seed", str(seed)],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


class Timed:
    """Wraps a function, adding the seconds spent in it to ``seconds``."""

    def __init__(self, function) -> None:
        self.function, self.seconds = function, 0.0

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench-add")
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    seeds, index_dir = args.work / "seeds", args.work / "index"
    embedder = Embedder.load()
    if not (index_dir / "manifest.json").is_file():
        shutil.rmtree(args.work, ignore_errors=True)
        synthetic(seeds, args.articles, seed=1)
        started = time.perf_counter()
        build_and_save(seeds, index_dir, embedder, say=print, track=silent)
        print(f"built {args.articles} articles in {time.perf_counter() - started:.1f} s")
    # One new article, unlike any of the index's (another seed), under a name not yet used.
    incoming = args.work / "incoming"
    shutil.rmtree(incoming, ignore_errors=True)
    synthetic(incoming, 1, seed=int(time.time()))
    new = next(incoming.iterdir())
    new = new.rename(incoming / f"zz_bench_{int(time.time())}{new.suffix}")

    load_nlp()
    embedder.encode_passages(["warm up"])
    # The article's own work: parsing, attribution, cutting passages and embedding them.
    parse = update_module.parse_articles
    own = {
        # A generator: timed as it is read, not when it is made.
        "parse_articles": Timed(lambda *a, **k: iter(list(parse(*a, **k)))),
        "attribute_article": Timed(update_module.attribute_article),
        "_passages_and_vectors": Timed(update_module._passages_and_vectors),
    }
    for name, timed in own.items():
        setattr(update_module, name, timed)
    started = time.perf_counter()
    updated = add_articles([new], index_dir, embedder, say=print, track=silent)
    total = time.perf_counter() - started
    article = sum(t.seconds for t in own.values())
    print(f"index: {len(updated.index.articles)} articles, {len(updated.index.passages)} passages")
    print(f"parsed: {updated.work.parsed}; attributed again: {updated.work.reattributed}")
    print(f"add total: {total:.2f} s")
    print(f"  the article's own parse + attribution + passages + embedding: {article:.2f} s")
    for name, timed in own.items():
        print(f"    {name}: {timed.seconds:.2f} s")
    print(f"  corpus-wide refresh, loading and writing the index: {total - article:.2f} s")


if __name__ == "__main__":
    main()
