"""Extracting statements: every statement of an article, with its speaker, cue and span.

Paragraph by paragraph: an interview's turns, embedded posts, what the paragraph reports
somebody said (see ``reported``) and the sentences in the outlet's own voice; each draft is
then finished into a ``Statement`` with its speaker's confidence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..corpus import Article
from ..figures import figures_in
from ..parsed import sentences as parsed_sentences
from .confidence import CONTINUED, TURN, UNCLEAR_BELOW, confidence_of
from .parsing import _paragraphs, parse_paragraphs
from .people import learn_gender, mentions_of
from .quotes import _tweet_drafts, _tweet_signatures, quote_regions
from .records import DIRECT, INTRO, OUTLET, Statement, _Draft, _overlap, _Speaker, _trim
from .reported import paragraph_drafts
from .resolution import Resolver

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


def extract_statements(
    article: Article, nlp: Language, docs: list | None = None, genders: dict | None = None
) -> list[Statement]:
    """Every statement in an article's body, caption and embed paragraphs, in text order.

    ``docs`` are the article's parsed paragraphs (see :func:`parse_paragraphs`), when the
    caller has them already; ``genders`` is what earlier articles of the same collection
    made clear about who is a man or a woman (it is added to).
    """
    text = article.text
    paragraphs = _paragraphs(article)
    if docs is None:
        docs = parse_paragraphs(article, nlp)
    regions_of = [quote_regions(text, start, end) for _, start, end, _ in paragraphs]
    sentence_starts: list[int] = []
    mentions = []
    for (_, start, _, _), doc, regions in zip(paragraphs, docs, regions_of, strict=True):
        base = len(sentence_starts)
        sentence_starts.extend(start + s.start_char for s in parsed_sentences(doc))
        mentions.extend(mentions_of(doc, start, base, regions))
    resolver = Resolver(mentions, sentence_starts, genders)
    chain = None
    for (_, start, _, _), doc, regions in zip(paragraphs, docs, regions_of, strict=True):
        chain = learn_gender(doc, start, resolver, regions, chain)
    drafts: list[_Draft] = []
    # A floating quote inherits a speaker from its own or the previous paragraph only.
    recent: list[_Draft] = []
    signatures = _tweet_signatures(article)
    transcript = _is_transcript(text, paragraphs, resolver)
    for (number, p_start, p_end, kind), doc, regions in zip(
        paragraphs, docs, regions_of, strict=True
    ):
        recent = [d for d in recent if number - d.paragraph <= 1]
        turn = _transcript_turn(text, number, p_start, p_end, resolver, transcript)
        if number in signatures:
            found = _tweet_drafts(article, number, p_start, p_end, signatures[number])
        elif turn is not None:
            found = [turn]
            resolver.remember(turn.cue_start, turn.speaker)
        else:
            found = paragraph_drafts(text, number, p_start, doc, regions, resolver, recent)
            found += _outlet_drafts(text, number, p_start, doc, found, kind)
            for draft in found:
                draft.figures = figures_in(doc, p_start, draft.start, draft.end)
        drafts.extend(found)
        recent.extend(found)
    kept = [d for d in drafts if d.kind != INTRO]
    return [_finish(article, d) for d in sorted(kept, key=lambda d: (d.start, d.end))]


# "PENCE: Well, the question ..." in a transcript: a speaker's turn, labelled in capitals.
_TURN = re.compile(r"[\"“']?([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):\s+\S")


def _is_transcript(text, paragraphs, resolver) -> bool:
    """Whether an article holds a transcript: three or more "NAME:" turns, one of them of
    a person the article names."""
    labels = []
    for _, start, end, _ in paragraphs:
        match = _TURN.match(text, start, end)
        if match:
            labels.append(match.group(1).title())
    known = any(resolver.full_name(label) in resolver.persons for label in labels)
    return len(labels) >= 3 and known


def _transcript_turn(text, number, start, end, resolver, transcript=False) -> _Draft | None:
    """A paragraph that is one speaker's turn in an interview transcript ("NAME: ..."), when
    the label names a person the article names, or the article is a transcript (so that
    "READ MORE:" in an ordinary story is no speaker, but a moderator's turns are)."""
    match = _TURN.match(text, start, end)
    if not match:
        return None
    label = match.group(1).title()
    name = resolver.full_name(label, start)
    if not transcript and name not in resolver.persons and name == label:
        return None
    content = _trim(text, match.end(1) + 1, end)
    content = (content[0], content[1] - 1) if text[content[1] - 1] in '"”' else content
    if content[1] <= content[0]:
        return None
    speaker = _Speaker(match.group(1), name, None, True, span=(match.start(1), match.end(1)))
    return _Draft(*content, speaker, ":", DIRECT, 0.0, number, match.end(1), basis=TURN)


def _outlet_drafts(text, number, offset, doc, drafts, kind) -> list[_Draft]:
    """Sentences in the outlet's own voice: nobody is quoted and no cue is in them."""
    out = []
    mine = [d for d in drafts if d.paragraph == number and d.kind != INTRO]
    for sentence in parsed_sentences(doc):
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
    confidence, basis, canonical = draft.confidence, "", None
    if draft.kind != OUTLET:
        confidence = 0.0
        if speaker is not None and speaker.canonical:
            basis = draft.basis or speaker.basis
            confidence = speaker_confidence(speaker, basis)
            # Below the lowest band the guess is not shown: "speaker unclear".
            canonical = speaker.canonical if confidence >= UNCLEAR_BELOW else None
    return Statement(
        file=article.file,
        start=draft.start,
        end=draft.end,
        text=article.text[draft.start : draft.end],
        speaker=speaker.written if speaker else None,
        speaker_canonical=canonical,
        role=speaker.role if speaker and canonical else None,
        cue=draft.cue,
        kind=draft.kind,
        confidence=confidence,
        cue_start=draft.cue_start,
        cue_end=cue_end,
        mention_start=mention[0],
        mention_end=mention[1],
        figures=draft.figures,
        basis=basis,
    )


def speaker_confidence(speaker: _Speaker, basis: str) -> float:
    """How likely a speaker found on ``basis`` is right; a quote carried over from the one
    before is no surer than that one's speaker."""
    own = confidence_of(speaker.basis, speaker.sureness)
    if basis == CONTINUED:
        return min(confidence_of(CONTINUED), own)
    if basis != speaker.basis:
        return confidence_of(basis)
    return own
