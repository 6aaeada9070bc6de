"""Reading a question: what kind of answer it wants, whom it asks about, which names it uses,
and what it is about.

The question is read by rules on its words, checked against the corpus's own vocabulary
(learned by spaCy at index time). A question needs no parser of its own: that keeps a
one-off ``accordingto ask`` quick, and a question is short and formulaic enough that its
forms ("what did X say", "according to X", "X's view", "how did X react") are plain to see.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..vocabulary import NAME_GLUE, YEAR, Vocabulary, fold
from .counting import counted_event, counted_of
from .words import AUX, CALENDAR_WORDS, FUNCTION_WORDS, STOP_WORDS, TITLES, TOKEN, interrogative

NUMBER, DATE, PERSON, PLACE, CLAIM, SIDES, OTHER = (
    "number", "date", "person", "place", "claim", "sides", "other",
)  # fmt: skip
# What an answer adds to a question that asks only what a name stands for, and to one that
# asks which country (see ``fresh_kind``).
DEFINITION, COUNTRY = "definition", "country"

# Verbs by which a question asks what someone said, thought or did in words.
SAYING = (
    r"say|said|says|claim|claimed|claims|state|stated|deny|denied|denies|post|posted|tweet|"
    r"tweeted|report|reported|write|wrote|tell|told|announce|announced|allege|alleged|accuse|"
    r"accused|warn|warned|argue|argued|insist|insisted|think|thinks|believe|believes|accept|"
    r"accepts|want|wants|demand|demanded|urge|urged|propose|proposed|promise|promised|predict|"
    r"predicted|estimate|estimated|call|called|push|pushed|react|reacted|respond|responded|"
    r"reply|replied|describe|described|blame|blamed|criticize|criticized|criticise|"
    r"criticised|complain|complained|admit|admitted|confirm|confirmed|mean|make of|see|view"
)
# The verb must be written in lower case: "Secretary of State" names someone, "state" asks.
_WHO_SAYS = re.compile(
    rf"\b(?:{AUX})\s+(?P<who>[^?]+?)\s+(?:ever\s+|also\s+|actually\s+|publicly\s+|first\s+)?"
    rf"(?P<verb>(?-i:{SAYING}))\b",
    re.I,
)
_SAYING_VERB = re.compile(rf"\b(?-i:{SAYING})\b")
# "..., according to the Bureau of Labor Statistics. Which item...": the source ends where
# the sentence does, and a sentence ends where the next one asks.
_ACCORDING_TO = re.compile(
    r"\baccording to (?P<who>[^,?;]+?)"
    r"(?=[,?;]|[.!]\s+(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|"
    r"did|does|do|can|could|in|on|at|for)\b|[.!]?\s*$)",
    re.I,
)
_POSSESSIVE_VIEW = re.compile(
    r"\b(?:is|are|was|were|of|on|about|did|does)\s+(?P<who>[\w .’'-]+?)['’]s?\s+"
    r"(?P<verb>view|views|position|stance|estimate|estimates|response|reaction|claim|claims|"
    r"account|version|figures?|statement|complaint|argument|case|demands?|message|explanation)\b",
    re.I,
)
_SIDES = re.compile(
    r"\b(?:each side|both sides|either side|"
    r"(?:the )?(?:two|opposing|rival|warring) (?:sides|parties)|who says what|"
    r"each (?:country|party|camp|government)|both (?:countries|parties|camps|governments)|"
    r"the sides|each of (?:them|the)|and\b[^?]{0,40}?\beach)\b",
    re.I,
)
_NUMBER = re.compile(
    r"^\s*(?:how (?:many|much)|what (?:share|percentage|proportion|number|percent|amount)|"
    r"what (?:is|was|were|are) the (?:death toll|toll|number|count|tally|total|figure)|"
    r"how large|how big)\b|\bhow many\b|\bdeath toll\b|\bcasualty (?:count|figures?|toll)\b",
    re.I,
)
_DATE = re.compile(
    r"^\s*(?:when|since when|how long ago)\b|\bwhat (?:date|day|year|month|time)\b|"
    r"\bin which (?:year|month)\b",
    re.I,
)
_PERSON = re.compile(r"^\s*(?:who|whom|whose)\b|\bwhich (?:person|official|leader|group)\b", re.I)
_PLACE = re.compile(
    r"^\s*where\b|\bwhich (?:city|town|village|country|nation|region|place|area|province|state|"
    r"county|island|continent|capital|district|neighbou?rhood)\b",
    re.I,
)
# A question that wants a name it does not give: "who", "where", "which team", "what product",
# "what is her name" (but not "what did", "what is", which ask for a statement or a thing).
_WANTS_NAME = re.compile(
    r"^\s*(?:who|whom|whose|where)\b|"
    r"\b(?:which|what)\s+(?!(?:did|does|do|is|was|are|were|has|have|had|will|would|can|could|"
    r"should|about|if)\b)[a-z]+|"
    r"\bwhat (?:is|was) (?:the|her|his|their|its) name\b",
    re.I,
)


@dataclass(frozen=True)
class Reading:
    """What a question asks, as far as its words tell."""

    text: str
    answer_type: str  # number | date | person | place | claim | sides | other
    speaker: str | None = None  # the words naming whom it asks about
    entities: tuple[str, ...] = ()  # the names it uses
    missing: tuple[str, ...] = ()  # names the articles never use
    topic: str = ""  # what it is about, without the question words and the speaker
    outlets: tuple[str, ...] = ()  # outlets it names ("according to VOA")
    verb: str | None = None  # the verb of saying it asks about ("blame", "deny")
    parties: tuple[str, ...] = ()  # for each-side questions, the sides it names
    # What an answer must add that the question does not already say: "number", "date",
    # "person", "place", "country", "name", "definition" (what the name asked about is), or
    # None (a statement, a reason, each side's claims).
    fresh: str | None = None
    # What a how-many question counts ("soldiers"), and the side it names ("Armenian" in
    # "how many Armenian soldiers" or "on the Armenian side"); see ``counting.counted_of``.
    counts: str | None = None
    counts_whose: str | None = None
    # What happened to them, as ``figures.event_class`` names it ("killed" for "how many
    # died"), when the question says.
    counts_event: str | None = None

    def to_dict(self) -> dict:
        """The JSON form (``question_analysis`` in an answer)."""
        record = asdict(self)
        record.pop("text")
        record["entities"], record["missing"] = list(self.entities), list(self.missing)
        record["outlets"], record["parties"] = list(self.outlets), list(self.parties)
        return record


def read_question(text: str, vocabulary: Vocabulary | None = None) -> Reading:
    """Read a cleaned question; ``vocabulary`` (the corpus's names) finds missing names."""
    speaker, verb_span = speaker_phrase(text)
    verb = _SAYING_VERB.search(text)
    entities = names_in(text)
    missing = tuple(m for m in (_missing(e, vocabulary) for e in entities) if m)
    missing += _missing_years(text, vocabulary)
    outlets = tuple(vocabulary.outlets_in(text)) if vocabulary is not None else ()
    kind = answer_type(text, speaker, verb_span is not None and _asks_a_statement(text))
    counts, counts_whose = counted_of(text, vocabulary) if kind in (NUMBER, SIDES) else (None, None)
    return Reading(
        text=text,
        answer_type=kind,
        speaker=speaker,
        entities=tuple(entities),
        missing=missing,
        topic=topic_of(text, verb_span),
        outlets=outlets,
        verb=verb.group().lower() if verb else None,
        parties=parties_of(speaker) if kind == SIDES else (),
        fresh=fresh_kind(text, kind),
        counts=counts,
        counts_whose=counts_whose,
        counts_event=counted_event(text) if counts else None,
    )


def fresh_kind(text: str, kind: str) -> str | None:
    """What a question's answer must add to the question's own words (see ``Reading``):
    quiz-style questions restate a story ("X died this week. Which team did he call games
    for?"), and a quote that only restates it does not answer."""
    if kind in (SIDES, CLAIM):
        return None
    if defined_name(text):
        return DEFINITION
    if _WHICH_COUNTRY.search(interrogative(text)):
        return COUNTRY
    if kind in (NUMBER, DATE, PERSON, PLACE):
        return kind
    return "name" if _WANTS_NAME.search(interrogative(text)) else None


def defined_name(text: str) -> str | None:
    """The name a question asks to have described, when that is all it asks ("What is the
    Minsk Group?", "Who was Ada Lovelace?" give "Minsk Group", "Ada Lovelace"); else None."""
    found = _DEFINITION.fullmatch(interrogative(text))
    return found.group("name") if found else None


def answer_type(text: str, speaker: str | None = None, statement: bool | None = None) -> str:
    """The kind of answer a question wants. Each side's claims are asked for when the sides
    are the ones speaking ("what do both sides say", "what is the toll on each side"), not
    when one named speaker talks about them ("what did X say the two sides must do").

    The kind is read from the question's last sentence, the one that asks: a quiz question
    may first tell the story ("X died this week. Who succeeds him?"). ``statement`` says
    whether it asks for a statement ("what did X say"); by default, whether it names a
    speaker at all.
    """
    sides = _SIDES.search(text)
    if sides and (speaker is None or _SIDES.search(speaker)):
        return SIDES
    asking = interrogative(text)
    if _NUMBER.search(asking):
        return NUMBER
    if _DATE.search(asking):
        return DATE
    if _PERSON.search(asking):
        return PERSON
    if _PLACE.search(asking):
        return PLACE
    if statement is None:
        statement = speaker is not None
    return CLAIM if speaker and (statement or not _WANTS_NAME.search(asking)) else OTHER


# A name: capitalised words, with the small words inside names ("Bank of England"); it ends
# on a capitalised word.
_NAME_WORD = r"(?:[A-Z][\w’'.&-]*|\d[\w-]*)"
_DEFINITION = re.compile(
    # "Who is the CEO?" asks for a person, "What is the OSCE?" what it is.
    r"\s*(?:(?i:what)\s+(?i:is|are|was|were)\s+(?:(?i:the)\s+)?"
    r"|(?i:who)\s+(?i:is|are|was|were)\s+)"
    rf"(?P<name>{_NAME_WORD}(?:\s+(?:(?:of|for|and|the|on|in|de|von|van)\s+)*{_NAME_WORD})*)"
    r"\s*\?*\s*"
)
_WHICH_COUNTRY = re.compile(r"\b(?:which|what) (?:country|nation)\b", re.I)


def _asks_a_statement(text: str) -> bool:
    """Whether a question asks what someone said ("what did X say", "how did X react"),
    rather than a fact someone is cited for ("which chain is slowest, according to X")."""
    return bool(_WHO_SAYS.search(text) or _POSSESSIVE_VIEW.search(text))


def speaker_phrase(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """The words naming whom a question asks about, and the span to drop for its topic:
    "what did X say", "does X think", "how did X react", "according to X", "X's view"."""
    for pattern in (_WHO_SAYS, _ACCORDING_TO, _POSSESSIVE_VIEW):
        match = pattern.search(text)
        if not match:
            continue
        who = _tidy_speaker(match.group("who"))
        if who and all(w in _NOT_SPEAKERS for w in who.lower().split()):
            continue  # "which state has the most confirmed cases": "confirmed" describes
        if who and who.lower() in _PERSONAL_PRONOUNS:
            # "Joe Biden made a declaration this week. What did he say?": the pronoun stands
            # for the person the question introduced first.
            earlier = names_in(text[: match.start("who")])
            if earlier:
                return earlier[0], (match.start("who"), match.end())
        if who and not _is_pronoun(who):
            # Only the speaker's own words leave the topic: in "the warplane that Armenia
            # says was downed" the warplane is what the question is about.
            start = text.rfind(who, match.start("who"), match.end())
            return who, (start if start >= 0 else match.start("who"), match.end())
    return None, None


def parties_of(phrase: str | None) -> tuple[str, ...]:
    """The sides a phrase names, each on its own: "Armenia and Turkey each" gives Armenia and
    Turkey; "the Armenian and Azerbaijani leaders" gives Armenian leaders and Azerbaijani
    leaders. A phrase that names no side ("each side") gives none."""
    if not phrase:
        return ()
    phrase = re.sub(r"\b(?:each|both|respectively|the|a|an)\b", " ", phrase, flags=re.I)
    parts = [" ".join(p.split()) for p in re.split(r"\s*,\s*|\s+and\s+", phrase)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return ()
    head = parts[-1].split()[-1]
    if len(parts[-1].split()) > 1:
        parts = [p if len(p.split()) > 1 else f"{p} {head}" for p in parts]
    return tuple(re.sub(r"^(?:the|a|an)\s+", "", p, flags=re.I) for p in parts)


def _tidy_speaker(phrase: str) -> str:
    phrase = phrase.strip(" ,.;:'\"“”")
    # "How many soldiers does the ministry say": the speaker follows the counted words.
    phrase = re.sub(r"^(?:many|much)\s+.*?\s+(?:does|did|do)\s+", "", phrase, flags=re.I)
    # "the warplane that Armenia says": the speaker is after the relative pronoun.
    phrase = re.split(r"\b(?:that|which|who|whom)\s+", phrase, flags=re.I)[-1]
    phrase = re.sub(rf"^(?:(?:{AUX}|what|who|how|which)\s+)+", "", phrase, flags=re.I)
    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
    phrase = re.sub(r"['’]s?$", "", phrase.strip())
    return phrase.strip()


_PERSONAL_PRONOUNS = {"he", "she"}
_NOT_SPEAKERS = {
    "the", "a", "an", "most", "more", "many", "much", "few", "fewer", "least", "less", "some",
    "any", "all", "no", "been", "being", "not", "already", "newly", "first",
}  # fmt: skip


def _is_pronoun(phrase: str) -> bool:
    return phrase.lower() in {"he", "she", "they", "it", "we", "you", "i", "anyone", "someone"}


def names_in(text: str) -> list[str]:
    """The names a question uses: runs of capitalised words (with "of", "the" and the like
    inside them), and acronyms, leaving out the words that open a question."""
    tokens = [(m.group(), m.start()) for m in TOKEN.finditer(text)]
    names: list[str] = []
    run: list[str] = []
    for position, (token, _) in enumerate(tokens):
        bare = re.sub(r"['’]s$", "", token).strip(".")
        capital = bare[:1].isupper() or (bare.isupper() and len(bare) > 1)
        # A question's first word is capitalised anyway: it counts as a name only when it
        # is plainly one (an acronym, a possessive, or the start of a longer name).
        opening = position == 0 and (
            bare.lower() in FUNCTION_WORDS
            or not (
                (bare.isupper() and len(bare) > 1)
                or bare != token.strip(".")
                or (len(tokens) > 1 and tokens[1][0][:1].isupper())
            )
        )
        if capital and not opening and bare.lower() not in FUNCTION_WORDS - {"the"}:
            run.append(bare)
            if bare != token.strip("."):  # a possessive ends the name
                names.append(" ".join(run))
                run = []
            continue
        if run and bare.lower() in NAME_GLUE:
            ahead = position + 1
            while ahead < len(tokens) and tokens[ahead][0].lower() in NAME_GLUE:
                ahead += 1
            if ahead < len(tokens) and tokens[ahead][0][:1].isupper():
                run.append(bare)
                continue
        if run:
            names.append(" ".join(run))
            run = []
    if run:
        names.append(" ".join(run))
    return [_strip_glue(name) for name in names if _strip_glue(name)]


def _strip_glue(name: str) -> str:
    words = name.split()
    while words and words[-1].lower() in NAME_GLUE:
        words.pop()
    while words and words[0].lower() in NAME_GLUE:
        words.pop(0)
    return " ".join(words)


def _missing(name: str, vocabulary: Vocabulary | None) -> str | None:
    """A name (or the part of it after titles, places and acronyms the articles know, as in
    "NATO Secretary General Jens Stoltenberg") that the corpus never uses; None when the
    articles know every word of it."""
    if vocabulary is None or not vocabulary.names:
        return None
    words = name.split()
    known = [_known(word, vocabulary) for word in words]
    if all(known):
        return None
    first = 0
    while first < len(words) and known[first] and _prefix_word(words[first], vocabulary):
        first += 1
    return " ".join(words[first:])


def _missing_years(text: str, vocabulary: Vocabulary | None) -> tuple[str, ...]:
    """The years a question names that no article mentions (nor was published in): such a
    question asks about a time the articles do not cover."""
    if vocabulary is None or not vocabulary.knows_years():
        return ()
    return tuple(dict.fromkeys(y for y in YEAR.findall(text) if not vocabulary.uses(y)))


def _known(word: str, vocabulary: Vocabulary) -> bool:
    key = fold(word)
    if key in NAME_GLUE or key in TITLES or key in CALENDAR_WORDS:
        return True
    if re.search(r"[-‐][a-z]", word):
        return True  # a compound modifier ("WWII-era", "Soviet-era") is not itself a name
    parts = [p for p in re.split(r"[-‐]", word) if len(p) > 1 and not any(c.isdigit() for c in p)]
    return all(vocabulary.knows(part) or vocabulary.uses(part) for part in parts)


def _prefix_word(word: str, vocabulary: Vocabulary) -> bool:
    """A word that may stand before a name: a title, a place, an acronym."""
    key = fold(word)
    return key in TITLES or vocabulary.is_place(word) or (word.isupper() and len(word) > 1)


def topic_of(text: str, drop: tuple[int, int] | None) -> str:
    """What the question is about, once the words asking "who said it" are taken out."""
    if drop is not None:
        text = text[: drop[0]] + " " + text[drop[1] :]
    words = [w for w in re.findall(r"[\w’'-]+", text) if w.lower() not in STOP_WORDS]
    return " ".join(words)


def content_words(text: str) -> list[str]:
    """A phrase's words that carry meaning, folded (for matching against speaker roles)."""
    return [fold(w) for w in re.findall(r"[\w’'-]+", text) if w.lower() not in STOP_WORDS]
