"""Parsing articles with spaCy: once per paragraph, shared by statements and passages."""

from __future__ import annotations

import multiprocessing
import os
import sys
import types
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

from ..corpus import CHROME, HEADING, SIGNATURE, Article
from .records import MODEL_NAME, MODEL_PACKAGE
from .tag_rules import match_tags_by_table

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


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


@contextmanager
def _spacy_cli_deferred() -> Iterator[None]:
    """While spaCy is first imported, stand in for its command-line package.

    spaCy's ``__init__`` imports ``spacy.cli.info`` only to offer ``spacy.info``, and with it
    the whole command line (weasel, httpx, rich, jinja2): about a third of a second of every
    build, for commands a pipeline never runs. The stand-in's ``info`` imports the real one
    when called; once spaCy is imported the stand-ins are gone, so a later
    ``import spacy.cli`` imports the real package.
    """
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        yield
        return
    package = types.ModuleType("spacy.cli")
    info = types.ModuleType("spacy.cli.info")

    def deferred_info(*args, **kwargs):
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    info.info = deferred_info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": package, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


@cache
def load_nlp() -> Language:
    """The English spaCy pipeline the extractor is written against (loaded once)."""
    try:
        with _torch_hidden(), _spacy_cli_deferred():
            import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a hard dependency
        raise ModelMissingError("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from error
    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as error:
        raise ModelMissingError(
            f"the spaCy model {MODEL_NAME!r} is missing: pip install {MODEL_PACKAGE}"
        ) from error
    if "attribute_ruler" in nlp.pipe_names:
        match_tags_by_table(nlp.get_pipe("attribute_ruler"))
    return nlp


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


# Above this many characters the articles are parsed by two processes. Forked, with the
# pipeline already loaded, and sending back DocBins (see ``parse_texts``), they start in a
# fraction of a second: the five seed articles (33,000 characters) were built in 7.7 s
# instead of 8.8 s; at 14,000 characters the two ways took about as long.
PARALLEL_PARSE_CHARS = 20_000


def _processes_for(characters: int) -> int:
    return 2 if characters > PARALLEL_PARSE_CHARS and (os.cpu_count() or 1) > 1 else 1


# Paragraphs a parsing process is given at a time: small enough that the processes finish
# together and the first articles' statements are extracted while the rest are parsed (a
# build gives its processes runs of articles of about this size, see ``parallel._pieces``).
PARSE_CHUNK = 64

_worker_nlp: Language | None = None  # the pipeline of a parsing process (see ``parse_texts``)


def parse_texts(texts: Sequence[str], nlp: Language, processes: int = 1) -> Iterator[Doc]:
    """spaCy docs of the texts, in order, parsed by ``processes`` forked processes.

    spaCy's own ``n_process`` sends every doc back with ``Doc.to_bytes``, whose msgpack
    look-up of registered decoders scans the installed packages' entry points, about a
    millisecond per paragraph on each side, and sends the tok2vec tensor too, which nothing
    here reads. These processes send each chunk back as one ``DocBin`` instead: the same
    annotations, decoded once per chunk.
    """
    if processes <= 1:
        yield from nlp.pipe(texts)
        return
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        yield from nlp.pipe(texts, n_process=processes)
        return
    from spacy.tokens import DocBin

    chunks = [list(texts[i : i + PARSE_CHUNK]) for i in range(0, len(texts), PARSE_CHUNK)]
    pool = ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("fork"),  # the loaded pipeline is inherited
        initializer=_start_worker,
        initargs=(nlp,),
    )
    try:
        for packed in pool.map(_parse_chunk, chunks):
            yield from DocBin().from_bytes(packed).get_docs(nlp.vocab)
    finally:
        pool.shutdown(cancel_futures=True)


def _start_worker(nlp: Language) -> None:
    global _worker_nlp
    _worker_nlp = nlp


def _parse_chunk(texts: list[str]) -> bytes:
    """A parsing process's work: the texts' docs as one ``DocBin``."""
    from spacy.tokens import DocBin

    assert _worker_nlp is not None
    return DocBin(docs=_worker_nlp.pipe(texts), store_user_data=False).to_bytes()
