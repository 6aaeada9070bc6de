"""Figures: the quantities a statement gives, with what each one counts.

"2,300 Azerbaijani troops were killed" is the figure 2300, counting troops, of the
Azerbaijani side, for the event "killed". Found at index time on spaCy's entities
(CARDINAL, QUANTITY, MONEY, PERCENT: never DATE or TIME, so a year is not a death toll) and
the dependency parse around them, and on a number the recogniser left unlabelled where it
plainly counts a noun ("900 Northvale soldiers", beside a name it misread). Comparing
figures compares like with like: the same kind of thing counted, for the same kind of event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from .parsed import entities

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}

# Plain English number words; larger ones multiply ("three thousand").
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")

# What is counted, grouped so that figures are compared like with like. General English
# nouns for people and things that reports count.
_COUNTED_CLASSES = {
    "soldiers": {
        "soldier", "troop", "serviceman", "servicemen", "fighter", "personnel", "combatant",
        "militant", "officer", "recruit",
    },
    "civilians": {"civilian", "resident", "child", "woman", "villager", "noncombatant"},
    "people": {"people", "person", "individual", "man", "victim", "casualty", "death", "fatality"},
}  # fmt: skip
# The classes that name one kind of people ("people" takes in them all).
SPECIFIC_CLASSES = frozenset(_COUNTED_CLASSES) - {"people"}
# Units of measure: a figure of them is a length, an area, a share or a sum, never a count of
# people or things.
MEASURES = frozenset({
    "%", "percent", "cent", "point", "foot", "feet", "inch", "yard", "mile", "metre", "meter",
    "kilometre", "kilometer", "km", "mph", "kph", "degree", "pound", "ounce", "ton", "tonne",
    "gram", "kilogram", "kg", "acre", "hectare", "litre", "liter", "gallon", "barrel",
    "dollar", "euro",
})  # fmt: skip
_EVENT_CLASSES = {
    "killed": {"kill", "die", "dead", "death", "neutralise", "neutralize", "slay", "perish"},
    "wounded": {"wound", "injure", "hurt", "injured", "wounded"},
    "destroyed": {"destroy", "down", "shoot", "lose", "hit"},
    "displaced": {"displace", "flee", "evacuate"},
}
# The classes of events (what ``event_class`` gives for a known event).
EVENTS = frozenset(_EVENT_CLASSES)


@dataclass(frozen=True)
class Figure:
    """A number a statement gives and what it counts, as far as the grammar tells."""

    text: str  # as written: "2,300", "six", "more than 150"
    value: float | None
    # The counted noun's lemma: "troop", "civilian", "tank"; "people" for a people by name
    # ("3,000 Azerbaijanis").
    counts: str | None = None
    # A side named on the noun ("Azerbaijani", "Armenian"; a people counted by name is its
    # own side) or where they were hit ("on the Armenian side"), or a possessive ("its",
    # "their") that leaves it to the statement's speaker ("Armenia said 1,166 of its
    # soldiers", "killed on its side").
    whose: str | None = None
    event: str | None = None  # the verb or adjective: "kill", "wound", "destroy"
    # What it counts as the source writes it: "Azerbaijani troops killed and wounded".
    words: str | None = None

    def to_dict(self) -> dict:
        """The figure as plain JSON-ready values (every field holds one, so a shallow copy
        is ``asdict``'s)."""
        return {name: getattr(self, name) for name in _FIGURE_FIELDS}

    @classmethod
    def from_dict(cls, record: dict) -> Figure:
        """A figure from its ``to_dict()`` form."""
        return cls(**record)

    @property
    def kind(self) -> tuple[str | None, str | None]:
        """What is counted and what happened to it, in classes comparable across sources."""
        return counted_class(self.counts), event_class(self.event)

    def describe(self) -> str:
        """What the figure counts, in the source's words: "Azerbaijani troops killed", and
        never a word the source did not use ("died" stays "died", "neutralised" stays
        "neutralised"); a figure stored before ``words`` was kept is described from its
        classes."""
        if self.words is not None:
            return self.words
        event = event_class(self.event)
        parts = [self.whose, _plural(self.counts), event if event in _EVENT_CLASSES else None]
        return " ".join(p for p in parts if p)


_FIGURE_FIELDS = tuple(f.name for f in fields(Figure))


def counted_class(lemma: str | None) -> str | None:
    """The class of a counted noun ("troop" -> "soldiers"), or the lemma itself."""
    if lemma is None:
        return None
    for name, members in _COUNTED_CLASSES.items():
        if lemma in members:
            return name
    return lemma


def event_class(lemma: str | None) -> str | None:
    """The class of an event ("die" -> "killed"), or the lemma itself."""
    if lemma is None:
        return None
    for name, members in _EVENT_CLASSES.items():
        if lemma in members:
            return name
    return lemma


def number_value(text: str) -> float | None:
    """The value of a number as written: "2,300" -> 2300, "six" -> 6, "three thousand"."""
    digits = _DIGITS.search(text)
    words = re.findall(r"[a-z]+", text.lower())
    scale = 1
    for word in words:
        scale *= _SCALES.get(word, 1)
    if digits:
        try:
            return float(digits.group().replace(",", "")) * scale
        except ValueError:
            return None
    total = None
    for word in words:
        if word in _UNITS and word not in ("a", "an"):
            total = (total or 0) + _UNITS[word]
        elif word in _SCALES:
            total = (total or 1) * _SCALES[word]
    return float(total) if total is not None else None


def figures_in(doc: Doc, offset: int, start: int, end: int) -> tuple[Figure, ...]:
    """The figures stated between ``start`` and ``end`` (article offsets) of a parsed
    paragraph that begins at ``offset``."""
    found = []
    numbers = [e for e in entities(doc) if e.label_ in NUMBER_LABELS]
    numbers = sorted([*numbers, *_unlabelled_counts(doc)], key=lambda span: span.start)
    for entity in numbers:
        at, until = offset + entity.start_char, offset + entity.end_char
        if at < start or until > end:
            continue
        value = number_value(entity.text)
        if value is None:
            continue
        number = next((t for t in reversed(entity) if t.like_num), entity.root)
        noun = _counted_noun(number)
        whose = _side(noun) if noun is not None else None
        event = _event_token(noun if noun is not None else number)
        written = _as_written(noun, whose, event, entity)
        if noun is None:
            # "19 civilians were killed and 55 wounded": 55 civilians, though not written.
            noun = _elided_noun(number)
            whose = _side(noun) if noun is not None else None
        counts = noun.lemma_.lower() if noun is not None else None
        if whose is None and event is not None:
            whose = _side_of_event(event)
        if noun is not None and whose is None and _names_a_people(noun):
            # "3,000 Azerbaijanis": people, of the side the noun names.
            counts, whose = "people", noun.text
        found.append(
            Figure(
                text=entity.text,
                value=value,
                counts=counts,
                whose=whose,
                event=event.lemma_.lower() if event is not None else None,
                words=written,
            )
        )
    return tuple(found)


# Nouns of time: "90 minutes" or "3 weeks" is a duration, not a count, whatever its label.
_TIME_NOUNS = {
    "second", "minute", "hour", "day", "night", "week", "weekend", "month", "year", "decade",
    "century", "a.m.", "p.m.",
}  # fmt: skip


_PLAIN_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+")


def _unlabelled_counts(doc: Doc) -> list[Span]:
    """Numbers that count the noun after them ("900 soldiers", "at least 40 homes") but that
    the entity recogniser gave no label, with the words that qualify them ("at least").

    Not a number in a name or a ranking ("Gate 9 queue", "No. 4", "Three Rivers fund"), a
    score or a range written with a dash, a share, or "one" (rarely a count in dispute).
    """
    spans = []
    for token in doc:
        if not (token.like_num and token.dep_ == "nummod" and not token.ent_type_):
            continue
        noun = token.head
        if noun.pos_ != "NOUN" or noun.i < token.i or noun.lemma_.lower() in _TIME_NOUNS:
            continue
        if not _PLAIN_NUMBER.fullmatch(token.lower_ if token.is_sent_start else token.text):
            continue  # capitalised inside a sentence: part of a name
        if token.lower_ == "one" or number_value(token.text) is None:
            continue
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if after is not None and after.text in ("%", "-", "–", "/"):
            continue
        first = token.i
        while first > 0 and doc[first - 1].dep_ in ("quantmod", "advmod"):
            if doc[first - 1].head.i not in (token.i, first):
                break
            first -= 1
        before = doc[first - 1] if first > 0 else None
        if before is not None and (before.pos_ == "PROPN" or before.text[:1].isupper()):
            continue
        spans.append(doc[first : token.i + 1])
    return spans


def _as_written(noun: Token | None, whose: str | None, event: Token | None, number) -> str:
    """What a figure counts in the source's own words: the side and counted noun as written,
    then the verb as written with any verb joined to it ("killed and wounded")."""
    parts = []
    if noun is not None and not (number.start <= noun.i < number.end):
        parts += [whose, noun.text]
    if event is not None:
        # "killed and wounded", but not "six were killed and 26 wounded": there "wounded"
        # has a count of its own.
        joined = [
            c
            for c in event.children
            if c.dep_ == "conj"
            and c.pos_ == event.pos_
            and not any(g.like_num or g.dep_ in _OWN_ARGUMENTS for g in c.children)
        ]
        parts.append(
            _with_particle(event) + (f" and {_with_particle(joined[0])}" if joined else "")
        )
    return " ".join(p for p in parts if p)


_OWN_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "attr", "npadvmod"}


def _with_particle(verb: Token) -> str:
    """A verb as written with its particle: "shot down"."""
    particles = [c.text for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.text, *particles])


def _counted_noun(number: Token) -> Token | None:
    """The noun a number counts: "19 civilians", "about 400 of them" -> "them"'s head."""
    if number.dep_ in ("nummod", "quantmod", "amod", "compound") and number.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        return number.head
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
            if objects:
                return objects[0]
    if number.pos_ == "NOUN":
        return number
    return None


def _names_a_people(noun: Token) -> bool:
    """Whether a counted noun is a people or group by name ("Azerbaijanis", "Democrats"):
    a nationality, or a plural proper noun (the parser rarely calls those a nationality)."""
    return noun.ent_type_ == "NORP" or noun.tag_ == "NNPS"


# Possessives that make the counted things the speaker's own: "1,166 of its soldiers".
OWN = frozenset({"its", "their", "our", "his", "her", "my"})


def _side(noun: Token) -> str | None:
    """A nationality or place named on the counted noun ("Azerbaijani troops"), else a
    possessive on it ("its soldiers")."""
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "poss") and _names_a_side(child):
            return re.sub(r"[’']s$", "", child.text)
    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ in OWN:
            return child.lower_
    return None


def _names_a_side(word: Token) -> bool:
    """Whether a word on a counted noun names a side: a nationality or place to the entity
    recogniser, or a proper adjective or name inside a sentence ("2,300 Azerbaijani troops",
    "900 Northvale soldiers", which the recogniser often leaves unlabelled); a capital at a
    sentence's start shows nothing ("Many soldiers")."""
    if word.ent_type_ in ("NORP", "GPE"):
        return True
    return word.text[:1].isupper() and word.pos_ in ("ADJ", "PROPN") and not word.is_sent_start


def _elided_noun(number: Token) -> Token | None:
    """The noun a number with none of its own counts by ellipsis: the counted subject of
    the verb its own verb is joined to ("19 civilians were killed and 55 wounded", "three
    officers died and ten were hurt")."""
    verb = number.head
    if number.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "conj":
        return None
    for subject in verb.head.children:
        if subject.dep_ in ("nsubj", "nsubjpass") and any(
            child.dep_ == "nummod" for child in subject.children
        ):
            return subject
    return None


def _side_of_event(event: Token) -> str | None:
    """A side named where the counted things were killed or hurt: "on the Armenian side",
    "on its side" (also on a verb joined to it: "killed and 26 wounded on their side")."""
    verbs = [event, *(c for c in event.children if c.dep_ == "conj")]
    for verb in verbs:
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "on":
                continue
            for side in prep.children:
                if side.dep_ == "pobj" and side.lemma_.lower() == "side":
                    # Named on "side" as on a counted noun: "the Armenian side", "its side".
                    return _side(side)
    return None


def _event_token(token: Token) -> Token | None:
    """The verb (or predicate adjective) a counted thing takes part in: the nearest verb
    above it, else a participle on it ("wounded civilians")."""
    start = token
    for _ in range(5):
        if token.pos_ == "VERB" or (token.pos_ == "ADJ" and token.dep_ in ("acomp", "conj")):
            return token
        if token.head.i == token.i:
            break
        token = token.head
    for child in start.children:
        if child.dep_ in ("acl", "amod") and (child.pos_ == "VERB" or child.tag_ == "VBN"):
            return child
    return None


def _plural(lemma: str | None) -> str | None:
    if not lemma:
        return None
    if lemma.endswith("man"):
        return lemma[:-3] + "men"
    return lemma if lemma.endswith(("s", "people", "personnel", "men")) else lemma + "s"


def different_figures(groups: list[list[Figure]]) -> bool:
    """Whether groups of figures (one group per side) disagree on a like-for-like count:
    the same kind of thing counted for the same kind of event, with different values."""
    by_kind: dict[tuple, set[float]] = {}
    for group in groups:
        for figure in group:
            counted, event = figure.kind
            if counted is None or event is None or figure.value is None:
                continue
            # "Its soldiers" and "their soldiers" name no side by themselves.
            side = "" if figure.whose in OWN else (figure.whose or "").lower()
            by_kind.setdefault((counted, event, side), set()).add(figure.value)
    return any(len(values) > 1 for values in by_kind.values())
