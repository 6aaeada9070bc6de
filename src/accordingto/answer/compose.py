"""Composing an answer: read question and hits in, quotes (or a refusal that says why) out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..attribution import OUTLET, Statement, group_of
from ..corpus import Article
from ..figures import Figure
from ..furniture import credit_start
from ..index import Index
from ..index.records import lexical_words
from ..questions.reading import NUMBER, SIDES, Reading
from ..questions.whom import Match
from ..refusal import DEFAULT_THRESHOLD, threshold_of
from ..refusal import MARGIN as REFUSAL_MARGIN
from ..search import Hit
from . import choose, kinds, ordering
from .coverage import names_apart, topic_words_unused
from .records import Answer, Attribution, Quote, Reference, source_of
from .render import (
    NO_SHARED_WORDS,
    NO_WORDS,
    NOT_COVERED,
    missing_names,
    names_not_together,
    nothing_of_type,
    refusal,
    render_message,
    words_not_used,
)
from .units import Choice, Unit
from .widening import passages_of

# Below an index's own threshold of cosine similarity between a question and its best
# passage, the articles do not cover the question (see refusal.py); `accordingto eval`
# prints the margin on a question set.
MIN_DENSE_SIMILARITY = DEFAULT_THRESHOLD


def best_similarity(hits: Sequence[Hit]) -> float:
    """The cosine similarity of the passage closest in meaning to the question."""
    return max((h.dense for h in hits), default=0.0)


def is_covered(hits: Sequence[Hit], threshold: float = MIN_DENSE_SIMILARITY) -> bool:
    """Whether the articles hold evidence for a question, judged from its hits."""
    return best_similarity(hits) >= threshold


def compose_answer(
    question: str,
    index: Index,
    hits: Sequence[Hit],
    k: int,
    notice: str | None = None,
    reading: Reading | None = None,
    asked: Sequence[Match] = (),
    query_vector: np.ndarray | None = None,
    topic_vector: np.ndarray | None = None,
    seen: Sequence[tuple[str, int, int]] = (),
    sides: Sequence[Sequence[Match]] = (),
    searched: str | None = None,
) -> Answer:
    """Quotes for a question, or a refusal that says why there are none.

    ``reading`` is how the question was read, ``asked`` the corpus speakers it means (and
    ``sides``, for an each-side question that names its sides, those of each side);
    ``topic_vector`` embeds what it is about without its speaker; ``seen`` are quotes the
    conversation has already shown, which a follow-up avoids repeating.
    """
    diagnostics = {"best_similarity": best_similarity(hits)}
    analysis = _analysis(reading, asked)
    unsearchable = _unsearchable(index, searched or question)
    if unsearchable:
        return Answer(
            question, False, refusal(notice, unsearchable), (), notice, diagnostics, None, analysis
        )
    if reading is not None and reading.missing:
        reason = missing_names(reading.missing)
        return Answer(
            question, False, refusal(notice, reason), (), notice, diagnostics, None, analysis
        )
    apart = names_apart(index, reading) if reading is not None else ()
    if apart:
        reason = names_not_together(apart)
        return Answer(
            question, False, refusal(notice, reason), (), notice, diagnostics, None, analysis
        )
    # A question close in meaning to some passage (by the margin that sets the threshold
    # above off-topic questions) is about what they say, whatever its words.
    threshold = threshold_of(index.manifest)
    close = diagnostics["best_similarity"] >= threshold + REFUSAL_MARGIN
    unused = topic_words_unused(index, reading) if reading is not None and not close else ()
    if unused:
        reason = words_not_used(reading.entities, unused)
        return Answer(
            question, False, refusal(notice, reason), (), notice, diagnostics, None, analysis
        )
    if not is_covered(hits, threshold):
        return Answer(question, False, refusal(notice), (), notice, diagnostics, None, analysis)
    choice = choose_units(
        index, hits, k, reading, asked, query_vector, topic_vector, set(seen), sides
    )
    if choice.refusal or not choice.units:
        reason = choice.refusal or NOT_COVERED
        return Answer(
            question, False, refusal(notice, reason), (), notice, diagnostics, None, analysis
        )
    asked_names = {m.speaker for m in asked}
    quotes = [quote_of(index, u, rank, asked_names) for rank, u in enumerate(choice.units, 1)]
    if analysis is not None:
        analysis["mode"] = "claims" if choice.claims else "quotes"
        analysis["not_quoted"] = choice.lead
    others_from = choice.others_from + 1 if choice.others_from is not None else None
    message = render_message(
        quotes, notice, lead=choice.lead, others_from=others_from, claims=choice.claims
    )
    return Answer(question, True, message, tuple(quotes), notice, diagnostics, None, analysis)


def _unsearchable(index: Index, text: str) -> str | None:
    """Why a question cannot be answered from its words alone, if it cannot: it has none
    to search for, or the articles use none of them."""
    words = lexical_words(text)
    if not words:
        return NO_WORDS
    known = index.article_lexical.vocab_dict
    return None if any(word in known for word in words) else NO_SHARED_WORDS


def _on_topic(index: Index, unit: Unit, topic: str) -> bool:
    """:func:`choose.on_topic` for a unit, with its article's headline as its setting."""
    return choose.on_topic(_text(index, unit), topic, unit.topic, choose.setting_of(index, unit))


def _analysis(reading: Reading | None, asked: Sequence[Match]) -> dict | None:
    if reading is None:
        return None
    return reading.to_dict() | {"speakers": [m.to_dict() for m in asked]}


def choose_units(
    index: Index,
    hits: Sequence[Hit],
    k: int,
    reading: Reading | None,
    asked: Sequence[Match],
    query_vector: np.ndarray | None,
    topic_vector: np.ndarray | None,
    seen: set[tuple[str, int, int]],
    sides: Sequence[Sequence[Match]] = (),
) -> Choice:
    """Which units to show, in which order, and how (see :mod:`.choose`)."""
    answer_type = reading.answer_type if reading else "other"
    verb = reading.verb if reading else None
    if answer_type == SIDES:
        # Each side's claim is judged on its own words: the article around the best match
        # must not crowd out the other side's.
        hits = sorted((h.without_context() for h in hits), key=lambda h: -h.score)
    units = choose.penalise_seen(choose.candidates(index, hits, topic_vector, verb), seen)
    texts = [_text(index, u) for u in units]
    if reading is not None:
        units = choose.parts_by_question_words(units, texts, reading.text)
    kept = [i for i, text in enumerate(texts) if kinds.gives(answer_type, text)]
    if not kept:
        return Choice([], refusal=nothing_of_type(answer_type))
    typed = [units[i] for i in kept]
    if reading is not None and reading.fresh:
        texts = [texts[i] for i in kept]
        typed = choose.prefer_fresh(index, typed, texts, reading.fresh, reading.text, query_vector)
    # Each candidate's figures and speaker's places, read once for the bonus and the claims.
    counting = {}
    if reading is not None and reading.counts:
        counting = {_counting_key(u): (figures_of(index, u), _places(index, u)) for u in typed}
        typed = ordering.counting_first(
            typed,
            [counting[_counting_key(u)][0] for u in typed],
            reading.counts,
            reading.counts_whose,
            [counting[_counting_key(u)][1] for u in typed],
            reading.counts_event,
        )
    units = choose.not_far_below(typed, choose.DROP_MARGIN, or_own=True)
    outlets = reading.outlets if reading else ()
    if outlets:
        units = choose.from_outlets_first(index, units, outlets)
    names = [m.speaker for m in asked]
    if len(sides) >= 2 and query_vector is not None:
        return _each_named_side(index, hits, k, sides, answer_type, query_vector, topic_vector)
    if names and query_vector is not None:
        known = {h.passage.id: h for h in hits}
        own = choose.speaker_units(index, names, query_vector, topic_vector, known)
        own = [
            u for u in choose.penalise_seen(own, seen) if kinds.gives(answer_type, _text(index, u))
        ]
        return _speaker_first(index, units, own, names, asked, reading, k, topic_vector)
    if answer_type == SIDES or (answer_type == NUMBER and not (reading and reading.speaker)):
        current = typed
        if reading is not None and not kinds.years_named(reading.text):
            current = _without_history(index, typed)
        if reading is not None and reading.counts:
            pool = _counting_asked(current, reading, counting)
        else:
            pool = choose.not_far_below(current, choose.CLAIM_MARGIN)
        listed = ordering.claims(index, pool, k, include_outlets=answer_type == NUMBER)
        if len(_claimants(listed)) >= 2:
            return Choice(listed, claims=True)
    chosen = ordering.diversify(index, units, k)
    return Choice(ordering.filled_from_first_article(index, chosen, typed, k))


def _counting_asked(
    units: list[Unit], reading: Reading, counting: dict[tuple, tuple]
) -> list[Unit]:
    """A how-many question's claims: of those within CLAIM_MARGIN of the best that does not
    count only something else (civilians for "how many soldiers", one side's soldiers for
    the other's, the wounded for "how many were killed"), the ones whose figures count what
    it counts, when two claimants or more give one; else all of them, when two claimants or
    more are left; else all within CLAIM_MARGIN of the best. A question counting people in
    general, on no side and in no named event, keeps every claim. ``counting`` holds each
    unit's figures and speaker's places."""
    counted, whose, event = reading.counts, reading.counts_whose, reading.counts_event
    everything = choose.not_far_below(units, choose.CLAIM_MARGIN)
    if kinds.counts_anything(counted) and whose is None and event is None:
        return everything

    def counts(unit: Unit) -> tuple:
        figures, places = counting[_counting_key(unit)]
        return figures, counted, whose, places, event

    # A better-matching quote of something else must not push the ones asked for out.
    rest = [u for u in units if not kinds.counts_other(*counts(u))]
    close = choose.not_far_below(rest, choose.CLAIM_MARGIN)
    matching = [u for u in close if kinds.counts_asked(*counts(u))]
    if len(_claimants(matching)) >= 2:
        return matching
    return close if len(_claimants(close)) >= 2 else everything


def _without_history(index: Index, units: list[Unit]) -> list[Unit]:
    """Claims for a question that names no year, without those that tell history (see
    :func:`kinds.tells_history`), when two claimants or more are left: the question asks
    about the story's own time."""
    current = [
        u
        for u in units
        if not kinds.tells_history(_text(index, u), index.article(u.passage.file).meta.date)
    ]
    return current if len(_claimants(current)) >= 2 else units


def _counting_key(unit: Unit) -> tuple:
    """What a unit's figures and speaker's places depend on: its span and its speaker."""
    return unit.key, unit.speaker


def _places(index: Index, unit: Unit) -> tuple[str, ...]:
    """The places the unit's speaker belongs to, as the registry has them."""
    return tuple(index.lookup.speaker_places.get(unit.speaker, ())) if unit.speaker else ()


def _claimants(units: list[Unit]) -> set[str]:
    """Who makes each claim: a speaker's group, or the article for an outlet's own words."""
    return {group_of(u.statement) if u.speaker else u.passage.file for u in units}


def _speaker_first(index, units, own, names, asked, reading, k, topic_vector) -> Choice:
    """The asked speaker's statements on the topic first, then others' that answer or report
    what the speaker said, then others'; or, when the speaker said nothing on it, one line
    saying so and the closest statements by others.

    The asked speaker's statements and the answers to them are chosen together, by
    relevance, so that a rebuttal that names the speaker's claim ("rejecting X's claims
    that…") is shown beside the claim rather than below k weaker statements of the speaker's.
    """
    wanted = set(names)
    has_topic = topic_vector is not None and bool(reading and reading.topic)
    on_topic = [u for u in own if not has_topic or _on_topic(index, u, reading.topic)]
    others = [u for u in units if u.speaker not in wanted]
    if not on_topic and not others:
        # Nobody else speaks to it either: the asked speaker's closest statements are the
        # best evidence there is, rather than no answer at all.
        on_topic = own
    if not on_topic:
        who = names[0] if len(names) == 1 else (reading.speaker if reading else names[0])
        lead = f"{who} is not quoted on this in these articles."
        return Choice(ordering.diversify(index, others, k), lead=lead, others_from=0)
    spellings = [n for name in names for n in index.lookup.speaker_names.get(name, [name])]
    if reading is not None and reading.speaker:
        spellings.append(reading.speaker)
    replies = [
        u
        for u in others
        if choose.responds_to(_text(index, u), spellings)
        and (not has_topic or _on_topic(index, u, reading.topic))
    ]
    # Chosen together on the passage's cosine with the question, which both kinds have (a
    # statement of the speaker's that search did not find has no fused score).
    picked = ordering.diversify(index, on_topic + replies, k, order="dense")
    first = ordering.diversify(index, [u for u in picked if u.speaker in wanted], k)
    replies = [u for u in picked if u.speaker not in wanted]
    if not first:  # the asked speaker's best statement always leads
        first = ordering.diversify(index, on_topic, 1)
        lead = ordering.covered(index, first)
        replies = [u for u in replies if not ordering.takes_in_any(index, u, lead)]
        replies = replies[: max(k - 1, 0)]
    folded = ordering.covered(index, first + replies)
    rest_pool = [u for u in others if not ordering.takes_in_any(index, u, folded)]
    # "What did X say?" asks about X alone: others' statements on no topic would be noise.
    room = k - len(first) - len(replies) if reading is None or reading.topic else 0
    rest = ordering.diversify(index, rest_pool, room) if room > 0 else []
    after = replies + rest
    return Choice(first + after, others_from=len(first) if after else None)


def _each_named_side(index, hits, k, sides, answer_type, query_vector, topic_vector) -> Choice:
    """An each-side question that names its sides: the best claims of each side's speakers,
    taken in turn, in alphabetical order of claimant."""
    known = {h.passage.id: h for h in hits}
    per_side = []
    for matches in sides:
        own = choose.speaker_units(
            index, [m.speaker for m in matches], query_vector, topic_vector, known
        )
        own = [u for u in own if kinds.gives(answer_type, _text(index, u))]
        per_side.append(ordering.claims(index, own, k, include_outlets=False))
    taken: list[Unit] = []
    while len(taken) < k and any(per_side):
        for claims in per_side:
            # A statement by both sides together ("the leaders of A and B said …") is among
            # each side's claims: it is shown once, and the next side takes its next best.
            while claims and len(taken) < k:
                best = max(claims, key=lambda u: u.score)
                claims.remove(best)
                if not ordering.takes_in_any(index, best, ordering.covered(index, taken)):
                    taken.append(best)
                    break
    if not taken:
        return Choice(ordering.diversify(index, choose.candidates(index, hits, topic_vector), k))
    ordered = sorted(taken, key=lambda u: (u.speaker or "").casefold())
    return Choice(ordered, claims=True)


def _text(index: Index, unit: Unit) -> str:
    return index.article(unit.passage.file).text[unit.start : unit.end]


# --- quotes -------------------------------------------------------------------------------------


def quote_of(index: Index, unit: Unit, rank: int, asked: set[str]) -> Quote:
    """The quote a unit becomes: its exact text, source, speaker, restatements and figures."""
    passage = unit.passage
    article = index.article(passage.file)
    attribution, group = attribute(unit.statement, article)
    also = []
    seen_files = {passage.file}
    taken = [index.passages[p] for p in passages_of(index, unit)]
    for other_id in (o for p in taken for o in index.restatements.get(p.id, ())):
        other = index.passages[other_id]
        if other.file not in seen_files:
            seen_files.add(other.file)
            outlet = index.article(other.file).meta.outlet
            also.append(Reference(other.file, other.start, other.end, outlet))
    figures = figures_of(index, unit)
    end = unit.end
    if passage.kind == "caption":
        # A photo credit closing a caption is not part of the quote: the span ends before it.
        end = unit.start + credit_start(article.text[unit.start : unit.end])
    return Quote(
        rank=rank,
        text=article.text[unit.start : end],
        start=unit.start,
        end=end,
        # The paragraphs of its passages: two when it takes in the sentence beside it.
        context=article.text[
            min(p.paragraph_start for p in taken) : max(p.paragraph_end for p in taken)
        ],
        kind=passage.kind,
        source=source_of(article),
        score=unit.score,
        speaker=attribution.speaker if attribution.kind != OUTLET else None,
        attribution=attribution,
        group=group,
        also_reported_by=tuple(also),
        figures=figures,
        asked=unit.speaker in asked if unit.speaker else False,
    )


def figures_of(index: Index, unit: Unit) -> tuple[Figure, ...]:
    """The figures the statements within a unit give, each once, in reading order."""
    text = index.article(unit.passage.file).text[unit.start : unit.end]
    within = index.lookup.statements_within(index, unit.passage.file, unit.start, unit.end)
    figures: list[Figure] = []
    for statement in within:
        for figure in statement.figures:
            if figure not in figures and figure.text in text:
                figures.append(figure)
    return tuple(figures)


# One side for every quote whose speaker is unclear.
UNCLEAR_GROUP = "unclear"


def attribute(statement: Statement | None, article: Article) -> tuple[Attribution, str]:
    """Who a quote belongs to: its statement's speaker, "speaker unclear" for someone's words
    whose speaker could not be told, else the outlet's own reporting."""
    if statement is not None and statement.kind != OUTLET and statement.speaker_canonical:
        return (
            Attribution(statement.speaker_canonical, statement.role, statement.cue, statement.kind),
            group_of(statement),
        )
    if statement is not None and statement.unclear:
        return Attribution(None, None, statement.cue, statement.kind, unclear=True), UNCLEAR_GROUP
    outlet = article.meta.outlet or "an unnamed outlet"
    return Attribution(outlet, None, "", OUTLET), f"outlet:{outlet.lower()}"
