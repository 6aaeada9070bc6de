"""Extracting statements: every statement of an article, with its speaker, cue and span."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..corpus import Article
from ..figures import figures_in
from ..parsed import sentences as parsed_sentences
from ..progress import Track, silent
from ..vocabulary import Vocabulary
from .confidence import CONTINUED, PHRASE, TURN, UNCLEAR_BELOW, confidence_of
from .cues import CORE, SPEECH, _content_tokens, _hypothetical, _span_of, cue_strength
from .lexicon import CLAUSE_ONLY, DOCUMENT_NOUNS
from .mentions import _subject_before, _subject_of
from .parsing import _paragraphs, _processes_for, parse_paragraphs, parse_texts, sentence_spans
from .people import learn_gender, mentions_of
from .quotes import (
    _CLOSE_QUOTES,
    _OPEN_QUOTES,
    _STRAIGHT,
    _in_regions,
    _quoted_share,
    _sentence_share,
    _tweet_drafts,
    _tweet_signatures,
    quote_regions,
)
from .records import (
    ACCORDING_TO,
    DIRECT,
    INDIRECT,
    OUTLET,
    Statement,
    _Draft,
    _overlap,
    _Speaker,
    _trim,
)
from .registry import SpeakerRegistry, speaker_entries
from .resolution import Resolver, speaker_for

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Token


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
            found = _paragraph_drafts(text, number, p_start, doc, regions, resolver, recent)
            found += _outlet_drafts(text, number, p_start, doc, found, kind)
            for draft in found:
                draft.figures = figures_in(doc, p_start, draft.start, draft.end)
        drafts.extend(found)
        recent.extend(found)
    return [_finish(article, d) for d in sorted(drafts, key=lambda d: (d.start, d.end))]


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


def _paragraph_drafts(text, number, offset, doc, regions, resolver, earlier) -> list[_Draft]:
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
        if span is None:
            if strength is not None:
                pending.append((token, speaker))
            continue
        deps = {c.dep_ for c in token.children}
        if strength in (CORE, SPEECH):
            has_clause = "ccomp" in deps or "xcomp" in deps
        else:
            has_clause = any(c.dep_ == "ccomp" and _finite(c) for c in token.children)
        quoted = _quoted_share(*span, regions) > 0
        needs_clause = strength != CORE or token.lemma_.lower() in CLAUSE_ONLY
        said_object = strength == SPEECH and "dobj" in deps
        if needs_clause and not has_clause and not quoted and not said_object:
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
    if source.lemma_.lower() in DOCUMENT_NOUNS:
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
        speaker = speaker_for(subject, offset, resolver, regions)
        if speaker is not None:
            cue_at = offset + verb.idx
            out.append(
                _Draft(start, end, speaker, verb.text, DIRECT, 0.0, number, cue_at, basis=PHRASE)
            )
    return out


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


def extract_corpus(articles: Iterable[Article], nlp: Language) -> dict[str, list[Statement]]:
    """Statements of every article, with speakers made canonical across the articles."""
    statements, _ = attribute_corpus(articles, nlp)
    by_file: dict[str, list[Statement]] = {}
    for statement in statements:
        by_file.setdefault(statement.file, []).append(statement)
    return by_file


@dataclass
class ArticleAttribution:
    """What attributing one article found, before speakers are made canonical across the
    collection: enough to redo the collection step later without parsing the article again.

    ``statements`` keep the speaker the article itself names (``speaker_canonical`` as found,
    not yet the registry's spelling); ``vocabulary`` holds the names its parsed paragraphs
    use; ``sentences`` the sentence spans of each paragraph, by paragraph start.
    ``genders_read`` is what earlier articles had voted on the genders of the people this one
    asked about, and ``genders_added`` the votes it added: the article's result depends on
    the rest of the collection only through ``genders_read``.
    """

    file: str
    statements: list[Statement]
    vocabulary: Vocabulary
    sentences: dict[int, list[tuple[int, int]]]
    genders_read: dict[str, dict[str, int]]
    genders_added: dict[str, dict[str, int]]

    def to_dict(self) -> dict:
        """A JSON-ready form (statements are kept apart; only their speakers as found)."""
        return {
            "file": self.file,
            "speakers_found": [s.speaker_canonical for s in self.statements],
            "vocabulary": self.vocabulary.to_dict(),
            "genders_read": self.genders_read,
            "genders_added": self.genders_added,
        }

    @classmethod
    def from_dict(cls, record: dict, statements: Iterable[Statement]) -> ArticleAttribution:
        """An attribution from its ``to_dict()`` form and the article's stored statements
        (canonical or not: each gets back the speaker as the article named it)."""
        statements = list(statements)
        found = record["speakers_found"]
        if len(found) != len(statements):
            raise ValueError(f"{record['file']}: statements and their speakers disagree")
        return cls(
            file=record["file"],
            statements=[
                replace(s, speaker_canonical=f) for s, f in zip(statements, found, strict=True)
            ],
            vocabulary=Vocabulary.from_dict(record["vocabulary"]),
            sentences={},
            genders_read=record["genders_read"],
            genders_added=record["genders_added"],
        )


class GenderVotes:
    """The gender votes one article reads: those of the articles before it plus its own.

    Used by ``Resolver`` as its shared votes. It records the names the article asks about
    (with what earlier articles had said of them) and the votes the article adds, so that
    an update can tell whether the article would come out differently after others change.
    """

    def __init__(self, earlier: dict[str, Counter]) -> None:
        self.earlier = earlier
        self.added: dict[str, Counter] = {}
        self.read: dict[str, dict[str, int]] = {}

    def get(self, name: str, default=None):
        before = self.earlier.get(name, Counter())
        self.read.setdefault(name, dict(before))
        votes = before + self.added.get(name, Counter())
        return votes or default

    def setdefault(self, name: str, default: Counter) -> Counter:
        return self.added.setdefault(name, default)


def add_votes(total: dict[str, Counter], votes: dict[str, dict[str, int]]) -> None:
    """Add one article's gender votes to those of the articles before it."""
    for name, counts in votes.items():
        total.setdefault(name, Counter()).update(counts)


def parse_articles(
    articles: Sequence[Article], nlp: Language, track: Track = silent
) -> Iterator[tuple[Article, list]]:
    """Each article with its parsed paragraphs, parsing all of them in one stream."""
    work = [(article, _paragraphs(article)) for article in articles]
    texts = [article.text[s:e] for article, paragraphs in work for _, s, e, _ in paragraphs]
    total = len(texts)
    size = sum(len(article.text) for article in articles)
    docs = iter(track(parse_texts(texts, nlp, _processes_for(size)), "parsing", total=total))
    for article, paragraphs in work:
        yield article, list(itertools.islice(docs, len(paragraphs)))


def attribute_article(
    article: Article, nlp: Language, docs: list, genders: dict[str, Counter]
) -> ArticleAttribution:
    """The per-article step: statements, names and sentences of one parsed article.

    ``genders`` holds the votes of the articles before it; this article's are added.
    """
    votes = GenderVotes(genders)
    statements = extract_statements(article, nlp, docs, votes)  # type: ignore[arg-type]
    vocabulary = Vocabulary()
    for doc in docs:
        vocabulary.add_doc(doc)
    added = {name: dict(counts) for name, counts in votes.added.items() if counts}
    add_votes(genders, added)
    return ArticleAttribution(
        file=article.file,
        statements=statements,
        vocabulary=vocabulary,
        sentences=sentence_spans(article, docs),
        genders_read=votes.read,
        genders_added=added,
    )


def attribute_articles(
    articles: Iterable[Article], nlp: Language, track: Track = silent
) -> list[ArticleAttribution]:
    """The per-article step for a collection, in order (each paragraph parsed once), on
    every core when there is enough text (see ``parallel.attribute_each``)."""
    from .parallel import attribute_each  # it builds on this module

    return [done.attribution for done in attribute_each(list(articles), nlp, track)]


def attribute_collection(
    attributions: Sequence[ArticleAttribution], vocabulary: Vocabulary
) -> tuple[list[Statement], list[dict]]:
    """The collection step: canonical speakers across the articles, and the speaker list.

    Cheap (no parsing), so it is redone whole whenever any article changes. ``vocabulary``
    must already hold the collection's names.
    """
    raw = [s for attribution in attributions for s in attribution.statements]
    registry = SpeakerRegistry.from_statements(raw)
    statements = canonicalize(raw, registry)
    return statements, speaker_entries(statements, registry, vocabulary)


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
    attributions = attribute_articles(articles, nlp, track)
    for attribution in attributions:
        vocabulary.merge(attribution.vocabulary)
        if sentences is not None:
            for start, spans in attribution.sentences.items():
                sentences[(attribution.file, start)] = spans
    return attribute_collection(attributions, vocabulary)


def canonicalize(statements: Iterable[Statement], registry: SpeakerRegistry) -> list[Statement]:
    """Statements with their canonical speaker replaced by the registry's spelling."""
    return [
        replace(s, speaker_canonical=registry.canonical(s.speaker_canonical))
        if s.speaker_canonical
        else s
        for s in statements
    ]
