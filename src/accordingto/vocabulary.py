"""The corpus's own names: every word it uses in a name, its places, and which places it uses
for a state ("the Azerbaijani capital Baku").

Collected at index time from spaCy's entities and tags, and used at question time without
spaCy: to tell whether a name in a question appears in the articles at all (so that a
question about someone they never mention is refused, naming them), and to read a capital
that stands for its government. Nothing here names a place or a person; it is all learned
from the articles.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from .parsed import entities as entities_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

NAME_LABELS = {
    "PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW",
}  # fmt: skip
PLACE_LABELS = {"GPE", "NORP", "LOC"}
# Words a name may hold that are not themselves names (kept out of coverage checks).
NAME_GLUE = {"of", "the", "for", "and", "de", "al", "von", "van", "la", "le", "du", "da"}
# A transliteration differs by a letter or two and keeps its first letters: Pashinian /
# Pashinyan, Zelensky / Zelenskyy. Shorter words are too easily alike (Pope / Pompeo).
FUZZY_RATIO = 0.8
FUZZY_MIN_LENGTH = 6
# Endings that turn a place into its people or adjective: Armenia -> Armenian, Turkey ->
# Turkish, Azerbaijan -> Azerbaijani, Germany -> German.
DEMONYM_ENDINGS = (
    "ians", "ian", "eans", "ean", "ese", "ish", "ans", "an", "is", "i", "ia", "y", "a", "s",
)  # fmt: skip
# What a place owns when it stands for its state: "Baku's forces", "the Yerevan government".
_ACTOR_HEADS = {"government", "force", "army", "military", "leadership", "administration", "troop"}
_LOCATING_WORDS = {"in", "at", "near", "from", "outside", "around", "to"}
_CAPITAL = re.compile(r"\bcapital(?:\s+city)?\b", re.I)


# A year as written in news text: 1600 to 2099, as a whole word; with a decade ("the 1990s")
# its first year, in the group.
_YEAR_DIGITS = r"(?<![\w.,$£€])(?:1[6-9]|20)\d\d"
_WORD_END = r"(?!\w|[.,]\d)"
YEAR = re.compile(_YEAR_DIGITS + _WORD_END)
YEAR_OR_DECADE = re.compile(rf"({_YEAR_DIGITS})s?{_WORD_END}")


def is_year(word: str) -> bool:
    """Whether a word is a year (1600-2099)."""
    return bool(YEAR.fullmatch(word))


# A collection uses the same few thousand words again and again: each is folded once.
@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """A word as compared: lower case, accents and possessive dropped, dots removed (U.S.)."""
    text = unicodedata.normalize("NFKD", word)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[’']s$", "", text.replace("’", "'"))
    return text.replace(".", "").strip("'\"“”‘’()[],;:!?")


def place_stem(word: str) -> str:
    """A place word without its demonym ending: "armenian" and "armenia" give "armen"."""
    word = fold(word)
    for ending in DEMONYM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def stems_alike(a: str, b: str) -> bool:
    """Whether two place stems (``place_stem``) are of one place, allowing a demonym's other
    ending (Norway / Norwegian: "norwa", "norweg"; Azerbaijan / Azerbaijani: "azerbaij",
    "azerbaijan")."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    if a.startswith(b) or b.startswith(a):
        return True
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), 0)
    return common >= 4 and common >= 0.75 * min(len(a), len(b))


def acronym_of(name: str) -> str | None:
    """The initials a name is shortened to: "World War II" -> "wwii", "World Health
    Organization" -> "who" (small words left out, Roman numerals and digits kept whole)."""
    words = [w for w in re.findall(r"[^\W_][\w’'.]*", name) if w.lower() not in NAME_GLUE]
    if len(words) < 2:
        return None
    letters = []
    for word in words:
        if re.fullmatch(r"[IVX]+|\d+", word):
            letters.append(word.lower())
        elif word[:1].isupper():
            letters.append(word[0].lower())
        else:
            return None
    return "".join(letters)


def near_place(first: str, second: str) -> bool:
    """A looser ``same_place`` for telling whether a corpus knows a place at all: the words
    share a beginning of four letters or more, most of the shorter (Norway / Norwegian)."""
    if same_place(first, second):
        return True
    a, b = fold(first), fold(second)
    common = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return common >= 4 and common >= 0.6 * min(len(a), len(b))


def same_place(first: str, second: str) -> bool:
    """Whether two words name the same place or its people (Armenia / Armenian)."""
    a, b = fold(first), fold(second)
    if a == b:
        return True
    sa, sb = place_stem(a), place_stem(b)
    return len(sa) >= 4 and len(sb) >= 4 and (sa.startswith(sb) or sb.startswith(sa))


@dataclass
class Vocabulary:
    """The names, places and capitals of a corpus (all lower case, folded)."""

    names: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # every word, in any case
    places: set[str] = field(default_factory=set)
    capitals: dict[str, str] = field(default_factory=dict)  # place -> the state it stands for
    located: dict[str, str] = field(default_factory=dict)  # place -> the country it is in
    actors: set[str] = field(default_factory=set)  # places the articles use as actors
    outlets: dict[str, str] = field(default_factory=dict)  # folded name -> outlet as catalogued

    # --- collecting (index time) ------------------------------------------------------

    def add_doc(self, doc: Doc) -> None:
        """Learn the names and places of one parsed paragraph."""
        self.add_words(token.text for token in doc if token.is_alpha or is_year(token.text))
        for token in doc:
            if token.pos_ == "PROPN" or (token.ent_type_ in NAME_LABELS and token.is_alpha):
                for part in re.split(r"[-‐]", token.text):
                    if part and part[0].isalpha():
                        self.names.add(fold(part))
            if token.pos_ == "PROPN" and _acts(token):
                self.actors.add(fold(token.text))
        entities = entities_of(doc)
        text = doc.text  # spaCy joins every token's text on each access
        for entity in entities:
            if entity.label_ in PLACE_LABELS:
                self.places.add(fold(entity.text))
            if entity.label_ in NAME_LABELS:
                initials = acronym_of(entity.text)
                if initials:
                    self.names.add(initials)
        for first, second in itertools.pairwise(entities):
            between = text[first.end_char : second.start_char]
            if _located_pair(doc, first, second, between):
                self.located.setdefault(fold(first.text), fold(second.text))
            if (
                first.label_ in ("NORP", "GPE")
                and second.label_ == "GPE"
                and _CAPITAL.search(between)
                and len(between) <= 20
            ):
                self.capitals[fold(second.text)] = fold(first.text)

    def add_words(self, words: Iterable[str]) -> None:
        """Note words the articles use (any case), such as those of headings and outlets."""
        self.words.update(fold(word) for word in words)

    def add_names(self, text: str) -> None:
        """Note the capitalised words of a text that is not parsed (a heading, an outlet)."""
        self.words.update(YEAR.findall(text))
        for word in re.findall(r"[^\W\d_][\w’'-]*", text):
            self.words.add(fold(word))
            if word[:1].isupper():
                self.names.update(fold(part) for part in re.split(r"[-‐]", word) if part)

    def add_outlet(self, outlet: str) -> None:
        """Note an outlet, under its name and its name without "News" ("VOA News", "VOA")."""
        for name in {outlet, re.sub(r"\s+News$", "", outlet)}:
            if name.strip():
                self.outlets[fold(name)] = outlet
        self.add_names(outlet)

    def merge(self, later: Vocabulary) -> None:
        """Add what another vocabulary learned, as if its articles were read after these.

        So that a collection's vocabulary can be rebuilt from each article's own without
        parsing: merging the articles' vocabularies in order gives what reading them in that
        order gives (the first place a town is located in stands; a later capital or outlet
        spelling replaces an earlier one, as ``add_doc`` and ``add_outlet`` do).
        """
        self.names |= later.names
        self.words |= later.words
        self.places |= later.places
        self.actors |= later.actors
        self.capitals.update(later.capitals)
        for place, country in later.located.items():
            self.located.setdefault(place, country)
        self.outlets.update(later.outlets)

    # --- using (question time) --------------------------------------------------------

    def outlets_in(self, text: str) -> list[str]:
        """The outlets a text names, as a whole word ("according to AP")."""
        found = []
        folded = fold(text) if len(text) < 2000 else fold(text[:2000])
        for name, outlet in self.outlets.items():
            if outlet not in found and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
                found.append(outlet)
        return found

    def is_place(self, word: str) -> bool:
        """Whether a word is one of the corpus's places or their people (Iran, Iranian)."""
        folded = fold(word)
        return folded in self.places or any(
            same_place(folded, name) for name in self._near(folded) if name in self.places
        )

    def knows_years(self) -> bool:
        """Whether this vocabulary noted the years its articles use (older indexes did not)."""
        # 500 set lookups, whatever the size of the vocabulary: this runs for every question.
        return any(str(year) in self.words for year in range(1600, 2100))

    def uses(self, word: str) -> bool:
        """Whether the articles use ``word`` at all, in any case."""
        return fold(word) in self.words

    def knows(self, word: str) -> bool:
        """Whether the corpus uses ``word`` in a name, allowing for demonyms and spelling."""
        folded = fold(word)
        if not folded or folded in self.names:
            return True
        if any(near_place(folded, name) for name in self._near(folded) if name in self.places):
            return True
        if len(folded) < FUZZY_MIN_LENGTH:
            return False
        return any(
            SequenceMatcher(None, folded, name).ratio() >= FUZZY_RATIO
            for name in self._near(folded)
            if abs(len(name) - len(folded)) <= 3
        )

    def _near(self, folded: str) -> Iterable[str]:
        buckets = self._buckets()
        return buckets.get(folded[:2], ())

    def _buckets(self) -> dict[str, list[str]]:
        cached = getattr(self, "_bucket_cache", None)
        if cached is None or cached[0] != len(self.names):
            table: dict[str, list[str]] = {}
            for name in self.names:
                table.setdefault(name[:2], []).append(name)
            cached = (len(self.names), table)
            self._bucket_cache = cached
        return cached[1]

    def state_for(self, place: str) -> str | None:
        """The state a place stands for when used as an actor ("Baku said"), if the articles
        say so: a capital they name as such, or a place they locate in a country and use as
        an actor themselves ("the Yerevan government")."""
        folded = fold(place)
        if folded in self.capitals:
            return self.capitals[folded]
        if folded in self.actors and folded in self.located:
            return self.located[folded]
        return None

    # --- storing ------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """A JSON-ready form, with sorted lists so that rebuilding gives the same file."""
        return {
            "names": sorted(self.names),
            "words": sorted(self.words),
            "places": sorted(self.places),
            "capitals": dict(sorted(self.capitals.items())),
            "located": dict(sorted(self.located.items())),
            "actors": sorted(self.actors),
            "outlets": dict(sorted(self.outlets.items())),
        }

    @classmethod
    def from_dict(cls, record: dict) -> Vocabulary:
        """A vocabulary from its ``to_dict()`` form."""
        return cls(
            names=set(record.get("names", ())),
            words=set(record.get("words", ())),
            places=set(record.get("places", ())),
            capitals=dict(record.get("capitals", {})),
            located=dict(record.get("located", {})),
            actors=set(record.get("actors", ())),
            outlets=dict(record.get("outlets", {})),
        )


def _located_pair(doc, first, second, between: str) -> bool:
    """ "in Yerevan, Armenia": a place, a comma, and the country it is in; not a list
    ("in Armenia, Azerbaijan and Turkey")."""
    if first.label_ != "GPE" or second.label_ != "GPE" or between.strip() != ",":
        return False
    before = doc[first.start - 1].lower_ if first.start > 0 else ""
    if before not in _LOCATING_WORDS:
        return False
    following = [e for e in entities_of(doc) if e.start >= second.end]
    if following and following[0].label_ == "GPE":
        gap = doc.text[second.end_char : following[0].start_char].strip()
        if gap in (",", ", and", "and", ", or", "or"):
            return False
    return True


def _acts(token) -> bool:
    """Whether a name is used as an actor: a subject, or the owner of forces or a government
    ("Ankara has denied", "Baku's forces", "the Yerevan government")."""
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True
    return token.dep_ in ("poss", "compound") and token.head.lemma_.lower() in _ACTOR_HEADS


_VERB_ENDINGS = (
    ("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""),
    ("s", ""), ("d", ""),
)  # fmt: skip
_IRREGULAR_VERBS = {
    "said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write",
}  # fmt: skip


def verb_lemmas(word: str) -> list[str]:
    """Likely base forms of an English verb form: "denies", "denied" -> "deny"; "died" ->
    "die"."""
    if word in _IRREGULAR_VERBS:
        return [_IRREGULAR_VERBS[word]]
    found = [word]
    for ending, replacement in _VERB_ENDINGS:
        if word.endswith(ending):
            found.append(word[: -len(ending)] + replacement)
    return found
