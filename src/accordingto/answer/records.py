"""The records of an answer: quotes, where they come from, who said them, and the answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..corpus import Article
from ..figures import Figure
from ..questions import valid_text


@dataclass(frozen=True)
class Source:
    """Where a quote comes from."""

    file: str
    outlet: str | None
    title: str | None
    date: str | None
    url: str | None = None
    inferred: tuple[str, ...] = ()  # which of outlet/title/date were worked out, not read
    author: str | None = None

    def to_dict(self) -> dict:
        """The public JSON form (``url`` and ``author`` are added only when known)."""
        record = {"file": self.file, "outlet": self.outlet, "title": self.title, "date": self.date}
        if self.url:
            record["url"] = self.url
        if self.author:
            record["author"] = self.author
        return record


def source_of(article: Article) -> Source:
    """The citation record of an article."""
    meta = article.meta
    return Source(
        article.file, meta.outlet, meta.title, meta.date, meta.url, meta.inferred, meta.author
    )


@dataclass(frozen=True)
class Attribution:
    """Who made a statement, as the article presents them."""

    speaker: str | None  # None when the speaker is unclear
    role: str | None
    cue: str
    kind: str  # direct | indirect | according_to | outlet
    unclear: bool = False  # someone's words, but whose could not be told with confidence

    def to_dict(self) -> dict:
        """The public JSON form."""
        return {
            "speaker": self.speaker,
            "role": self.role,
            "cue": self.cue,
            "kind": self.kind,
            "unclear": self.unclear,
        }


@dataclass(frozen=True)
class Reference:
    """A place in another article that carries the same statement."""

    file: str
    start: int
    end: int
    outlet: str | None = None

    def to_dict(self) -> dict:
        """The public JSON form."""
        return {"file": self.file, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Quote:
    """A verbatim span of an article, cited and (when known) attributed."""

    rank: int
    text: str
    start: int
    end: int
    context: str
    kind: str  # body | heading | caption | embed
    source: Source
    score: float
    speaker: str | None = None
    attribution: Attribution | None = None
    group: str | None = None
    also_reported_by: tuple[Reference, ...] = ()
    figures: tuple[Figure, ...] = ()
    asked: bool = False  # said by the speaker the question asks about

    def to_dict(self) -> dict:
        """The public JSON form of ``ask --json``."""
        return {
            "rank": self.rank,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "context": self.context,
            "kind": self.kind,
            "source": self.source.to_dict(),
            "speaker": self.speaker,
            "score": round(self.score, 6),
            "also_reported_by": [r.to_dict() for r in self.also_reported_by],
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "group": self.group,
            "figures": [f.to_dict() for f in self.figures],
        }


@dataclass(frozen=True)
class Answer:
    """What the engine says back: quotes, or a plain statement that there are none."""

    question: str
    answered: bool
    message: str
    quotes: tuple[Quote, ...] = ()
    notice: str | None = None
    diagnostics: dict = field(default_factory=dict, compare=False)
    error: str | None = None
    analysis: dict | None = None  # how the question was read (``question_analysis``)

    @classmethod
    def failed(cls, question: object, problem: str) -> Answer:
        """The answer to input that could not be searched at all: ``error`` says why."""
        shown = valid_text(question)[0][:200] if isinstance(question, str) else ""
        return cls(shown, False, problem, (), None, {}, problem)

    def to_dict(self) -> dict:
        """Exactly the object ``accordingto ask --json`` prints."""
        record = {
            "question": self.question,
            "answered": self.answered,
            "message": self.message,
            "notice": self.notice,
            "error": self.error,
            "quotes": [q.to_dict() for q in self.quotes] if self.answered else [],
        }
        if self.analysis is not None:
            record["question_analysis"] = self.analysis
        return record


@dataclass(frozen=True)
class Side:
    """One speaker's quotes within an answer."""

    label: str
    role: str | None
    group: str
    ranks: tuple[int, ...]
    figures: tuple[Figure, ...]
    outlet_voice: bool = False
