"""The engine: one object that loads (or rebuilds) the index and answers questions."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from . import attribution
from .answer import Answer, compose_answer
from .attribution import ATTRIBUTION_VERSION, Statement, attribute_corpus
from .config import default_index_dir, default_seeds_dir
from .corpus import Article, CorpusError, load_corpus
from .embedding import Embedder
from .index import BrokenIndex, Index, build_index, load_index, read_manifest, save_index
from .index import stale_reason as index_stale_reason
from .questions import BadQuestion, clean_question, refers_back
from .search import search

DEFAULT_K = 5
MAX_K = 20


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@cache
def load_nlp():
    """The spaCy pipeline used to cut sentences and find speakers (loaded once)."""
    return attribution.load_nlp()


def rebuild(
    seeds_dir: Path, index_dir: Path, embedder: Embedder, say: Callable[[str], None] = _stderr
) -> Index:
    """Build the index from a folder of articles and write it to ``index_dir``."""
    articles = load_corpus(seeds_dir)
    if not articles:
        raise CorpusError(f"{seeds_dir} holds no articles (.txt or .md files)")
    nlp = load_nlp()
    step = _progress_bar(say)
    step("finding statements and speakers")
    statements, speakers = attribute_corpus(articles, nlp)
    index = build_index(
        articles,
        embedder,
        nlp,
        progress=step,
        statements=statements,
        speakers=speakers,
        versions={"attribution_version": ATTRIBUTION_VERSION},
    )
    save_index(index, index_dir)
    return index


def _progress_bar(say: Callable[[str], None]) -> Callable[[str], None]:
    from tqdm import tqdm

    bar = tqdm(total=5, desc="Building index", unit="step", file=sys.stderr, leave=False)

    def step(message: str) -> None:
        bar.set_postfix_str(message)
        bar.update(1)
        if bar.n >= bar.total:
            bar.close()
            say("Index built.")

    return step


class Engine:
    """Answers questions with quotes from an index of articles."""

    def __init__(self, index: Index, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder

    @classmethod
    def load(
        cls,
        index_dir: Path | str | None = None,
        seeds_dir: Path | str | None = None,
        say: Callable[[str], None] = _stderr,
        embedder: Embedder | None = None,
    ) -> Engine:
        """Load the index, rebuilding it first (and saying why) if it is stale or broken."""
        index_dir = Path(index_dir) if index_dir else default_index_dir()
        seeds_dir = Path(seeds_dir) if seeds_dir else default_seeds_dir()
        embedder = embedder or Embedder.load()
        articles = load_corpus(seeds_dir) if seeds_dir.is_dir() else None
        reason = _why_rebuild(index_dir, articles)
        if reason is None:
            try:
                return cls(load_index(index_dir, Statement.from_dict), embedder)
            except BrokenIndex as error:
                reason = str(error)
        if articles is None:
            raise BrokenIndex(
                f"cannot use the index ({reason}) and there is no {seeds_dir} to rebuild it from"
            )
        say(f"Rebuilding the index at {index_dir}: {reason}.")
        return cls(rebuild(seeds_dir, index_dir, embedder, say), embedder)

    @property
    def articles(self) -> list[Article]:
        """The indexed articles, in file order."""
        return [self.index.articles[f] for f in sorted(self.index.articles)]

    def article(self, file: str) -> Article:
        """One indexed article by file name."""
        return self.index.article(file)

    def statements(self, file: str | None = None) -> list[Statement]:
        """Every statement the articles hold (or one article's), in reading order."""
        return [s for s in self.index.statements if file is None or s.file == file]

    def speakers(self) -> list[dict]:
        """Canonical speakers with their spellings and statement counts, most quoted first."""
        return list(self.index.speakers)

    def ask(self, question: str, k: int = DEFAULT_K, follow_up_to: str | None = None) -> Answer:
        """Answer a question with up to ``k`` quotes, or say the articles do not cover it.

        ``follow_up_to`` is the previous question of a conversation. It widens the search only
        for a question that refers back to it ("what did the other side say about that?"); a
        question that stands on its own is judged, and may be refused, on its own words.
        """
        try:
            clean = clean_question(question)
        except BadQuestion as problem:
            text = question if isinstance(question, str) else ""
            return Answer(text[:200], False, str(problem), (), str(problem))
        k = max(1, min(int(k), MAX_K))
        query = clean.text
        if follow_up_to and refers_back(clean.text):
            with contextlib.suppress(BadQuestion):
                query = f"{clean_question(follow_up_to).text} {query}"
        vector = self.embedder.encode([query])[0]
        hits = search(self.index, query, vector)
        return compose_answer(clean.text, self.index, hits, k, clean.notice)


def _why_rebuild(index_dir: Path, articles: list[Article] | None) -> str | None:
    try:
        manifest = read_manifest(index_dir)
    except BrokenIndex as error:
        return str(error)
    if manifest.get("attribution_version") != ATTRIBUTION_VERSION:
        return "it was built by an older statement extractor"
    if articles is None:
        return None
    return index_stale_reason(manifest, articles)
