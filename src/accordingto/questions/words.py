"""The words a question is read by: its small words, titles of office, and the sentence
that asks (a quiz question may first tell a story)."""

from __future__ import annotations

import re

from ..calendar_words import WEEKDAYS, month_names

# The auxiliaries a question opens a clause with ("did X say", "how many were killed").
AUX = r"did|does|do|has|have|had|is|was|were|are|will|would|could"
# Words that open a question or join its parts: never names, even when capitalised.
FUNCTION_WORDS = {
    "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "did", "does", "do",
    "is", "are", "was", "were", "has", "have", "had", "can", "could", "should", "would", "will",
    "according", "in", "on", "at", "for", "the", "a", "an", "after", "before", "since",
    "during", "tell", "give", "list", "show", "name", "describe", "explain", "summarize",
    "summarise", "compare", "and", "or", "but", "if", "so", "to", "from", "by", "with", "about",
    "i", "me", "my", "we", "our", "you", "your", "please", "any", "all", "each", "both",
}  # fmt: skip
# Words of rank or office: in a name ("Foreign Minister Ali Khan") they are not names.
TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "sir", "lord", "lady", "president", "prime", "minister",
    "secretary", "general", "foreign", "defense", "defence", "interior", "chancellor",
    "spokesman", "spokeswoman", "spokesperson", "director", "deputy", "chief", "head",
    "leader", "senator", "sen", "governor", "gov", "mayor", "ambassador", "commander", "vice",
    "state", "representative", "rep", "judge", "justice", "officer", "ministry", "department",
    "office", "government", "army", "forces", "party", "council", "committee", "agency",
}  # fmt: skip
# Months and days are capitalised but name no one: a question may use them freely.
CALENDAR_WORDS = {name.lower() for name in (*month_names(), *WEEKDAYS)}
STOP_WORDS = {
    *FUNCTION_WORDS, "of", "say", "said", "says", "about", "it", "its", "their", "they", "them",
    "this", "that", "these", "those", "there", "be", "been", "being", "not", "no", "any", "than",
}  # fmt: skip
TOKEN = re.compile(r"[^\W_][\w’'.&-]*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"“‘']?[A-Z])")
_QUESTION_WORD = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.I)


def interrogative(text: str) -> str:
    """The part of a question that asks, without the story a quiz question may tell first:
    from the start of the last sentence holding a question word to the end ("X died this
    week. Which team did he call games for?" gives its second sentence). A break after an
    abbreviation ("the U.S. State Department") only moves the start back, never cuts."""
    starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    for start in reversed(starts):
        if _QUESTION_WORD.search(text, start):
            return text[start:].strip()
    return text
