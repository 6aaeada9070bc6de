"""Updating an index article by article: each result is checked against a full build of the
same final folder. Small articles of our own; real models, real files."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from accordingto.attribution import Statement
from accordingto.cli import main
from accordingto.index import MANIFEST, lexical_tokens, load_index
from accordingto.progress import silent
from accordingto.search import context_scores
from accordingto.store import (
    REMOVED_FOLDER,
    IndexConflict,
    add_articles,
    build_and_save,
    build_from,
    open_index,
    remove_articles,
)
from conftest import as_nobody, needs_setpriv, world_readable_copy

quiet = {"say": lambda _m: None, "track": silent}

ARTICLES = {
    "a_bridge.txt": """Harbour bridge reopens after eight months of repairs

The harbour bridge in Portwell reopened on Friday after eight months of repairs, the city said.

Mrs. Ada Lane, the city engineer, said the deck had been rebuilt with steel from a local mill. \
"It will carry traffic for another fifty years," she said.

According to the transport office, about 40,000 vehicles crossed the bridge each day before \
it closed.
""",
    "b_budget.txt": """Portwell council approves a smaller budget

The Portwell council approved a budget of $12 million on Tuesday, two million less than last \
year.

Ada Lane warned that road repairs would slow down. She said the council had chosen the \
cheapest option.

Councillor Tom Reyes said the cuts were painful but necessary. "We had no other choice," \
Reyes told reporters.
""",
    "c_school.txt": """New school opens on Portwell's east side

A new primary school opened on the east side of Portwell on Monday, with 320 pupils.

Head teacher Maria Soto said the building was finished two weeks early. "The children love \
the library," Soto said.

The education ministry said the school cost $9 million to build.
""",
}
NEW = """Ferry service resumes between Portwell and Kesby

The ferry between Portwell and Kesby resumed on Sunday after a strike by crews ended.

Union leader Sam Okoro said the crews had won a pay rise of 4 percent. "This was about safety \
as much as pay," Okoro said.

Ada Lane said the bridge and the ferry would now share the traffic. She said she expected \
fewer delays.
"""
CHANGED_SCHOOL = ARTICLES["c_school.txt"].replace("320 pupils", "350 pupils") + (
    '\nMayor Ruth Kimani said a second school would follow. "Portwell is growing," she said.\n'
)
QUERIES = ["When did the bridge reopen?", "ferry strike pay rise", "school pupils library"]


def write(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def work(tmp_path, embedder) -> Path:
    """An index built from three articles, in ``index/``, from ``seeds/``."""
    write(tmp_path / "seeds", ARTICLES)
    build_and_save(tmp_path / "seeds", tmp_path / "index", embedder, **quiet)
    return tmp_path


def assert_same_as_full_build(index_dir: Path, seeds: Path, embedder) -> None:
    updated = load_index(index_dir, Statement.from_dict)
    full = build_from(seeds, embedder, **quiet)
    assert [p.to_dict() for p in updated.passages] == [p.to_dict() for p in full.passages]
    assert [s.to_dict() for s in updated.statements] == [s.to_dict() for s in full.statements]
    assert updated.speakers == full.speakers
    assert updated.vocabulary.to_dict() == full.vocabulary.to_dict()
    assert updated.restatements == full.restatements
    assert updated.duplicates == full.duplicates
    ours = updated.backend.all_vectors()
    theirs = full.backend.all_vectors()
    assert np.abs(ours - theirs).max() < 1e-5
    assert np.abs(updated.speaker_vectors - full.speaker_vectors).max() < 1e-5
    for query in QUERIES:
        tokens = lexical_tokens([query], as_ids=False)[0]
        ours = updated.backend.lexical_search(tokens, 3)
        theirs = full.backend.lexical_search(tokens, 3)
        assert [i for i, _ in ours] == [i for i, _ in theirs]
        # The paragraphs' and articles' BM25s score every paragraph and article alike.
        around = zip(context_scores(updated, query), context_scores(full, query), strict=True)
        for ours, theirs in around:
            assert np.allclose(ours, theirs)


def test_add_update_and_remove_each_equal_a_full_build(work, embedder):
    seeds, index_dir = work / "seeds", work / "index"
    outside = write(work / "incoming", {"d_ferry.txt": NEW})

    added = add_articles([outside / "d_ferry.txt"], index_dir, embedder, **quiet)
    assert added.changes.added == ("d_ferry.txt",) and added.work.parsed == ["d_ferry.txt"]
    assert (seeds / "d_ferry.txt").read_text(encoding="utf-8") == NEW  # copied, not moved
    assert (outside / "d_ferry.txt").exists()
    assert_same_as_full_build(index_dir, seeds, embedder)

    write(outside, {"c_school.txt": CHANGED_SCHOOL})
    updated = add_articles([outside], index_dir, embedder, **quiet)  # a folder: its articles
    assert updated.changes.changed == ("c_school.txt",)
    assert "c_school.txt" in updated.work.parsed and "a_bridge.txt" not in updated.work.parsed
    assert "350 pupils" in load_index(index_dir).articles["c_school.txt"].text
    assert_same_as_full_build(index_dir, seeds, embedder)

    removed = remove_articles(["c_school.txt"], index_dir, embedder, **quiet)
    assert removed.changes.removed == ("c_school.txt",) and removed.work.parsed == []
    assert not (seeds / "c_school.txt").exists()
    assert (seeds / REMOVED_FOLDER / "c_school.txt").read_text(encoding="utf-8") == CHANGED_SCHOOL
    assert_same_as_full_build(index_dir, seeds, embedder)


def test_an_article_is_attributed_again_when_what_earlier_ones_said_of_genders_changes(
    work, embedder
):
    # "Mrs. Ada Lane" in a_bridge.txt tells b_budget.txt who "she" is: removing it changes
    # what b_budget.txt reads, so it is attributed again (from its text; it is unchanged).
    removed = remove_articles(["a_bridge.txt"], work / "index", embedder, **quiet)
    assert removed.work.reattributed == ["b_budget.txt"]
    assert_same_as_full_build(work / "index", work / "seeds", embedder)


def test_a_stale_index_is_updated_on_open_keeping_the_unchanged_vectors(work, embedder):
    seeds, index_dir = work / "seeds", work / "index"
    before = load_index(index_dir)
    kept = {(p.file, p.start): i for i, p in enumerate(before.passages)}
    write(seeds, {"d_ferry.txt": NEW})
    said = []
    opened = open_index(index_dir, None, embedder, say=said.append, track=silent)
    assert any("Updating the index" in m and "1 new article" in m for m in said)
    assert not opened.read_only and "d_ferry.txt" in opened.index.articles
    old_vectors = before.backend.all_vectors()
    new_vectors = opened.index.backend.all_vectors()
    for passage in opened.index.passages:
        if (passage.file, passage.start) in kept:
            assert np.array_equal(
                new_vectors[passage.id], old_vectors[kept[passage.file, passage.start]]
            )
    assert_same_as_full_build(index_dir, seeds, embedder)


def test_adding_to_an_index_of_another_folder_refuses(work, embedder):
    other = write(work / "other", {"d_ferry.txt": NEW})
    manifest = (work / "index" / MANIFEST).read_bytes()
    with pytest.raises(IndexConflict, match="not those in"):
        add_articles([other / "d_ferry.txt"], work / "index", embedder, seeds_dir=other, **quiet)
    assert (work / "index" / MANIFEST).read_bytes() == manifest
    assert not (work / "seeds" / "d_ferry.txt").exists()


def test_adding_refuses_when_the_source_folder_is_missing(work, embedder):
    incoming = write(work / "incoming", {"d_ferry.txt": NEW})
    (work / "seeds").rename(work / "gone")
    with pytest.raises(Exception, match="is missing"):
        add_articles([incoming / "d_ferry.txt"], work / "index", embedder, **quiet)


@needs_setpriv
def test_adding_refuses_when_the_user_cannot_write_the_source_folder(work, nobody_cache):
    # The tests run as root, who may write any folder: the add runs as 'nobody' instead.
    write(work / "incoming", {"d_ferry.txt": NEW})
    top = world_readable_copy(work)
    try:
        before = sorted(p.name for p in (top / "w" / "seeds").iterdir())
        manifest = (top / "w" / "index" / MANIFEST).read_bytes()
        added = as_nobody(
            [sys.executable, "-m", "accordingto", "add", "incoming/d_ferry.txt",
             "--index", "index", "--seeds", "seeds"],
            nobody_cache, top / "w",
        )  # fmt: skip
        assert added.returncode != 0 and "Traceback" not in added.stderr
        assert "read-only" in added.stderr or "cannot write" in added.stderr, added.stderr
        assert sorted(p.name for p in (top / "w" / "seeds").iterdir()) == before
        assert (top / "w" / "index" / MANIFEST).read_bytes() == manifest
    finally:
        shutil.rmtree(top, ignore_errors=True)


class FailingEmbedder:
    """An embedder that breaks while the new article is embedded."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self.passage_encoder = embedder.passage_encoder
        self.dimension = embedder.dimension

    def encode(self, texts):
        return self._embedder.encode(texts)

    def encode_passage_groups(self, groups):
        raise RuntimeError("the model broke")


def test_a_failed_add_leaves_the_index_and_the_folder_as_they_were(work, embedder):
    seeds, index_dir = work / "seeds", work / "index"
    incoming = write(work / "incoming", {"d_ferry.txt": NEW, "c_school.txt": CHANGED_SCHOOL})
    files = {p.name: p.read_bytes() for p in index_dir.iterdir() if p.is_file()}
    with pytest.raises(RuntimeError, match="the model broke"):
        add_articles([incoming], index_dir, FailingEmbedder(embedder), **quiet)
    assert {p.name: p.read_bytes() for p in index_dir.iterdir() if p.is_file()} == files
    assert sorted(p.name for p in seeds.iterdir()) == sorted(ARTICLES)
    assert (seeds / "c_school.txt").read_text(encoding="utf-8") == ARTICLES["c_school.txt"]
    load_index(index_dir)  # still whole


def test_nothing_is_copied_when_one_file_is_not_an_article(work, embedder):
    incoming = write(work / "incoming", {"d_ferry.txt": NEW, "empty.txt": "  \n"})
    with pytest.raises(Exception, match=r"empty\.txt is not added: empty"):
        add_articles([incoming], work / "index", embedder, **quiet)
    assert not (work / "seeds" / "d_ferry.txt").exists()


def test_removing_an_article_the_index_does_not_hold_refuses(work, embedder):
    with pytest.raises(Exception, match="not an article of the index"):
        remove_articles(["nowhere.txt"], work / "index", embedder, **quiet)


def test_the_cli_adds_and_removes(work, monkeypatch):
    monkeypatch.chdir(work)
    write(work / "incoming", {"d_ferry.txt": NEW})
    runner = CliRunner()
    added = runner.invoke(main, ["add", "incoming/d_ferry.txt", "--index", "index"])
    assert added.exit_code == 0, added.output
    assert "Added 1: d_ferry.txt" in added.output and "holds 4 articles" in added.output
    removed = runner.invoke(main, ["remove", "a_bridge.txt", "--index", "index"])
    assert removed.exit_code == 0, removed.output
    assert "Removed 1: a_bridge.txt" in removed.output and "holds 3 articles" in removed.output
    refused = runner.invoke(main, ["add", "incoming", "--index", "index", "--seeds", "incoming"])
    assert refused.exit_code != 0 and "not those in" in refused.output


def test_two_adds_at_once_both_land(work, embedder, monkeypatch):
    """Two adds at once (two teachers, or the CLI beside the web app): each reads the index
    and the folder, updates the index and writes it back; neither may write back an index
    that lacks the other's article. The first update is slowed, and the second add starts
    while it runs: unserialised, the first would write back an index without the second's
    article."""
    import threading
    import time

    from accordingto import update

    original = update.update_index
    calls = []

    def slow_first_update(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            time.sleep(1.5)
        return original(*args, **kwargs)

    # ``store`` imports it when it updates, so the module's own name is what it finds.
    monkeypatch.setattr(update, "update_index", slow_first_update)
    outside = write(work / "outside", {"d_ferry.txt": NEW, "e_school.txt": CHANGED_SCHOOL})
    failures = []

    def add(name):
        try:
            add_articles([outside / name], work / "index", embedder, **quiet)
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    first = threading.Thread(target=add, args=("d_ferry.txt",))
    second = threading.Thread(target=add, args=("e_school.txt",))
    first.start()
    time.sleep(0.5)  # the first add has read the folder and is updating
    second.start()
    first.join()
    second.join()
    assert not failures
    held = load_index(work / "index", Statement.from_dict).articles
    assert {"d_ferry.txt", "e_school.txt"} <= set(held)
