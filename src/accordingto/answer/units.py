"""The units answers are chosen from: a quotable span with its scores, and the choice of
which to show and how."""

from __future__ import annotations

from dataclasses import dataclass

from ..attribution import OUTLET, Statement
from ..passages import Passage


@dataclass(frozen=True)
class Unit:
    """A quotable span: a whole passage, or one statement's part of it."""

    passage: Passage
    start: int
    end: int
    statement: Statement | None
    score: float  # relevance to the question (fused dense + lexical)
    dense: float  # cosine similarity of the passage to the question
    topic: float  # cosine similarity of the passage to the question's topic
    context: float = 0.0  # the part of ``score`` that its paragraph and article give

    @property
    def own(self) -> float:
        """The unit's score on its own words, without its paragraph's and article's."""
        return self.score - self.context

    @property
    def key(self) -> tuple[str, int, int]:
        """Where the unit is: (file, start, end)."""
        return self.passage.file, self.start, self.end

    @property
    def speaker(self) -> str | None:
        """The canonical speaker of the unit's statement (None: the outlet's own voice)."""
        s = self.statement
        return s.speaker_canonical if s is not None and s.kind != OUTLET else None


@dataclass
class Choice:
    """What to show: the units in order, and how to present them."""

    units: list[Unit]
    lead: str | None = None  # a neutral line before the quotes
    others_from: int | None = None  # index in ``units`` where others' statements begin
    claims: bool = False
    refusal: str | None = None  # when set, nothing is shown and this is said instead
