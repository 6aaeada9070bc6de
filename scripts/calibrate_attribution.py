"""Measure how often each way of finding a speaker is right, to calibrate confidence.

    python scripts/calibrate_attribution.py ARTICLES GOLD.jsonl [ARTICLES GOLD.jsonl ...]

For each pair of an article folder and its gold rows (the ``eval-attribution`` format), every
gold span's statement is found; the share of right speakers is printed by basis (named,
pronoun, description, ...) and, for pronouns, by how clearly the antecedent won. The last
column is the share pulled towards ``PRIOR`` by ``WEIGHT`` rows, so that a basis seen a few
times is not given a confidence of 1.0: these are the figures for ``CALIBRATED`` in
``accordingto/attribution/confidence.py``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from accordingto.attribution import extract_corpus, load_nlp
from accordingto.attribution.records import OUTLET, statement_at
from accordingto.attribution.scoring import _speaker_matches
from accordingto.corpus import load_corpus

PRIOR, WEIGHT = 0.8, 4
# A pronoun's confidence band edge: below it the antecedent did not clearly win.
PRONOUN_CLEAR = 0.8


def main(pairs: list[tuple[Path, Path]]) -> None:
    nlp = load_nlp()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for folder, gold in pairs:
        articles = load_corpus(folder)
        by_file = extract_corpus(articles, nlp)
        texts = {a.file: a.text for a in articles}
        for line in gold.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            file = next((f for f in by_file if f.startswith(row["file"])), None)
            if file is None:
                continue
            at = texts[file].find(row["span"])
            statement = statement_at(by_file[file], at, at + len(row["span"]))
            if statement is None or statement.kind == OUTLET or not statement.basis:
                continue
            key = statement.basis
            if key == "pronoun":
                clear = statement.confidence >= PRONOUN_CLEAR
                key = "pronoun, clear" if clear else "pronoun, unclear"
            counts[key][0] += 1
            counts[key][1] += _speaker_matches(statement, row["speaker"])
    print(f"{'basis':<20} {'n':>5} {'right':>6} {'share':>6} {'smoothed':>9}")
    for key, (n, right) in sorted(counts.items()):
        smoothed = (right + PRIOR * WEIGHT) / (n + WEIGHT)
        print(f"{key:<20} {n:>5} {right:>6} {right / n:>6.3f} {smoothed:>9.2f}")


if __name__ == "__main__":
    arguments = [Path(a) for a in sys.argv[1:]]
    if len(arguments) < 2 or len(arguments) % 2:
        raise SystemExit(__doc__)
    main(list(zip(arguments[::2], arguments[1::2], strict=True)))
