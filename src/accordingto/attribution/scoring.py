"""Scoring attribution against gold rows: the right speaker for each gold span."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .confidence import UNCLEAR_BELOW
from .records import OUTLET, Statement, statement_at

# Confidence bands for the calibration table: [low, high) each.
BANDS = ((UNCLEAR_BELOW, 0.7), (0.7, 0.85), (0.85, 0.95), (0.95, 1.01))

# The categories of the issue's table, from the gold rows' ``type`` and ``source_form``.
CATEGORIES = (
    ("direct quote, named speaker", lambda t, f: t == "direct" and f == "named"),
    ("indirect, named speaker", lambda t, f: t == "indirect" and f == "named"),
    ("according to", lambda t, f: t == "according-to"),
    ("pronoun speaker", lambda t, f: f == "pronoun"),
    ("description as speaker", lambda t, f: f == "nominal"),
)


def score_attribution(
    statements_by_file: dict[str, Sequence[Statement]],
    gold_rows: Iterable[dict],
    texts: dict[str, str] | None = None,
) -> dict:
    """How many gold spans the statements attribute to the right speaker.

    A gold row names a file by prefix, a span of its text, and speaker groups: lists of
    alternatives, one of each group must appear (case-insensitively) in the speaker, the
    canonical speaker or the role of the statement that best overlaps the span. ``texts``
    (file -> article text) locates spans that no single statement's text holds.

    Besides the share right (``recall``), the result counts the spans given to a wrong name
    (``wrong_names``: worse than none), those left with the speaker unclear, accuracy by
    confidence band, and, when rows carry ``type`` and ``source_form``, by category.
    """
    rows = list(gold_rows)
    results = []
    for row in rows:
        files = [f for f in statements_by_file if f.startswith(row["file"])]
        outcome = {"row": row, "found": False, "attributed": False, "statement": None}
        for file in files:
            statements = statements_by_file[file]
            located = _locate(statements, row["span"], (texts or {}).get(file))
            if located is None:
                continue
            statement = statement_at(statements, *located)
            outcome["found"] = True
            if statement is not None:
                outcome["statement"] = statement.to_dict()
                outcome["attributed"] = _speaker_matches(statement, row["speaker"])
            break
        results.append(outcome)
    attributed = sum(r["attributed"] for r in results)
    named = [r for r in results if _named(r["statement"])]
    return {
        "spans": len(rows),
        "attributed": attributed,
        "recall": attributed / len(rows) if rows else 0.0,
        "located": sum(r["found"] for r in results),
        "wrong_names": sum(not r["attributed"] for r in named),
        "unclear": sum(_unclear(r["statement"]) for r in results),
        "bands": _bands(named),
        "categories": _categories(results),
        "misses": [r for r in results if not r["attributed"]],
    }


def _named(statement: dict | None) -> bool:
    return bool(statement and statement["kind"] != OUTLET and statement["speaker_canonical"])


def _unclear(statement: dict | None) -> bool:
    return bool(statement and statement["kind"] != OUTLET and not statement["speaker_canonical"])


def _bands(named: list[dict]) -> list[dict]:
    """Accuracy of the named speakers in each confidence band."""
    out = []
    for low, high in BANDS:
        inside = [r for r in named if low <= r["statement"]["confidence"] < high]
        right = sum(r["attributed"] for r in inside)
        share = right / len(inside) if inside else None
        out.append({"low": low, "high": min(high, 1.0), "n": len(inside), "accuracy": share})
    return out


def _categories(results: list[dict]) -> list[dict]:
    """Accuracy by the gold rows' category, for rows that say theirs."""
    out = []
    for name, test in CATEGORIES:
        inside = [
            r
            for r in results
            if "type" in r["row"] and test(r["row"]["type"], r["row"].get("source_form"))
        ]
        if inside:
            right = sum(r["attributed"] for r in inside)
            out.append({"category": name, "n": len(inside), "accuracy": right / len(inside)})
    return out


def _locate(
    statements: Sequence[Statement], span: str, text: str | None = None
) -> tuple[int, int] | None:
    """Where a gold span sits in the article: in its text, else in a statement's text."""
    if text is not None:
        at = text.find(span)
        return (at, at + len(span)) if at >= 0 else None
    # The article text is not on the statement, so search each statement's own text first.
    for statement in statements:
        at = statement.text.find(span)
        if at >= 0:
            return statement.start + at, statement.start + at + len(span)
    return None


def _speaker_matches(statement: Statement, groups: Sequence[Sequence[str]]) -> bool:
    fields = (
        " | ".join(x for x in (statement.speaker, statement.speaker_canonical, statement.role) if x)
        .lower()
        .replace("’", "'")
    )
    if not statement.speaker_canonical:
        return False  # an unclear speaker is not a right one, whatever words it was written in
    return all(any(alt.lower().replace("’", "'") in fields for alt in group) for group in groups)
