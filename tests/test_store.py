"""The index on disk: provenance, never replacing another collection, read-only folders,
skipped files and staging debris. Real builds, real files, real subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accordingto.engine import Engine
from accordingto.index import MANIFEST, read_manifest, recorded_source, remove_stale_staging
from accordingto.progress import silent
from accordingto.store import IndexConflict, build_and_save
from conftest import as_nobody, needs_setpriv, world_readable_copy

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
quiet = {"say": lambda _m: None, "track": silent}


def article_hashes(index_dir: Path) -> dict:
    return read_manifest(index_dir)["articles"]


@pytest.fixture
def other_articles(tmp_path) -> Path:
    """A folder of the project's own unseen-topic articles: a second collection."""
    folder = tmp_path / "other"
    shutil.copytree(FIXTURES, folder)
    return folder


@pytest.fixture
def seed_index(tmp_path, built_index_dir) -> Path:
    """A private copy of the seeds' index and its articles."""
    shutil.copytree(built_index_dir, tmp_path / "w")
    return tmp_path / "w"


def test_the_manifest_records_the_articles_folder(seed_index):
    manifest = read_manifest(seed_index / "index")
    assert manifest["source"]["relative"] == "../seeds"
    assert recorded_source(manifest, seed_index / "index") == (seed_index / "seeds").resolve()


def test_another_folder_is_served_read_only_and_never_replaces_the_index(
    seed_index, other_articles, embedder
):
    before = article_hashes(seed_index / "index")
    said = []
    engine = Engine.load(seed_index / "index", other_articles, say=said.append, embedder=embedder)
    assert engine.read_only
    assert any("read-only" in line and str(other_articles) in line for line in said)
    assert "--force" in " ".join(said)
    assert article_hashes(seed_index / "index") == before
    assert set(engine.index.articles) == set(before)


def test_a_missing_source_folder_serves_the_index_as_it_is(tmp_path, other_articles, embedder):
    build_and_save(other_articles, tmp_path / "index", embedder, **quiet)
    before = article_hashes(tmp_path / "index")
    shutil.rmtree(other_articles)
    said = []
    engine = Engine.load(tmp_path / "index", say=said.append, embedder=embedder)
    assert engine.read_only and any("missing" in line for line in said)
    assert article_hashes(tmp_path / "index") == before


def test_ask_with_an_index_from_a_folder_without_seeds_keeps_its_corpus(
    tmp_path, other_articles, embedder
):
    """The data-loss bug: `ask --index DIR` run where there is no ./seeds."""
    build_and_save(other_articles, tmp_path / "my-index", embedder, **quiet)
    before = article_hashes(tmp_path / "my-index")
    away = tmp_path / "elsewhere"
    away.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCORDINGTO_")}
    done = subprocess.run(
        [sys.executable, "-m", "accordingto", "ask", "What did the mayor say about the budget?",
         "--index", str(tmp_path / "my-index"), "--json"],
        cwd=away, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert article_hashes(tmp_path / "my-index") == before
    answer = json.loads(done.stdout)
    assert {q["source"]["file"] for q in answer["quotes"]} <= set(before)


def test_index_build_needs_force_to_replace_another_collection(
    seed_index, other_articles, embedder
):
    index_dir = seed_index / "index"
    before = article_hashes(index_dir)
    with pytest.raises(IndexConflict, match="--force"):
        build_and_save(other_articles, index_dir, embedder, **quiet)
    assert article_hashes(index_dir) == before
    build_and_save(other_articles, index_dir, embedder, force=True, **quiet)
    assert set(article_hashes(index_dir)) == {p.name for p in FIXTURES.glob("*.txt")}


def test_index_build_never_replaces_a_folder_that_is_not_an_index(tmp_path, embedder):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"my only copy")
    with pytest.raises(IndexConflict, match="not an index"):
        build_and_save(FIXTURES, folder, embedder, force=True, **quiet)
    assert (folder / "thesis.docx").read_bytes() == b"my only copy"


def test_the_cli_refuses_without_force_in_one_line(seed_index, other_articles):
    done = subprocess.run(
        [sys.executable, "-m", "accordingto", "index", "build", "--seeds", str(other_articles),
         "--index", str(seed_index / "index")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "--force" in done.stderr


# --- files that are not articles --------------------------------------------------------


def test_unreadable_files_are_skipped_named_and_listed_at_the_end(tmp_path, embedder):
    from accordingto.corpus import MAX_ARTICLE_CHARS

    folder = tmp_path / "mixed"
    shutil.copytree(FIXTURES, folder)
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "blank.md").write_text("  \n\n ", encoding="utf-8")
    (folder / "saved-page.html").write_text("<html><p>Hello</p></html>", encoding="utf-8")
    (folder / "report.pdf").write_bytes(b"%PDF-1.7")
    (folder / "huge.txt").write_text("word " * (MAX_ARTICLE_CHARS // 5 + 10), encoding="utf-8")
    said = []
    index = build_and_save(folder, tmp_path / "index", embedder, say=said.append, track=silent)
    assert set(index.articles) == {p.name for p in FIXTURES.glob("*.txt")}
    skipped = {row["file"]: row["reason"] for row in index.manifest["skipped"]}
    assert set(skipped) == {
        "latin1.txt", "picture.txt", "blank.md", "saved-page.html", "report.pdf", "huge.txt"
    }  # fmt: skip
    assert "UTF-8" in skipped["latin1.txt"] and "binary" in skipped["picture.txt"]
    assert "empty" in skipped["blank.md"] and "web page" in skipped["saved-page.html"]
    assert ".pdf" in skipped["report.pdf"] and "too large" in skipped["huge.txt"]
    for name in skipped:
        assert any(line.startswith(f"Skipping {name}:") for line in said)
    assert said[-1].startswith("Skipped 6 files:") and all(name in said[-1] for name in skipped)


def test_a_folder_of_nothing_readable_is_a_clear_error(tmp_path, embedder):
    from accordingto.corpus import CorpusError

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.bin").write_bytes(b"\x00\x01")
    with pytest.raises(CorpusError, match="no readable articles"):
        build_and_save(tmp_path / "a", tmp_path / "i", embedder, **quiet)


# --- staging debris -----------------------------------------------------------------------


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_staging_folders_of_killed_builds_are_removed_at_the_next_save(seed_index, embedder):
    parent = seed_index
    debris = [parent / f".index-{dead_pid()}-abcd", parent / f".index-old-{dead_pid()}-efgh"]
    live = parent / f".index-{os.getppid()}-live"
    for folder in [*debris, live]:
        folder.mkdir()
        (folder / "dense.faiss").write_bytes(b"half written")
    build_and_save(seed_index / "seeds", seed_index / "index", embedder, **quiet)
    assert not any(folder.exists() for folder in debris)
    assert live.exists(), "a build that is still running keeps its staging folder"
    assert remove_stale_staging(parent) == []


# --- a folder the user cannot write ------------------------------------------------------


def some_passage(top: Path) -> str:
    """A sentence of the indexed articles, which the index must answer with itself."""
    lines = (top / "w" / "index" / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[len(lines) // 2])["text"]


@needs_setpriv
def test_a_stale_read_only_index_is_served_as_it_is(built_index_dir, nobody_cache):
    top = world_readable_copy(built_index_dir)
    try:
        (top / "w" / "seeds" / "zz_new.txt").write_text(
            "Ferry fares rise\n\nFerry fares will rise by a tenth, the operator said.\n"
        )
        before = article_hashes(top / "w" / "index")
        ask = as_nobody(
            [sys.executable, "-m", "accordingto", "ask", some_passage(top), "--json"],
            nobody_cache, top / "w",
        )  # fmt: skip
        assert ask.returncode == 0, ask.stderr
        assert "Traceback" not in ask.stderr and "read-only" in ask.stderr
        assert json.loads(ask.stdout)["answered"]
        build = as_nobody(
            [sys.executable, "-m", "accordingto", "index", "build"], nobody_cache, top / "w"
        )
        assert build.returncode == 1 and "Traceback" not in build.stderr
        assert "cannot write" in build.stderr or "permission denied" in build.stderr.lower()
        assert article_hashes(top / "w" / "index") == before
    finally:
        shutil.rmtree(top, ignore_errors=True)


@needs_setpriv
def test_a_broken_read_only_index_is_built_in_the_user_cache(built_index_dir, nobody_cache):
    top = world_readable_copy(built_index_dir)
    try:
        (top / "w" / "index" / "dense.faiss").write_bytes(b"damaged")
        ask = as_nobody(
            [sys.executable, "-m", "accordingto", "ask", some_passage(top), "--json"],
            nobody_cache, top / "w",
        )  # fmt: skip
        assert ask.returncode == 0, ask.stderr
        assert "Traceback" not in ask.stderr
        assert "instead of" in ask.stderr and str(nobody_cache) in ask.stderr
        assert list((nobody_cache / "accordingto" / "indexes").glob("index-*/manifest.json"))
        assert json.loads(ask.stdout)["answered"]
        assert (top / "w" / "index" / "dense.faiss").read_bytes() == b"damaged"
    finally:
        shutil.rmtree(top, ignore_errors=True)


@needs_setpriv
def test_with_no_writable_folder_at_all_the_index_is_built_in_memory(built_index_dir, nobody_cache):
    top = world_readable_copy(built_index_dir)
    try:
        (top / "w" / "index" / MANIFEST).write_text("{broken")
        (nobody_cache / "accordingto").chmod(0o555)
        os.chown(nobody_cache / "accordingto", 0, 0)
        ask = as_nobody(
            [sys.executable, "-m", "accordingto", "ask", some_passage(top), "--json"],
            nobody_cache, top / "w",
        )  # fmt: skip
        assert ask.returncode == 0, ask.stderr
        assert "Traceback" not in ask.stderr and "in memory" in ask.stderr
        assert json.loads(ask.stdout)["answered"]
    finally:
        shutil.rmtree(top, ignore_errors=True)


@needs_setpriv
def test_the_app_starts_on_a_stale_read_only_index(built_index_dir, nobody_cache):
    top = world_readable_copy(built_index_dir)
    try:
        (top / "w" / "seeds" / "zz_new.txt").write_text(
            "Ferry fares rise\n\nFerry fares will rise by a tenth, the operator said.\n"
        )
        script = (
            "import sys; sys.argv = ['app.py', '--port', '0'];"
            "import uvicorn; uvicorn.run = lambda *a, **k: print('served', flush=True);"
            "from accordingto.web import main; main(sys.argv[1:])"
        )
        done = as_nobody([sys.executable, "-c", script], nobody_cache, top / "w")
        assert done.returncode == 0, done.stderr
        assert "served" in done.stdout and "read-only" in done.stderr
        assert "Traceback" not in done.stderr
    finally:
        shutil.rmtree(top, ignore_errors=True)


def test_a_build_reports_progress_inside_each_step(tmp_path, other_articles, embedder):
    from accordingto.corpus import read_corpus

    steps: dict[str, list] = {}

    def track(items, label, total=None):
        steps[label] = [total, 0]
        for item in items:
            steps[label][1] += 1
            yield item

    build_and_save(other_articles, tmp_path / "i", embedder, say=lambda _m: None, track=track)
    paragraphs = sum(
        1
        for article in read_corpus(other_articles).articles
        for _, paragraph in article.indexable
        if paragraph.kind != "heading"  # headings are nobody's statement: not parsed for any
    )
    # Each article is parsed, attributed and embedded in one step (see attribute_and_embed).
    assert steps["parsing and embedding"] == [paragraphs, paragraphs]


def test_the_hashes_checked_before_serving_are_those_of_the_articles_read(tmp_path):
    """``read_hashes`` reads what ``read_corpus`` reads, skipping what it skips."""
    from accordingto.corpus import CATALOG_NAME, read_corpus, read_hashes

    folder = tmp_path / "mixed"
    shutil.copytree(FIXTURES, folder)
    for page in (ROOT / "tests" / "fixtures" / "html").glob("*.html"):
        shutil.copyfile(page, folder / page.name)
    (folder / "notes.md").write_text("---\ntitle: Notes\n---\nThe mayor said so.\n")
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    (folder / "blank.md").write_text("  \n\n ", encoding="utf-8")
    (folder / CATALOG_NAME).write_text("not [valid toml", encoding="utf-8")
    corpus = read_corpus(folder)
    assert len(corpus.articles) > len(list(FIXTURES.glob("*.txt"))) and corpus.skipped
    assert read_hashes(folder) == {a.file: a.content_hash for a in corpus.articles}


def test_an_index_that_is_up_to_date_serves_without_parsing_its_articles(
    seed_index, embedder, monkeypatch
):
    from accordingto.corpus import reading
    from accordingto.store import opening

    def parse(*args, **kwargs):
        raise AssertionError("an up-to-date index's articles were parsed")

    monkeypatch.setattr(reading, "parse_article", parse)  # where read_corpus finds it
    monkeypatch.setattr(opening, "read_corpus", parse)
    engine = Engine.load(seed_index / "index", seed_index / "seeds", embedder=embedder, **quiet)
    assert not engine.read_only and engine.ask("What did the ministry say?").message


def test_an_article_changed_since_the_build_is_noticed_by_its_hash(seed_index, embedder):
    article = sorted((seed_index / "seeds").glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n")
    said = []
    Engine.load(
        seed_index / "index", seed_index / "seeds", embedder=embedder, say=said.append,
        track=silent,
    )  # fmt: skip
    assert any("1 article(s) changed" in line and article.name in line for line in said)
