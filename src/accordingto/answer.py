"""Answers out: choose quotes from search hits, or abstain, and render them with citations."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .attribution import OUTLET, Statement, group_of, statement_at
from .corpus import Article
from .index import Index, numbers_in
from .questions import valid_text
from .search import Hit

# Below this cosine similarity between a question and its best passage, the articles do not
# cover the question. It is the midpoint between the weakest answerable question (0.402) and
# the strongest out-of-corpus one (0.325) of the development set; `accordingto eval` prints
# both figures so the margin can be watched as articles are added.
MIN_DENSE_SIMILARITY = 0.36

NOT_COVERED = "The articles do not cover this question, so there is nothing to quote."

KIND_LABELS = {"body": None, "caption": "photo caption", "embed": "embedded post"}


@dataclass(frozen=True)
class Source:
    """Where a quote comes from."""

    file: str
    outlet: str | None
    title: str | None
    date: str | None
    url: str | None = None

    def to_dict(self) -> dict:
        """The public JSON form (``url`` is added only when known)."""
        record = {"file": self.file, "outlet": self.outlet, "title": self.title, "date": self.date}
        if self.url:
            record["url"] = self.url
        return record


@dataclass(frozen=True)
class Attribution:
    """Who made a statement, as the article presents them."""

    speaker: str
    role: str | None
    cue: str
    kind: str  # direct | indirect | according_to | outlet

    def to_dict(self) -> dict:
        """The public JSON form."""
        return {"speaker": self.speaker, "role": self.role, "cue": self.cue, "kind": self.kind}


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
    kind: str
    source: Source
    score: float
    speaker: str | None = None
    attribution: Attribution | None = None
    group: str | None = None
    also_reported_by: tuple[Reference, ...] = ()

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

    @classmethod
    def failed(cls, question: object, problem: str) -> Answer:
        """The answer to input that could not be searched at all: ``error`` says why."""
        shown = valid_text(question)[0][:200] if isinstance(question, str) else ""
        return cls(shown, False, problem, (), None, {}, problem)

    def to_dict(self) -> dict:
        """Exactly the object ``accordingto ask --json`` prints."""
        return {
            "question": self.question,
            "answered": self.answered,
            "message": self.message,
            "notice": self.notice,
            "error": self.error,
            "quotes": [q.to_dict() for q in self.quotes] if self.answered else [],
        }


# --- deciding -------------------------------------------------------------------------


def best_similarity(hits: Sequence[Hit]) -> float:
    """The cosine similarity of the passage closest in meaning to the question."""
    return max((h.dense for h in hits), default=0.0)


def is_covered(hits: Sequence[Hit]) -> bool:
    """Whether the articles hold evidence for a question, judged from its hits."""
    return best_similarity(hits) >= MIN_DENSE_SIMILARITY


# --- choosing -------------------------------------------------------------------------


def choose_quotes(index: Index, hits: Sequence[Hit], k: int) -> list[Quote]:
    """The top ``k`` distinct statements among the hits, restatements folded together."""
    chosen: list[Quote] = []
    covered: set[int] = set()
    for hit in hits:
        if len(chosen) >= k:
            break
        passage = hit.passage
        if passage.id in covered:
            continue
        restated = [index.passages[i] for i in index.restatements.get(passage.id, [])]
        covered.add(passage.id)
        covered.update(p.id for p in restated)
        article = index.article(passage.file)
        seen_files = {passage.file}
        also = []
        for other in restated:
            if other.file not in seen_files:
                seen_files.add(other.file)
                also.append(
                    Reference(
                        other.file, other.start, other.end, index.article(other.file).meta.outlet
                    )
                )
        statement = statement_at(
            [s for s in index.statements if s.file == passage.file], passage.start, passage.end
        )
        attribution, group = attribute(statement, article)
        chosen.append(
            Quote(
                rank=len(chosen) + 1,
                text=passage.text,
                start=passage.start,
                end=passage.end,
                context=article.text[passage.paragraph_start : passage.paragraph_end],
                kind=passage.kind,
                source=source_of(article),
                score=hit.score,
                speaker=attribution.speaker if attribution.kind != OUTLET else None,
                attribution=attribution,
                group=group,
                also_reported_by=tuple(also),
            )
        )
    return chosen


def attribute(statement: Statement | None, article: Article) -> tuple[Attribution, str]:
    """Who a quote belongs to: its statement's speaker, else the outlet's own reporting."""
    if statement is not None and statement.kind != OUTLET and statement.speaker_canonical:
        return (
            Attribution(statement.speaker_canonical, statement.role, statement.cue, statement.kind),
            group_of(statement),
        )
    outlet = article.meta.outlet or "an unnamed outlet"
    return Attribution(outlet, None, "", OUTLET), f"outlet:{outlet.lower()}"


@dataclass(frozen=True)
class Side:
    """One speaker's quotes within an answer."""

    label: str
    role: str | None
    group: str
    ranks: tuple[int, ...]
    figures: frozenset[str]
    outlet_voice: bool = False


def who_says_what(quotes: Sequence[Quote]) -> list[Side]:
    """The quotes grouped by speaker, in a stable, neutral order: named speakers
    alphabetically, then outlets' own reporting alphabetically."""
    groups: dict[str, list[Quote]] = {}
    for quote in quotes:
        groups.setdefault(quote.group or f"outlet:{quote.source.outlet}", []).append(quote)
    sides = []
    for group, members in groups.items():
        first = members[0]
        outlet_voice = not (first.attribution and first.attribution.kind != OUTLET)
        if outlet_voice:
            label, role = f"{first.source.outlet or 'An unnamed outlet'}'s own reporting", None
        else:
            label, role = first.attribution.speaker, first.attribution.role
        figures = frozenset().union(*(numbers_in(q.text) for q in members))
        ranks = tuple(q.rank for q in members)
        sides.append(Side(label, role, group, ranks, figures, outlet_voice))
    return sorted(sides, key=lambda side: (side.outlet_voice, side.label.casefold(), side.group))


def source_of(article: Article) -> Source:
    """The citation record of an article."""
    meta = article.meta
    return Source(article.file, meta.outlet, meta.title, meta.date, meta.url)


# --- rendering ------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+|~!])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally and HTML cannot be smuggled through."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def human_date(iso: str | None) -> str | None:
    """``2020-10-03`` as ``3 Oct 2020``."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day.strftime('%b %Y')}"


def byline(source: Source) -> str:
    """Outlet and date as one short phrase: "AP, 3 Oct 2020"."""
    parts = [source.outlet or "an unnamed outlet"]
    if source.date:
        parts.append(human_date(source.date))
    return ", ".join(parts)


def frame(quote: Quote) -> str:
    """The neutral attribution line that introduces a quote."""
    via = byline(quote.source)
    if quote.attribution and quote.attribution.kind != OUTLET:
        who = f"**{escape_markdown(quote.attribution.speaker)}**"
        if quote.attribution.role:
            who += f" ({escape_markdown(quote.attribution.role)})"
        line = f"{who}, via {escape_markdown(via)}"
    else:
        line = f"**{escape_markdown(quote.source.outlet or 'An unnamed outlet')}**'s own reporting"
        if quote.source.date:
            line += f", {human_date(quote.source.date)}"
    label = KIND_LABELS.get(quote.kind)
    if label:
        line += f" — *{label}*"
    return line


def plain_citation(quote: Quote) -> str:
    """A citation marker that is just the quote's number: ``[1]``."""
    return f"[{quote.rank}]"


def render_message(
    quotes: Sequence[Quote],
    notice: str | None = None,
    cite: Callable[[Quote], str] = plain_citation,
) -> str:
    """The Markdown answer: each quote framed by who said it, with a numbered citation.

    ``cite`` renders the citation marker, so an interface can make it a link.
    """
    lines = []
    if notice:
        lines += [f"*{escape_markdown(notice)}*", ""]
    for quote in quotes:
        lines.append(f"{frame(quote)} {cite(quote)}")
        lines.append(f"> “{escape_markdown(quote.text)}”")
        if quote.also_reported_by:
            others = ", ".join(escape_markdown(r.outlet or r.file) for r in quote.also_reported_by)
            lines.append(f">\n> *Also reported by {others}.*")
        lines.append("")
    sides = who_says_what(quotes)
    if len(sides) > 1:
        lines.append("**Who says what**")
        for side in sides:
            who = escape_markdown(side.label)
            if side.role:
                who += f" ({escape_markdown(side.role)})"
            lines.append(f"- {who}: " + ", ".join(f"[{rank}]" for rank in side.ranks))
        with_figures = [side.figures for side in sides if side.figures]
        if len(with_figures) > 1 and len(set(with_figures)) > 1:
            lines.append("")
            lines.append(
                "*The sources give different figures; each is quoted as its source gives it.*"
            )
    return "\n".join(lines).strip()


def refusal(notice: str | None = None) -> str:
    """The fixed answer for a question the articles do not cover."""
    text = NOT_COVERED
    if notice:
        text = f"*{escape_markdown(notice)}*\n\n{text}"
    return text


def compose_answer(
    question: str, index: Index, hits: Sequence[Hit], k: int, notice: str | None = None
) -> Answer:
    """Quotes for a question, or the refusal when the evidence is too weak."""
    diagnostics = {"best_similarity": best_similarity(hits)}
    if not is_covered(hits):
        return Answer(question, False, refusal(notice), (), notice, diagnostics)
    quotes = choose_quotes(index, hits, k)
    return Answer(
        question, True, render_message(quotes, notice), tuple(quotes), notice, diagnostics
    )
