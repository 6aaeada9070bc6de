"""Choosing what to quote: statements as the unit, the asked speaker first, the kind of
answer checked, weak and repeated quotes dropped (the order they are shown in is
:mod:`.ordering`'s).

Pure functions over the index and the search hits; nothing here reads a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from ..attribution import OUTLET, Statement, group_of, statement_at
from ..index import Index, lexical_words
from ..passages import Passage
from ..search import Hit
from ..vocabulary import verb_lemmas
from .kinds import CLOSED_CLASS, asked_words, fresh_in
from .units import Unit
from .widening import widened, with_answering_neighbour

# How many hits are turned into candidate quotes.
POOL = 40
# A candidate far below the best on its own words is not shown, rather than filling k with
# weak quotes.
DROP_MARGIN = 0.3
# For a claims list, a claimant's best quote must be this close to the best of all.
CLAIM_MARGIN = 0.25
# A heading matches a question's words easily but says little: it is shown only when no
# sentence does better by this much.
HEADING_PENALTY = 0.1
# A statement whose cue is the kind of act the question asks about ("who does each side
# blame": accused, blamed) is preferred by this much.
CUE_BONUS = 0.08
_CUE_CLASSES = {
    "accuse": {"accuse", "blame", "allege", "charge", "fault"},
    "deny": {"deny", "reject", "dispute", "rebuff", "dismiss"},
    "urge": {"urge", "call", "demand", "push", "appeal", "press"},
    "warn": {"warn", "threaten", "caution"},
    "claim": {"claim", "say", "state", "report", "tell", "announce", "estimate"},
}
# A quote already shown in the conversation loses this much (a follow-up prefers new ones).
SEEN_PENALTY = 0.3
# A statement by the asked speaker is on the topic when it is this similar to the topic; or
# when it uses half of the topic's common words (its names aside) and is TOPIC_FLOOR similar,
# or one of them and is TOPIC_SOME similar; a topic of names alone needs TOPIC_SOME.
TOPIC_CLOSE = 0.4
TOPIC_SHARE = 0.5
TOPIC_FLOOR = 0.2
TOPIC_SOME = 0.3
# A quote that holds what the question asks for and does not itself say (a name the question
# does not use, for "which team"; a quantity it does not give, for "how many") is preferred
# by this much over one that only restates the question's own words.
FRESH_BONUS = 0.1
# A speaker quoted more often than twice this is judged on this many of their statements
# closest to the question and as many closest to its topic.
SPEAKER_POOL = 100
# A segment of a passage shorter than this many words is a scrap, not a quote.
MIN_SEGMENT_WORDS = 3


# --- statements as the unit ----------------------------------------------------------------


def units_of(
    index: Index, passage: Passage, score: float, dense: float, topic: float, context: float = 0.0
):
    """A passage as quotable units: the whole passage when it has one voice, else one unit
    per statement, so that no quote carries two speakers under one label."""
    statements = index.lookup.statements_within(index, passage.file, passage.start, passage.end)
    voices = {group_of(s) for s in statements if s.kind != OUTLET and s.speaker_canonical}
    if len(voices) <= 1:
        best = statement_at(statements, passage.start, passage.end)
        whole = Unit(passage, passage.start, passage.end, best, score, dense, topic, context)
        return [widened(index, whole)]
    text = index.article(passage.file).text
    segments = segment(text, passage, statements)
    if len(segments) <= 1:
        best = statement_at(statements, passage.start, passage.end)
        return [Unit(passage, passage.start, passage.end, best, score, dense, topic, context)]
    return [Unit(passage, s, e, st, score, dense, topic, context) for s, e, st in segments]


def segment(text: str, passage: Passage, statements: Sequence[Statement]):
    """Cut a passage where one statement ends and the next begins: each part holds one
    statement with its cue and the words naming its speaker. Returns (start, end, statement)."""
    anchors = []
    for statement in statements:
        start, end = statement.span
        if any(_says_first_by_one_mention(other, statement) for other in statements):
            # "Jo Roe pointed to A and said B": the second statement starts at its own cue.
            start = _said_from(statement)
        start, end = max(start, passage.start), min(end, passage.end)
        # A cut never splits a word ("Nagorno-|Karabakh"): it moves to the word's start.
        while (
            start > passage.start
            and not text[start - 1].isspace()
            and text[start - 1] not in '“"(,;:—'
        ):
            start -= 1
        if end - start >= 3:
            anchors.append((start, end, statement))
    anchors.sort(key=lambda a: (a[0], -(a[1] - a[0])))
    parts: list[list] = []
    for start, end, statement in anchors:
        if parts and start < parts[-1][1]:
            if end <= parts[-1][1] and parts[-1][2].kind == OUTLET:
                continue  # a statement inside an outlet sentence is that sentence's
            if _reported_by(statement, parts[-1][2]):
                continue  # "Jo Roe said riders keep asking …": what Jo Roe says they ask
            parts[-1][1] = start  # the earlier statement stops where this one starts
        parts.append([start, end, statement])
    out = []
    for start, end, statement in parts:
        start, end = _trim_edges(text, start, end)
        # Only closing punctuation left before the passage ends: it belongs to this part.
        if re.fullmatch(r"[.!?…”\"’')\]]*", text[end : passage.end].strip()):
            end = passage.end
        if len(text[start:end].split()) >= MIN_SEGMENT_WORDS:
            out.append((start, end, statement))
    return out


def _reported_by(inner: Statement, outer: Statement) -> bool:
    """Whether a statement, the words naming its speaker and its cue all lie inside another
    statement's own words: the other speaker reports it."""
    edges = [inner.start, inner.end]
    edges += [at for at in (inner.cue_start, inner.mention_start) if at >= 0]
    return outer.kind != OUTLET and all(outer.start <= at <= outer.end for at in edges)


def _said_from(statement: Statement) -> int:
    """Where a statement's own words begin: its cue or its content, whichever is first."""
    return (
        min(statement.start, statement.cue_start) if statement.cue_start >= 0 else statement.start
    )


def _says_first_by_one_mention(first: Statement, second: Statement) -> bool:
    """Whether two statements share the words that name their speaker and ``first`` says its
    part before ``second`` does."""
    return (
        first is not second
        and first.mention_start >= 0
        and first.span[0] == second.span[0]
        and _said_from(first) < _said_from(second)
    )


def _trim_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past spaces, clause punctuation and joining words at its edges."""
    while True:
        piece = text[start:end]
        lead = re.match(r"^(?:[\s,;:—–-]|(?:and|but|while|whereas|as)\b)+", piece, re.I)
        tail = re.search(r"(?:[\s,;:—–-]|\b(?:and|but|while|whereas))+$", piece, re.I)
        if not lead and not tail:
            return start, end
        start += lead.end() if lead else 0
        end -= len(tail.group()) if tail else 0
        if end <= start:
            return start, start


# --- candidates ------------------------------------------------------------------------------


def candidates(
    index: Index, hits: Sequence[Hit], topic_vector: np.ndarray | None, verb: str | None = None
) -> list[Unit]:
    """The units of the best hits, each with its scores (a heading's lowered, a statement
    whose cue is the act the question asks about raised)."""
    units = []
    for hit in hits[:POOL]:
        topic = _similarity(index, hit.passage.id, topic_vector, hit.dense)
        score = hit.score - (HEADING_PENALTY if hit.passage.kind == "heading" else 0.0)
        units.extend(units_of(index, hit.passage, score, hit.dense, topic, hit.context))
    wanted = cue_class(verb)
    if wanted and wanted != "claim":
        units = [
            replace(u, score=u.score + CUE_BONUS)
            if u.statement is not None and cue_class(u.statement.cue) == wanted
            else u
            for u in units
        ]
    return units


def cue_class(verb: str | None) -> str | None:
    """The kind of act a verb of saying names: accusing, denying, urging, warning, claiming."""
    if not verb:
        return None
    word = verb.lower().split()[0]
    for lemma in verb_lemmas(word):
        for name, members in _CUE_CLASSES.items():
            if lemma in members:
                return name
    return None


def speaker_units(
    index: Index,
    speakers: Sequence[str],
    query_vector: np.ndarray,
    topic_vector: np.ndarray | None,
    known: dict[int, Hit],
) -> list[Unit]:
    """The statements by the asked speakers, as units, scored against the question: all of
    them, or for a speaker quoted in many articles, the SPEAKER_POOL closest to the question
    and the SPEAKER_POOL closest to its topic (and any the search found), so that what a
    question costs does not grow with how often its speaker is quoted."""
    wanted = set(speakers)
    held = [index.lookup.speaker_passages.get(speaker) for speaker in speakers]
    held = [ids for ids in held if ids is not None and len(ids)]
    ids = np.unique(np.concatenate(held)) if held else np.zeros(0, dtype=np.int64)
    vectors = index.backend.vectors_of(ids)
    dense = vectors @ query_vector if len(ids) else np.zeros(0)
    topic = vectors @ topic_vector if topic_vector is not None and len(ids) else dense
    if len(ids) > 2 * SPEAKER_POOL:
        found = np.fromiter(known, dtype=np.int64, count=len(known))
        keep = np.zeros(len(ids), dtype=bool)
        keep[_best(dense, SPEAKER_POOL)] = keep[_best(topic, SPEAKER_POOL)] = True
        keep |= np.isin(ids, found)
        ids, dense, topic = ids[keep], dense[keep], topic[keep]
    units = []
    for passage_id, similarity, topical in zip(ids.tolist(), dense, topic, strict=True):
        passage = index.passages[passage_id]
        hit = known.get(passage_id)
        similarity = hit.dense if hit else float(similarity)
        score = hit.score if hit else similarity
        topical = float(topical) if topic_vector is not None else similarity
        own = [
            u for u in units_of(index, passage, score, similarity, topical) if u.speaker in wanted
        ]
        units.extend(own or _reported_within(index, passage, wanted, score, similarity, topical))
    return units


def _reported_within(index, passage, wanted, score, similarity, topical) -> list[Unit]:
    """Units for what an asked speaker said as another reports it in the same words ("She
    told them …, said her spokesman"): the whole passage, credited to the asked speaker,
    so that the report and its reporter stay in view."""
    within = index.lookup.statements_within(index, passage.file, passage.start, passage.end)
    return [
        Unit(passage, passage.start, passage.end, s, score, similarity, topical)
        for s in within
        if s.kind != OUTLET and s.speaker_canonical in wanted
    ][:1]


def _best(scores: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` highest scores (in no particular order)."""
    if len(scores) <= count:
        return np.arange(len(scores))
    return np.argpartition(-scores, count)[:count]


def _similarity(index: Index, passage_id: int, vector: np.ndarray | None, default: float):
    if vector is None:
        return default
    return float(index.backend.vectors_of([passage_id])[0] @ vector)


# --- checks ------------------------------------------------------------------------------------


def on_topic(text: str, topic: str, similarity: float, setting: str = "") -> bool:
    """Whether a statement addresses a question's topic ("the arbitration proposal"), judged
    by its similarity to the topic and the topic's words it uses; or by its ``setting`` (its
    article's headline) using all of them: "I saw the slick stretch for a mile" in a story
    headlined "… after chemical spill" speaks of the spill."""
    if similarity >= TOPIC_CLOSE:
        return True
    common = [w for w in re.findall(r"[\w’'-]+", topic) if not w[:1].isupper()]
    wanted = set(lexical_words(" ".join(common))) if common else set()
    if not wanted:
        # A topic that is only a name ("the OSCE"): a statement that names it addresses it.
        names = set(lexical_words(topic))
        return similarity >= TOPIC_SOME or (bool(names) and names <= set(lexical_words(text)))
    shared = len(wanted & set(lexical_words(text)))
    if shared / len(wanted) >= TOPIC_SHARE and similarity >= TOPIC_FLOOR:
        return True
    if shared >= 1 and similarity >= TOPIC_SOME:
        return True
    return bool(setting) and wanted <= set(lexical_words(setting))


def setting_of(index: Index, unit: Unit) -> str:
    """What a unit's statement is said in: its article's headline (not its paragraph, which
    may hold another speaker's words on the topic)."""
    return index.article(unit.passage.file).meta.title or ""


# Nouns for what someone said, as another's sentence refers to it ("rejecting Armenia's claims
# that…", "denied the claim by the ministry"): plain English, no corpus's words.
_SAID_NOUNS = (
    r"claims?|allegations?|accusations?|assertions?|charges?|statements?|remarks?|comments?"
    r"|account|denials?|assessments?|figures?|demands?|proposals?|warnings?"
)


def responds_to(text: str, names: Sequence[str]) -> bool:
    """Whether a sentence speaks of what one of ``names`` said ("X's claim that", "the
    allegations by X"): a response to that speaker, or a report of their claim in another's
    words."""
    pattern = _said_by(tuple(sorted(set(names))))
    return pattern is not None and pattern.search(text) is not None


@lru_cache(maxsize=256)
def _said_by(names: tuple[str, ...]) -> re.Pattern | None:
    # An acronym of two letters ("EU", "UN") is a name; other names that short are not.
    spelled = [re.escape(n).replace(r"\ ", r"\s+") for n in names if len(n) >= 3 or n.isupper()]
    if not spelled:
        return None
    who = "|".join(sorted(spelled, key=len, reverse=True))
    # Names may begin or end with a non-word character ("U.S."): bounded by lookarounds.
    return re.compile(
        rf"(?<!\w)(?:{who})['’]s?\s+(?:[\w-]+\s+){{0,2}}?(?:{_SAID_NOUNS})\b"
        rf"|\b(?:{_SAID_NOUNS})\s+(?:made\s+)?(?:by|of|from)\s+(?:the\s+)?(?:{who})(?!\w)",
        re.IGNORECASE,
    )


def prefer_fresh(
    index: Index,
    units: list[Unit],
    texts: Sequence[str],
    kind: str,
    question: str,
    query_vector: np.ndarray | None = None,
) -> list[Unit]:
    """Units whose text (``texts``, in the same order) holds a fresh answer (see
    :func:`~.kinds.fresh_answer`), raised by FRESH_BONUS; the others widened, at their own
    score, to a sentence beside them that holds one (see
    :func:`.widening.with_answering_neighbour`)."""
    asked = asked_words(question)
    return [
        replace(u, score=u.score + FRESH_BONUS)
        if fresh_in(kind, t, asked, index.vocabulary)
        else with_answering_neighbour(index, u, kind, asked, query_vector, checked=True)
        for u, t in zip(units, texts, strict=True)
    ]


# Parts of one passage share its score; of two, the one using more of the question's words
# comes first, by this much a word: far below any difference between passages' scores.
PART_TIE_BREAK = 1e-6


def parts_by_question_words(units: list[Unit], texts: Sequence[str], question: str) -> list[Unit]:
    """Units where each part of a passage cut at its statements ("The ministry said …, and
    its spokeswoman said …") is raised by PART_TIE_BREAK for each of the question's words it
    uses, so that of two parts with the passage's one score the one the question is about
    is shown first; a passage quoted whole is left as it is."""
    words = {w for w in asked_words(question) if w not in CLOSED_CLASS}
    cut = {u.passage.id for u in units if (u.start, u.end) != (u.passage.start, u.passage.end)}
    return [
        replace(u, score=u.score + PART_TIE_BREAK * len(words & asked_words(t)))
        if u.passage.id in cut
        else u
        for u, t in zip(units, texts, strict=True)
    ]


def not_far_below(units: list[Unit], margin: float, or_own: bool = False) -> list[Unit]:
    """The units whose score is within ``margin`` of the best; with ``or_own``, also those
    whose score on their own words is within ``margin`` of the best such score (so that a
    quote is not dropped only because another sits in a better-matching article)."""
    if not units:
        return units
    best = max(u.score for u in units)
    best_own = max(u.own for u in units) if or_own else float("inf")
    return [u for u in units if u.score >= best - margin or u.own >= best_own - margin]


def from_outlets_first(index: Index, units: list[Unit], outlets: Sequence[str]) -> list[Unit]:
    """Units from the articles of the outlets a question names ("according to VOA") moved
    ahead of the rest: the question asks what that outlet reports."""
    wanted = {o.casefold() for o in outlets}
    lift = max((u.score for u in units), default=0.0)
    return [
        replace(u, score=u.score + lift)
        if (index.article(u.passage.file).meta.outlet or "").casefold() in wanted
        else u
        for u in units
    ]


def penalise_seen(units: list[Unit], seen: set[tuple[str, int, int]]) -> list[Unit]:
    """Units already shown in the conversation, moved down."""
    if not seen:
        return units
    return [replace(u, score=u.score - SEEN_PENALTY) if _was_seen(u, seen) else u for u in units]


def _was_seen(unit: Unit, seen: set[tuple[str, int, int]]) -> bool:
    return any(f == unit.passage.file and s < unit.end and e > unit.start for f, s, e in seen)
