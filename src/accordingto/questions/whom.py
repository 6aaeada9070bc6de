"""Whom a question means: its speaker phrase matched against the corpus's speakers.

A phrase can name a speaker ("Erdogan", "President Aliyev"), describe one by the role the
articles give ("the spokesman of Erdogan's party", "Armenia's prime minister"), or use a
place for its government ("Baku", when the articles call Baku the Azerbaijani capital).
Each candidate speaker is scored on all three, with the similarity of the phrase to the
speaker's embedded name and roles as a fallback; the best match and any close to it are
returned. Candidates come from a word index built once per corpus, so a question costs
about the same however many speakers the corpus has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..vocabulary import Vocabulary, acronym_of, fold, place_stem, stems_alike
from .reading import content_words
from .words import TITLES

# A phrase resolves to a speaker at or above this score; others within the margin of the
# best are taken too (two spellings of a role, a ministry and its spokesman).
MIN_SCORE = 0.6
MARGIN = 0.1
# A role match this good stands beside a name match.
STRONG_ROLE = 0.9
# How much of a role match the embedding similarity may make up for.
ROLE_WEIGHT, SIMILARITY_WEIGHT = 0.75, 0.25
# Speakers whose embedded profile is this similar to the phrase are candidates even when
# they share no word with it; at most this many.
SIMILAR_ENOUGH, MOST_SIMILAR = 0.7, 20
# Words for the same office, in any newsroom's English.
_SAME_WORD = {
    "spokeswoman": "spokesperson", "spokesman": "spokesperson", "spokespeople": "spokesperson",
    "spokesmen": "spokesperson", "spokeswomen": "spokesperson", "communications": "communication",
    "defence": "defense", "ministries": "ministry", "officials": "official",
    "authorities": "authority", "leaders": "leader", "premier": "prime",
}  # fmt: skip
# A question's "leader" or "head" may be the article's president, prime minister, chancellor.
_LEADERS = {"president", "prime", "chancellor", "premier", "king", "chairman", "leader", "head"}
_GLUE = {"the", "of", "for", "and", "to", "in", "s"}


@dataclass(frozen=True)
class Match:
    """A corpus speaker a question's phrase may mean, and how well it fits."""

    speaker: str  # the canonical name
    score: float
    how: str  # name | role | place | similar

    def to_dict(self) -> dict:
        """The JSON form."""
        return {"speaker": self.speaker, "score": round(self.score, 3), "how": self.how}


def word_key(word: str) -> str:
    """A word as speakers are matched on: folded, the same office under one name, and a
    place without its demonym ending (Armenian and Armenia match)."""
    word = _SAME_WORD.get(fold(word), fold(word))
    return place_stem(word)


def _keys(text: str) -> list[str]:
    return [
        word_key(part)
        for word in re.findall(r"[\w’'-]+", text or "")
        for part in re.split(r"[-‐]", word)
        if part and fold(part) not in _GLUE
    ]


@dataclass
class _Entry:
    position: int
    speaker: str
    kind: str
    names: list[list[str]]  # the keys of each spelling of the name
    name_keys: set[str]
    all_keys: list[str]  # name, spellings, roles and places
    places: list[str]
    # What the speaker is: its name's and places' words and each role's head ("spokesperson"
    # in "Defense Ministry spokesperson"), not the words that only qualify a role.
    heads: set[str] = field(default_factory=set)
    # ``all_keys`` by their first four letters, and those shorter than four: the only keys
    # that can be the same word as a given one (see ``stems_alike``), found without a scan.
    by_start: dict[str, list[str]] = field(default_factory=dict)
    short: list[str] = field(default_factory=list)
    # What an acronym of the name would be ("eu" for "European Union"), and the acronyms it
    # is spelled as ("osce").
    initials: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for key in self.all_keys:
            if len(key) < 4:
                self.short.append(key)
            else:
                self.by_start.setdefault(key[:4], []).append(key)

    def has(self, key: str) -> bool:
        """Whether one of the speaker's words is ``key`` in another form (``stems_alike``)."""
        if len(key) < 4:
            return any(stems_alike(key, e) for e in self.all_keys)
        return any(stems_alike(key, e) for e in (*self.by_start.get(key[:4], ()), *self.short))


# What follows a role's head and only says whom or what it serves.
_ROLE_TAIL = re.compile(r"\s+(?:to|with|on)\s+")


def _heads_of(record: dict, name: list[str], places: list[str]) -> set[str]:
    """What a speaker is: the words of its name, its places, and the head of each other
    spelling and of each part of each role ("spokeswoman, former reporter": spokeswoman and
    reporter; "adviser to the president": adviser)."""
    phrases = [*record.get("aliases", ()), *record.get("roles", ())]
    parts = [part for phrase in phrases for part in re.split(r"[,;]", phrase) if part.strip()]
    heads = {_head(_ROLE_TAIL.split(part, maxsplit=1)[0]) for part in parts}
    return (set(name) | set(places) | heads) - {None}


@dataclass
class SpeakerTable:
    """The corpus's speakers, ready to be matched: their words, and who uses each word."""

    entries: list[_Entry]
    by_prefix: dict[str, set[int]] = field(default_factory=dict)
    by_place: dict[str, set[int]] = field(default_factory=dict)
    by_initials: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, speakers: list[dict]) -> SpeakerTable:
        """The table of a registry (``Index.speakers``)."""
        entries = []
        for position, record in enumerate(speakers):
            spellings = [record["speaker"], *record.get("aliases", ())]
            names = [_keys(name) for name in spellings]
            # A person's own name is never a place they belong to (the small parser sometimes
            # tags an unfamiliar surname as one). Other spellings may hold a place ("Armenian
            # Prime Minister X"), and a group's or a state's name often does.
            personal = set(names[0]) if record.get("kind") == "person" else set()
            places = [p for p in map(word_key, record.get("places", ())) if p not in personal]
            roles = [k for role in record.get("roles", ()) for k in _keys(role)]
            entries.append(
                _Entry(
                    position=position,
                    speaker=record["speaker"],
                    kind=record.get("kind", ""),
                    names=names,
                    name_keys={k for name in names for k in name},
                    all_keys=[k for name in names for k in name] + roles + places,
                    places=places,
                    heads=_heads_of(record, names[0], places),
                    initials=set() if record.get("kind") == "person" else _initials(spellings),
                    acronyms=set() if record.get("kind") == "person" else _acronyms(spellings),
                )
            )
        table = cls(entries)
        for entry in entries:
            for key in entry.all_keys:
                table.by_prefix.setdefault(key[:4], set()).add(entry.position)
            for place in entry.places:
                table.by_place.setdefault(place[:4], set()).add(entry.position)
            for initials in entry.initials | entry.acronyms:
                table.by_initials.setdefault(initials, set()).add(entry.position)
        return table

    def sharing(self, keys: list[str]) -> set[int]:
        """Positions of the speakers that share a word with ``keys``."""
        found: set[int] = set()
        for key in keys:
            found |= self.by_prefix.get(key[:4], set())
        return found

    def of_states(self, states: list[str]) -> list[_Entry]:
        """The speakers (not groups) that belong to one of these states."""
        found = set()
        for state in states:
            found |= self.by_place.get(state[:4], set())
        return [
            e
            for e in (self.entries[i] for i in sorted(found))
            if e.kind != "group" and any(stems_alike(s, p) for s in states for p in e.places)
        ]


def resolve(
    phrase: str,
    table: SpeakerTable,
    vocabulary: Vocabulary,
    phrase_vector: np.ndarray | None = None,
    speaker_vectors: np.ndarray | None = None,
) -> list[Match]:
    """The speakers ``phrase`` means, best first (empty when none fits well enough).

    A phrase that names a speaker means that speaker (and, for a state, the speakers of that
    state); otherwise the best role matches, or the speakers of the state a place stands for.
    """
    keys = _phrase_keys(phrase)
    if not keys or not table.entries:
        return []
    head = _head(phrase)
    candidates = table.sharing(keys)
    # "the EU" for the European Union; "the Organization for Security …" for a body the
    # articles spell only as "OSCE".
    acronym, initials = _acronyms([phrase]), _initials([phrase])
    for key in acronym | initials:
        candidates |= table.by_initials.get(key, set())
    similarity: dict[int, float] = {}
    if phrase_vector is not None and speaker_vectors is not None and len(speaker_vectors):
        scores = speaker_vectors @ phrase_vector
        for position in np.argsort(-scores)[:MOST_SIMILAR]:
            similarity[int(position)] = float(scores[position])
            if scores[position] >= SIMILAR_ENOUGH:
                candidates.add(int(position))
    entries = [table.entries[i] for i in sorted(candidates)]
    named = [
        e
        for e in entries
        if _names(keys, head, e) or acronym & (e.initials | e.acronyms) or initials & e.acronyms
    ]
    state = vocabulary.state_for(phrase) if len(keys) == 1 else None
    if named:
        matches = [Match(e.speaker, 1.0, "name") for e in named]
        states = [p for e in named if e.kind == "state" for p in e.places]
        # A capital named as a speaker stands for its state too ("Oslo has rejected").
        states += [word_key(s) for s in map(vocabulary.state_for, states) if s]
        matches += [
            Match(e.speaker, 0.9, "place") for e in table.of_states(states) if e not in named
        ]
        # A role the phrase fits as well as a name ("Armenia's prime minister": the person
        # the articles give that role, beside a role-only mention).
        for entry in entries:
            # Beside a body the phrase names, a role stands only if the phrase is what its
            # holder is ("Armenia's prime minister"), not what qualifies the role (the
            # ministry, for "the ministry's spokesperson").
            scored = None if entry in named else _score(keys, entry, similarity, head, True)
            if scored is not None and scored[1] == "role" and scored[0] >= STRONG_ROLE:
                matches.append(Match(entry.speaker, *scored))
        return _unique(matches)
    matches = []
    if state is not None:
        matches += [Match(e.speaker, 0.9, "place") for e in table.of_states([word_key(state)])]
    for entry in entries:
        scored = _score(keys, entry, similarity, head)
        if scored is not None:
            matches.append(Match(entry.speaker, *scored))
    if not matches:
        return []
    best = max(m.score for m in matches)
    if best < MIN_SCORE:
        return []
    return _unique([m for m in matches if m.score >= best - MARGIN])


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _name_words(spelling: str) -> list[str]:
    return [w for w in re.findall(r"[\w’'-]+", spelling or "") if fold(w) not in _GLUE]


def _initials(spellings: list[str]) -> set[str]:
    """The initials of names of two or more capitalised words (without "of", "the", "in"
    and the like; a hyphenated word counts once), lower-case: "eu" for "European Union"."""
    found = (acronym_of(" ".join(w.replace("-", "") for w in _name_words(s))) for s in spellings)
    return {initials for initials in found if initials}


def _acronyms(spellings: list[str]) -> set[str]:
    """The spellings that are an acronym ("OSCE", "the EU"), lower-case."""
    found = set()
    for spelling in spellings:
        words = _name_words(spelling)
        if len(words) == 1 and _ACRONYM.fullmatch(words[0]):
            found.add(words[0].lower())
    return found


def _unique(matches: list[Match]) -> list[Match]:
    best: dict[str, Match] = {}
    for match in matches:
        if match.speaker not in best or match.score > best[match.speaker].score:
            best[match.speaker] = match
    return sorted(best.values(), key=lambda m: (-m.score, m.speaker.casefold()))


def _head(phrase: str) -> str | None:
    """The word a phrase is about: the last before "of"/"for" ("spokesman of X's party"),
    else the last ("Erdogan's party spokesman", "President Aliyev")."""
    before = re.split(r"\s+(?:of|for|from|at|in)\s+", phrase, maxsplit=1)[0]
    words = [w for w in content_words(before)]
    # "the ministry spokespeople quoted": a participle after the noun is not its head.
    while len(words) > 1 and re.search(r"(?:ed|ing)$", words[-1]):
        words.pop()
    keys = _phrase_keys(" ".join(words))
    return keys[-1] if keys else None


def _phrase_keys(phrase: str) -> list[str]:
    return [
        word_key(part)
        for word in content_words(phrase)
        for part in re.split(r"[-‐]", word)
        if part and part not in _GLUE
    ]


def _names(keys: list[str], head: str | None, entry: _Entry) -> bool:
    """Whether the phrase is this speaker's name: a person's surname (with any titles and a
    nationality: "Turkish President Erdogan"), or all the words of a body's name."""
    if entry.kind != "person":
        return any(_same_words(keys, name) for name in entry.names)
    if head is None or _is_title(head) or head not in entry.name_keys:
        return False
    rest = [k for k in keys if not _is_title(k) and k not in entry.name_keys]
    return all(any(stems_alike(k, p) for p in entry.places) for k in rest)


def _same_words(first: list[str], second: list[str]) -> bool:
    covered = all(any(stems_alike(a, b) for b in second) for a in first)
    return bool(first) and covered and all(any(stems_alike(b, a) for a in first) for b in second)


def _score(
    keys: list[str],
    entry: _Entry,
    similarity: dict[int, float],
    head: str | None,
    strict: bool = False,
):
    cosine = similarity.get(entry.position, 0.0)
    found = sum(1.0 if entry.has(k) else _leader_match(k, entry.all_keys) for k in keys)
    role = found / len(keys)
    # What the phrase is about must be what the speaker is: "the spokesman for the president"
    # is a spokesman, and a president fits it only in part.
    # ``strict``: the phrase's head must be what the speaker is, not any word of its roles.
    if head is None:
        fits = True
    else:
        fits = any(stems_alike(head, h) for h in entry.heads) if strict else entry.has(head)
    if not fits and not _leader_match(head, entry.all_keys):
        role *= 0.5
    # A speaker that also belongs to a place the phrase does not name fits it less well
    # ("the leaders of Azerbaijan and Armenia" for "the Azerbaijani leader").
    named_places = [p for p in entry.places if any(stems_alike(p, k) for k in keys)]
    if named_places and len(named_places) < len(entry.places):
        role *= 0.8
    if role == 0 and cosine < SIMILAR_ENOUGH:
        return None
    score = ROLE_WEIGHT * role + SIMILARITY_WEIGHT * max(cosine, 0.0)
    return score, "role" if role else "similar"


def _is_title(key: str) -> bool:
    return key in _TITLE_KEYS or key in _LEADER_KEYS


def _leader_match(key: str, keys: list[str]) -> float:
    """Partial credit: a question's "leader" for an article's "president"."""
    if key in _LEADER_KEYS and any(k in _LEADER_KEYS for k in keys):
        return 0.7
    return 0.0


_TITLE_KEYS = {word_key(t) for t in TITLES}
_LEADER_KEYS = {word_key(t) for t in _LEADERS}
