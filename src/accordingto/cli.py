"""The command line: a thin shell over the engine."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__

_folder = click.Path(file_okay=False, path_type=Path)


class _Failure(click.ClickException):
    """A problem the user can fix, reported as one line without a traceback."""


def _load_engine(index_dir: Path | None, seeds_dir: Path | None = None):
    from .corpus import CorpusError
    from .embedding import ModelError
    from .engine import Engine
    from .index import BrokenIndex

    try:
        return Engine.load(index_dir, seeds_dir)
    except (ModelError, BrokenIndex, CorpusError, RuntimeError, OSError) as error:
        raise _Failure(str(error)) from error


@click.group()
@click.version_option(__version__, prog_name="accordingto")
def main() -> None:
    """Answer questions about news articles with cited, attributed verbatim quotes."""


@main.group()
def index() -> None:
    """Build the search index."""


@index.command("build")
@click.option("--seeds", "seeds_dir", type=_folder, help="Folder of articles (default ./seeds).")
@click.option("--index", "index_dir", type=_folder, help="Index folder (default ./index).")
@click.option("--force", is_flag=True, help="Replace an index that was built from another folder.")
@click.option(
    "--backend",
    type=click.Choice(["embedded", "qdrant"]),
    default="embedded",
    show_default=True,
    help="Where passages are indexed: FAISS + bm25s in the index folder, or Qdrant.",
)
@click.option("--qdrant-url", help="Qdrant server URL (default $ACCORDINGTO_QDRANT_URL).")
@click.option(
    "--qdrant-path",
    type=_folder,
    help="Folder for Qdrant's embedded local mode (no server), outside the index folder.",
)
@click.option("--qdrant-collection", help="Collection name (default: from the index folder).")
def index_build(
    seeds_dir: Path | None,
    index_dir: Path | None,
    force: bool,
    backend: str,
    qdrant_url: str | None,
    qdrant_path: Path | None,
    qdrant_collection: str | None,
) -> None:
    """Build the index from a folder of articles, replacing the old one if it was built
    from the same folder (or, with --force, from any). The back-end chosen is recorded in
    the index, so other commands reopen it without these options."""
    from .backends import spec_for
    from .config import default_index_dir
    from .corpus import CorpusError
    from .embedding import Embedder, ModelError
    from .index import BrokenIndex
    from .store import build_and_save

    index_dir = index_dir or default_index_dir()
    try:
        spec = spec_for(backend, index_dir, qdrant_url, qdrant_path, qdrant_collection)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    try:
        built = build_and_save(seeds_dir, index_dir, Embedder.load(), force=force, backend=spec)
    except (ModelError, BrokenIndex, CorpusError, RuntimeError, OSError) as error:
        raise _Failure(str(error)) from error
    click.echo(
        f"Indexed {len(built.articles)} articles as {len(built.passages)} passages in {index_dir}."
    )


def _changed(action, paths: tuple[Path, ...], index_dir: Path | None, seeds_dir: Path | None):
    from .corpus import CorpusError
    from .embedding import Embedder, ModelError
    from .index import BrokenIndex

    try:
        return action(list(paths), index_dir, Embedder.load(), seeds_dir=seeds_dir)
    except (ModelError, BrokenIndex, CorpusError, RuntimeError, OSError) as error:
        raise _Failure(str(error)) from error


def _report(updated) -> None:
    index = updated.index
    click.echo(
        f"{str(updated.changes).capitalize()}. The index at {updated.index_dir} holds "
        f"{len(index.articles)} articles as {len(index.passages)} passages."
    )


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--index", "index_dir", type=_folder, help="Index folder (default ./index).")
@click.option("--seeds", "seeds_dir", type=_folder, help="Articles the index is built from.")
def add(paths: tuple[Path, ...], index_dir: Path | None, seeds_dir: Path | None) -> None:
    """Add or update articles: copy PATHS (files, or folders of .txt/.md files) into the
    folder the index was built from and update the index. A file named like one already
    there replaces it. Only these articles are parsed and embedded."""
    from .store import add_articles

    _report(_changed(add_articles, paths, index_dir, seeds_dir))


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--index", "index_dir", type=_folder, help="Index folder (default ./index).")
@click.option("--seeds", "seeds_dir", type=_folder, help="Articles the index is built from.")
def remove(files: tuple[str, ...], index_dir: Path | None, seeds_dir: Path | None) -> None:
    """Remove articles (named as in the index) from the index and from its folder; each
    file is moved into the folder's .removed/ subfolder, not deleted."""
    from .store import remove_articles

    _report(_changed(remove_articles, files, index_dir, seeds_dir))


@main.command()
@click.argument("question")
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 20), help="Quotes.")
@click.option("--index", "index_dir", type=_folder, help="Index folder (default ./index).")
@click.option("--seeds", "seeds_dir", type=_folder, help="Articles the index is built from.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
def ask(
    question: str, k: int, index_dir: Path | None, seeds_dir: Path | None, as_json: bool
) -> None:
    """Ask QUESTION; with "-", read one question per line from standard input."""
    engine = _load_engine(index_dir, seeds_dir)
    questions = _stdin_lines() if question == "-" else [question]
    for text in questions:
        if question == "-" and not text.strip():
            continue
        try:
            answer = engine.ask(text, k=k)
        except Exception as error:  # one bad line must not end a batch
            answer = _internal_error(text, error)
        if as_json:
            click.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            click.echo(answer.message)
            if question == "-":
                click.echo()


def _stdin_lines():
    """Standard input a line at a time; bytes that are not UTF-8 are kept as surrogates for
    the engine to remove (and say so), so one bad line never stops the rest."""
    for raw in sys.stdin.buffer:
        yield raw.decode("utf-8", errors="surrogateescape").rstrip("\r\n")


def _internal_error(question: str, error: Exception):
    from .answer import Answer

    return Answer.failed(question, f"This question could not be answered: {type(error).__name__}.")


@main.command("eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--index", "index_dir", type=_folder, help="Index folder (default ./index).")
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 20))
@click.option("--verbose", is_flag=True, help="Also print each question's outcome.")
def evaluate(questions: Path, index_dir: Path | None, k: int, verbose: bool) -> None:
    """Measure recall@1/3/5, MRR and abstention on a JSON Lines question set."""
    from .evaluate import (
        by_kind,
        format_by_kind,
        format_summary,
        read_jsonl,
        run_questions,
        summarize,
    )
    from .refusal import threshold_of

    try:
        rows = read_jsonl(questions)
    except (OSError, ValueError) as error:
        raise _Failure(f"{questions} is not a readable JSON Lines file: {error}") from error
    engine = _load_engine(index_dir)
    engine.ask("warm-up", k=k)  # the first call pays one-off costs that are not per question
    results = run_questions(
        lambda q: engine.ask(q, k=k), rows, lambda file: engine.article(file).text
    )
    if verbose:
        for r in results:
            click.echo(
                f"{r.id:>5} answered={r.answered!s:<5} ranks={list(r.ranks)} "
                f"similarity={r.similarity:.3f} {r.question}"
            )
    threshold = threshold_of(engine.index.manifest)
    click.echo(format_summary(summarize(results, threshold)))
    groups = by_kind(results)
    if len(groups) > 1:
        click.echo()
        click.echo("By kind of question (the id's letters); 'refused' is the share refused:")
        click.echo(format_by_kind(groups))


@main.command()
@click.option("--file", "file_name", help="Only this article (file name or its prefix).")
@click.option("--index", "index_dir", type=_folder, help="Index folder (default ./index).")
@click.option("--seeds", "seeds_dir", type=_folder, help="Read these articles, not the index.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def statements(
    file_name: str | None, index_dir: Path | None, seeds_dir: Path | None, as_json: bool
) -> None:
    """List every statement of every article, with its speaker."""
    if seeds_dir is not None:
        from .attribution import attribute_corpus, load_nlp
        from .corpus import CorpusError, load_corpus

        try:
            found, _ = attribute_corpus(load_corpus(seeds_dir), load_nlp())
        except (CorpusError, RuntimeError) as error:
            raise _Failure(str(error)) from error
    else:
        found = _load_engine(index_dir).statements()
    if file_name:
        found = [s for s in found if s.file.startswith(file_name)]
        if not found:
            raise _Failure(f"no statements in an article named {file_name!r}")
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=1))
        return
    for s in found:
        who = s.speaker_canonical or (
            "(speaker unclear)" if s.unclear else "(the outlet's own reporting)"
        )
        role = f" ({s.role})" if s.role else ""
        click.echo(f"{s.file}:{s.start}-{s.end}  {who}{role} [{s.kind}, {s.cue or '-'}]")
        click.echo(f"    “{s.text}”")


@main.command()
@click.option("--index", "index_dir", type=_folder, help="Index folder (default ./index).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def speakers(index_dir: Path | None, as_json: bool) -> None:
    """List canonical speakers with the other spellings and their statement counts."""
    rows = _load_engine(index_dir).speakers()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        aliases = f"  (also: {', '.join(row['aliases'])})" if row["aliases"] else ""
        click.echo(f"{row['statements']:>4}  {row['speaker']}{aliases}")


@main.command("eval-attribution")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seeds", "seeds_dir", type=_folder, help="Folder of articles (default ./seeds).")
@click.option("--misses", is_flag=True, help="Also print every span attributed wrongly.")
def eval_attribution(gold: Path, seeds_dir: Path | None, misses: bool) -> None:
    """Share of gold spans whose statement names the right speaker."""
    import time

    from .attribution import extract_corpus, load_nlp, score_attribution
    from .config import default_seeds_dir
    from .corpus import CorpusError, load_corpus
    from .evaluate import read_jsonl

    try:
        rows = read_jsonl(gold)
        articles = load_corpus(seeds_dir or default_seeds_dir())
        nlp = load_nlp()
    except (OSError, ValueError, CorpusError, RuntimeError) as error:
        raise _Failure(str(error)) from error
    started = time.perf_counter()
    by_file = extract_corpus(articles, nlp)
    seconds = time.perf_counter() - started
    result = score_attribution(by_file, rows, {a.file: a.text for a in articles})
    found = sum(len(rows) for rows in by_file.values())
    click.echo(f"{'spans':<24} {result['spans']}")
    click.echo(f"{'located':<24} {result['located']}")
    click.echo(f"{'attributed correctly':<24} {result['attributed']}")
    click.echo(f"{'attribution accuracy':<24} {result['recall']:.3f}")
    spans = max(result["spans"], 1)
    wrong = result["wrong_names"]
    click.echo(f"{'wrong name':<24} {wrong} ({wrong / spans:.1%} of spans)")
    click.echo(f"{'speaker unclear':<24} {result['unclear']}")
    click.echo(f"{'statements found':<24} {found} in {len(articles)} articles ({seconds:.1f} s)")
    if result["categories"]:
        click.echo("\nby category")
        for row in result["categories"]:
            click.echo(f"  {row['category']:<30} {row['n']:>4}  {row['accuracy']:.3f}")
    click.echo("\nnamed speakers by confidence band (accuracy should match the band)")
    for band in result["bands"]:
        share = "-" if band["accuracy"] is None else f"{band['accuracy']:.3f}"
        click.echo(f"  [{band['low']:.2f}, {band['high']:.2f})  {band['n']:>4}  {share}")
    if misses:
        for miss in result["misses"]:
            row, statement = miss["row"], miss["statement"]
            got = "no statement" if statement is None else repr(statement["speaker_canonical"])
            click.echo(f"- {row['file']} {row['span'][:60]!r}: want {row['speaker']}, got {got}")


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def serve(context: click.Context) -> None:
    """Start the web app (the same as ``python app.py``; see --help there)."""
    from .web import main as web_main

    web_main(context.args)


@main.command()
@click.option("--index", "index_dir", type=_folder, help="Index folder (default ./index).")
def verify(index_dir: Path | None) -> None:
    """Check every stored passage and statement offset against the article files."""
    from .config import default_index_dir
    from .verify import verify_index

    index_dir = index_dir or default_index_dir()
    report = verify_index(index_dir)
    for line in report.problems:
        click.echo(f"- {line}", err=True)
    click.echo(report.summary())
    if report.problems:
        raise SystemExit(1)
