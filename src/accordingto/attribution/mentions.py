"""Speakers as written: the subject of a cue, its name, its role, and whether it can speak."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..furniture import opening_credit_end
from ..parsed import entities
from .cues import CORE, SPEECH, conjunct_before, cue_strength
from .lexicon import (
    DOCUMENT_NOUNS,
    INSTITUTION_NOUNS,
    PEOPLE_NOUNS,
    SELF_STANDING_TEXTS,
    TITLE_GENDER,
    TITLE_ROLES,
    has_person_sense,
    is_person_noun,
)
from .quotes import _in_regions
from .registry import looks_like_person

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


SPEAKER_DROP_DEPS = {"relcl", "acl", "punct", "advcl"}


SPEAKING_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}


_AGENT_NOUN = re.compile(r"\w{2,}(?:er|or|ist|ian|ant|ent|eer|ee)$")
# A word WordNet does not know as a person may still be one coined since ("podcaster",
# "influencer"); such coinages end so, where "sensor" or "component" do not.
_COINED_AGENT = re.compile(r"\w{2,}(?:er|ist|ian|eer|ee)$")


def _subject_of(verb: Token, offset: int = 0, regions=()) -> Token | None:
    """The verb's subject, or the subject of the clause it hangs from ("..., adding that").

    A subject inside a quotation (``regions``, with the parse's ``offset`` in the article)
    is passed over: '"Full panic mode," said Leslie Wimes' can parse with two subjects.
    """
    token: Token | None = verb
    for _ in range(6):
        if token is None:
            return None
        subjects = [
            child
            for child in token.children
            if child.dep_ in ("nsubj", "nsubjpass")
            and not (child.dep_ == "nsubjpass" and token.i == verb.i)
            and not _in_regions(offset + child.idx, regions)
        ]
        if subjects:
            # Of two (a dateline's place and the real subject), the one next to the verb.
            subject = min(subjects, key=lambda child: abs(child.i - token.i))
            # Only the cue's own "who": a clause that climbs to a relative clause ("... who
            # said he was stiffed, saying ...") was most often hung there by the parse.
            return (_antecedent(subject, token) if token.i == verb.i else None) or subject
        if (
            token.dep_ in ("conj", "advcl", "xcomp", "acl", "dep", "prep")
            and token.head.i != token.i
        ):
            earlier = conjunct_before(token)
            if earlier is not None:
                token = earlier
                continue
            if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
                # "a statement ... alleging": the subject of the verb the noun hangs from.
                token = token.head.head if token.head.head.i != token.head.i else None
                continue
            token = token.head
            continue
        return None
    return None


RELATIVE_PRONOUNS = {"who", "that", "which"}
# Where a speaker's noun stands when a relative clause says what it said: the subject or
# object of its own clause, or set beside another noun. A relative clause on the object of
# a preposition or on a predicate ("portrayed himself as a manipulator who ...", "voters
# around the country who ...") is as often hung on the wrong noun by the parse.
ANTECEDENT_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "appos", "ROOT"}
# "One of the nurses who said", "dozens of growers who said": a part of a group, counted.
PARTITIVE_NOUNS = {"dozen", "hundred", "thousand", "million", "number", "majority", "handful"}


def _antecedent(subject: Token, verb: Token) -> Token | None:
    """The noun a relative clause's "who" stands for ("Maria Olsen, who said ...": Maria
    Olsen), or None when ``subject`` is not the relative pronoun of ``verb``'s clause."""
    if (
        subject.lower_ in RELATIVE_PRONOUNS
        and subject.tag_ in ("WP", "WDT")
        and verb.dep_ == "relcl"
        and verb.head.pos_ in ("NOUN", "PROPN")
        and (verb.head.dep_ in ANTECEDENT_DEPS or _counted_part(verb.head))
    ):
        return verb.head
    return None


def _counted_part(noun: Token) -> bool:
    """Whether a noun is the group in "one of ...", "some of ...", "dozens of ..."."""
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.lower_ != "of" or preposition.head.i == preposition.i:
        return False
    whole = preposition.head
    return whole.pos_ in ("NUM", "PRON", "DET") or whole.lemma_.lower() in PARTITIVE_NOUNS


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
    while token.head.i < verb.i and token.head.i != token.i and token.dep_ != "conj":
        head = token.head
        if head.pos_ not in ("NOUN", "PROPN") or _in_regions(offset + head.idx, regions):
            break
        token = head
    return token


def _phrase_tokens(head: Token) -> list[Token]:
    """A noun phrase without its relative clauses and trailing punctuation."""
    dropped: set[int] = set()
    for child in head.children:
        if _inside_word(child):
            continue  # the hyphen of "Nagorno-Karabakh" is part of the name
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
    return _without_credit(_without_dateline(run))


_DATELINE_DASHES = {"-", "--", "—", "–"}


def _inside_word(token: Token) -> bool:
    """Whether a token is a hyphen joining two words with no space ("Nagorno-Karabakh")."""
    if token.text not in ("-", "‐") or token.i == 0 or token.i + 1 >= len(token.doc):
        return False
    return not token.whitespace_ and not token.doc[token.i - 1].whitespace_


def _without_dateline(run: list[Token]) -> list[Token]:
    """A phrase without the dateline the parser glued to it ("OSLO - Norway's broadcaster",
    "MOSCOW (AP) — the ministry"): capitals and an agency's name before a dash that opens
    the sentence."""
    for i, token in enumerate(run):
        if token.text in _DATELINE_DASHES:
            before = run[:i]
            words = [t for t in before if not t.is_punct]
            if (
                words
                and before[0].i == before[0].sent.start
                and all(t.text.isupper() or t.text.strip(".").isupper() for t in words)
            ):
                return [t for t in run[i + 1 :] if not t.is_punct or t is not run[i + 1]]
            break
    return run


def _without_credit(run: list[Token]) -> list[Token]:
    """A phrase without the photo credit a caption opens with ("Jane Doe/AP Fans",
    "Jan Roe/Pool/Agency Images Crews", "Agency Images Dockers"), found as passages find it
    (:func:`~accordingto.furniture.opening_credit_end`)."""
    if not run or run[0].i != run[0].sent.start:
        return run
    start = run[0].idx
    text = run[0].doc.text[start : run[-1].idx + len(run[-1].text)]
    end = opening_credit_end(text)
    rest = [t for t in run if t.idx >= start + end]
    return rest if end and rest else run


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
        ent = next(e for e in entities(head.doc) if e.start <= head.i < e.end)
        tokens = [t for t in ent if not (t.is_punct or t.lower_ in ("'s", "’s"))]
        return tokens or None
    # The small model often tags an unfamiliar surname as a nationality (NORP); after a role
    # noun it is still a name.
    if head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON", "NORP", "WORK_OF_ART"):
        # "Defense Ministry spokesperson Artsrun Ovannisian": the proper nouns after a role noun.
        run = [head]
        for token in reversed(list(head.lefts)):
            if token.dep_ == "compound" and token.pos_ == "PROPN" and token.i == run[0].i - 1:
                run.insert(0, token)
            else:
                break
        # "Captain Mira Holt", "Gov. Lena Berg": a title written as part of the name.
        while len(run) > 2 and _is_title(run[0]):
            run.pop(0)
        before = head.doc[run[0].i - 1] if run[0].i > 0 else None
        if (
            2 <= len(run) <= 3
            and before is not None
            and (before.pos_ == "NOUN" or _is_title(before))
            and before.head.i == head.i
            and all(t.text[:1].isupper() for t in run)
        ):
            return run
    return None


def _is_title(token: Token) -> bool:
    word = token.lower_.rstrip(".")
    return word in TITLE_ROLES or word in TITLE_GENDER or is_person_noun(word)


def _role_and_name(subject: Token) -> tuple[str, str | None, bool]:
    """(speaker as written, role, is a person) for a subject token."""
    head = subject
    appos = [c for c in subject.children if c.dep_ == "appos"]
    name_tokens = _person_name(head)
    role_parts: list[str] = []
    if name_tokens is None or head.ent_type_ != "PERSON":
        # "Greenfield Trust's Chief Science Officer, Maria Olsen,": a proper-noun run the
        # parser does not know as a person yields to a person's name beside it.
        for candidate in appos:
            found = _person_name(candidate)
            if found is not None and (name_tokens is None or candidate.ent_type_ == "PERSON"):
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
        if role and role.lower() in _SPOKES_WORDS:
            role = _speaking_for(subject, role)
        return _text_of(name_tokens), role or None, True
    if head.pos_ == "NOUN":
        for candidate in appos:
            tokens = _phrase_tokens(candidate)
            set_off = tokens and tokens[0].i > 0 and tokens[0].nbor(-1).text == ","
            if candidate.pos_ == "PROPN" and candidate.ent_type_ == "ORG" and set_off:
                # "The tanker's owner, Brightwater Shipping, said": the body it names.
                role = _text_of(_phrase_tokens_without(head, {candidate.i}))
                return _text_of(tokens), _clean_role(role), False
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


# Roles that speak for someone and are written bare when the sentence has just named whom:
# "The ministry said ..., and spokesperson Ana Ruiz pointed to ...".
_SPOKES_WORDS = {"spokesperson", "spokesman", "spokeswoman", "press secretary"}


def _speaking_for(subject: Token, role: str) -> str:
    """A bare spokesperson's role with the organisation whose statement her clause is joined
    to by "and" ("The ministry said …, and spokesperson X pointed to …": "ministry
    spokesperson"), or the role as it is.

    Nothing else is taken for whom she speaks: a body named inside her own words, the subject
    of a clause that is no statement ("Hamas fired rockets, and spokesperson X said"), one
    joined by "but" or "while", or any body when her role already says whom ("spokeswoman X
    of the State Department").
    """
    verb = subject.head
    if any(child.dep_ == "prep" for child in subject.children) or verb.dep_ != "conj":
        return role
    joiners = (*verb.children, *verb.head.children)
    if not any(child.dep_ == "cc" and child.lower_ == "and" for child in joiners):
        return role
    for ancestor in verb.ancestors:
        if cue_strength(ancestor) not in (CORE, SPEECH):
            continue
        for token in ancestor.children:
            if (
                token.dep_ in ("nsubj", "nsubjpass")
                and token.pos_ in ("PROPN", "NOUN")
                and (token.ent_type_ == "ORG" or token.lemma_.lower() in INSTITUTION_NOUNS)
            ):
                return f"{_strip_article(_text_of(_phrase_tokens(token)))} {role}"
        break  # only the statement her clause belongs to
    return role


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
    # "Its spokesperson, Maria Olsen, said": capitalised only by starting the sentence.
    role = re.sub(r"^(?:His|Her|Its|Their|Our|My)\b", lambda m: m.group().lower(), role)
    # "City health director Dr. Amara Singh": the courtesy title is the name's, not the role's.
    role = re.sub(r"(?<=\w)\s+(?:Dr|Mr|Mrs|Ms|Miss|Prof|Rev|Sir|Dame)\.?$", "", role)
    return role or None


_SPEAKING_NOUNS = (PEOPLE_NOUNS, INSTITUTION_NOUNS, DOCUMENT_NOUNS, SELF_STANDING_TEXTS)


def governs_place(noun: Token) -> bool:
    """Whether a noun is "the X of" a named place or body, standing for it ("the city of
    Phoenix", "the people of Armenia")."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "of"
        and any(c.dep_ == "pobj" and c.ent_type_ in ("GPE", "ORG") for c in prep.children)
        for prep in noun.children
    )


def can_speak(subject: Token) -> bool:
    """Whether a subject can make a statement: a name, a group of people, or a document."""
    heads = [subject, *(c for c in subject.children if c.dep_ == "conj")]
    for head in heads:
        if head.pos_ == "PROPN" or head.ent_type_ in SPEAKING_ENTITIES:
            return True
        lemma = head.lemma_.lower()
        if governs_place(head):
            return True  # "the city of Phoenix", "the government of Armenia"
        counted = any(c.dep_ == "nummod" for c in head.children)
        if counted and not is_person_noun(lemma) and lemma not in INSTITUTION_NOUNS:
            # "two tanks", "the top 1 percent", "four resolutions (and ...)": things counted.
            return False
        if any(lemma in nouns for nouns in _SPEAKING_NOUNS):
            return True
        if is_person_noun(lemma):
            return True
        # Nouns for someone who does something: striker, engineer, physician, resident.
        if _AGENT_NOUN.search(lemma) and (has_person_sense(lemma) or _COINED_AGENT.search(lemma)):
            return True
    return False


def has_determiner(token: Token) -> bool:
    """Whether a noun has an article or a possessor ("the ministry", "its president")."""
    return any(c.dep_ in ("det", "poss") for c in token.children)
