"""Time answering in a warm process: encode, search (and fuse), compose (and render).

Usage: python scripts/benchmark.py [QUESTIONS.jsonl] [--rounds N]
Without a question file it asks each indexed passage's first words, so it runs anywhere.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from accordingto import Engine
from accordingto.answer import compose_answer
from accordingto.questions import clean_question
from accordingto.search import search


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    engine = Engine.load()
    if args.questions:
        lines = args.questions.read_text(encoding="utf-8").splitlines()
        questions = [json.loads(line)["q"] for line in lines if line.strip()]
    else:
        questions = [" ".join(p.text.split()[:8]) for p in engine.index.passages[:30]]
    engine.ask(questions[0])  # warm-up
    stages: dict[str, list[float]] = {"encode": [], "search": [], "compose": [], "total": []}
    for _ in range(args.rounds):
        for question in questions:
            started = time.perf_counter()
            text = clean_question(question).text
            vector = engine.embedder.encode([text])[0]
            encoded = time.perf_counter()
            hits = search(engine.index, text, vector)
            searched = time.perf_counter()
            compose_answer(text, engine.index, hits, 5).to_dict()
            done = time.perf_counter()
            stages["encode"].append(encoded - started)
            stages["search"].append(searched - encoded)
            stages["compose"].append(done - searched)
            stages["total"].append(done - started)
    print(f"{len(questions)} questions x {args.rounds} rounds, warm process")
    for name, seconds in stages.items():
        ms = [s * 1000 for s in seconds]
        print(
            f"{name:<8} median {statistics.median(ms):7.2f} ms   p90 {percentile(ms, 0.9):7.2f} ms"
        )


if __name__ == "__main__":
    main()
