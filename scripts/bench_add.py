"""Time ``accordingto add`` of one article to a 200-article index.

Usage: python scripts/bench_add.py [--work DIR] [--articles N] [--repeat R]

Builds (once; reused on later runs) a synthetic index of N articles in DIR (default a folder
in the temp directory), then adds one new synthetic article R times (each time to the same
N-article index: the index and folder are put back after each add) and reports the median
total time and its parts: the article's own parse, attribution and embedding, against
everything else, stage by stage (loading the index, reading the folder, the corpus-wide
refresh: canonical speakers, vocabulary, BM25, refusal probes, restatements, speaker
vectors; and writing the index). Models are loaded before the clock starts, as a running
app has them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accordingto import update as update_module
from accordingto.attribution import load_nlp
from accordingto.embedding import Embedder
from accordingto.index import build as build_module
from accordingto.progress import silent
from accordingto.store import add_articles, build_and_save, open_index
from accordingto.store import editing as editing_module

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


# The article's own work: parsing, attribution, cutting passages and embedding them.
OWN = {
    (update_module, "parse_articles"): "parse",
    (update_module, "attribute_article"): "attribution",
    (update_module, "_passages_and_vectors"): "passages + embedding",
}
# Everything else, stage by stage (update_index and assemble_index hold the refresh stages;
# what they spend outside the stages named is reported as their "rest").
STAGES = {
    (editing_module, "load_index"): "load the index",
    (editing_module, "read_corpus"): "read the folder",
    (update_module, "stored_attributions"): "stored attributions",
    (update_module, "collection_vocabulary"): "vocabulary",
    (update_module, "attribute_collection"): "canonical speakers",
    (build_module, "passage_backend"): "dense + BM25",
    (build_module, "measure_threshold"): "refusal probes",
    (build_module, "find_near_copies"): "restatements",
    (build_module, "speaker_vectors"): "speaker vectors",
    (update_module, "assemble_index"): "assemble (all)",
    (update_module, "update_index"): "update (all)",
    (editing_module, "save_index"): "save the index",
}


def timed_add(work: Path, embedder: Embedder, seed: int) -> dict[str, float]:
    """Add one new synthetic article to the index in ``work``; seconds by stage."""
    incoming = work / "incoming"
    shutil.rmtree(incoming, ignore_errors=True)
    synthetic(incoming, 1, seed=seed)
    new = next(incoming.iterdir())
    # One new article, unlike any of the index's (another seed), under a name not yet used.
    new = new.rename(incoming / f"zz_bench_{seed}{new.suffix}")
    timers = {}
    for (module, name), label in {**OWN, **STAGES}.items():
        function = getattr(module, name)
        if (module, name) == (update_module, "parse_articles"):
            # A generator: timed as it is read, not when it is made.
            timers[label] = Timed(lambda *a, _f=function, **k: iter(list(_f(*a, **k))))
        else:
            timers[label] = Timed(function)
        setattr(module, name, timers[label])
    try:
        started = time.perf_counter()
        updated = add_articles([new], work / "index", embedder, say=print, track=silent)
        total = time.perf_counter() - started
    finally:
        for (module, name), label in {**OWN, **STAGES}.items():
            setattr(module, name, timers[label].function)
    print(f"index: {len(updated.index.articles)} articles, {len(updated.index.passages)} passages")
    print(f"parsed: {updated.work.parsed}; attributed again: {updated.work.reattributed}")
    seconds = {label: t.seconds for label, t in timers.items()}
    own = sum(seconds[label] for label in OWN.values())
    inside_assemble = ("dense + BM25", "refusal probes", "restatements", "speaker vectors")
    inside_update = (
        *OWN.values(), "stored attributions", "vocabulary", "canonical speakers", "assemble (all)"
    )  # fmt: skip
    seconds["assemble: rest"] = seconds["assemble (all)"] - sum(
        seconds[label] for label in inside_assemble
    )
    seconds["update: rest"] = seconds["update (all)"] - sum(
        seconds[label] for label in inside_update
    )
    seconds["the article's own work"] = own
    seconds["everything else"] = total - own
    seconds["moving files and the rest"] = total - own - sum(
        seconds[label]
        for label in (
            "load the index", "read the folder", "stored attributions", "vocabulary",
            "canonical speakers", "dense + BM25", "refusal probes", "restatements",
            "speaker vectors", "assemble: rest", "update: rest", "save the index",
        )
    )  # fmt: skip
    seconds["total"] = total
    return seconds


REPORT = [
    ("total", 0),
    ("the article's own work", 1),
    *((label, 2) for label in OWN.values()),
    ("everything else", 1),
    *(
        (label, 2)
        for label in (
            "load the index", "read the folder", "stored attributions", "vocabulary",
            "canonical speakers", "dense + BM25", "refusal probes", "restatements",
            "speaker vectors", "assemble: rest", "update: rest", "save the index",
            "moving files and the rest",
        )
    ),
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench-add")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="adds to take the median of")
    args = parser.parse_args()
    seeds, index_dir = args.work / "seeds", args.work / "index"
    embedder = Embedder.load()
    if not (index_dir / "manifest.json").is_file():
        shutil.rmtree(args.work, ignore_errors=True)
        synthetic(seeds, args.articles, seed=1)
        started = time.perf_counter()
        build_and_save(seeds, index_dir, embedder, say=print, track=silent)
        print(f"built {args.articles} articles in {time.perf_counter() - started:.1f} s")
    # An index kept from an older version is brought up to date first, once: otherwise
    # every timed add would rebuild it.
    open_index(index_dir, seeds, embedder, say=print, track=silent)
    load_nlp()
    embedder.encode_passages(["warm up"])
    # Each add starts from the same index: a copy is put back after it.
    kept = args.work / "index-before-adds"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(index_dir, kept)
    runs = []
    try:
        for run in range(args.repeat):
            seed = int(time.time()) * 100 + run
            runs.append(timed_add(args.work, embedder, seed))
            for added in seeds.glob("zz_bench_*"):
                added.unlink()
            shutil.rmtree(index_dir)
            shutil.copytree(kept, index_dir)
            print(f"add {run + 1}: {runs[-1]['total']:.2f} s")
    finally:
        shutil.rmtree(kept, ignore_errors=True)
    print(f"median of {len(runs)} adds (s):")
    for label, depth in REPORT:
        values = [r[label] for r in runs]
        spread = f"  [{min(values):.2f}-{max(values):.2f}]" if len(values) > 1 else ""
        print(f"{'  ' * depth}{label}: {statistics.median(values):.2f}{spread}")


if __name__ == "__main__":
    main()
