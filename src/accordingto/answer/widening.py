"""Widening a quote: to its short paragraph when one voice speaks in it, or to the sentence
beside it that holds what the question asks for.

Pure functions over the index; nothing here reads a file.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..attribution import OUTLET, Statement, group_of
from ..index import Index
from .kinds import fresh_in
from .units import Unit

# A quote takes in the rest of its paragraph when the paragraph is no longer than this.
PARAGRAPH_QUOTE_CHARS = 320
# A quote that lacks what the question asks for takes in the sentence beside it that holds
# it, when the two are no longer than this together: a news paragraph is often one sentence,
# and the name or figure asked for is often in the next one ("The film opened on Friday."
# "It made $143 million.").
NEIGHBOUR_QUOTE_CHARS = 320


def widened(index: Index, unit: Unit) -> Unit:
    """A unit that is a whole passage of body text, widened to its whole paragraph when the
    paragraph is short (PARAGRAPH_QUOTE_CHARS) and speaks with the unit's voice alone: the
    sentence beside the one that matched often holds the answer ("It made $143 million")."""
    passage = unit.passage
    start, end = passage.paragraph_start, passage.paragraph_end
    if (
        passage.kind != "body"
        or (unit.start, unit.end) != (passage.start, passage.end)
        or (start, end) == (passage.start, passage.end)
        or end - start > PARAGRAPH_QUOTE_CHARS
    ):
        return unit
    context = index.lookup.context
    members = context.passages_of_paragraph[context.paragraph_of[passage.id]]
    if any(index.passages[m].kind != "body" for m in members):
        return unit
    statements = index.lookup.statements_within(index, passage.file, start, end)
    if {voice(s) for s in statements} - {voice(unit.statement)}:
        return unit
    return replace(unit, start=start, end=end)


def with_answering_neighbour(
    index: Index,
    unit: Unit,
    kind: str,
    asked: frozenset[str],
    query_vector: np.ndarray | None = None,
    checked: bool = False,
) -> Unit:
    """A unit of body text that does not hold a fresh answer of ``kind`` (see
    :func:`~.kinds.fresh_in`), widened to the sentence just before or after it that does,
    when that sentence speaks with the unit's voice and the two fit NEIGHBOUR_QUOTE_CHARS;
    of two such sentences, the one closer to the question (or the next one). Otherwise the
    unit as it is. ``checked`` says the unit is already known to hold no fresh answer."""
    passage = unit.passage
    text = index.article(passage.file).text
    if not checked and fresh_in(kind, text[unit.start : unit.end], asked, index.vocabulary):
        return unit
    whole = (unit.start, unit.end) in {
        (passage.start, passage.end),
        (passage.paragraph_start, passage.paragraph_end),
    }
    if passage.kind != "body" or not whole:
        return unit
    vocabulary = index.vocabulary
    options = []
    for other in index.lookup.passages_beside(index, passage.file, unit.start, unit.end):
        if other is None or other.kind != "body":
            continue
        start, end = min(other.start, unit.start), max(other.end, unit.end)
        between = (
            text[other.end : unit.start]
            if other.end <= unit.start
            else text[unit.end : other.start]
        )
        if end - start > NEIGHBOUR_QUOTE_CHARS or between.strip():
            continue
        if not fresh_in(kind, other.text, asked, vocabulary):
            continue
        statements = index.lookup.statements_within(index, passage.file, start, end)
        voices = {voice(s) for s in statements}
        # Two quotes whose speakers are unclear may be two people's.
        if "?" in voices or voices - {voice(unit.statement)}:
            continue
        options.append((other, start, end))
    if not options:
        return unit
    if len(options) > 1 and query_vector is not None:
        vectors = index.backend.vectors_of([other.id for other, _, _ in options])
        options = [options[int(np.argmax(vectors @ query_vector.reshape(-1)))]]
    _, start, end = options[-1]
    return replace(unit, start=start, end=end)


def passages_of(index: Index, unit: Unit) -> list[int]:
    """The ids of the passages a unit's text takes in: its own, and a neighbour's it was
    widened to (see :func:`with_answering_neighbour`)."""
    found = index.lookup.passages_within(index, unit.passage.file, unit.start, unit.end)
    return [p.id for p in found] or [unit.passage.id]


def voice(statement: Statement | None) -> str | None:
    """Who speaks in a statement: its group, "?" when unclear, None for the outlet."""
    if statement is None or statement.kind == OUTLET:
        return None
    if statement.speaker_canonical:
        return group_of(statement)
    return "?" if statement.unclear else None
