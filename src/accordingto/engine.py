"""The engine: one object that loads (or rebuilds) the index and answers questions."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

import faiss

from .answer import Answer, compose_answer
from .attribution import Statement
from .config import explicit_index_dir, explicit_seeds_dir
from .corpus import Article
from .embedding import Embedder
from .index import Index
from .progress import Track, bars, silent
from .questions import DEFAULT_K, MAX_K, BadQuestion, clean_question, parse_k, refers_back
from .questions.reading import PERSON, read_question
from .questions.whom import SpeakerTable, resolve
from .search import search
from .store import open_index, stderr

__all__ = ["DEFAULT_K", "MAX_K", "Engine"]


class Engine:
    """Answers questions with quotes from an index of articles."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        folder: Path | None = None,
        read_only: bool = False,
        notes: tuple[str, ...] = (),
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.folder = folder  # where the index lives on disk (None: in memory)
        self.read_only = read_only
        self.notes = notes  # what the user was told when the index was opened
        self.speaker_table = SpeakerTable.of(index.speakers)

    @classmethod
    def load(
        cls,
        index_dir: Path | str | None = None,
        seeds_dir: Path | str | None = None,
        say: Callable[[str], None] = stderr,
        embedder: Embedder | None = None,
        track: Track | None = None,
    ) -> Engine:
        """Open the index, rebuilding it first (and saying why) if it is stale or broken.

        An index is rebuilt only from the articles folder it was built from; see
        :func:`accordingto.store.open_index` for what happens otherwise.
        """
        index_dir = Path(index_dir) if index_dir else explicit_index_dir()
        seeds_dir = Path(seeds_dir) if seeds_dir else explicit_seeds_dir()
        embedder = embedder or Embedder.load()
        opened = open_index(
            index_dir, seeds_dir, embedder, say, track or (bars if say is stderr else silent)
        )
        # Serving answers one small search at a time: under contention one thread answered
        # 6-25x faster than one per core, and costs about 1 ms on a quiet machine. A build
        # (above) has already run with every core.
        faiss.omp_set_num_threads(1)
        return cls(opened.index, embedder, opened.folder, opened.read_only, opened.notes)

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

    def _understand(self, query: str, reading):
        """Embed the question (and, when it asks about a speaker, its topic and the words
        naming the speaker) and find the speakers it means.

        Returns the question's vector, the topic's vector (None: no separate topic), the
        speakers asked about, and for an each-side question naming its sides, each side's.
        """
        phrases = list(reading.parties) or ([reading.speaker] if reading.speaker else [])
        if not phrases and reading.answer_type == PERSON and reading.topic:
            # "Who are the ministry's spokespeople?": the question describes speakers by role.
            phrases = [reading.topic]
        topic = [reading.topic] if phrases and reading.topic and phrases != [reading.topic] else []
        vectors = self.embedder.encode([query, *topic, *phrases])
        query_vector = vectors[0]
        topic_vector = vectors[1] if topic else None
        who = [
            resolve(
                phrase,
                self.speaker_table,
                self.index.vocabulary,
                vector,
                self.index.speaker_vectors,
            )
            for phrase, vector in zip(phrases, vectors[1 + len(topic) :], strict=True)
        ]
        sides = [matches for matches in who if matches] if reading.parties else []
        asked = [m for matches in who for m in matches]
        return query_vector, topic_vector, asked, sides

    def ask(
        self,
        question: object,
        k: object = DEFAULT_K,
        follow_up_to: object = None,
        shown: Sequence[tuple[str, int, int]] = (),
    ) -> Answer:
        """Answer a question with up to ``k`` quotes, or say the articles do not cover it.

        ``follow_up_to`` is the previous question of a conversation. It widens the search only
        for a question that refers back to it ("what did the other side say about that?"); a
        question that stands on its own is judged, and may be refused, on its own words.
        ``shown`` are (file, start, end) of quotes the conversation has shown already: a
        follow-up prefers others.

        Bad input never raises: the answer carries an ``error`` (nothing could be searched)
        or a ``notice`` (something was changed, such as ``k`` brought into range).
        """
        try:
            clean = clean_question(question)
            k, k_notice = parse_k(k)
        except BadQuestion as problem:
            return Answer.failed(question, str(problem))
        notices = [n for n in (clean.notice, k_notice) if n]
        query = clean.text
        if follow_up_to is not None and not isinstance(follow_up_to, str):
            notices.append("The previous question was not text, so it was ignored.")
        elif follow_up_to and refers_back(clean.text):
            with contextlib.suppress(BadQuestion):
                query = f"{clean_question(follow_up_to).text} {query}"
        reading = read_question(clean.text, self.index.vocabulary)
        query_vector, topic_vector, asked, sides = self._understand(query, reading)
        hits = search(self.index, query, query_vector)
        return compose_answer(
            clean.text,
            self.index,
            hits,
            k,
            " ".join(notices) or None,
            reading=reading,
            asked=asked,
            sides=sides,
            query_vector=query_vector,
            topic_vector=topic_vector,
            seen=[tuple(key) for key in shown if _is_key(key)],
            searched=query,
        )


def _is_key(key: object) -> bool:
    """Whether a value is a (file, start, end) quote position."""
    return (
        isinstance(key, list | tuple)
        and len(key) == 3
        and isinstance(key[0], str)
        and all(isinstance(n, int) and not isinstance(n, bool) for n in key[1:])
    )
