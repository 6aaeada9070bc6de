"""Parsing articles with spaCy: once per paragraph, shared by statements and passages."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

from ..corpus import CHROME, HEADING, SIGNATURE, Article
from .records import MODEL_NAME, MODEL_PACKAGE

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


class ModelMissingError(RuntimeError):
    """The spaCy model package is not installed."""


@contextmanager
def _torch_hidden() -> Iterator[None]:
    """While spaCy is first imported, make ``import torch`` fail.

    thinc, under spaCy, imports torch whenever it is installed, only to offer PyTorch
    layers; the small English pipeline uses none of them, and the import took about two
    seconds of every build. Nothing is hidden once torch or thinc is loaded, and the hiding
    ends with the import, so a later ``import torch`` (the ONNX export) still works.
    """
    if "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes "import torch" fail
    try:
        yield
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]


@cache
def load_nlp() -> Language:
    """The English spaCy pipeline the extractor is written against (loaded once)."""
    try:
        with _torch_hidden():
            import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a hard dependency
        raise ModelMissingError("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from error
    try:
        return spacy.load(MODEL_NAME)
    except OSError as error:
        raise ModelMissingError(
            f"the spaCy model {MODEL_NAME!r} is missing: pip install {MODEL_PACKAGE}"
        ) from error


def _paragraphs(article: Article) -> list[tuple[int, int, int, str]]:
    """(number, start, end, kind) for paragraphs that can hold statements: not chrome, a
    post's signature line or a heading (which is nobody's statement), and not a repeat."""
    return [
        (number, p.start, p.end, p.kind)
        for number, p in enumerate(article.paragraphs)
        if p.kind not in (CHROME, SIGNATURE, HEADING) and p.duplicate_of is None
    ]


def parse_paragraphs(article: Article, nlp: Language, n_process: int = 1) -> list:
    """spaCy docs of the paragraphs that can hold statements, in the order of ``_paragraphs``."""
    text = article.text
    spans = [(start, end) for _, start, end, _ in _paragraphs(article)]
    return list(nlp.pipe((text[s:e] for s, e in spans), n_process=n_process))


def sentence_spans(article: Article, docs: list) -> dict[int, list[tuple[int, int]]]:
    """Each parsed paragraph's sentences, as spans within the paragraph, by paragraph start."""
    return {
        start: [(s.start_char, s.end_char) for s in doc.sents]
        for (_, start, _, _), doc in zip(_paragraphs(article), docs, strict=True)
    }


# Above this many characters the articles are parsed by two processes: their start-up costs
# about a second, which only a long text repays.
PARALLEL_PARSE_CHARS = 200_000


def _processes_for(characters: int) -> int:
    return 2 if characters > PARALLEL_PARSE_CHARS and (os.cpu_count() or 1) > 1 else 1
