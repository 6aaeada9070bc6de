"""Time answering in a warm process, by stage: read the question (rules, no model), embed it
and find whom it means, search (and fuse), compose (and render).

Usage: python scripts/benchmark.py [QUESTIONS.jsonl] [--rounds N] [--index DIR]...
Without a question file it asks each index its own passages' first words (30 passages spread
through the index), so it runs anywhere. The stages are the engine's own steps
(``Engine.ask`` runs exactly these), timed apart.

Given several ``--index``, the indexes are loaded side by side and their rounds alternate, so
that a busy machine slows them alike; the ratio of each median total to the first index's is
printed.
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

STAGES = ("read", "embed+whom", "search", "compose", "total")
SAMPLE = 30


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def own_questions(engine: Engine) -> list[str]:
    """The first eight words of passages spread evenly through the index."""
    passages = engine.index.passages
    step = max(1, len(passages) // SAMPLE)
    return [" ".join(p.text.split()[:8]) for p in passages[::step][:SAMPLE]]


def time_round(engine: Engine, questions: list[str], stages: dict[str, list[float]]) -> None:
    """Answer each question once, adding each stage's seconds to ``stages``."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--index", type=Path, action="append", default=None)
    args = parser.parse_args()
    engines = [Engine.load(folder, say=lambda _m: None) for folder in (args.index or [None])]
    if args.questions:
        lines = args.questions.read_text(encoding="utf-8").splitlines()
        asked = [json.loads(line)["q"] for line in lines if line.strip()]
        question_sets = [asked for _ in engines]
    else:
        question_sets = [own_questions(engine) for engine in engines]
    for engine, questions in zip(engines, question_sets, strict=True):
        for question in questions:
            engine.ask(question)  # warm-up: first calls pay one-off costs
    timings = [{name: [] for name in STAGES} for _ in engines]
    for _ in range(args.rounds):
        for engine, questions, stages in zip(engines, question_sets, timings, strict=True):
            time_round(engine, questions, stages)
    first_total = None
    for engine, questions, stages, folder in zip(
        engines, question_sets, timings, args.index or [None], strict=True
    ):
        passages = len(engine.index.passages)
        articles = len(engine.index.articles)
        print(
            f"{folder or 'index'}: {len(questions)} questions x {args.rounds} rounds, warm "
            f"process, {articles} articles, {passages} passages, {len(engine.index.statements)} "
            "statements"
        )
        for name, seconds in stages.items():
            ms = [s * 1000 for s in seconds]
            print(
                f"  {name:<11} median {statistics.median(ms):7.2f} ms   "
                f"p90 {percentile(ms, 0.9):7.2f} ms"
            )
        total = statistics.median(stages["total"])
        first_total = first_total or total
        if len(engines) > 1:
            print(f"  median total / first index's: {total / first_total:.2f}")


if __name__ == "__main__":
    main()
