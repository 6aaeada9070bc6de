"""Attributing a collection on every core: forked processes parse and attribute whole
articles, and the main process takes the results in order.

Each article is attributed apart from the others except for one thing: who is a man or a
woman is learned across the collection, in order (see ``collection.GenderVotes``). A process
attributes an article with the votes of the articles before it that were done when it was
queued; the main process then checks that the votes it read (``genders_read``, all that the
result depends on) are those of all the articles before it (``reads_agree``), and
attributes it again itself, from the same parse, when they are not. So the result is
always the serial one.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..corpus import Article
from ..progress import Track, silent
from . import parsing
from .collection import ArticleAttribution, add_votes, attribute_article
from .parsing import PARSE_CHUNK, _paragraphs, _processes_for, parse_paragraphs

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

# An article longer than this is parsed by every process, a chunk of paragraphs each, and
# attributed by the main process: as one piece of work it would keep one core busy while
# the others wait (a 1 MB article took that long alone).
LARGE_ARTICLE_CHARS = 100_000

# What a caller adds to each article's work, run where the article was attributed: the
# article, its attribution, and whether it runs in a forked process (where it should use
# one core) or in the main process (where it may use every core).
Extra = Callable[[Article, ArticleAttribution, bool], Any]


@dataclass
class Attributed:
    """One article's attribution and what ``extra`` made of it (None without one)."""

    article: Article
    attribution: ArticleAttribution
    extra: Any = None


def reads_agree(read: dict[str, dict[str, int]], genders: dict[str, Counter]) -> bool:
    """Whether the gender votes an article read (``ArticleAttribution.genders_read``) are
    the votes ``genders`` holds now, so that attributing it again would change nothing."""
    return all(dict(genders.get(name, {})) == dict(votes) for name, votes in read.items())


def attribute_each(
    articles: Sequence[Article],
    nlp: Language,
    track: Track = silent,
    extra: Extra | None = None,
    processes: int | None = None,
    label: str = "parsing",
) -> Iterator[Attributed]:
    """Each article attributed, in order, as ``attribute_article`` would in one process.

    ``processes`` defaults to two for more than a few articles' text on a machine with more
    than one core (see ``parsing._processes_for``). Progress is reported under ``label`` in
    paragraphs.
    """
    articles = list(articles)
    if processes is None:
        processes = _processes_for(sum(len(a.text) for a in articles))
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        done = _attribute_serially(articles, nlp, extra)
    else:
        done = _attribute_forked(articles, nlp, extra, processes)
    # Articles come done whole; each counts for its paragraphs (an empty one for one).
    sizes = [max(len(_paragraphs(article)), 1) for article in articles]

    def ticks() -> Iterator[Attributed | None]:
        for attributed, size in zip(done, sizes, strict=True):
            yield attributed
            yield from itertools.repeat(None, size - 1)

    for item in track(ticks(), label, total=sum(sizes)):
        if item is not None:
            yield item


def _attribute_serially(articles, nlp, extra) -> Iterator[Attributed]:
    genders: dict[str, Counter] = {}
    for article in articles:
        yield _attribute_here(article, nlp, genders, extra)


def _attribute_here(article, nlp, genders, extra, docs=None) -> Attributed:
    """The serial step for one article in this process; ``genders`` is added to."""
    if docs is None:
        docs = parse_paragraphs(article, nlp)
    attribution = attribute_article(article, nlp, docs, genders)
    docs.clear()  # the parse of a large article is let go before ``extra`` runs
    return Attributed(article, attribution, extra(article, attribution, False) if extra else None)


# Pieces of work queued per process. Each is given the gender votes of the articles before
# it that are done, so only those still in flight can make it read votes it was not given.
IN_FLIGHT_PER_PROCESS = 2
# Pieces made per process at least, so that the processes finish at about the same time.
PIECES_PER_PROCESS = 4


def _pieces(articles: Sequence[Article], processes: int) -> list[list[int]]:
    """The articles' numbers in pieces of work, in order: runs of articles of about
    ``PARSE_CHUNK`` paragraphs (spaCy parses a larger batch faster), or fewer when that
    would leave fewer than ``PIECES_PER_PROCESS`` pieces a process; a large article
    alone."""
    sizes = [len(_paragraphs(article)) for article in articles]
    target = max(1, min(PARSE_CHUNK, sum(sizes) // (processes * PIECES_PER_PROCESS)))
    pieces: list[list[int]] = []
    run: list[int] = []
    paragraphs = 0
    for number, article in enumerate(articles):
        if len(article.text) > LARGE_ARTICLE_CHARS:
            pieces.extend([run, [number]] if run else [[number]])
            run, paragraphs = [], 0
            continue
        run.append(number)
        paragraphs += sizes[number]
        if paragraphs >= target:
            pieces.append(run)
            run, paragraphs = [], 0
    return [*pieces, run] if run else pieces


def _attribute_forked(articles, nlp, extra, processes) -> Iterator[Attributed]:
    pool = ProcessPoolExecutor(
        max_workers=processes,
        # The loaded pipeline, the articles and ``extra`` are inherited, not pickled.
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(nlp, articles, extra),
    )
    genders: dict[str, Counter] = {}
    pieces = _pieces(articles, processes)
    jobs: deque[Future | list[Future]] = deque()

    def submit(piece: list[int]) -> None:
        article = articles[piece[0]]
        if len(article.text) <= LARGE_ARTICLE_CHARS:
            votes = {name: Counter(counts) for name, counts in genders.items()}
            jobs.append(pool.submit(_attribute_in_worker, piece, votes))
            return
        texts = [article.text[s:e] for _, s, e, _ in _paragraphs(article)]
        chunks = [texts[i : i + PARSE_CHUNK] for i in range(0, len(texts), PARSE_CHUNK)]
        jobs.append([pool.submit(parsing._parse_chunk, chunk) for chunk in chunks])

    try:
        ahead = min(len(pieces), processes * IN_FLIGHT_PER_PROCESS)
        for piece in pieces[:ahead]:
            submit(piece)
        for position, piece in enumerate(pieces):
            job = jobs.popleft()
            if isinstance(job, list):
                docs = _unpacked(nlp, [chunk.result() for chunk in job])
                done = [_attribute_here(articles[piece[0]], nlp, genders, extra, docs)]
            else:
                done = []
                for number, (attribution, made, packed) in zip(piece, job.result(), strict=True):
                    article = articles[number]
                    if reads_agree(attribution.genders_read, genders):
                        add_votes(genders, attribution.genders_added)
                    else:
                        # An article still in flight voted on someone this one names:
                        # attribute it again knowing those votes, from the same parse.
                        docs = _unpacked(nlp, [packed])
                        attribution = attribute_article(article, nlp, docs, genders)
                    done.append(Attributed(article, attribution, made))
            if position + ahead < len(pieces):
                submit(pieces[position + ahead])
            yield from done
    finally:
        pool.shutdown(cancel_futures=True)


def _unpacked(nlp, packed: list[bytes]) -> list:
    from spacy.tokens import DocBin

    return [doc for chunk in packed for doc in DocBin().from_bytes(chunk).get_docs(nlp.vocab)]


_worker_articles: Sequence[Article] = ()
_worker_extra: Extra | None = None


def _start_worker(nlp: Language, articles: Sequence[Article], extra: Extra | None) -> None:
    global _worker_articles, _worker_extra
    parsing._start_worker(nlp)
    _worker_articles, _worker_extra = articles, extra


def _attribute_in_worker(
    piece: list[int], genders: dict[str, Counter]
) -> list[tuple[ArticleAttribution, Any, bytes | None]]:
    """A forked process's work: a run of articles, parsed as one batch and attributed in
    order starting from the votes ``genders`` holds; for each, what ``extra`` makes of it
    and its parse as a ``DocBin`` when it read any votes (so that the main process can
    attribute it again without parsing it again)."""
    from spacy.tokens import DocBin

    nlp = parsing._worker_nlp
    articles = [_worker_articles[number] for number in piece]
    spans = [[(s, e) for _, s, e, _ in _paragraphs(article)] for article in articles]
    texts = [article.text[s:e] for article in articles for _, s, e, _ in _paragraphs(article)]
    parsed = iter(nlp.pipe(texts))
    results = []
    for article, article_spans in zip(articles, spans, strict=True):
        docs = list(itertools.islice(parsed, len(article_spans)))
        attribution = attribute_article(article, nlp, docs, genders)  # adds to ``genders``
        made = _worker_extra(article, attribution, True) if _worker_extra else None
        packed = None
        if attribution.genders_read:
            packed = DocBin(docs=docs, store_user_data=False).to_bytes()
        results.append((attribution, made, packed))
    return results
