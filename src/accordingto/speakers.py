"""Speakers across articles: one canonical name per entity, with its spellings as aliases.

Outlets spell the same speaker differently (British and American spelling, transliterated
surnames, straight and curly apostrophes). ``speaker_key`` folds the spelling differences
that are mechanical; ``SpeakerRegistry`` merges person names whose first names match and
whose surnames are nearly the same string.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

# Mechanical British -> American spellings that occur in news about institutions.
_SPELLINGS = {
    "defence": "defense", "offence": "offense", "licence": "license", "centre": "center",
    "programme": "program", "labour": "labor", "armour": "armor", "honour": "honor",
    "favour": "favor", "neighbour": "neighbor", "behaviour": "behavior", "colour": "color",
    "counselling": "counseling", "travelling": "traveling", "judgement": "judgment",
}  # fmt: skip
_ISE = re.compile(r"(\w{3,})is(e|ed|es|ing|ation|ations)\b")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "sir", "president", "prime", "minister", "chancellor",
    "secretary", "general", "governor", "mayor", "spokesman", "spokeswoman", "spokesperson",
}  # fmt: skip
# Words that mark a name as an institution or a group rather than a person.
_INSTITUTION_WORDS = {
    "ministry", "department", "agency", "office", "council", "government", "army", "forces",
    "officials", "authorities", "committee", "union", "party", "group", "company", "news",
    "federation", "association", "commission", "court", "police", "administration", "bank",
    "organization", "institute", "university", "service", "services", "board", "statement",
}  # fmt: skip
_SURNAME_SIMILARITY = 0.8


def speaker_key(name: str) -> str:
    """A canonical id for a speaker name: spelling variants of one name give one key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"[\s_]+", " ", text).strip()
    text = _LEADING_ARTICLE.sub("", text)
    words = [_SPELLINGS.get(word, word) for word in text.split()]
    words = [_ISE.sub(lambda m: m.group(1) + "iz" + m.group(2), word) for word in words]
    return " ".join(words)


def looks_like_person(name: str) -> bool:
    """A name of one to four capitalised words, none of them an institution's."""
    words = name.replace("’", "'").split()
    if not 1 <= len(words) <= 4:
        return False
    if any(not word[:1].isupper() for word in words):
        return False
    return not any(word.lower().strip("'s") in _INSTITUTION_WORDS for word in words)


def _person_parts(key: str) -> list[str]:
    return [word for word in key.split() if word not in _TITLES]


def _similar(first: str, second: str) -> bool:
    return SequenceMatcher(None, first, second).ratio() >= _SURNAME_SIMILARITY


def same_person(first: str, second: str) -> bool:
    """Whether two person names are spellings of one name (same first name, near surname)."""
    a, b = _person_parts(speaker_key(first)), _person_parts(speaker_key(second))
    if not a or not b:
        return False
    if len(a) >= 2 and len(b) >= 2:
        return a[0] == b[0] and _similar(a[-1], b[-1])
    # A bare surname matches a full name with a near-identical surname.
    return _similar(a[-1], b[-1])


class SpeakerRegistry:
    """Canonical speakers across articles, each with the spellings it was written in."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._counts: Counter[str] = Counter()
        self._first_seen: dict[str, int] = {}
        for name in names:
            self.add(name)
        self._groups: dict[str, list[str]] | None = None

    @classmethod
    def from_statements(cls, statements: Iterable) -> SpeakerRegistry:
        """A registry of every resolved speaker of a collection of statements."""
        return cls(s.speaker_canonical for s in statements if s.speaker_canonical)

    def add(self, name: str) -> None:
        """Count one statement by a speaker name."""
        name = " ".join(name.split())
        if not name:
            return
        self._first_seen.setdefault(name, len(self._first_seen))
        self._counts[name] += 1
        self._groups = None

    def _build(self) -> dict[str, list[str]]:
        if self._groups is not None:
            return self._groups
        # First fold exact key matches, then merge person names that are spelling variants.
        by_key: dict[str, list[str]] = {}
        for name in sorted(self._counts, key=self._first_seen.__getitem__):
            by_key.setdefault(speaker_key(name), []).append(name)
        keys = list(by_key)
        parent = {key: key for key in keys}

        def root(key: str) -> str:
            while parent[key] != key:
                key = parent[key]
            return key

        people = [key for key in keys if looks_like_person(by_key[key][0])]
        full = [key for key in people if len(_person_parts(key)) >= 2]
        for i, first in enumerate(full):
            for second in full[i + 1 :]:
                if same_person(first, second):
                    parent[root(second)] = root(first)
        for key in people:
            if len(_person_parts(key)) != 1:
                continue
            matches = {root(other) for other in full if same_person(key, other)}
            if len(matches) == 1:
                parent[root(key)] = matches.pop()
        groups: dict[str, list[str]] = {}
        for key in keys:
            groups.setdefault(root(key), []).extend(by_key[key])
        self._groups = {}
        for members in groups.values():
            canonical = max(members, key=self._preference)
            self._groups[canonical] = members
        return self._groups

    def _preference(self, name: str) -> tuple:
        # Prefer full names, then the most used spelling, then the first seen.
        return (len(name.split()) >= 2, self._counts[name], -self._first_seen[name])

    def canonical(self, name: str) -> str:
        """The canonical spelling of a speaker name (the name itself if unknown)."""
        name = " ".join(name.split())
        for canonical, members in self._build().items():
            if name in members:
                return canonical
        key = speaker_key(name)
        for canonical, members in self._build().items():
            if any(speaker_key(member) == key for member in members):
                return canonical
        return name

    def aliases(self, canonical: str) -> list[str]:
        """Every spelling of a canonical speaker other than the canonical one."""
        members = self._build().get(self.canonical(canonical), [])
        return [member for member in members if member != self.canonical(canonical)]

    def count(self, canonical: str) -> int:
        """How many statements a canonical speaker has."""
        return sum(self._counts[m] for m in self._build().get(self.canonical(canonical), []))

    def entries(self) -> list[tuple[str, list[str], int]]:
        """(canonical, aliases, statement count) for every speaker, most statements first."""
        rows = [
            (canonical, [m for m in members if m != canonical], self.count(canonical))
            for canonical, members in self._build().items()
        ]
        return sorted(rows, key=lambda row: (-row[2], row[0].lower()))


# --- what each canonical speaker is ----------------------------------------------------------

PERSON, ORGANISATION, STATE = "person", "organisation", "state"
GROUP, DOCUMENT = "group", "document"
# Head words of a plural or collective speaker: a group of people rather than one body.
_GROUP_HEADS = {
    "officials", "authorities", "forces", "troops", "sides", "separatists", "rebels", "leaders",
    "countries", "powers", "governments", "residents", "people", "experts", "critics",
    "militants", "soldiers", "witnesses", "sources", "diplomats", "lawmakers", "members",
}  # fmt: skip
_DOCUMENT_HEADS = {
    "statement", "report", "release", "filing", "communique", "transcript", "post", "tweet",
    "letter", "document", "bulletin", "announcement", "notice", "memo", "readout", "resolution",
    "resolutions", "survey", "poll", "study",
}  # fmt: skip


def speaker_kind(name: str, roles: Iterable[str], vocabulary) -> str:
    """Whether a canonical speaker is a person, a state, a group, a document or a body."""
    words = speaker_key(name).split()
    if not words:
        return ORGANISATION
    head = words[-1]
    if " and " in f" {speaker_key(name)} " or head in _GROUP_HEADS:
        return GROUP
    if head in _DOCUMENT_HEADS:
        return DOCUMENT
    if vocabulary is not None and speaker_key(name) in vocabulary.places:
        return STATE
    if looks_like_person(name) or any(roles):
        return PERSON if looks_like_person(name) else ORGANISATION
    return ORGANISATION


def speaker_places(texts: Iterable[str], vocabulary) -> list[str]:
    """The places (states, mostly) a speaker's name and roles tie it to, as the corpus names
    them: "Armenian Defense Ministry" -> ["armenian"]."""
    if vocabulary is None:
        return []
    found: list[str] = []
    for text in texts:
        for word in re.findall(r"[\w’'-]+", text):
            key = speaker_key(word)
            if key and key in vocabulary.places and key not in found:
                found.append(key)
    return found


def speaker_entries(statements: Iterable, registry: SpeakerRegistry, vocabulary=None) -> list[dict]:
    """One record per canonical speaker: spellings, roles, kind, places and statement count."""
    roles: dict[str, list[str]] = {}
    for statement in statements:
        if statement.speaker_canonical and statement.kind != "outlet" and statement.role:
            seen = roles.setdefault(statement.speaker_canonical, [])
            if statement.role not in seen:
                seen.append(statement.role)
    entries = []
    for name, aliases, count in registry.entries():
        own_roles = roles.get(name, [])
        entries.append(
            {
                "speaker": name,
                "group": speaker_key(name),
                "aliases": aliases,
                "statements": count,
                "roles": own_roles,
                "kind": speaker_kind(name, own_roles, vocabulary),
                "places": speaker_places([name, *aliases, *own_roles], vocabulary),
            }
        )
    return entries
