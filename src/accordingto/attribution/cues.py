"""Cues of reporting: the verbs that introduce what someone said, and the content they govern.

A verb is a cue in one of three strengths. The common verbs of saying (``REPORTING_VERBS``)
are cues wherever they have a speaker. Verbs that VerbNet puts in its classes of
communication ("shout", "inquire", "joke") are cues when they govern what was said: a clause,
a quotation or the object of a verb like "demand". Verbs that WordNet files under
communication or cognition ("recall", "believe" with a that-clause) are cues only with a
clause of their own or a quotation. Whatever its lemma, a verb whose clause is a quotation
("'...,' she recalled") is a cue: quotation marks say that words were spoken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import (
    OBJECT_CONTENT_VERBS,
    PREPOSITION_CONTENT,
    REPORTING_VERBS,
    clause_verbs,
    is_person_noun,
    speech_verbs,
)
from .records import _trim

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


HYPOTHETICAL_MARKS = {"if", "unless", "whether", "whenever"}


CONTENT_DEPS = {"ccomp", "xcomp", "parataxis"}


CORE, SPEECH, CLAUSE = "core", "speech", "clause"


def cue_strength(verb: Token) -> str | None:
    """How surely a verb reports speech by its lemma alone: ``CORE``, ``SPEECH`` (when it
    governs what was said), ``CLAUSE`` (only with a clause or a quotation), or None."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    if lemma == "according":
        return None
    if lemma in REPORTING_VERBS:
        return CORE
    if lemma in speech_verbs():
        return SPEECH
    if lemma in clause_verbs():
        return CLAUSE
    return None


def _is_reporting(verb: Token) -> bool:
    return cue_strength(verb) == CORE


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
    # A verb of speaking whose object is not a listener says its object ("questioned the
    # figures", "promised a review"; "told reporters" names who heard it), in a main clause:
    # inside someone's reported words ("said Clinton doesn't show consistency") it is theirs.
    main_clause = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
    speech_object = cue_strength(verb) == SPEECH and main_clause
    chosen: list[Token] = []
    for child in verb.children:
        said_object = lemma in OBJECT_CONTENT_VERBS or (speech_object and not _listener(child))
        if (
            child.dep_ in ("ccomp", "xcomp")
            or (child.dep_ == "parataxis" and child.i > verb.i)
            or (child.dep_ == "dobj" and said_object)
            or (child.dep_ == "prep" and child.lower_ in PREPOSITION_CONTENT.get(lemma, ()))
        ):
            chosen.append(child)
    if lemma == "tell":
        chosen = [c for c in chosen if c.dep_ != "dobj"]
    if not chosen:
        # "told a meeting of leaders that few people understood ...": the parser hangs the
        # that-clause from the listener as if relative; a relative clause has no "that" mark.
        for child in verb.children:
            if child.dep_ in ("dobj", "dative"):
                chosen.extend(
                    t
                    for t in child.subtree
                    if t.dep_ == "relcl"
                    and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
                )
    tokens: list[Token] = []
    for child in chosen:
        tokens.extend(child.subtree)
    # Only a verb of saying can report the clause it hangs from ("..., the ministry said");
    # "because he cannot defend" reports nothing.
    frames = ("parataxis", "ccomp", "advcl") if lemma in REPORTING_VERBS else ("parataxis",)
    if not tokens and verb.dep_ in frames and verb.head.i != verb.i:
        own = {t.i for t in verb.subtree}
        if verb.head.i < verb.i:
            # "About 200 people have been wounded, the ministry said": the clause is the head.
            tokens = [t for t in verb.head.subtree if t.i not in own and t.i < verb.i]
        elif _parenthetical(verb):
            # "The museum, Mr. Obama said, would make ...": the clause around it, with any
            # clause the parser hung from the verb ("Though X, he said, Y").
            core = _reporting_core(verb)
            tokens = [t for t in verb.head.subtree if t.i not in core]
    return sorted(_without_other_voices(verb, tokens), key=lambda t: t.i)


def _listener(noun: Token) -> bool:
    """Whether an object is someone spoken to: a pronoun, a person, people."""
    return (
        noun.pos_ == "PRON"
        or noun.ent_type_ in ("PERSON", "NORP", "ORG")
        or is_person_noun(noun.lemma_.lower())
    )


def _without_other_voices(verb: Token, tokens: list[Token]) -> list[Token]:
    """Content without another speaker's reporting clause that hangs beside it ("the quota
    would rise, while Lund said it would fall"; "When Clinton noted that ..., Trump
    boasted"): that clause is a statement of its own. A clause reported *inside* the
    content ("said that Lund told him ...") stays: it is what the speaker said."""
    nested = [
        t
        for t in tokens
        if t.i != verb.i
        and t.dep_ in ("advcl", "conj")
        and cue_strength(t) in (CORE, SPEECH)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
    ]
    # "…, and Jo Roe pointed to A and said B": "said" has no subject of its own and is Jo
    # Roe's too (see ``conjunct_before``).
    voiced = {t.i for t in nested}
    for t in tokens:
        earlier = conjunct_before(t) if t.i != verb.i else None
        if earlier is not None and earlier.i in voiced and cue_strength(t) in (CORE, SPEECH):
            nested.append(t)
            voiced.add(t.i)
    dropped = {x.i for t in nested for x in t.subtree}
    kept = [t for t in tokens if t.i not in dropped]
    # The "and" or comma that joined a dropped clause ends nothing of this one.
    kept.sort(key=lambda t: t.i)
    while (
        kept
        and (kept[-1].dep_ == "cc" or kept[-1].text in _JOINING_MARKS)
        and (kept[-1].i + 1 in dropped)
    ):
        dropped.add(kept.pop().i)
    return kept


def conjunct_before(verb: Token) -> Token | None:
    """The verb joined to ``verb`` just before it, when the parse hangs both on a first
    verb: in "A fended off an attack, and B pointed to fighting and said …", "said" shares
    the subject of "pointed", the verb next to it, not of "fended", where the parse hangs
    every verb of the chain."""
    if verb.dep_ != "conj":
        return None
    before = [
        c
        for c in verb.head.children
        if c.dep_ == "conj" and c.i < verb.i and c.pos_ in ("VERB", "AUX")
    ]
    return max(before, key=lambda c: c.i) if before else None


_DASHES = {",", "—", "–", "-"}
_JOINING_MARKS = {",", ";", "—", "–", "-"}


def _reporting_core(verb: Token) -> set[int]:
    """The words of "he said" itself: the verb, its subject, auxiliaries and punctuation."""
    core = {verb.i}
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "aux", "neg", "advmod", "punct", "prep", "dobj"):
            core.update(t.i for t in child.subtree)
    return core


def _parenthetical(verb: Token) -> bool:
    """A reporting clause set off by commas inside the clause it reports ("X, he said, Y")."""
    doc = verb.doc
    edge_before = doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else None
    edge_after = doc[verb.right_edge.i + 1] if verb.right_edge.i + 1 < len(doc) else None
    closing = verb.right_edge.text in _DASHES
    if (
        edge_before is not None
        and edge_after is not None
        and (edge_before.text in _DASHES or closing)
        and (edge_after.text in _DASHES or closing)
    ):
        return True
    core = _reporting_core(verb)
    first, last = min(core), max(core)
    inner = [i for i in core if not doc[i].is_punct]
    first_word, last_word = min(inner), max(inner)
    before = doc[first_word - 1] if first_word > 0 else None
    after = doc[last_word + 1] if last_word + 1 < len(doc) else None
    return (
        first > verb.sent.start
        and last < verb.sent.end - 1
        and before is not None
        and after is not None
        and before.text in _DASHES
        and after.text in _DASHES
    )


def _span_of(tokens: list[Token], offset: int, text: str) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not (t.dep_ == "mark" and t.lower_ == "that")]
    if not tokens:
        return None
    start = offset + tokens[0].idx
    end = offset + tokens[-1].idx + len(tokens[-1].text)
    start, end = _trim(text, start, end)
    return (start, end) if end > start else None
