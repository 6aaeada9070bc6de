"""Example questions shown before the first question: from a file, or from the corpus."""

from __future__ import annotations

import os
from pathlib import Path

_PROJECT_ROOT = Path(__file__).resolve().parents[3]
EXAMPLES_FILE = Path("examples") / "questions.txt"


def read_examples(path: Path | str) -> list[str]:
    """Questions from a text file: one a line; blank lines and ``#`` comments are skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def generated_examples(engine, limit: int = 6) -> list[str]:
    """Example questions made from the corpus: its most-quoted speakers, else its headlines."""
    counts: dict[str, int] = {}
    for statement in engine.statements():
        if statement.kind != "outlet" and statement.speaker:
            counts[statement.speaker] = counts.get(statement.speaker, 0) + 1
    if counts:
        ranked = sorted(counts, key=lambda name: (-counts[name], name.casefold()))
        return [f"What did {name} say?" for name in ranked[:limit]]
    titles = [a.meta.title for a in engine.articles if a.meta.title]
    return [f"What do the articles report about “{t}”?" for t in titles[:limit]]


def load_examples(engine, path: Path | str | None = None) -> list[str]:
    """Example questions from ``path``, ``$ACCORDINGTO_EXAMPLES``, ``examples/questions.txt``
    (in the working directory, then the project), or else generated from the corpus."""
    chosen = path or os.environ.get("ACCORDINGTO_EXAMPLES")
    if chosen:
        return read_examples(chosen)
    for candidate in (Path.cwd() / EXAMPLES_FILE, _PROJECT_ROOT / EXAMPLES_FILE):
        if candidate.is_file():
            return read_examples(candidate)
    return generated_examples(engine)
