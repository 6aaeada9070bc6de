"""Who the subject of a reporting verb is: a name as written, a pronoun or a description
resolved by the article's ``Resolver``, or the office or campaign of the person meant ("her
office"); and, for a person named beside a role, whose role it is ("her spokesman")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .confidence import DESCRIPTION, PRONOUN, SALIENT
from .lexicon import (
    DOCUMENT_NOUNS,
    INSTITUTION_NOUNS,
    NOT_SPEAKERS,
    PEOPLE_NOUNS,
    PERSON_PRONOUNS,
    RELATIONAL_NOUNS,
    SELF_STANDING_TEXTS,
    THING_PRONOUNS,
    is_document_noun,
    is_person_noun,
)
from .mentions import (
    _phrase_tokens,
    _role_and_name,
    _strip_article,
    _text_of,
    can_speak,
    has_determiner,
)
from .records import _Speaker
from .resolution import Resolver

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def speaker_for(
    subject: Token, offset: int, resolver: Resolver, regions, cue: Token | None = None
) -> _Speaker | None:
    """The speaker a subject names or refers to, with where the article mentions it."""
    speaker = _speaker_of(subject, offset, resolver, regions, cue)
    if speaker is not None:
        tokens = _phrase_tokens(subject) or [subject]
        speaker.span = (offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text))
    return speaker


def _objects_of(cue: Token | None, resolver: Resolver, offset: int) -> set[str]:
    """Names that are the object of the cue ("Warren told Stumpf"): never its speaker."""
    if cue is None:
        return set()
    names = set()
    for child in cue.children:
        if child.dep_ in ("dobj", "iobj", "dative") and child.pos_ == "PROPN":
            names.add(resolver.full_name(child.text, offset + child.idx))
    return names


# How sure a possessive's owner must be to be named in a role: a wrong owner ("Ann's
# husband" for Bea's) misleads where "her husband" only leaves the reader to look.
ROLE_OWNER_SURENESS = 0.5


def _role_owner_named(role: str, subject: Token, offset: int, resolver: Resolver, name: str) -> str:
    """A person's role that opens with a possessive pronoun ("her spokesman") with the owner
    it stands for named ("Angela Merkel's spokesman"), when the article makes that clear;
    otherwise the role as written."""
    first, _, rest = role.partition(" ")
    if first.lower() not in ("his", "her", "their", "its") or not rest:
        return role
    pronoun = next(
        (t for t in subject.subtree if t.dep_ == "poss" and t.lower_ == first.lower()), None
    )
    if pronoun is None:
        return role
    owner, sure = resolver.pronoun(pronoun.lower_, offset + pronoun.idx, {name})
    if owner is None or sure < ROLE_OWNER_SURENESS or owner == name:
        return role
    return f"{owner}'s {rest}"


def _speaker_of(subject: Token, offset: int, resolver: Resolver, regions, cue) -> _Speaker | None:
    lower = subject.lower_
    # "one of the family's attorneys, Justin Bamberg," is a speaker; a bare "one" is not.
    partitive = lower == "one" and any(
        c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ == "of") for c in subject.children
    )
    if lower in NOT_SPEAKERS and not partitive:
        return None
    at = offset + subject.idx
    if lower in PERSON_PRONOUNS or lower in THING_PRONOUNS:
        name, sure = resolver.pronoun(lower, at, _objects_of(cue, resolver, offset))
        person = lower in PERSON_PRONOUNS
        if name is None:
            return _Speaker(subject.text, None, None, person, resolved=True, basis=PRONOUN)
        is_person = person or name in resolver.persons
        return _Speaker(subject.text, name, None, is_person, True, sureness=sure, basis=PRONOUN)
    written, role, is_person = _role_and_name(subject)
    if is_person and role:
        role = _role_owner_named(role, subject, offset, resolver, written)
    determiners = {c.lower_ for c in subject.children if c.dep_ in ("det", "poss")}
    possessors = [c for c in subject.children if c.dep_ == "poss"]
    has_proper = any(t.pos_ == "PROPN" for t in subject.subtree)
    head = subject.lemma_.lower()
    # "her office", "his campaign": the office or campaign of the person meant; but "its
    # spokesperson, Maria Olsen," names the person who spoke.
    if (
        possessors
        and not is_person
        and possessors[0].pos_ == "PRON"
        and possessors[0].lower_ in ("his", "her", "their", "its")
    ):
        # Resolved where the possessive stands: the subject's own mention starts there.
        owner, sure = resolver.pronoun(possessors[0].lower_, offset + possessors[0].idx)
        if owner is not None and head in RELATIONAL_NOUNS | INSTITUTION_NOUNS | DOCUMENT_NOUNS:
            if head in DOCUMENT_NOUNS:
                person = owner in resolver.persons
                return _Speaker(written, owner, role, person, True, sureness=sure, basis=PRONOUN)
            name = f"{owner}'s {subject.text}"
            return _Speaker(written, name, role, False, True, sureness=sure, basis=PRONOUN)
    if is_document_noun(subject):
        owner = [c for c in possessors if c.pos_ != "PRON"]
        if owner:  # "the ministry's statement said"
            owner_text = _text_of(_phrase_tokens(owner[0])).removesuffix("'s")
            owner_text = owner_text.removesuffix("’s").strip()
            return _Speaker(written, _strip_article(owner_text), role, False)
        issuer = _issuer_named_before(subject) or _issuer_named_after(subject)
        if issuer:  # "Port Authority data", "the council figures", "data from the census"
            return _Speaker(written, issuer, role, False)
        if not determiners:
            # "census data", "satellite data": figures of no one named, not a mention of
            # the last speaker's statement ("the statement said").
            return _Speaker(written, _strip_article(written), role, False, evidence=True)
        last = resolver.last_speaker(at)
        name = last.canonical if last else None
        role = last.role if last else None
        return _Speaker(written, name, role, False, True, basis=DESCRIPTION)
    described = not has_proper or subject.pos_ in ("NOUN", "PRON")
    if described and determiners & {"the", "this", "that"} and not is_person:
        words = {t.lower_ for t in subject.subtree if t.is_alpha} - {"the", "this", "that"}
        person_noun = is_person_noun(head) and subject.tag_ in ("NN", "NNP")
        name, sure = resolver.description(head, words, at, person=person_noun)
        if name is not None:
            is_person = name in resolver.persons
            if head in RELATIONAL_NOUNS and is_person and head not in PEOPLE_NOUNS - {"campaign"}:
                name = f"{name}'s {head}"
                is_person = False
            basis = DESCRIPTION if sure >= 0.5 else SALIENT
            return _Speaker(written, name, role, is_person, True, basis=basis)
        # "The campaign said": the campaign of the person meant; but "the harbour office"
        # names an office of its own.
        if head in RELATIONAL_NOUNS and not words - {head}:
            ranked = resolver.rank(at, True)
            if ranked:
                name = f"{ranked[0].name}'s {head}"
                return _Speaker(written, name, role, False, True, basis=SALIENT)
    if head in SELF_STANDING_TEXTS:
        issuer = _issuer_named_after(subject)
        if issuer:  # "an analysis by the Harbour Policy Center", "a survey from the union"
            return _Speaker(written, issuer, role, False)
    if not is_person and not can_speak(subject):
        return None
    canonical = _strip_article(written)
    fuller = resolver.person_at(at) or resolver.full_name(canonical, at)
    if fuller.split()[-1:] != canonical.split()[-1:]:
        fuller = resolver.full_name(canonical, at)  # the mention was of someone else
    if canonical in resolver.persons and not has_determiner(subject):
        is_person = True
    if fuller != canonical and not has_determiner(subject):
        # A bare surname that the article names in full elsewhere is that person.
        canonical, is_person = fuller, True
    elif is_person:
        canonical = fuller
    return _Speaker(written, canonical, role, is_person)


def _issuer_named_before(document: Token) -> str | None:
    """The body a document noun's modifiers name as its issuer ("Port Authority data", "the
    council figures", "government statistics"): the nouns compounded with it, just before
    it, when one is a name or an institution."""
    compounds = [c for c in document.children if c.dep_ == "compound" and c.i < document.i]
    if not compounds or compounds[-1].i != document.i - 1:
        return None
    tokens = list(document.doc[compounds[0].left_edge.i : document.i])
    # "a Monday news release": a date is when it was issued, not who issued it.
    while tokens and tokens[0].ent_type_ in ("DATE", "TIME"):
        tokens.pop(0)
    if not any(t.pos_ == "PROPN" or t.lemma_.lower() in INSTITUTION_NOUNS for t in tokens):
        return None
    if any(t.ent_type_ in ("DATE", "TIME") for t in tokens):
        return None
    return _text_of(tokens)


def _issuer_named_after(document: Token) -> str | None:
    """The body a document or a study names as its issuer after it ("data from the 2020
    Census", "a report by the inspector general"), when that body can speak."""
    for prep in document.children:
        # Not "of": "a study of 2,000 adults", "reports of people fleeing" name the topic.
        if prep.dep_ != "prep" or prep.i < document.i or prep.lower_ not in ("from", "by"):
            continue
        owners = [c for c in prep.children if c.dep_ == "pobj"]
        if owners and can_speak(owners[0]):
            return _strip_article(_text_of(_phrase_tokens(owners[0])))
    return None
