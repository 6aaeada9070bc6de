"""Adding articles from the browser: the pure parts of the *Add articles* panel.

The panel exists only when the app is started with ``--allow-adding``. What a teacher
sends (uploaded files, or a pasted title and text) is checked here before anything is
copied into the collection; the Gradio wiring in :mod:`.add_panel` stays thin:

* :func:`check_uploads`: bounds (how many files, how large), the file type, a name safe to
  keep, and whether :func:`accordingto.corpus.read_article_text` can read it, with one
  reason per rejected file;
* :func:`pasted_article`: a pasted title and text as a ``.txt`` article with a safe,
  generated name;
* :func:`status_markdown`: what the panel says afterwards;
* :func:`add_to_collection`: the checked files staged under their safe names and added
  with :func:`accordingto.store.add_articles`; :func:`remove_uploads` afterwards;
* :class:`CurrentEngine`: the engine the app serves, swapped under a lock once an update
  is saved (a question already being answered finishes on the engine it started with).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..answer import escape_markdown
from ..corpus import ARTICLE_SUFFIXES, CorpusError, read_article_text
from ..progress import Track, silent

MAX_FILES = 20
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILE_SIZE = "2mb"  # the same bound, for Gradio's upload route
MAX_TITLE_CHARS = 200
MIN_BODY_CHARS = 40
MAX_NAME_CHARS = 60
PASTED_PREFIX = "pasted"


@dataclass(frozen=True)
class Rejected:
    """A file (or the pasted text) that is not added, and why, in words."""

    name: str
    reason: str


@dataclass(frozen=True)
class Checked:
    """The result of checking what was sent: the files to add, each with the name it will
    have in the collection, the rejected ones, and a problem with the whole batch (if any,
    nothing is added)."""

    accepted: list[tuple[Path, str]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    problem: str | None = None


def readable_suffixes() -> str:
    """``.txt, .md, .html or .htm``."""
    suffixes = list(ARTICLE_SUFFIXES)
    return ", ".join(suffixes[:-1]) + " or " + suffixes[-1] if len(suffixes) > 1 else suffixes[0]


def size_text(size: int) -> str:
    """A byte count for people: ``512 bytes``, ``12 KB``, ``2.5 MB``."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def safe_stem(text: str, fallback: str = "article") -> str:
    """A file name part made only of lowercase ASCII letters, digits and single hyphens, at
    most :data:`MAX_NAME_CHARS` long; ``fallback`` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    stem = stem[:MAX_NAME_CHARS].rstrip("-")
    return stem or fallback


def safe_file_name(name: str) -> str:
    """An uploaded file's name made safe to keep: its stem by :func:`safe_stem`, its suffix
    lowercased (``Harbour News!.HTML`` -> ``harbour-news.html``)."""
    path = Path(Path(name.replace("\\", "/")).name)
    return safe_stem(path.stem) + path.suffix.lower()


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name`` with ``-2``, ``-3``... before its suffix, not in ``taken``."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    return candidate


def check_uploads(
    paths: Sequence[str | Path] | None,
    existing: Iterable[str] = (),
    max_files: int = MAX_FILES,
    max_bytes: int = MAX_FILE_BYTES,
) -> Checked:
    """Check uploaded files before anything is copied.

    ``existing`` are the file names already in the collection: an upload never replaces an
    article (it is refused, with a reason). More than ``max_files`` files is a problem with
    the whole batch. Each accepted file comes with its safe name (:func:`safe_file_name`).
    """
    files = [Path(p) for p in (paths or []) if isinstance(p, str | Path) and str(p)]
    if len(files) > max_files:
        return Checked(
            problem=f"At most {max_files} files can be added at a time; {len(files)} were sent."
        )
    taken = {name.casefold() for name in existing}
    chosen: set[str] = set()
    accepted: list[tuple[Path, str]] = []
    rejected: list[Rejected] = []
    for path in files:
        shown = path.name
        reason = _file_problem(path, max_bytes)
        name = safe_file_name(shown)
        if reason is None and name.casefold() in taken:
            reason = (
                f"an article named {name} is already in the collection; rename the file to "
                "add it as a new article"
            )
        if reason is None and name.casefold() in chosen:
            reason = f"another file sent is also named {name}"
        if reason is not None:
            rejected.append(Rejected(shown, reason))
            continue
        chosen.add(name.casefold())
        accepted.append((path, name))
    return Checked(accepted, rejected)


def _file_problem(path: Path, max_bytes: int) -> str | None:
    """Why a file cannot be added, or None."""
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return f"not an article file: articles are {readable_suffixes()} files"
    try:
        size = path.stat().st_size
    except OSError:
        return "the upload could not be found; please send it again"
    if size > max_bytes:
        return f"too large ({size_text(size)}; at most {size_text(max_bytes)} a file)"
    if size == 0:
        return "the file is empty"
    try:
        text = read_article_text(path)
    except CorpusError as error:
        return str(error) or "the file cannot be read as an article"
    except (OSError, UnicodeError, ValueError):
        return "the file cannot be read as an article"
    if not text.strip():
        return "no article text was found in it"
    return None


def pasted_article(
    title: object,
    body: object,
    existing: Iterable[str] = (),
    now: datetime | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> tuple[str, str]:
    """A pasted article as ``(file name, file text)``: the title on the first line, a blank
    line, then the text. The name is generated (``pasted-<title words>-<date-time>.txt``,
    never one in ``existing``). Raises ``ValueError`` with a reason for people."""
    title = " ".join(title.split()) if isinstance(title, str) else ""
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(body, str) else ""
    if not title:
        raise ValueError("Give the pasted article a title.")
    if len(title) > MAX_TITLE_CHARS:
        raise ValueError(f"The title is too long (at most {MAX_TITLE_CHARS} characters).")
    if len(body) < MIN_BODY_CHARS:
        raise ValueError(f"Paste the article's text (at least {MIN_BODY_CHARS} characters).")
    text = f"{title}\n\n{body}\n"
    if len(text.encode("utf-8")) > max_bytes:
        raise ValueError(f"The pasted text is too long (at most {size_text(max_bytes)}).")
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    name = f"{PASTED_PREFIX}-{safe_stem(title)}-{stamp}.txt"
    return _unique(name, {n.casefold() for n in existing}), text


def status_markdown(
    added: Sequence[str] = (),
    rejected: Sequence[Rejected] = (),
    problem: str | None = None,
    articles: int | None = None,
) -> str:
    """What the panel says after an attempt: what was added, what was not and why, and how
    many articles the collection now holds. Names from uploads are escaped (shown, not run)."""
    lines: list[str] = []
    if problem:
        lines.append(f"**Nothing was added.** {escape_markdown(problem)}")
    if added:
        count = "1 article" if len(added) == 1 else f"{len(added)} articles"
        lines.append(f"**Added {count}**, ready to ask about now:")
        lines.extend(f"- {escape_markdown(name)}" for name in added)
    if rejected:
        if lines:
            lines.append("")
        lines.append("**Not added:**" if added or problem else "**Nothing was added:**")
        lines.extend(f"- {escape_markdown(r.name)}: {escape_markdown(r.reason)}" for r in rejected)
    if not lines:
        lines.append("Choose files to upload, or paste an article's title and text.")
    if articles is not None and added:
        lines.append("")
        lines.append(f"The collection now holds {articles} articles.")
    return "\n".join(lines)


class CurrentEngine:
    """The engine the app serves. Each request takes the current one once (``current()``)
    and uses it to the end; :meth:`replace` swaps in an engine over the updated index under
    a lock. ``adding`` is held while an update runs, so updates happen one at a time."""

    def __init__(self, engine) -> None:
        self._engine = engine
        self._swap = threading.Lock()
        self.adding = threading.Lock()

    def __call__(self):
        with self._swap:
            return self._engine

    def replace(self, engine) -> None:
        with self._swap:
            self._engine = engine


@dataclass
class Report:
    """What an attempt to add did: the update (None: nothing was added), the names added,
    the rejected files and a problem with the whole attempt."""

    updated: object | None = None
    added: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    problem: str | None = None


PASTED = "Pasted text"


def add_to_collection(
    engine,
    files: Sequence[str | Path] | None,
    title: object,
    body: object,
    track: Track = silent,
    now: datetime | None = None,
) -> Report:
    """Check the uploads and the pasted article, then add what passes to ``engine``'s index
    (on disk, through :func:`accordingto.store.add_articles`). Nothing is copied into the
    collection before every file to add has been read; the files are staged under their
    safe names in a temporary folder, removed afterwards. The caller swaps engines."""
    from ..store import BrokenIndex, IndexConflict, add_articles

    existing = list(engine.index.articles)
    checked = check_uploads(files, existing)
    if checked.problem:
        return Report(problem=checked.problem)
    rejected = list(checked.rejected)
    pasted = None
    if any(isinstance(v, str) and v.strip() for v in (title, body)):
        try:
            taken = existing + [name for _, name in checked.accepted]
            pasted = pasted_article(title, body, taken, now=now)
        except ValueError as error:
            rejected.append(Rejected(PASTED, str(error)))
    if not checked.accepted and pasted is None:
        return Report(rejected=rejected)
    with tempfile.TemporaryDirectory(prefix="accordingto-add-") as staging:
        staged = []
        for path, name in checked.accepted:
            target = Path(staging) / name
            shutil.copyfile(path, target)
            staged.append(target)
        if pasted is not None:
            target = Path(staging) / pasted[0]
            target.write_text(pasted[1], encoding="utf-8")
            problem = _file_problem(target, MAX_FILE_BYTES)
            if problem is None:
                staged.append(target)
            else:
                rejected.append(Rejected(PASTED, problem))
        if not staged:
            return Report(rejected=rejected)
        try:
            updated = add_articles(
                staged, engine.folder, engine.embedder, say=lambda _m: None, track=track
            )
        except (CorpusError, BrokenIndex, IndexConflict, OSError) as error:
            return Report(rejected=rejected, problem=f"The index was not changed: {error}")
    return Report(updated, [path.name for path in staged], rejected)


def remove_uploads(files: Sequence[str | Path] | None, cache_dir: str | Path) -> None:
    """Delete uploaded files (and their folders, once empty) that lie inside Gradio's upload
    cache ``cache_dir``; any other path is left alone."""
    cache = Path(cache_dir).resolve()
    for file in files or []:
        if not isinstance(file, str | Path):
            continue
        path = Path(file).resolve()
        if cache not in path.parents:
            continue
        path.unlink(missing_ok=True)
        folder = path.parent
        if folder != cache and cache in folder.parents:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
