"""Resolving who a speaker is: pronouns and descriptions back to whom the article means.

Antecedents are ranked, not taken in order. A candidate for "he said" scores for being the
speaker of the statement just before (a run of quotes from one person), for being the subject
of a recent sentence (salience), for being recent, and for agreeing in gender; it loses for
disagreeing, and a person mentioned only inside quoted words or as the object of the cue is
not a candidate at all. Gender is learned from the article itself: titles (Mr., Ms.), gendered
role words (spokeswoman, chairman) and its own "X said he ..." chains. A description ("the
governor", "the Republican nominee") goes to the person the article introduced with that
role, and "the campaign", "her office" to the campaign or office of the person meant.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .lexicon import (
    FEMALE,
    INSTITUTION_NOUNS,
    MALE,
    gender_of_words,
    given_names,
    kinds_meant_by,
    role_words,
    title_gender,
)
from .people import Mention
from .records import _Speaker
from .registry import similar_surnames

if TYPE_CHECKING:  # pragma: no cover
    pass

# How far back (in sentences) an antecedent may be, and the weights of the ranking.
WINDOW = 10
W_RECENT, W_SUBJECT, W_SPEAKER, W_GENDER, W_CLASH, W_OFTEN = 0.35, 1.0, 2.5, 1.5, 5.0, 0.2
W_MODIFIER = 1.0
# Confidence of a resolved speaker, from the margin of the best candidate over the next.
CLEAR_MARGIN = 1.5


@dataclass
class _Candidate:
    name: str
    person: bool
    score: float = 0.0
    roles: set[str] = field(default_factory=set)


class Resolver:
    """Who the speakers of one article are, as its statements are read in order."""

    def __init__(
        self,
        mentions: list[Mention],
        sentence_starts: list[int],
        genders: dict[str, Counter] | None = None,
    ) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.at)
        self._mention_at = [m.at for m in self.mentions]
        self._sentence_starts = sentence_starts
        self.history: list[tuple[int, _Speaker]] = []
        # Votes on who is a man or a woman: shared by the articles of a corpus, so that what
        # one article makes clear ("Mrs. Clinton") holds in the next.
        self._votes: dict[str, Counter] = genders if genders is not None else {}
        self._full_names: dict[str, list[tuple[int, str]]] = {}
        # Full names as the article gives them in its own words: a nickname in a quotation
        # ("Crooked Hillary Clinton") is not what a later "Clinton" stands for.
        for quoted in (False, True):
            for mention in self.mentions:
                if mention.person and mention.quoted == quoted and len(mention.name.split()) > 1:
                    surname = mention.name.split()[-1]
                    if quoted and surname in self._full_names:
                        continue
                    self._full_names.setdefault(surname, []).append((mention.at, mention.name))
        # Given names, for features that call a person by one ("Mark Reyes ... Mark said"):
        # only a word the list of given names holds (the parser takes "Obama Says" in a
        # headline for a person), no surname of the article's, and only one person's.
        given: dict[str, set[str]] = {}
        for mention in self.mentions:
            first = mention.name.split()[0]
            if (
                mention.person
                and not mention.quoted
                and len(mention.name.split()) > 1
                and first.lower() in given_names()
            ):
                given.setdefault(first, set()).add(mention.name)
        self._by_given = {
            first: next(iter(names))
            for first, names in given.items()
            if len(names) == 1 and first not in self._full_names
        }
        # Evidence on full names first, so that a bare "Clinton" after both Hillary and
        # Bill Clinton goes to the one whose gender fits its own title or pronoun.
        self._seen: Counter = Counter()
        self._given: set[str] = set()
        for mention in self.mentions:
            if mention.person and len(mention.name.split()) > 1:
                self._vote_on(mention)
                self._seen[mention.name] += not mention.quoted
        for mention in self.mentions:
            if mention.person and len(mention.name.split()) == 1:
                hint = title_gender(mention.roles) or mention.hint
                mention.name = self.full_name(mention.name, mention.at, hint)
                self._vote_on(mention)
                self._seen[mention.name] += 1
        self.persons = {m.name for m in self.mentions if m.person}
        # The parser misses or mislabels many bare surnames ("Trump has also commented",
        # "Ham made it clear"): a name the article gives a person elsewhere is that person.
        for mention in self.mentions:
            if not mention.person and mention.proper:
                fuller = self.full_name(mention.name, mention.at, mention.hint)
                if fuller in self.persons:
                    mention.name, mention.person = fuller, True
        self._roles: dict[str, set[str]] = {}
        for mention in self.mentions:
            self._roles.setdefault(mention.name, set()).update(mention.roles)
        # "The president" after "President Obama" is Obama, for salience and for the runs
        # of quotes it interrupts.
        for mention in self.mentions:
            if mention.described and not mention.quoted:
                name = self._described_as(mention)
                if name is not None:
                    mention.name, mention.person = name, True

    def _described_as(self, mention: Mention) -> str | None:
        """The named person the article gave a description's role words, if one was."""
        words = set(mention.roles) - {"the"}
        sentence = mention.sentence
        for earlier in self.mentions_before(mention.at, sentences=WINDOW * 4):
            if (
                earlier.person
                and not earlier.quoted
                and mention.head in self.roles_of(earlier.name) | role_words(earlier.name)
            ):
                return earlier.name if words or sentence - earlier.sentence >= 0 else None
        return None

    def _vote_on(self, mention: Mention) -> None:
        """Votes from a mention's own words: role words, a title, a given name."""
        gender = gender_of_words(set(mention.roles))
        if gender:
            self.vote(mention.name, gender, 2)
        first = mention.name.split()[0].lower()
        # A weak vote, once per person: the article's own words ("she", "Mr.") outweigh it.
        named = len(mention.name.split()) > 1 and first in given_names()
        if named and mention.name not in self._given:
            self._given.add(mention.name)
            self.vote(mention.name, given_names()[first], 1)
        title = title_gender(mention.roles)
        if title:
            self.vote(mention.name, title, 3)
        elif mention.hint:
            self.vote(mention.name, mention.hint, 1)

    # --- what the article says about its people ---------------------------------------------

    def sentence_of(self, offset: int) -> int:
        """The number of the sentence holding ``offset``."""
        return max(bisect.bisect_right(self._sentence_starts, offset) - 1, 0)

    def full_name(self, name: str, at: int | None = None, gender: str | None = None) -> str:
        """A bare surname as the full name the article gives: the nearest earlier one, else
        its first ("Johnson" after "Jeh Johnson" is Jeh Johnson, not Gary Johnson); a bare
        given name as the one person the article gives it ("Mark" for Mark Reyes); of a
        ``gender`` when the others are known not to be; and, when two people share it and
        neither was named in the last sentences, the one the article names most."""
        words = name.split()
        if len(words) != 1:
            return name
        found = self._full_names.get(name, [])
        if not found and name in self._by_given:
            return self._by_given[name]
        if not found:
            found = self._misspelt_surname(name)
        if gender is not None:
            fitting = [(o, full) for o, full in found if self.gender(full) in (None, gender)]
            found = fitting or found
        if not found:
            return name
        earlier = [(o, full) for o, full in found if at is not None and o < at]
        if not earlier:
            return found[0][1]
        names = {full for _, full in earlier}
        nearest_at, nearest = earlier[-1]
        if len(names) == 1 or self.sentence_of(at) - self.sentence_of(nearest_at) <= 1:
            return nearest
        # Two people of one surname: away from the other's full name, a bare surname means
        # the one the story names most (the secondary one is written in full).
        first_seen = {full: o for o, full in reversed(earlier)}
        return max(names, key=lambda full: (self._seen[full], -first_seen[full]))

    def _misspelt_surname(self, name: str) -> list[tuple[int, str]]:
        """The mentions of the one person whose surname a bare name nearly spells: an
        article's own slip ("Kesler added" after "Dana Kessler"). Only within the article: a
        near spelling in another article is mostly another name."""
        if not name[:1].isupper():
            return []
        folded = name.lower()
        # Not a word that differs only in case ("LinkedIn", "Linkedin"): no slip of spelling.
        near = [
            s
            for s in self._full_names
            if s.lower() != folded and similar_surnames(s.lower(), folded)
        ]
        people = {full for surname in near for _, full in self._full_names[surname]}
        return self._full_names[near[0]] if len(people) == 1 else []

    def vote(self, name: str, gender: str, weight: int = 1) -> None:
        """Count evidence that a person is a man or a woman."""
        self._votes.setdefault(name, Counter())[gender] += weight

    def gender(self, name: str) -> str | None:
        """The gender the article's evidence gives a person, if it is clear."""
        votes = self._votes.get(name)
        if not votes:
            return None
        (best, count), *rest = [*votes.most_common(2), (None, 0)]
        return best if count > (rest[0][1] if rest else 0) else None

    def roles_of(self, name: str) -> set[str]:
        """Every role word the article gives a name."""
        return self._roles.get(name, set())

    def remember(self, offset: int, speaker: _Speaker) -> None:
        """Note the speaker of a statement, for the statements that follow."""
        self.history.append((offset, speaker))

    def last_speaker(self, offset: int, person: bool | None = None) -> _Speaker | None:
        """The speaker of the latest statement before ``offset``."""
        return self.last_speaker_at(offset, person)[0]

    def last_speaker_at(
        self, offset: int, person: bool | None = None
    ) -> tuple[_Speaker | None, int]:
        """The speaker of the latest statement before ``offset``, and where its cue is."""
        for at, speaker in reversed(self.history):
            if (
                at < offset
                and speaker.canonical
                and (person is None or speaker.is_person == person)
            ):
                return speaker, at
        return None, -1

    def as_spoken(self, name: str, offset: int) -> str:
        """A body's name as an earlier statement's speaker gave it in full: the parser's
        entity often drops a possessive owner ("Fisheries Ministry" of "Norway's Fisheries
        Ministry"), which the speaker kept."""
        for at, speaker in reversed(self.history):
            canonical = speaker.canonical
            if at < offset and canonical and canonical != name and canonical.endswith(name):
                return canonical
        return name

    def person_at(self, offset: int) -> str | None:
        """The full name of the person mentioned at ``offset``, as the mention resolved it
        (with its title's or pronoun's gender)."""
        index = bisect.bisect_right(self._mention_at, offset) - 1
        while index >= 0 and self.mentions[index].end > offset - 200:
            mention = self.mentions[index]
            if mention.person and mention.at <= offset < mention.end:
                return mention.name
            index -= 1
        return None

    def mentions_before(self, offset: int, sentences: int = WINDOW) -> list[Mention]:
        """The mentions in the ``sentences`` sentences up to ``offset``, newest first."""
        first = self.sentence_of(offset) - sentences
        found = []
        index = bisect.bisect_left(self._mention_at, offset) - 1
        while index >= 0 and self.mentions[index].sentence >= first:
            found.append(self.mentions[index])
            index -= 1
        return found

    # --- ranking -----------------------------------------------------------------------------

    def rank(
        self,
        offset: int,
        person: bool,
        gender: str | None = None,
        excluded: set[str] = frozenset(),
        plural: bool | None = None,
    ) -> list[_Candidate]:
        """Candidates for a pronoun at ``offset``, best first."""
        sentence = self.sentence_of(offset)
        candidates: dict[str, _Candidate] = {}
        for mention in self.mentions_before(offset):
            if mention.quoted or mention.person != person or mention.name in excluded:
                continue
            if plural is not None and not person and mention.plural != plural:
                continue
            score = -W_RECENT * (sentence - mention.sentence)
            if mention.subject:
                score += W_SUBJECT
            if mention.modifier:
                score -= W_MODIFIER
            found = candidates.get(mention.name)
            if found is None:
                candidates[mention.name] = _Candidate(mention.name, person, score)
            else:
                found.score = max(found.score, score) + W_OFTEN
        last, last_at = self.last_speaker_at(offset, person)
        if (
            last is not None
            and last.canonical not in excluded
            and not self._run_broken(last, last_at, offset, gender)
        ):
            # A run of quotes from one speaker: strongest right after their last statement.
            gap = sentence - self.sentence_of(last_at)
            bonus = W_SPEAKER if gap <= 1 else W_SPEAKER / 2 if gap <= 3 else 0.0
            name = last.canonical
            candidate = candidates.setdefault(name, _Candidate(name, person, -W_RECENT * 3))
            candidate.score += bonus
        if person and gender:
            for candidate in candidates.values():
                known = self.gender(candidate.name)
                if known == gender:
                    candidate.score += W_GENDER
                elif known is not None:
                    candidate.score -= W_CLASH
        return sorted(candidates.values(), key=lambda c: -c.score)

    def _run_broken(self, last: _Speaker, last_at: int, offset: int, gender: str | None) -> bool:
        """Whether the story turned to someone else since the last statement: a sentence
        after it, in the outlet's words, names another person the pronoun could mean."""
        first = self.sentence_of(last_at) + 1
        for mention in self.mentions_before(offset):
            if mention.sentence < first:
                break
            if not mention.main or mention.quoted or not mention.person:
                continue
            if mention.name == last.canonical:
                continue
            known = self.gender(mention.name)
            if gender is None or known is None or known == gender:
                return True
        return False

    def pronoun(
        self, word: str, offset: int, excluded: set[str] = frozenset()
    ) -> tuple[str | None, float]:
        """The name a subject pronoun stands for, and how sure that is (0..1)."""
        lower = word.lower()
        if lower in ("he", "him", "his"):
            ranked = self.rank(offset, True, MALE, excluded)
        elif lower in ("she", "her", "hers"):
            ranked = self.rank(offset, True, FEMALE, excluded)
        else:
            plural = lower in ("they", "them", "their")
            ranked = self.rank(offset, False, None, excluded, plural if lower == "it" else None)
            if not ranked and plural:
                ranked = self.rank(offset, True, None, excluded)
        if not ranked:
            return None, 0.0
        margin = ranked[0].score - (ranked[1].score if len(ranked) > 1 else -CLEAR_MARGIN)
        return ranked[0].name, min(1.0, max(0.0, margin / CLEAR_MARGIN))

    def description(
        self, head: str, words: set[str], offset: int, person: bool
    ) -> tuple[str | None, float]:
        """The person or body a description ("the Indiana governor", "the ministry") means:
        the one the article gave those role words, the most recent such; or, for a person
        noun with no match, the most salient person."""
        best, best_score = None, None
        sentence = self.sentence_of(offset)
        seen = set()
        for mention in self.mentions_before(offset, sentences=WINDOW * 4):
            if mention.quoted or mention.name in seen or (person and not mention.person):
                continue
            if not person and (mention.person or not any(c.isupper() for c in mention.name)):
                continue  # a body is meant by a name ("Halvorsen Motors"), not "the company"
            seen.add(mention.name)
            roles = self.roles_of(mention.name) | role_words(mention.name)
            shared = len((words | {head}) & roles)
            if head not in roles and not (person and mention.person and shared):
                continue
            score = 2.0 * shared - W_RECENT * 0.25 * (sentence - mention.sentence)
            if best_score is None or score > best_score:
                best, best_score = mention.name, score
        if best is not None:
            return self.as_spoken(best, offset), 0.8
        if not person and head in INSTITUTION_NOUNS and not words - {head}:
            # "the company": the body named most recently, unless its own name says it is
            # another kind of body ("the union" is not "the Transport Ministry").
            for mention in self.mentions_before(offset, sentences=WINDOW):
                if mention.person or mention.quoted or not any(c.isupper() for c in mention.name):
                    continue
                kinds = role_words(mention.name) & INSTITUTION_NOUNS
                if kinds and not kinds & kinds_meant_by(head):
                    continue
                return self.as_spoken(mention.name, offset), 0.6
        if person:
            # "the New York businessman said": a person described, not named; most often
            # the one the story is about.
            ranked = self.rank(offset, True, gender_of_words(words | {head}))
            if ranked:
                return ranked[0].name, 0.45
        return None, 0.0
