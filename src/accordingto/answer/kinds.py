"""The kind of answer a quote gives: a number, a date, a name; and whether it gives one the
question does not already say. Pure functions over text and the corpus's vocabulary."""

from __future__ import annotations

import re

from ..vocabulary import Vocabulary, fold

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?|billions?"
)
_HAS_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.I)
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
_HAS_DATE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:1[89]|20)\d\d\b|"
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|"
    r"(?:last|this|next|coming|following) (?:week|month|year|night|weekend|decade|season|spring|"
    r"summer|fall|autumn|winter)|(?:days?|weeks?|months?|years?) ago|tomorrow|soon|"
    rf"(?:\d+|a few|several|a couple of|{_NUMBER_WORDS}) (?:hours?|days?|weeks?|months?|years?)|"
    r"since|morning|evening|overnight)\b",
    re.I,
)
_HAS_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


def gives(answer_type: str, text: str) -> bool:
    """Whether a quote holds the kind of answer a question asks for."""
    if answer_type == "number":
        return bool(_HAS_NUMBER.search(text))
    if answer_type == "date":
        return bool(_HAS_DATE.search(text))
    if answer_type == "person":
        return bool(_HAS_NAME.search(text))
    return True


_WORD = re.compile(r"[^\W_][\w’'.,&-]*[^\W_]|[^\W_]")
_NUMBER_TOKEN = re.compile(rf"^(?:\$?\d[\d,.]*%?|{_NUMBER_WORDS})$", re.I)
# Capitalised at the start of a sentence, and sometimes inside a name, but never an answer.
_NOT_ANSWERS = {
    "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
    "from", "as", "is", "was", "it", "its", "this", "that", "he", "she", "they", "we", "i",
    "his", "her", "their", "our", "after", "before", "over", "under", "while", "when", "if",
    "what", "which", "who", "where", "how", "why", "mr", "mrs", "ms", "dr",
}  # fmt: skip


def fresh_answer(kind: str, text: str, question: str, vocabulary: Vocabulary) -> bool:
    """Whether a quote holds something of the kind asked for that the question does not
    already say: a quantity, a date, a place, a person, or any name (one the corpus uses as
    a name; see ``Reading.fresh``)."""
    return fresh_in(kind, text, asked_words(question), vocabulary)


def asked_words(question: str) -> frozenset[str]:
    """The words of a question, folded, as :func:`fresh_in` compares them."""
    return frozenset(fold(w) for w in _WORD.findall(question))


def fresh_in(kind: str, text: str, asked: frozenset[str], vocabulary: Vocabulary) -> bool:
    """:func:`fresh_answer` with the question's words (``asked_words``) read once for many
    quotes."""
    words = _WORD.findall(text)
    if kind == "number":
        return any(_NUMBER_TOKEN.match(w) and fold(w) not in asked for w in words)
    if kind == "date":
        return any(fold(m.group()) not in asked for m in _HAS_DATE.finditer(text))
    for word in words:
        if not word[:1].isupper():
            continue
        folded = fold(word)
        if (
            folded in vocabulary.names
            and folded not in asked
            and folded not in _NOT_ANSWERS
            and not any(part in asked for part in folded.split("-"))
            and (kind == "name" or (kind == "place") == vocabulary.is_place(word))
        ):
            return True
    return False
