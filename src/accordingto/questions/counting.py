"""What a "how many" question counts: the thing ("soldiers", "people"), whose ("of the
Northvale side"), and in which event ("killed", "wounded")."""

from __future__ import annotations

import re

from ..countries import is_world_place
from ..figures import EVENTS, event_class
from ..vocabulary import Vocabulary, fold, verb_lemmas
from .words import AUX, STOP_WORDS, TOKEN, interrogative

_HOW_MANY = re.compile(r"\bhow many\s+(?P<rest>[^?.!,;:]+)", re.I)
# Plurals that do not end in "s" (with their singulars); then the endings of words in "s"
# that are not plurals.
_IRREGULAR_PLURALS = {
    "people": "people", "children": "child", "men": "man", "women": "woman",
    "servicemen": "serviceman", "policemen": "policeman", "personnel": "personnel",
    "police": "police", "mice": "mouse", "geese": "goose", "feet": "foot", "teeth": "tooth",
}  # fmt: skip
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "'s", "’s")


def counted_of(text: str, vocabulary: Vocabulary | None = None) -> tuple[str | None, str | None]:
    """What a how-many question counts: the first plural noun among the few words after
    "how many", folded, and a capitalised word just before it ("How many Armenian soldiers
    were killed?" gives "soldiers" and "Armenian"); (None, None) when there is none. People
    are counted by a verb alone ("how many died") or by their name ("how many Armenians",
    when ``vocabulary`` or the world's countries know the place), and a side may be named
    after the verb ("how many died on the Armenian side").

    The words stop at the first word that joins or asks ("how many of them", "how many
    did…"), so a plural further on is not taken for what is counted.
    """
    asking = interrogative(text)
    found = _HOW_MANY.search(asking)
    if found:
        counted, whose = _counted_after(found.group("rest"), vocabulary)
    else:
        counted, whose = _toll_asked(asking, vocabulary)
    if counted is None:
        return None, None
    side = _SIDE_ASKED.search(asking)
    if side and whose is None:
        whose = side.group("side") or side.group("of")
    return counted, whose


# A toll asked for without "how many": "the death toll", "Armenian military losses", "the
# civilian casualties". Whose it is may stand before it.
_TOLL = re.compile(
    r"(?:\b(?P<whose>[A-Z][\w-]*?)(?:['’]s)?\s+)?(?:(?P<kind>military|civilian)\s+)?"
    r"\b(?P<noun>death\s+toll|toll|losses|casualties|deaths|dead|fatalities)\b",
)
_TOLL_KINDS = {"military": "soldiers", "civilian": "civilians"}
_DEATHS = ("death", "dead", "fatalities")


def _toll_asked(asking: str, vocabulary: Vocabulary | None) -> tuple[str | None, str | None]:
    """:func:`counted_of` for a question that asks for a toll without "how many": people (or
    soldiers, or civilians), and a people named before it ("Armenian military losses")."""
    found = _TOLL.search(asking)
    if not found:
        return None, None
    whose = found.group("whose")
    if whose and not _people_of_place(whose, vocabulary):
        whose = None
    return _TOLL_KINDS.get(found.group("kind") or "", "people"), whose


def counted_event(text: str) -> str | None:
    """What happened to what a how-many question counts, in ``figures.event_class``'s
    classes ("How many soldiers were killed?" and "how many died" give "killed"; so does a
    question asking for a death toll), or None when its words after "how many" name no
    known event."""
    asking = interrogative(text)
    found = _HOW_MANY.search(asking)
    if not found:
        toll = _TOLL.search(asking)
        return "killed" if toll and toll.group("noun").startswith(_DEATHS) else None
    for word in TOKEN.findall(found.group("rest").lower())[:8]:
        for lemma in verb_lemmas(word):
            event = event_class(lemma)
            if event in EVENTS:
                return event
    return None


# "On the Armenian side", "on Armenia's side", "on the side of Armenia": whose count is asked.
_SIDE_ASKED = re.compile(
    r"\bon\s+(?:the\s+)?(?P<side>[A-Z][\w-]*?)(?:['’]s)?\s+side\b"
    r"|\bon\s+the\s+side\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w-]*)"
)
# "How many died", "how many have been killed": people, though no noun says so.
_PEOPLE_VERB = re.compile(
    r"(?:(?:have|has|had|were|was|are|is|been|being|did|do)\s+)*"
    r"(?:died|dead|killed|wounded|injured|hurt|perished|lost\s+their\s+lives)\b",
    re.I,
)


def _counted_after(rest: str, vocabulary: Vocabulary | None) -> tuple[str | None, str | None]:
    """:func:`counted_of` from the words after "how many"."""
    if _PEOPLE_VERB.match(rest):
        return "people", None
    words = TOKEN.findall(rest)[:5]
    whose = None
    # "How many of Armenia's soldiers", "how many of the troops": the noun after "of" and a
    # determiner or a possessive is what is counted.
    if words and words[0].lower() == "of":
        words = words[1:]
        if words and (words[0].lower() in _OF_WHOM or re.search(r"['’]s$", words[0])):
            if words[0][:1].isupper():
                whose = re.sub(r"['’]s$", "", words[0])
            words = words[1:]
    for position, word in enumerate(words[:4]):
        lower = fold(word)
        if lower in STOP_WORDS or lower in AUX.split("|"):
            break
        if position == 0 and lower.endswith("s") and _people_of_place(word, vocabulary):
            return "people", word  # "How many Armenians": the people of a side
        if not singulars(lower):
            continue
        before = words[position - 1] if position else ""
        return lower, (before if before[:1].isupper() else whose)
    return None, None


def _people_of_place(word: str, vocabulary: Vocabulary | None) -> bool:
    """Whether a capitalised word names the people of a place ("Armenians")."""
    if not word[:1].isupper():
        return False
    return is_world_place(word) or (vocabulary is not None and vocabulary.is_place(word))


_OF_WHOM = {"the", "its", "their", "our", "his", "her", "those", "these"}


def singulars(word: str) -> tuple[str, ...]:
    """The singulars an English plural noun may have ("buses" may be "buse" or "bus"); none
    for a word that is not plural."""
    if word in _IRREGULAR_PLURALS:
        return (_IRREGULAR_PLURALS[word],)
    if len(word) < 4 or not word.endswith("s") or word.endswith(_NOT_PLURAL_ENDINGS):
        return ()
    if word.endswith("ies"):
        return (word[:-3] + "y", word[:-1])
    return (word[:-1], word[:-2]) if word.endswith("es") else (word[:-1],)
