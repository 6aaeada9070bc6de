"""The kind of answer a quote gives: a number, a date, a name; and whether it gives one the
question does not already say. Pure functions over text and the corpus's vocabulary."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

from ..attribution.lexicon import is_person_noun
from ..calendar_words import WEEKDAYS, month_names
from ..countries import countries_in, is_world_place
from ..figures import EVENTS, MEASURES, OWN, SPECIFIC_CLASSES, Figure, counted_class
from ..questions.counting import singulars
from ..questions.reading import COUNTRY, DEFINITION
from ..vocabulary import YEAR_OR_DECADE, Vocabulary, fold, place_stem, stems_alike

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?|billions?"
)
_HAS_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.I)
_MONTHS = "|".join(month_names())
# The days a date word names, besides the months.
_DAYS = "|".join((*WEEKDAYS, "yesterday", "today", "tonight"))
_HAS_DATE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:1[89]|20)\d\d\b|"
    rf"\b(?:{_DAYS}|"
    r"(?:last|this|next|coming|following) (?:week|month|year|night|weekend|decade|season|spring|"
    r"summer|fall|autumn|winter)|(?:days?|weeks?|months?|years?) ago|tomorrow|soon|"
    rf"(?:\d+|a few|several|a couple of|{_NUMBER_WORDS}) (?:hours?|days?|weeks?|months?|years?)|"
    r"since|morning|evening|overnight)\b",
    re.I,
)
_HAS_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


def gives(answer_type: str, text: str) -> bool:
    """Whether a quote holds the kind of answer a question asks for."""
    if answer_type == "number":
        return bool(_HAS_NUMBER.search(text))
    if answer_type == "date":
        return bool(_HAS_DATE.search(text))
    if answer_type == "person":
        return bool(_HAS_NAME.search(text))
    return True


_WORD = re.compile(r"[^\W_][\w’'.,&-]*[^\W_]|[^\W_]")
_NUMBER_TOKEN = re.compile(rf"^(?:\$?\d[\d,.]*%?|{_NUMBER_WORDS})$", re.I)
# English's closed word classes (articles, pronouns, prepositions, conjunctions, auxiliaries,
# a few sentence adverbs) and titles: capitalised at the start of a sentence and in title-case
# headings, so a collection's names pick many of them up, but never an answer. "us" is left
# out for the US; "may", "will" and "can" do hide the rare name spelled like them.
_CLOSED_CLASS = """
    a an the this that these those some any each every all both either neither no other
    another such many much more most few several own same
    i me my mine we our ours you your yours he him his she her hers it its they them their
    theirs myself yourself himself herself itself ourselves yourselves themselves oneself
    who whom whose which what where when why how whoever whatever
    of in on at to for by with from as into onto upon about above below over under after
    before between among through during since until till against without within across
    along around behind beyond near off out up down per via toward towards
    and or but nor so yet if though although because while whereas unless whether than
    then once
    is am are was were be been being have has had do does did will would shall should can
    could may might must
    not also just still even only here there now too very already however meanwhile
    instead yes
    mr mrs ms dr
"""
CLOSED_CLASS = frozenset(_CLOSED_CLASS.split())
# A day or a month is a date, not a name: it answers "when", not "which team" or "who".
_DATE_WORD = re.compile(rf"(?:{_MONTHS}|{_DAYS}|tomorrow)\.?", re.I)


def fresh_answer(kind: str, text: str, question: str, vocabulary: Vocabulary) -> bool:
    """Whether a quote holds something of the kind asked for that the question does not
    already say: a quantity, a date, a place, a country, a person, or any name (one the
    corpus uses as a name; see ``Reading.fresh``), or a description of the name asked about."""
    return fresh_in(kind, text, asked_words(question), vocabulary)


def asked_words(question: str) -> frozenset[str]:
    """The words of a question, folded, as :func:`fresh_in` compares them, and the parts
    of its hyphenated ones ("COVID-19" asks about "COVID")."""
    words = {fold(w) for w in _WORD.findall(question)}
    return frozenset(words | {part for word in words for part in word.split("-") if part})


def fresh_in(kind: str, text: str, asked: frozenset[str], vocabulary: Vocabulary) -> bool:
    """:func:`fresh_answer` with the question's words (``asked_words``) read once for many
    quotes."""
    if kind == DEFINITION:
        return defines(text, asked)
    if kind == COUNTRY:
        # "Which country…?" is answered by a country, not by a town or a province in it.
        return any(not set(asked_words(name)) <= asked for name in countries_in(text))
    words = _WORD.findall(text)
    if kind == "number":
        return any(_NUMBER_TOKEN.match(w) and fold(w) not in asked for w in words)
    if kind == "date":
        return any(fold(m.group()) not in asked for m in _HAS_DATE.finditer(text))
    for word in words:
        if not word[:1].isupper():
            continue
        folded = fold(word)
        # The collection keeps a hyphenated name by its parts (see ``Vocabulary.add_doc``).
        parts = [part for part in folded.split("-") if part[:1].isalpha()]
        # An acronym is a name even when it spells a common word ("UP", "WHO").
        acronym = len(word) > 1 and word.isupper()
        # "Chick-fil-A" is a name by "chick" and "fil".
        own = [part for part in parts if acronym or part not in CLOSED_CLASS]
        if (
            own
            and all(part in vocabulary.names for part in parts)
            and folded not in asked
            and not _DATE_WORD.fullmatch(folded)
            and not any(part in asked for part in own)
            and _name_of_kind(word, kind, vocabulary)
        ):
            return True
    return False


def _name_of_kind(word: str, kind: str, vocabulary: Vocabulary) -> bool:
    """Whether a name answers a question asking for ``kind``: any name, a place (one the
    corpus uses as a place, a country or a continent), or a person (a name that is not a
    place; a surname may spell a country, so only the corpus's own places are ruled out)."""
    if kind == "name":
        return True
    if kind == "place":
        return vocabulary.is_place(word) or is_world_place(word)
    return not vocabulary.is_place(word)


# What follows a name where a sentence says what it is: an appositive ("X, a spokesman for
# the president", "X, the ministry's…"), a relative clause ("X, which was set up in 1992",
# "X that was founded…"), a participle ("X, founded in 1990") or a copula ("X is a…").
_DEFINING = re.compile(
    r",\s+(?:a|an|the|one|which|who|whose|its|his|her|their|now|formerly|founded|established|"
    r"formed|created|set up|made up|comprised|composed|based|headed|led|chaired|co-chaired|"
    r"known|named|called|located|owned|backed)\b"
    r"|\s+(?:that|which|who)\s+(?:is|was|are|were|has|had)\b"
    r"|\s+(?:is|was|are|were)\s+(?:a|an|the|one)\b"
)
_NAME_PART = re.compile(r"[^\W_][\w’'.&-]*")


def defines(text: str, asked: frozenset[str]) -> bool:
    """Whether a quote says what the name a question asks about is (see
    ``questions.reading.defined_name``): the name, with every word the question gives it
    (``asked``, from :func:`asked_words`), followed by words that describe it."""
    wanted = {w for w in asked if w not in CLOSED_CLASS}
    if not wanted:
        return False
    found = list(_NAME_PART.finditer(text))
    starts = [m.start() for m in found]
    words = [fold(m.group()).rstrip(".") for m in found]
    for describing in _DEFINING.finditer(text):
        before = words[: bisect.bisect_left(starts, describing.start())]
        if wanted <= set(itertools.takewhile(lambda w: w in asked, reversed(before))):
            return True
    # A role just before the name ("harbour master Ilse Varga", "President Ilham Aliyev").
    for start, word in enumerate(words):
        if word not in asked or start == 0 or words[start - 1] in asked:
            continue
        if not is_person_noun(words[start - 1]):
            continue
        named = set(itertools.takewhile(lambda w: w in asked, words[start:]))
        if wanted <= named:
            return True
    return False


# What "how many people" counts takes in soldiers, civilians and victims alike.
_ANY_PEOPLE = "people"


def counts_anything(counted: str) -> bool:
    """Whether a how-many question's noun (``Reading.counts``) counts people in general, so
    that a figure of any people answers it."""
    return _ANY_PEOPLE in {counted_class(s) for s in singulars(counted)}


def counts_asked(
    figures: Iterable[Figure],
    counted: str,
    whose: str | None,
    owner: Sequence[str] = (),
    event: str | None = None,
) -> bool:
    """Whether any of a quote's figures counts what a how-many question counts
    (``Reading.counts``, ``Reading.counts_whose``, ``Reading.counts_event``): the same
    class of thing ("troops" for "soldiers"), the same side when both name one ("Armenian"
    and "Armenia's"; for "its soldiers", the side of the speaker, whose places are
    ``owner``), and the same event when both name one ("killed", not "wounded")."""
    wanted = {counted_class(s) for s in singulars(counted)}
    return any(
        _same_side(f, whose, owner)
        and _same_event(f, event)
        and (_counts_kind(f, wanted) or _people_of_the_side(f, whose))
        for f in figures
    )


def counts_other(
    figures: Iterable[Figure],
    counted: str,
    whose: str | None,
    owner: Sequence[str] = (),
    event: str | None = None,
) -> bool:
    """Whether a quote's figures all count something other than what a how-many question
    counts: another kind of people ("civilians" for "soldiers"), the kind asked for on
    another side ("Armenian soldiers" for "Azerbaijani soldiers") or in another event
    ("wounded" for "killed"), or a measure ("square kilometres") when the question counts
    no measure, or things ("towns", "tanks") when it counts people. A quote with no figure,
    or with one that counts people in general or a thing of no known class when the question
    counts things, is not."""
    wanted = {counted_class(s) for s in singulars(counted)}
    measures = not wanted & MEASURES
    people = bool(wanted & _PEOPLE_CLASSES)
    figures = list(figures)
    return bool(figures) and all(
        not (_same_side(f, whose, owner) and _same_event(f, event))
        if _counts_kind(f, wanted)
        else f.kind[0] in SPECIFIC_CLASSES
        or (measures and f.counts in MEASURES)
        or (people and f.counts is not None and not _counts_people(f))
        for f in figures
    )


_PEOPLE_CLASSES = SPECIFIC_CLASSES | {_ANY_PEOPLE}


def _counts_people(figure: Figure) -> bool:
    """Whether a figure counts people: of a known class, or by a noun that names a person
    ("workers", "hostages")."""
    return figure.kind[0] in _PEOPLE_CLASSES or is_person_noun(figure.counts or "")


def _same_event(figure: Figure, event: str | None) -> bool:
    """Whether a figure may count what happened in the event a question names: it names no
    known event, or the same one."""
    happened = figure.kind[1]
    return event is None or happened not in EVENTS or happened == event


def _counts_kind(figure: Figure, wanted: set[str | None]) -> bool:
    # "How many died on the Armenian side" asks for people of every kind.
    return counted_class(figure.counts) in wanted or (
        _ANY_PEOPLE in wanted and _counts_people(figure)
    )


def _people_of_the_side(figure: Figure, whose: str | None) -> bool:
    """Whether a figure counts people in general of the side a question names ("3,000
    Azerbaijanis died" for "how many soldiers died on the Azerbaijani side"): a toll of a
    side's people takes in its soldiers."""
    return (
        whose is not None
        and figure.whose is not None
        and counted_class(figure.counts) == _ANY_PEOPLE
    )


def _same_side(figure: Figure, whose: str | None, owner: Sequence[str]) -> bool:
    """Whether a figure may count the side a question names: it names none, or the same one,
    or it counts the speaker's own ("its soldiers") and the speaker belongs to that side or
    to no known place."""
    if whose is None or figure.whose is None:
        return True
    sides = owner if figure.whose in OWN else [figure.whose]
    return not sides or any(stems_alike(place_stem(side), place_stem(whose)) for side in sides)


# A quote dated this many years or more before its article was published tells history.
HISTORY_YEARS = 10


def years_named(text: str) -> list[int]:
    """The years a text names, a decade by its first year ("the 1990s": 1990)."""
    return [int(year) for year in YEAR_OR_DECADE.findall(text)]


def tells_history(text: str, published: str | None) -> bool:
    """Whether a quote dates what it tells a decade or more before its article was published
    (``published`` is YYYY-MM-DD): every year it names is that old ("some 1.5 million died
    in mass killings beginning in 1915", "a war in the 1990s", in a report of 2020)."""
    if not published or not published[:4].isdigit():
        return False
    years = years_named(text)
    return bool(years) and max(years) <= int(published[:4]) - HISTORY_YEARS
