"""Ordering the chosen quotes: near-copies kept from crowding the list (maximal marginal
relevance), and, for each-side and number questions, one claim per claimant in a neutral
order.

Pure functions over the index; nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..attribution import group_of
from ..figures import Figure
from ..index import Index
from ..vocabulary import place_stem
from . import kinds
from .units import Unit
from .widening import passages_of

# Maximal marginal relevance: how much a candidate loses for resembling a chosen one.
DIVERSITY = 0.35


def diversify(
    index: Index,
    units: list[Unit],
    k: int,
    order: str = "score",
    after: Sequence[Unit] = (),
) -> list[Unit]:
    """Up to ``k`` units by maximal marginal relevance, near-copies folded.

    A unit whose passage restates or duplicates a chosen one's is left out (the chosen one
    lists it as "also reported by"); one that merely resembles a chosen one is moved down.
    ``order`` is the unit attribute relevance is read from (``score``, ``dense`` or ``topic``).
    ``after`` are units already chosen, in order: the list continues from them.
    """
    pool = sorted(units, key=lambda u: (-getattr(u, order), u.passage.id, u.start))
    chosen: list[Unit] = list(after)
    covered: set[int] = set()
    vectors: dict[int, np.ndarray] = {}

    def vector(passage_id: int) -> np.ndarray:
        if passage_id not in vectors:
            vectors[passage_id] = index.backend.vectors_of([passage_id])[0]
        return vectors[passage_id]

    taken: dict[tuple[str, int, int], list[int]] = {}

    def passages(unit: Unit) -> list[int]:
        if unit.key not in taken:
            taken[unit.key] = passages_of(index, unit)
        return taken[unit.key]

    for unit in chosen:
        covered.update(_with_copies(index, passages(unit)))

    while pool and len(chosen) < k:
        best, best_value = None, None
        for unit in pool:
            if any(p in covered for p in passages(unit)) and not any(
                c.passage.id == unit.passage.id for c in chosen
            ):
                continue
            if any(_overlaps(unit, c) for c in chosen):
                continue  # a quote widened to its neighbour already shows this text
            resemblance = max(
                (
                    float(vector(unit.passage.id) @ vector(c.passage.id))
                    for c in chosen
                    if c.passage.id != unit.passage.id
                ),
                default=0.0,
            )
            value = getattr(unit, order) - DIVERSITY * max(resemblance, 0.0)
            if best_value is None or value > best_value:
                best, best_value = unit, value
        if best is None:
            break
        pool.remove(best)
        if any(c.key == best.key for c in chosen):
            continue
        chosen.append(best)
        covered.update(_with_copies(index, passages(best)))
    return chosen


def filled_from_first_article(
    index: Index, chosen: list[Unit], candidates: list[Unit], k: int
) -> list[Unit]:
    """``chosen`` and, while it is shorter than ``k``, more of the candidates from the
    article of its first quote, by maximal marginal relevance after those chosen.

    The right article's answering sentence often matches the question's words less than
    the rest of it does (a lead names what later sentences call "they"), so a quote from
    that article is worth more to a reader than an empty place, while a weak match
    elsewhere is not.
    """
    if not chosen or len(chosen) >= k:
        return chosen
    keys = {u.key for u in chosen}
    first = chosen[0].passage.file
    rest = [u for u in candidates if u.passage.file == first and u.key not in keys]
    return diversify(index, rest, k, after=chosen)


def _with_copies(index: Index, passage_ids: list[int]) -> set[int]:
    """Passages and their near-copies (restatements and duplicates) elsewhere."""
    found = set(passage_ids)
    for passage_id in passage_ids:
        found.update(index.restatements.get(passage_id, ()))
        found.update(index.duplicates.get(passage_id, ()))
    return found


def _overlaps(unit: Unit, other: Unit) -> bool:
    return (
        unit.passage.file == other.passage.file
        and unit.start < other.end
        and other.start < unit.end
    )


def claims(index: Index, units: list[Unit], k: int, include_outlets: bool) -> list[Unit]:
    """One best unit per claimant, taken in turn from each place the claimants belong to (so
    that one side's many voices do not crowd out the other's), then put in alphabetical order
    of claimant, outlets' own reporting after named speakers: a neutral order that favours
    no side."""
    best: dict[str, Unit] = {}
    for unit in sorted(units, key=lambda u: -u.score):
        key = group_of(unit.statement) if unit.speaker else None
        if key is None:
            if not include_outlets:
                continue
            key = f"~outlet:{(index.article(unit.passage.file).meta.outlet or '').casefold()}"
        if key not in best and not _restates_chosen(index, unit, best.values()):
            best[key] = unit
    by_side: dict[str, list[Unit]] = {}
    for unit in sorted(best.values(), key=lambda u: -u.score):
        by_side.setdefault(_side_of(index, unit), []).append(unit)
    taken: list[Unit] = []
    while len(taken) < k and any(by_side.values()):
        for side in sorted(by_side, key=lambda s: -by_side[s][0].score if by_side[s] else 0):
            if by_side[side] and len(taken) < k:
                taken.append(by_side[side].pop(0))
    return sorted(taken, key=lambda u: _claimant_label(index, u))


def _side_of(index: Index, unit: Unit) -> str:
    """The place a claimant belongs to, as the registry has it ("" when none is known)."""
    if not unit.speaker:
        return ""
    places = index.lookup.speaker_places.get(unit.speaker, ())
    return place_stem(places[0]) if places else f"~{unit.speaker}"


def covered(index: Index, units) -> set[int]:
    """The passages of ``units`` and their near-copies (restatements and duplicates), which
    another unit must not repeat."""
    folded: set[int] = set()
    for unit in units:
        folded.update(_with_copies(index, passages_of(index, unit)))
    return folded


def takes_in_any(index: Index, unit: Unit, passage_ids: set[int]) -> bool:
    """Whether any passage a unit's text takes in is among ``passage_ids``."""
    return any(p in passage_ids for p in passages_of(index, unit))


def _restates_chosen(index: Index, unit: Unit, chosen) -> bool:
    return takes_in_any(index, unit, covered(index, chosen)) and not any(
        o.passage.id == unit.passage.id for o in chosen
    )


def _claimant_label(index: Index, unit: Unit) -> tuple:
    if unit.speaker:
        return (0, unit.speaker.casefold())
    return (1, (index.article(unit.passage.file).meta.outlet or "").casefold())


# A quote whose figure counts what a "how many" question counts ("how many soldiers…") is
# preferred among near-equals by this much, as one holding a fresh answer is.
COUNT_BONUS = 0.1


def counting_first(
    units: list[Unit],
    figures: Sequence[Sequence[Figure]],
    counted: str,
    whose: str | None,
    owners: Sequence[Sequence[str]],
    event: str | None = None,
) -> list[Unit]:
    """Units whose figures (``figures``, in the same order, with the places of each unit's
    speaker in ``owners``) count what a how-many question counts (``Reading.counts``,
    ``Reading.counts_whose``, ``Reading.counts_event``) raised by COUNT_BONUS; a question
    counting people in general raises none."""
    if kinds.counts_anything(counted):
        return units
    return [
        replace(u, score=u.score + COUNT_BONUS)
        if kinds.counts_asked(f, counted, whose, o, event)
        else u
        for u, f, o in zip(units, figures, owners, strict=True)
    ]
