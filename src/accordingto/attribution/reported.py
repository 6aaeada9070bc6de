"""What one paragraph reports somebody said: the statements its reporting verbs govern
("she said the talks failed"), its "according to" phrases, and its quotations, whether a
verb next to them or the speaker of the quote before says whose they are."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..vocabulary import NAME_GLUE
from .confidence import CONTINUED, PHRASE
from .cues import CORE, SPEECH, _content_tokens, _hypothetical, _span_of, cue_strength
from .lexicon import ASPECTUAL, CLAUSE_ONLY, is_document_noun
from .mentions import _subject_before, _subject_of
from .quotes import (
    _CLOSE_QUOTES,
    _OPEN_QUOTES,
    _STRAIGHT,
    _in_regions,
    _quoted_share,
    _sentence_share,
)
from .records import (
    ACCORDING_TO,
    DIRECT,
    INDIRECT,
    INTRO,
    OUTLET,
    _Draft,
    _overlap,
    _Speaker,
    _trim,
)
from .resolution import Resolver
from .speakers import speaker_for

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


def paragraph_drafts(
    text: str,
    number: int,
    offset: int,
    doc: Doc,
    regions: list[tuple[int, int]],
    resolver: Resolver,
    earlier: list[_Draft],
) -> list[_Draft]:
    """What one parsed paragraph reports somebody said: the content of its reporting verbs
    and "according to" phrases, then its quotations that no verb's content covered.

    ``offset`` is where the paragraph starts in ``text``, ``regions`` its quotations, and
    ``earlier`` the drafts of the paragraph before, whose speaker a quotation standing alone
    may carry on.
    """
    drafts: list[_Draft] = []
    pending: list[tuple[Token, _Speaker]] = []
    for token in doc:
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            draft = _according_to(text, number, offset, token, regions, resolver)
            if draft is not None:
                drafts.append(draft)
            continue
        if _in_regions(offset + token.idx, regions):
            continue
        strength = cue_strength(token)
        if strength is None and not _governs_quote(token, offset, regions):
            continue
        if _hypothetical(token) or _passive_participle(token):
            continue
        subject = _subject_of(token, offset, regions) or _subject_before(token, offset, regions)
        if subject is None or _in_regions(offset + subject.idx, regions):
            continue
        speaker = speaker_for(subject, offset, resolver, regions, token)
        if speaker is None:
            continue
        span = _span_of(_content_tokens(token), offset, text)
        if span is None and strength in (CORE, SPEECH) and subject.i > token.i:
            span = _before_inverted_cue(token, offset, text)
        if span is None:
            if strength is not None:
                pending.append((token, speaker))
            continue
        deps = {c.dep_ for c in token.children}
        if strength in (CORE, SPEECH):
            aspect = token.lemma_.lower() in ASPECTUAL
            has_clause = "ccomp" in deps or ("xcomp" in deps and not aspect)
        else:
            has_clause = any(
                c.dep_ == "ccomp" and _finite(c) and not _open_question(c) for c in token.children
            )
        quoted = _quoted_share(*span, regions) > 0
        needs_clause = strength != CORE or token.lemma_.lower() in CLAUSE_ONLY
        said_object = strength == SPEECH and "dobj" in deps
        if needs_clause and not has_clause and not quoted and not said_object:
            continue
        draft = _with_quotes(span, regions, speaker, token, number, offset)
        if draft.kind == DIRECT and _names_a_work(strength, text[draft.start : draft.end]):
            continue  # "she starred in “Star Trek”": a work's title, not words said
        drafts.append(draft)
        resolver.remember(offset + token.idx, speaker)
    # Drop "according to" statements, and those of evidence no one is named as issuing,
    # that sit inside what somebody else said: that speaker cites them.
    reported = [d for d in drafts if not _cited(d)]
    drafts = [
        d
        for d in drafts
        if not _cited(d) or not any(r.start <= d.cue_start < r.end for r in reported)
    ]
    drafts.extend(
        _quote_drafts(text, number, offset, doc, regions, drafts, pending, earlier, resolver)
    )
    return drafts


def _cited(draft: _Draft) -> bool:
    """Whether a statement is one a speaker may cite: an "according to" phrase, or evidence
    no one is named as issuing."""
    return draft.kind == ACCORDING_TO or (draft.speaker is not None and draft.speaker.evidence)


def _passive_participle(verb: Token) -> bool:
    """ "when asked to do so", "Scott, asked about it, said": a participle with no subject or
    auxiliary of its own; whoever the clause is about was spoken to, not speaking."""
    if verb.tag_ != "VBN":
        return False
    return not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in verb.children
    )


def _finite(clause: Token) -> bool:
    """Whether a clause has a tense or a "that" of its own ("recalled that he was", not
    "would see their incomes go up"; the parser tags that "go" as present tense, so a bare
    present plural does not count)."""
    if clause.tag_ in ("VBD", "VBZ"):
        return True
    return any(
        (c.dep_ == "mark" and c.lower_ in ("that", "whether", "if"))
        or (c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBD", "VBZ", "VBP"))
        for c in clause.children
    )


# Words that open a question left open as a clause ("why it failed", "whether it changed").
_OPEN_QUESTION_WORDS = {
    "why", "how", "what", "when", "where", "who", "whom", "whose", "which", "whether", "if",
}  # fmt: skip


def _open_question(clause: Token) -> bool:
    """Whether a clause is a question left open ("did not know why it failed", "to determine
    whether the orbit changed"): under a verb of knowing, no claim."""
    return clause.left_edge.lower_ in _OPEN_QUESTION_WORDS


def _governs_quote(verb: Token, offset: int, regions) -> bool:
    """Whether a verb's clause is mostly a quotation ("'It was chaos,' she recalled")."""
    if verb.pos_ != "VERB":
        return False
    for child in verb.children:
        if child.dep_ in ("ccomp", "parataxis"):
            tokens = [t for t in child.subtree if t.is_alpha]
            inside = sum(1 for t in tokens if _in_regions(offset + t.idx, regions))
            if tokens and inside / len(tokens) >= 0.6:
                return True
    return False


def _before_inverted_cue(verb: Token, offset: int, text: str) -> tuple[int, int] | None:
    """What "…, said her spokesman, Paul Okafor" reports when the parser did not make it the
    verb's clause ("She told them X, said her spokesman" parsed as two joined verbs): the
    sentence before the comma the verb follows."""
    sentence = verb.sent
    before = verb.doc[verb.i - 1] if verb.i > sentence.start else None
    if before is None or before.text != "," or before.i - sentence.start < 3:
        return None
    start = offset + sentence.start_char
    end = offset + before.idx
    return _trim(text, start, end)


def _with_quotes(span, regions, speaker, verb, number, offset) -> _Draft:
    start, end = span
    touched = [(s, e) for s, e in regions if _overlap(start, end, s, e) > 0]
    at = offset + verb.idx
    if len(touched) == 1 and touched[0][0] <= start + 1 and touched[0][1] < end <= at:
        # '"Q," the singer's niece, Marcia "Cia" Price, shouted': when the parser hangs part
        # of the speaker's phrase on the quoted clause, what was said is the quotation alone;
        # but '"Q" to drive up the price, she said' goes on in the speaker's words.
        tail = [t for t in verb.doc if touched[0][1] <= offset + t.idx < end]
        if not any(t.pos_ in ("VERB", "AUX") for t in tail):
            end = touched[0][1]
    kind = INDIRECT
    if touched and _quoted_share(start, end, regions) >= 0.6:
        start, end = min(s for s, _ in touched), max(e for _, e in touched)
        kind = DIRECT
    elif touched:
        # A partial quote inside reported speech: take in the rest of the quote.
        start = min(start, *(s for s, _ in touched))
        end = max(end, *(e for _, e in touched))
    cue = verb.text
    if verb.lemma_.lower() == "call":
        preps = [c.text for c in verb.children if c.dep_ == "prep"]
        cue = " ".join([verb.text, *preps[:1]])
    return _Draft(start, end, speaker, cue, kind, 0.0, number, offset + verb.idx)


def _according_to(text, number, offset, token, regions, resolver) -> _Draft | None:
    if _in_regions(offset + token.idx, regions):
        return None
    to = next(c for c in token.children if c.lower_ == "to")
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    source = objects[0]
    speaker = speaker_for(source, offset, resolver, regions)
    if speaker is None:
        return None
    if is_document_noun(source):
        # "according to a filing with the regulator": the issuer speaks.
        for prep in source.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "from", "by", "of"):
                owners = [c for c in prep.children if c.dep_ == "pobj"]
                if owners:
                    inner = speaker_for(owners[0], offset, resolver, regions)
                    if inner is not None:
                        speaker = replace(inner, written=speaker.written, span=None)
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
    # The side holding the verb the phrase modifies is what the source says; the other is
    # often an aside ("..., according to X, more than twice what it projected").
    with_head = before_span if head.i < token.i else after_span
    span = with_head or max(spans, key=lambda s: s[1] - s[0])
    resolver.remember(offset + token.idx, speaker)
    cue_at = offset + token.idx
    return _Draft(span[0], span[1], speaker, "according to", ACCORDING_TO, 0.0, number, cue_at)


def _quote_drafts(text, number, offset, doc, regions, drafts, pending, earlier, resolver):
    """Statements for quotes that no reporting verb's content covered, and an ``INTRO``
    for a reporting verb in the paragraph's last sentence that no quotation took."""
    out: list[_Draft] = []
    used: set[int] = set()
    for q_start, q_end in regions:
        start, end = _trim(text, q_start, q_end)
        if end - start < 3 or any(_overlap(start, end, d.start, d.end) for d in drafts + out):
            continue
        # A verb with no clause of its own next to the quote: "..." Aliyev said.
        near = None
        # "She began her career in “Star Voyage”": a title beside a verb that may report
        # speech names a work; a verb of saying ("“Physical,” she said") quotes it.
        quoted = text[start:end]
        for verb, speaker in pending:
            if _names_a_work(cue_strength(verb), quoted):
                continue
            subject = _subject_of(verb, offset, regions)
            if subject is not None and _in_speakers_phrase(subject, verb, offset, start):
                continue  # "X, known for “Title,” said": a title in the speaker's phrase
            at = offset + verb.idx
            # The text between the quote's closing (or opening) mark and the verb.
            gap = text[q_end + 1 : at] if at >= q_end else text[at + len(verb.text) : q_start - 1]
            closer = near is None or abs(at - q_end) < abs(offset + near[0].idx - q_end)
            # A nickname quoted inside the speaker's name ("Marcia “Cia” Price") breaks nothing.
            bare = _NICKNAME.sub(" ", gap)
            quiet = not any(ch in bare for ch in _OPEN_QUOTES + _CLOSE_QUOTES + _STRAIGHT + "\n")
            # A verb before the quote introduces it only from its own sentence or with a
            # colon ('..., Schiff said. "' does not); after it, the parser often splits
            # '"...?" Vitter demanded.' into two sentences, so only the gap counts.
            s_end = offset + verb.sent.end_char
            same = at >= q_end or q_start < s_end or gap.rstrip().endswith(":")
            quiet = quiet and same
            if len(gap) <= 80 and quiet and closer:
                near = (verb, speaker)
        if near is not None:
            verb, speaker = near
            used.add(verb.i)
            out.append(
                _Draft(start, end, speaker, verb.text, DIRECT, 0.0, number, offset + verb.idx)
            )
            resolver.remember(offset + verb.idx, speaker)
            continue
        sentence_share = _sentence_share(doc, offset, q_start, q_end)
        if sentence_share >= 0.8:
            previous = _previous_speaker(earlier + drafts + out, start, number)
            if previous is not None:
                cue, cue_at = previous.cue, previous.cue_start
                draft = _Draft(start, end, previous.speaker, cue, DIRECT, 0.0, number, cue_at)
                draft.basis = CONTINUED
                out.append(draft)
                continue
            out.append(_Draft(start, end, None, "", DIRECT, 0.0, number))
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
        if _in_speakers_phrase(subject, verb, offset, start):
            continue
        speaker = speaker_for(subject, offset, resolver, regions)
        # "The winner was “Salt and Embers”" names a thing, which says nothing; "the coach
        # was “very proud”" still gives the coach's words.
        described = verb.lemma_ == "be" and not _in_regions(offset + verb.idx, regions)
        # "She starred in “Star Trek”", "he made “60 Minutes”": a title under a verb that is
        # not one of saying names a work; "it has “no basis in reality”" quotes words.
        titled = _names_a_work(cue_strength(verb), text[start:end])
        if speaker is not None and not (described and not speaker.is_person) and not titled:
            cue_at = offset + verb.idx
            out.append(
                _Draft(start, end, speaker, verb.text, DIRECT, 0.0, number, cue_at, basis=PHRASE)
            )
    last = list(doc.sents)[-1] if len(doc) else None
    for verb, speaker in pending:
        if verb.i in used or last is None or not last.start <= verb.i < last.end:
            continue
        if cue_strength(verb) in (CORE, SPEECH):
            at = offset + verb.idx
            out.append(_Draft(at, at, speaker, verb.text, INTRO, 0.0, number, at))
    return out


def _names_a_work(strength: str | None, quoted: str) -> bool:
    """Whether quoted words beside a verb of this ``strength`` (see ``cue_strength``) name a
    work rather than give words said: a title under a verb that is not one of saying."""
    return strength not in (CORE, SPEECH) and _is_title(quoted)


_TITLE_WORD = re.compile(r"[^\W_][\w’'-]*")


def _is_title(quoted: str) -> bool:
    """Whether quoted words are written as a title or a name: every word capitalised (or a
    number), but for the small words inside names ("Lord of the Rings"); words that close
    on a comma, a question or an exclamation ("“Yes,” she replied") are spoken."""
    words = _TITLE_WORD.findall(quoted)
    if quoted.rstrip().endswith((",", "?", "!")):
        return False
    return bool(words) and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in NAME_GLUE for w in words
    )


_NICKNAME = re.compile(r"(?<=[^\W\d_]) [“\"‘'][A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?[”\"’'] (?=[A-Z])")


def _in_speakers_phrase(subject: Token, verb: Token, offset: int, start: int) -> bool:
    """Whether a quote starting at ``start`` lies inside the whole phrase of the verb's
    subject (its appositives and clauses too), and the verb outside it: "Anna Berg, the
    novelist known for “Salt Roads,” said" quotes a title in describing the speaker, but in
    "The mayor, who called the plan “reckless,”" the verb is in the phrase too, and the quote
    is the mayor's."""
    first, last = subject.left_edge, subject.right_edge
    lo, hi = offset + first.idx, offset + last.idx + len(last.text)
    return lo <= start < hi and not lo <= offset + verb.idx < hi


def _previous_speaker(drafts: list[_Draft], start: int, number: int) -> _Draft | None:
    candidates = [
        d
        for d in drafts
        if d.end <= start
        and d.speaker is not None
        and d.kind in (DIRECT, INDIRECT, INTRO)
        and number - d.paragraph <= 1
    ]
    if not candidates:
        return None
    latest = max(candidates, key=lambda d: d.end)
    # A verb that introduced nothing speaks for the quotation only when nobody was cited
    # between them ("…, according to the White House." comes after it).
    if latest.kind == INTRO and any(
        latest.end <= d.cue_start < start and d.kind not in (OUTLET, INTRO) for d in drafts
    ):
        return None
    return latest
