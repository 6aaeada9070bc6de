"""The people and bodies an article names, as the resolver needs them: where each is
mentioned, whether as a subject, and what the article's own pronouns say of their gender."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..parsed import entities, entities_in
from ..parsed import sentences as parsed_sentences
from .lexicon import (
    DOCUMENT_NOUNS,
    FEMALE,
    INSTITUTION_NOUNS,
    MALE,
    TITLE_GENDER,
    TITLE_ROLES,
    is_person_noun,
)
from .mentions import _strip_article, governs_place
from .quotes import _in_regions

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from .resolution import Resolver


@dataclass
class Mention:
    """A place where the article names someone or something that could speak."""

    at: int  # article offset
    sentence: int  # sentence number in the article
    name: str  # the full name (persons) or the phrase as written, without its article
    person: bool
    subject: bool  # the subject of its clause
    quoted: bool  # inside quotation marks
    roles: frozenset[str] = frozenset()  # lower-case role words the article gives it
    plural: bool = False
    head: str = ""  # the lemma of the head noun (for descriptions)
    proper: bool = False  # written as a proper name
    main: bool = False  # the subject of its sentence's main clause
    hint: str | None = None  # the gender of a pronoun that follows it in its sentence
    modifier: bool = False  # a name modifying a noun ("the Clinton campaign")
    described: bool = False  # "the president": one person, by a role
    end: int = -1  # article offset where the mention's words end


def mentions_of(doc: Doc, offset: int, sentence_base: int, regions) -> list[Mention]:
    """The mentions of one parsed paragraph: people, bodies and places that could speak."""
    mentions = []
    sentences = list(parsed_sentences(doc))
    covered: set[int] = set()

    def sentence_number(token) -> int:
        for number, sentence in enumerate(sentences):
            if sentence.start <= token.i < sentence.end:
                return sentence_base + number
        return sentence_base

    for entity in entities(doc):
        if entity.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        root = entity.root
        name = re.sub(r"[’']s$", "", entity.text).strip()
        if not name:
            continue
        person = entity.label_ == "PERSON"
        roles = set()
        before = doc[entity.start - 1] if entity.start > 0 else None
        if person:
            # "Gov. Mike Pence", "Republican presidential nominee Donald Trump": words before
            # the name in its noun phrase; "Mike Pence, the Indiana governor": an appositive.
            head = root.head if root.dep_ in ("compound", "appos") else root
            for token in head.subtree:
                if token.i < entity.start and token.i >= head.left_edge.i and not token.is_punct:
                    roles.add(token.lower_.rstrip("."))
            for child in root.children:
                if child.dep_ == "appos":
                    roles.update(t.lower_ for t in child.subtree if t.is_alpha)
            if root.dep_ == "appos":
                roles.update(
                    t.lower_ for t in root.head.subtree if t.is_alpha and t.i < entity.start
                )
            if before is not None and before.lower_.rstrip(".") in TITLE_GENDER:
                roles.add(before.lower_.rstrip("."))
        roles = {TITLE_ROLES.get(r, r) for r in roles if r and r not in ("the", "a", "an")}
        # "Lund and Berg met ...": each of two conjoined names is a subject.
        subject = root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ in ("compound", "appos", "conj") and root.head.dep_ in ("nsubj", "nsubjpass")
        )
        mentions.append(
            Mention(
                at=offset + entity.start_char,
                end=offset + entity.end_char,
                sentence=sentence_number(root),
                name=name,
                person=person,
                subject=subject,
                quoted=_in_regions(offset + entity.start_char, regions),
                roles=frozenset(roles),
                plural=entity.label_ == "NORP" and name.endswith("s"),
                proper=True,
                main=_main_subject(root),
                hint=_pronoun_after(entity, offset, regions) if person else None,
                modifier=root.dep_ == "compound" and root.head.pos_ == "NOUN",
            )
        )
        covered.update(range(entity.start, entity.end))
    for token in doc:
        # Proper names the parser did not take for entities: the head of a run of PROPNs.
        if token.pos_ != "PROPN" or token.i in covered or token.dep_ == "compound":
            continue
        if token.ent_type_ and token.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue  # "Thursday", "March": a date is not a name
        words = [t for t in token.subtree if t.dep_ == "compound" and t.pos_ == "PROPN"]
        words = [t for t in words if t.i < token.i and t.i not in covered] + [token]
        if not token.text[:1].isupper() or not token.is_alpha:
            continue
        name = " ".join(t.text for t in words)
        mentions.append(
            Mention(
                at=offset + words[0].idx,
                end=offset + token.idx + len(token.text),
                sentence=sentence_number(token),
                name=name,
                person=False,
                subject=token.dep_ in ("nsubj", "nsubjpass"),
                quoted=_in_regions(offset + words[0].idx, regions),
                proper=True,
                main=_main_subject(token),
            )
        )
        covered.update(t.i for t in words)
    phrases = [(chunk.root, chunk) for chunk in doc.noun_chunks]
    # "The president's Pacific roots": a description as a possessor is a mention too.
    phrases += [
        (t, doc[t.left_edge.i : t.i + 1])
        for t in doc
        if t.dep_ == "poss" and t.pos_ == "NOUN" and t.i not in covered
    ]
    for root, chunk in phrases:
        lemma = root.lemma_.lower()
        if root.i in covered or root.pos_ == "PRON":
            continue
        speaking = lemma in INSTITUTION_NOUNS or lemma in DOCUMENT_NOUNS or is_person_noun(lemma)
        if not (speaking or governs_place(root)):
            continue
        if governs_place(root):
            # "the city of Phoenix" as a whole, as its speaker is written.
            chunk = doc[chunk.start : max(t.i for t in root.subtree) + 1]
        text = _strip_article(re.sub(r"[’']s$", "", chunk.text).strip())
        mentions.append(
            Mention(
                at=offset + chunk.start_char,
                end=offset + chunk.end_char,
                sentence=sentence_number(root),
                name=text,
                person=False,
                subject=root.dep_ in ("nsubj", "nsubjpass"),
                quoted=_in_regions(offset + chunk.start_char, regions),
                roles=frozenset(t.lower_ for t in chunk if t.is_alpha),
                plural=root.tag_ in ("NNS", "NNPS"),
                head=lemma,
                main=_main_subject(root),
                described=any(c.lower_ == "the" for c in root.children)
                and is_person_noun(lemma)
                and root.tag_ == "NN",
            )
        )
    return mentions


def _pronoun_after(entity, offset, regions) -> str | None:
    """The gender of the first "he"/"she" after a person's name in its sentence, when the
    sentence names no other person ("Clinton told the audience that she ...")."""
    sentence = entity.sent
    if len(_people(sentence, offset, regions)) != 1 or _someone_else_leads(sentence, entity):
        return None
    return _first_pronoun(sentence, offset, regions, entity.end)


def _main_subject(token) -> bool:
    """Whether a name is the subject of its sentence's main clause (or, misparsed as a
    compound on the main verb, "Scott bristles at ...", stands where that subject would)."""
    while token.dep_ in ("compound", "appos", "flat", "conj") and token.head.pos_ in (
        "PROPN",
        "NOUN",
    ):
        token = token.head
    head = token.head
    if token.dep_ == "poss" and head.i != token.i:
        return _main_subject(head)  # "The president's roots came into play"
    if token.dep_ in ("nsubj", "nsubjpass"):
        return head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT")
    return token.dep_ == "compound" and head.pos_ == "VERB" and head.dep_ == "ROOT"


def learn_gender(doc: Doc, offset: int, resolver: Resolver, regions, before=None):
    """Votes from the article's own pronoun chains: a sentence whose one person is followed
    by "he"/"his" or "she"/"her" (in it, or as the subject of the next sentence when that one
    names nobody) makes that person a man or a woman.

    ``before`` is what the previous paragraph's call returned (its last sentence), for a
    chain that crosses paragraphs; the return value is the same for the next call.
    """
    previous = before
    for sentence in parsed_sentences(doc):
        people = _people(sentence, offset, regions)
        after = people[0].end if people else None
        pronoun = _first_pronoun(sentence, offset, regions, after)
        if len(people) == 1 and pronoun and not _someone_else_leads(sentence, people[0]):
            resolver.vote(_name(people[0], offset, resolver), pronoun)
        elif not people and previous is not None and _subject_pronoun(sentence, offset, regions):
            last, last_offset, last_regions = previous
            earlier = _people(last, last_offset, last_regions, subjects=True)
            if len(earlier) == 1 and pronoun:
                resolver.vote(_name(earlier[0], last_offset, resolver), pronoun)
        previous = (sentence, offset, regions)
    return previous


def _someone_else_leads(sentence, entity) -> bool:
    """Whether a pronoun after the person ``entity`` more likely means someone the sentence
    put before it: a named main subject the parser did not take for a person ("Newton-John
    sang … with Travolta, and her ballad …"), or a "he"/"she" before the name ("Her role
    opposite Travolta made her a star")."""
    if entity.root.dep_ in ("nsubj", "nsubjpass"):
        return False
    root = sentence.root
    named_subject = any(
        t.dep_ in ("nsubj", "nsubjpass")
        and t.head.i == root.i
        and t.pos_ == "PROPN"
        and not entity.start <= t.i < entity.end
        for t in sentence
    )
    return named_subject or any(
        t.i < entity.start and t.lower_ in _GENDERED_PRONOUNS for t in sentence
    )


_GENDERED_PRONOUNS = {"he", "his", "him", "himself", "she", "her", "hers", "herself"}


def _people(sentence, offset, regions, subjects: bool = False) -> list:
    found = []
    for entity in entities_in(sentence):
        if entity.label_ != "PERSON":
            continue
        if offset is not None and _in_regions(offset + entity.start_char, regions):
            continue
        if subjects and entity.root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        found.append(entity)
    return found


def _name(entity, offset, resolver) -> str:
    return resolver.full_name(
        re.sub(r"[’']s$", "", entity.text).strip(), offset + entity.start_char
    )


def _first_pronoun(sentence, offset, regions, after=None) -> str | None:
    for token in sentence:
        if after is not None and token.i < after:
            continue
        if _in_regions(offset + token.idx, regions):
            continue
        if token.lower_ in ("he", "his", "him", "himself"):
            return MALE
        if token.lower_ in ("she", "her", "hers", "herself"):
            return FEMALE
    return None


def _subject_pronoun(sentence, offset, regions) -> bool:
    return any(
        t.dep_ in ("nsubj", "nsubjpass")
        and t.lower_ in ("he", "she")
        and not _in_regions(offset + t.idx, regions)
        for t in sentence
    )
