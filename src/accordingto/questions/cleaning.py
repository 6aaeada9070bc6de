"""Questions in: clean what a user typed before it reaches search."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Longer questions are cut: MiniLM reads 256 word pieces at most, and no real question needs more.
MAX_QUESTION_CHARS = 500

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_TAG = re.compile(r"<[^>]{0,200}>")
_CODE_ELEMENT = re.compile(r"<(script|style)\b[^>]{0,200}>.*?(?:</\1\s*>|$)", re.I | re.S)
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_WORD = re.compile(r"\w", re.UNICODE)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class BadQuestion(ValueError):
    """A question that cannot be searched, with a message meant for the user."""


@dataclass(frozen=True)
class CleanQuestion:
    """A question ready for search, and what the user should be told about changes to it."""

    text: str
    notice: str | None = None


def valid_text(raw: str) -> tuple[str, bool]:
    """``raw`` with what is not valid Unicode text removed, and whether anything was.

    Undecodable bytes arrive as lone surrogates (Python's ``surrogateescape``) or as U+FFFD;
    a lone surrogate cannot be encoded as UTF-8 at all, so it must never reach an output.
    """
    cleaned = _SURROGATE.sub("", raw)
    cleaned = cleaned.replace("\ufffd", "")
    return cleaned, cleaned != raw


def clean_question(raw: object) -> CleanQuestion:
    """Normalise a question: drop invalid text, control characters and markup, bound its
    length. ``BadQuestion`` says what to do when nothing usable is left."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if not isinstance(raw, str):
        raise BadQuestion("Please type a question as text.")
    notices = []
    raw, had_invalid = valid_text(raw)
    if had_invalid:
        notices.append("Characters that are not valid text were removed from the question.")
    text = unicodedata.normalize("NFC", raw)
    if len(text) > MAX_QUESTION_CHARS * 4:
        # Bound the work below on pathological input before any regex runs over it.
        text = text[: MAX_QUESTION_CHARS * 4]
    text = _CONTROL.sub(" ", _ANSI_ESCAPE.sub(" ", text))
    without_tags = _TAG.sub(" ", _CODE_ELEMENT.sub(" ", text))
    if without_tags != text:
        notices.append("HTML tags in the question were ignored.")
        text = without_tags
    text = " ".join(text.split())
    if not text or not _WORD.search(text):
        raise BadQuestion(
            " ".join(
                [*notices, "Please type a question, for example: who said what about casualties?"]
            )
        )
    if len(raw) > MAX_QUESTION_CHARS and len(text) > MAX_QUESTION_CHARS:
        cut = text[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUESTION_CHARS]
        notices.append(
            f"The question was {len(raw):,} characters long; only its first "
            f"{len(cut):,} were used (the limit is {MAX_QUESTION_CHARS})."
        )
        text = cut
    return CleanQuestion(text, " ".join(notices) or None)


# Words by which a question points back at the conversation rather than naming its subject.
_REFERS_BACK = re.compile(
    r"\b(that|this|those|these|it|its|they|them|their|he|him|his|she|her|there|then|"
    r"the other side|the others?|else|also|too|same)\b",
    re.I,
)


def refers_back(question: str) -> bool:
    """Whether a question leans on an earlier one ("what did the other side say about that?")."""
    return bool(_REFERS_BACK.search(question))


DEFAULT_K = 5
MAX_K = 20


def parse_k(value: object, default: int = DEFAULT_K) -> tuple[int, str | None]:
    """The number of quotes asked for, and a notice when it was changed.

    ``None`` means the default. Whole numbers (or strings of one) outside 1..MAX_K are
    brought inside with a notice; anything else raises ``BadQuestion`` with a one-line reason.
    """
    if value is None:
        return default, None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadQuestion(f"k must be a whole number from 1 to {MAX_K}, not {_shown(value)}.")
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except ValueError:
        raise BadQuestion(
            f"k must be a whole number from 1 to {MAX_K}, not {_shown(value)}."
        ) from None
    if number != number or number in (float("inf"), float("-inf")) or number != int(number):
        raise BadQuestion(f"k must be a whole number from 1 to {MAX_K}, not {_shown(value)}.")
    k = int(number)
    if k < 1:
        return 1, f"k={k} is less than 1, so one quote is shown."
    if k > MAX_K:
        return (
            MAX_K,
            f"k={k} is more than the {MAX_K} quotes an answer can hold, so {MAX_K} are shown.",
        )
    return k, None


def _shown(value: object) -> str:
    text = repr(value)
    text, _ = valid_text(text)
    return text if len(text) <= 40 else text[:37] + "..."
