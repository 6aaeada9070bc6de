"""Time answering in a warm process, by stage: read the question (rules, no model), embed it
and find whom it means, search (and fuse), compose (and render).

Usage: python scripts/benchmark.py [QUESTIONS.jsonl] [--rounds N] [--index DIR]
Without a question file it asks each indexed passage's first words, so it runs anywhere.
The stages are the engine's own steps (``Engine.ask`` runs exactly these), timed apart.
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
from accordingto.questions.reading import read_question
from accordingto.search import search


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--index", type=Path, default=None)
    args = parser.parse_args()
    engine = Engine.load(args.index, say=lambda _m: None)
    if args.questions:
        lines = args.questions.read_text(encoding="utf-8").splitlines()
        questions = [json.loads(line)["q"] for line in lines if line.strip()]
    else:
        questions = [" ".join(p.text.split()[:8]) for p in engine.index.passages[:30]]
    for question in questions:
        engine.ask(question)  # warm-up: first calls pay one-off costs
    stages: dict[str, list[float]] = {
        "read": [], "embed+whom": [], "search": [], "compose": [], "total": [],
    }  # fmt: skip
    for _ in range(args.rounds):
        for question in questions:
            started = time.perf_counter()
            text = clean_question(question).text
            reading = read_question(text, engine.index.vocabulary)
            read = time.perf_counter()
            query_vector, topic_vector, asked, sides = engine._understand(text, reading)
            understood = time.perf_counter()
            hits = search(engine.index, text, query_vector)
            searched = time.perf_counter()
            compose_answer(
                text, engine.index, hits, 5, None, reading, asked, query_vector, topic_vector,
                (), sides,
            ).to_dict()  # fmt: skip
            done = time.perf_counter()
            stages["read"].append(read - started)
            stages["embed+whom"].append(understood - read)
            stages["search"].append(searched - understood)
            stages["compose"].append(done - searched)
            stages["total"].append(done - started)
    passages = len(engine.index.passages)
    print(f"{len(questions)} questions x {args.rounds} rounds, warm process, {passages} passages")
    for name, seconds in stages.items():
        ms = [s * 1000 for s in seconds]
        print(
            f"{name:<11} median {statistics.median(ms):7.2f} ms   p90 {percentile(ms, 0.9):7.2f} ms"
        )


if __name__ == "__main__":
    main()
