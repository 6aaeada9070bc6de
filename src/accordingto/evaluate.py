"""Measuring: retrieval and abstention figures on a JSON Lines question set."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .answer import Answer


def read_jsonl(path: Path | str) -> list[dict]:
    """The rows of a JSON Lines file, skipping blank lines."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_ranks(answer: Answer, gold: Sequence[Sequence[str]]) -> list[int | None]:
    """For each gold item, the rank of the first quote holding one of its phrases."""
    ranks = []
    for alternatives in gold:
        wanted = [phrase.lower() for phrase in alternatives]
        rank = next(
            (q.rank for q in answer.quotes if any(w in q.text.lower() for w in wanted)), None
        )
        ranks.append(rank)
    return ranks


@dataclass(frozen=True)
class QuestionResult:
    """One question's outcome."""

    id: str
    question: str
    answerable: bool
    answered: bool
    ranks: tuple[int | None, ...]
    similarity: float
    quote_lengths: tuple[int, ...]
    seconds: float
    not_verbatim: int = 0  # quotes whose text is not the article's text at their offsets

    def recall_at(self, k: int) -> float:
        """Share of gold items found within the first ``k`` quotes."""
        if not self.ranks:
            return 0.0
        return sum(1 for r in self.ranks if r is not None and r <= k) / len(self.ranks)

    @property
    def reciprocal_rank(self) -> float:
        """1 / rank of the first quote that holds any gold item (0 if none)."""
        found = [r for r in self.ranks if r is not None]
        return 1.0 / min(found) if found else 0.0


def run_questions(
    ask: Callable[[str], Answer],
    rows: Iterable[dict],
    article_text: Callable[[str], str] | None = None,
) -> list[QuestionResult]:
    """Ask every question of a set and record how each went; with ``article_text`` (a file's
    indexed text), also check that every quote is the article's text at its offsets."""
    results = []
    for row in rows:
        started = time.perf_counter()
        answer = ask(row["q"])
        seconds = time.perf_counter() - started
        gold = row.get("gold") or []
        results.append(
            QuestionResult(
                id=str(row.get("id", len(results))),
                question=row["q"],
                answerable=bool(gold),
                answered=answer.answered,
                ranks=tuple(gold_ranks(answer, gold)),
                similarity=float(answer.diagnostics.get("best_similarity", 0.0)),
                quote_lengths=tuple(len(q.text) for q in answer.quotes),
                seconds=seconds,
                not_verbatim=sum(
                    1
                    for q in answer.quotes
                    if article_text is not None
                    and article_text(q.source.file)[q.start : q.end] != q.text
                ),
            )
        )
    return results


def summarize(
    results: Sequence[QuestionResult], threshold: float | None = None
) -> dict[str, float | int | None]:
    """The figures the README and the issue bars speak of."""
    answerable = [r for r in results if r.answerable]
    outside = [r for r in results if not r.answerable]
    lengths = [n for r in results for n in r.quote_lengths]

    def mean(values: list[float]) -> float | None:
        return statistics.fmean(values) if values else None

    return {
        "questions": len(results),
        "answerable": len(answerable),
        "out_of_corpus": len(outside),
        "recall@1": mean([r.recall_at(1) for r in answerable]),
        "recall@3": mean([r.recall_at(3) for r in answerable]),
        "recall@5": mean([r.recall_at(5) for r in answerable]),
        "mrr": mean([r.reciprocal_rank for r in answerable]),
        "correct_abstention": mean([0.0 if r.answered else 1.0 for r in outside]),
        "wrong_abstention": mean([0.0 if r.answered else 1.0 for r in answerable]),
        "median_quote_chars": statistics.median(lengths) if lengths else None,
        "quotes": len(lengths),
        "quotes_not_verbatim": sum(r.not_verbatim for r in results),
        "weakest_answerable_similarity": min((r.similarity for r in answerable), default=None),
        "strongest_outside_similarity": max((r.similarity for r in outside), default=None),
        # The index's refusal threshold, and how far the weakest answerable question clears
        # it (a negative margin: answerable questions refused for similarity alone).
        "refusal_threshold": threshold,
        "answerable_margin": (
            min(r.similarity for r in answerable) - threshold
            if threshold is not None and answerable
            else None
        ),
        "median_ms_per_question": statistics.median(r.seconds for r in results) * 1000
        if results
        else None,
    }


def kind_of(result: QuestionResult) -> str:
    """A question's kind, from its id's leading letters ("s03" -> "s")."""
    return re.match(r"[A-Za-z]*", result.id).group() or "-"


def by_kind(results: Sequence[QuestionResult]) -> dict[str, dict]:
    """The figures for each kind of question in a set (ids "s01", "e01", "u01": s, e, u)."""
    kinds: dict[str, list[QuestionResult]] = {}
    for result in results:
        kinds.setdefault(kind_of(result), []).append(result)
    return {kind: summarize(members) for kind, members in sorted(kinds.items())}


def format_by_kind(groups: dict[str, dict]) -> str:
    """One line per kind of question: count, recall@1, recall@5, refusals."""
    lines = [f"{'kind':<6} {'n':>4} {'recall@1':>9} {'recall@5':>9} {'refused':>8}"]
    for kind, figures in groups.items():
        refused = (
            figures["correct_abstention"]
            if figures["answerable"] == 0
            else figures["wrong_abstention"]
        )

        def shown(value):
            return "n/a" if value is None else f"{value:.3f}"

        lines.append(
            f"{kind:<6} {figures['questions']:>4} {shown(figures['recall@1']):>9} "
            f"{shown(figures['recall@5']):>9} {shown(refused):>8}"
        )
    return "\n".join(lines)


def format_summary(figures: dict[str, float | int | None]) -> str:
    """The figures as aligned lines of text."""
    lines = []
    for name, value in figures.items():
        shown = "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else value
        lines.append(f"{name:<32} {shown}")
    return "\n".join(lines)
