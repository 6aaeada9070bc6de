"""Questions in: cleaned (``cleaning``), read (``reading``: what is asked, of whom, about
what), and their speaker matched to the corpus's speakers (``whom``)."""

from .cleaning import (
    DEFAULT_K,
    MAX_K,
    MAX_QUESTION_CHARS,
    BadQuestion,
    CleanQuestion,
    clean_question,
    parse_k,
    refers_back,
    valid_text,
)

__all__ = [
    "DEFAULT_K",
    "MAX_K",
    "MAX_QUESTION_CHARS",
    "BadQuestion",
    "CleanQuestion",
    "clean_question",
    "parse_k",
    "refers_back",
    "valid_text",
]
