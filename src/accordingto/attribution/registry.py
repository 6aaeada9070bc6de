"""Speakers across articles: one canonical name per entity, with its spellings as aliases.

Outlets spell the same speaker differently (British and American spelling, transliterated
surnames, straight and curly apostrophes). ``speaker_key`` folds the spelling differences
that are mechanical; ``SpeakerRegistry`` merges person names whose first names match and
whose surnames are nearly the same string; groups named in another order ("Armenia and
Azerbaijan", "Azerbaijan and Armenia"); a body's name and its other forms ("Defence Ministry",
"Ministry of Defence", "MOD"; "Armenian" and "Armenia's"); and a role written without a name
("Armenian prime minister") with the one person the collection gives that role.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ..vocabulary import place_stem
from .lexicon import is_person_noun

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


@lru_cache(maxsize=65536)
def speaker_key(name: str) -> str:
    """A canonical id for a speaker name: spelling variants of one name give one key.
    (Remembered: choosing quotes asks it of the same statements' speakers many times.)"""
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
    if len(words) >= 2 and any(re.fullmatch(r"[A-Z]{2,5}", word) for word in words):
        return False  # "Azerbaijan MOD": a body's initials
    return not any(word.lower().strip("'s") in _INSTITUTION_WORDS for word in words)


def _person_parts(key: str) -> list[str]:
    return [word for word in key.split() if word not in _TITLES]


def similar_surnames(first: str, second: str) -> bool:
    """Whether two surnames (folded) are near spellings of each other."""
    # Indel similarity (2·LCS / total length), as difflib's ratio measures it, in C++;
    # imported here, as answering a question never compares names.
    from rapidfuzz import fuzz

    return fuzz.ratio(first, second, score_cutoff=100 * _SURNAME_SIMILARITY) > 0


def same_person(first: str, second: str) -> bool:
    """Whether two person names are spellings of one name (same first name, near surname)."""
    a, b = _person_parts(speaker_key(first)), _person_parts(speaker_key(second))
    if not a or not b:
        return False
    if len(a) >= 2 and len(b) >= 2:
        return a[0] == b[0] and similar_surnames(a[-1], b[-1])
    # A bare surname matches a full name with a near-identical surname.
    return similar_surnames(a[-1], b[-1])


_BODY_WORDS = {"ministry", "department", "office", "directorate", "agency", "service"}


def stemmed_key(name: str) -> str:
    """A speaker key without "both", its leading state word as a stem ("Armenian" and
    "Armenia's" alike)."""
    words = [w for w in speaker_key(name).split() if w != "both"]
    capital_first = name.split()[0][:1].isupper() if name.split() else False
    if len(words) >= 2 and capital_first and words[0] not in _BODY_WORDS:
        words = [_stem(words[0]), *words[1:]]
    return " ".join(words)


def _stem(word: str) -> str:
    # "Azerbaijani" -> "Azerbaijan" -> "Azerbaij", as "Azerbaijan" does in one step.
    for _ in range(3):
        stem = place_stem(word)
        if stem == word:
            break
        word = stem
    return word


def entity_forms(name: str) -> set[str]:
    """The forms under which two names of a body or group are one entity: members of a
    group in any order and without "both"; a state word as its stem ("Armenian",
    "Armenia's"); "X Ministry" as "Ministry of X"."""
    base = stemmed_key(name)
    if not base:
        return set()
    words = base.split()
    if "and" in words:
        members = [m.strip() for m in re.split(r"\band\b|,", base) if m.strip()]
        return {" and ".join(sorted(_stem(m) if " " not in m else m for m in members))}
    forms = {base}
    owner, body, field = _body_parts(words)
    if field is not None:
        forms.add(" ".join([*owner, body, "of", field]))
    return forms


def initials(name: str) -> str | None:
    """A body's name as its initials would be written after its owner: "Azerbaijan's
    Defence Ministry" -> "azerbaij mod"."""
    owner, body, field = _body_parts(stemmed_key(name).split())
    if field is None:
        return None
    return " ".join([*owner, body[0] + "o" + field[0]])


def written_initials(name: str) -> str | None:
    """The initials a name is written with, after its owner ("Azerbaijan MOD")."""
    written = name.split()
    if len(written) >= 2 and re.fullmatch(r"[A-Z]{2,5}", written[-1]):
        owner = speaker_key(" ".join(written[:-1])).split()
        return " ".join([_stem(owner[0]), *owner[1:], written[-1].lower()])
    return None


def _body_parts(words: list[str]) -> tuple[list[str], str, str | None]:
    # (owner words, body word, field) of "X Y ministry" or "X ministry of Y".
    body = next((i for i, w in enumerate(words) if w in _BODY_WORDS), None)
    if body is None:
        return words, "", None
    if body + 2 < len(words) and words[body + 1] == "of":  # "ministry of defense"
        owner = words[:body]
        if body + 4 < len(words) and words[body + 3] == "of":  # "... of Kenya"
            owner = [_stem(words[body + 4]), *words[body + 5 :]]
        return owner, words[body], words[body + 2]
    if body >= 1:  # "defense ministry"
        return words[: body - 1], words[body], words[body - 1]
    return words, words[body], None


class _Surnames:
    """Surnames and the names that carry them, found again by a near spelling without
    comparing every pair: a spelling variant keeps one end of the name ("Aliyev", "Aliev";
    "Hovhannisyan", "Ovanisian"), so only surnames that share their first two letters or
    their last two are compared. The comparisons then grow with the names times the size
    of such a group, not with the square of the names.
    """

    def __init__(self) -> None:
        self.holders: dict[str, list[str]] = {}  # surname -> keys of names with it
        self._by_end: dict[str, list[str]] = {}  # "^al", "ev$" -> surnames

    def add(self, surname: str, key: str) -> None:
        """Record that the name ``key`` has ``surname``."""
        if surname not in self.holders:
            self.holders[surname] = []
            for end in _ends(surname):
                self._by_end.setdefault(end, []).append(surname)
        self.holders[surname].append(key)

    def near(self, surname: str) -> list[str]:
        """The keys of every name whose surname is a near spelling of ``surname``."""
        found: list[str] = []
        for other in self._near_surnames(surname):
            found.extend(self.holders[other])
        return found

    def near_pairs(self) -> list[tuple[str, str]]:
        """Each pair of keys whose surnames might be one spelling of the other (the same
        surname included), each pair once, in the order the keys were added."""
        order = {key: i for i, key in enumerate(k for ks in self.holders.values() for k in ks)}
        pairs: set[tuple[str, str]] = set()
        for surname, keys in self.holders.items():
            others = [k for other in self._near_surnames(surname) for k in self.holders[other]]
            for key in keys:
                for other in others:
                    if order[key] < order[other]:
                        pairs.add((key, other))
        return sorted(pairs, key=lambda pair: (order[pair[0]], order[pair[1]]))

    def _near_surnames(self, surname: str) -> list[str]:
        candidates = {other for end in _ends(surname) for other in self._by_end.get(end, ())}
        return [other for other in sorted(candidates) if similar_surnames(surname, other)]


def _ends(surname: str) -> tuple[str, str]:
    return "^" + surname[:2], surname[-2:] + "$"


class SpeakerRegistry:
    """Canonical speakers across articles, each with the spellings it was written in."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._counts: Counter[str] = Counter()
        self._first_seen: dict[str, int] = {}
        self._roles: dict[str, set[str]] = {}
        for name in names:
            self.add(name)
        self._groups: dict[str, list[str]] | None = None
        self._canonical_of: dict[str, str] = {}  # member name or key -> canonical

    @classmethod
    def from_statements(cls, statements: Iterable) -> SpeakerRegistry:
        """A registry of every resolved speaker of a collection of statements."""
        registry = cls()
        for statement in statements:
            if statement.speaker_canonical:
                registry.add(statement.speaker_canonical, statement.role)
        return registry

    def add(self, name: str, role: str | None = None) -> None:
        """Count one statement by a speaker name (with the role it was given, if any)."""
        name = " ".join(name.split())
        if not name:
            return
        self._first_seen.setdefault(name, len(self._first_seen))
        self._counts[name] += 1
        if role:
            self._roles.setdefault(name, set()).add(role)
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
        is_person = set(people)
        full = [key for key in people if len(_person_parts(key)) >= 2]
        # Two full names can only be one person's if they share a first name, so only names
        # with the same first name are compared; the rest compare surnames, each pair once.
        by_first: dict[str, list[str]] = {}
        for key in full:
            by_first.setdefault(_person_parts(key)[0], []).append(key)
        for namesakes in by_first.values():
            surnames = _Surnames()
            for key in namesakes:
                surnames.add(_person_parts(key)[-1], key)
            for first, second in surnames.near_pairs():
                if same_person(first, second):
                    parent[root(second)] = root(first)
        by_surname = _Surnames()
        for key in full:
            by_surname.add(_person_parts(key)[-1], key)
        for key in people:
            parts = _person_parts(key)
            if len(parts) != 1:
                continue
            # A bare name is one person's only by the very surname: a lone word near a
            # surname in another article ("Vantor", a firm, and "Lia Ventor") is mostly
            # another name (an article's own slips are mended where it is read, see
            # ``Resolver.full_name``).
            matches = {
                root(other)
                for other in by_surname.near(parts[0])
                if _person_parts(other)[-1] == parts[0]
            }
            if len(matches) == 1:
                parent[root(key)] = matches.pop()
        # Other forms of one body or group.
        by_form: dict[str, str] = {}
        for key in keys:
            if key in is_person:
                continue
            for form in entity_forms(by_key[key][0]):
                if form in by_form and root(by_form[form]) != root(key):
                    parent[root(key)] = root(by_form[form])
                by_form.setdefault(form, key)
        # Initials as written ("MOD") go to the one body whose name they abbreviate; two
        # bodies with the same initials (Finance, Fisheries) leave them apart.
        abbreviated: dict[str, set[str]] = {}
        for key in keys:
            short = initials(by_key[key][0])
            if short and key not in is_person:
                abbreviated.setdefault(short, set()).add(root(key))
        for key in keys:
            short = written_initials(by_key[key][0])
            bodies = abbreviated.get(short, set()) if short else set()
            if len({root(b) for b in bodies}) == 1:
                parent[root(key)] = root(next(iter(bodies)))
        # A role with no name, given to exactly one named person.
        holders: dict[str, set[str]] = {}
        for key in people:
            for name in by_key[key]:
                for role in self._roles.get(name, ()):
                    holders.setdefault(stemmed_key(role), set()).add(root(key))
        for key in keys:
            if key in is_person:
                continue
            found = holders.get(stemmed_key(by_key[key][0]), set())
            if len(found) == 1:
                parent[root(key)] = next(iter(found))
        groups: dict[str, list[str]] = {}
        for key in keys:
            groups.setdefault(root(key), []).extend(by_key[key])
        self._groups = {}
        self._canonical_of = {}
        for members in groups.values():
            canonical = max(members, key=self._preference)
            self._groups[canonical] = members
            for member in members:
                self._canonical_of[member] = canonical
                self._canonical_of.setdefault(speaker_key(member), canonical)
        return self._groups

    def _preference(self, name: str) -> tuple:
        # Prefer a person's name to a role, full names, the most used spelling, the first seen.
        return (
            looks_like_person(name),
            len(name.split()) >= 2,
            self._counts[name],
            -self._first_seen[name],
        )

    def canonical(self, name: str) -> str:
        """The canonical spelling of a speaker name (the name itself if unknown)."""
        name = " ".join(name.split())
        self._build()
        if name in self._canonical_of:
            return self._canonical_of[name]
        return self._canonical_of.get(speaker_key(name), name)

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
    if name.split()[-1].islower() and is_person_noun(head):
        return PERSON  # "Angela Merkel's spokesman", "Armenian prime minister"
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
