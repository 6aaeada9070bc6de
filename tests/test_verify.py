"""`accordingto verify`: every stored offset is checked against the article files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accordingto.corpus import read_corpus
from accordingto.embedding import PASSAGE_ENCODER
from accordingto.index import read_manifest, stale_reason
from accordingto.verify import verify_index

ROOT = Path(__file__).resolve().parents[1]


def test_the_committed_index_verifies_and_matches_the_seeds():
    report = verify_index(ROOT / "index")
    assert report.problems == []
    assert report.passages > 0 and report.statements > 0 and report.files_checked > 0
    manifest = read_manifest(ROOT / "index")
    assert stale_reason(manifest, read_corpus(ROOT / "seeds").articles, PASSAGE_ENCODER) is None


@pytest.fixture
def copy(tmp_path, built_index_dir) -> Path:
    shutil.copytree(built_index_dir, tmp_path / "w")
    return tmp_path / "w"


def rewrite_jsonl(path: Path, change) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    change(rows)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def test_a_shifted_passage_offset_is_reported(copy):
    def shift(rows):
        rows[3]["start"] += 1

    rewrite_jsonl(copy / "index" / "passages.jsonl", shift)
    problems = verify_index(copy / "index").problems
    assert any("passage 3" in p for p in problems)


def test_a_statement_whose_text_was_edited_is_reported(copy):
    def edit(rows):
        rows[0]["text"] = rows[0]["text"][::-1]

    rewrite_jsonl(copy / "index" / "statements.jsonl", edit)
    assert any("statement" in p for p in verify_index(copy / "index").problems)


def test_an_article_file_changed_since_indexing_is_reported(copy):
    first = sorted((copy / "seeds").glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace(" ", "  ", 1), encoding="utf-8")
    problems = verify_index(copy / "index").problems
    assert any(first.name in p and "changed" in p for p in problems)


def test_the_command_exits_non_zero_on_a_mismatch(copy):
    command = [sys.executable, "-m", "accordingto", "verify", "--index", str(copy / "index")]
    ok = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and ok.stdout.startswith("OK")

    def shift(rows):
        rows[0]["end"] += 2

    rewrite_jsonl(copy / "index" / "passages.jsonl", shift)
    bad = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "FAILED" in bad.stdout and "passage 0" in bad.stderr


def test_an_index_of_web_pages_and_front_matter_verifies_against_the_files(tmp_path, embedder):
    from accordingto.progress import silent
    from accordingto.store import build_and_save

    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "html" / "harbor-ferry.html", articles / "a.html")
    (articles / "b.md").write_text(
        "---\ntitle: River walk approved\nsource: Valley Courier\n---\nRiver walk approved\n\n"
        "The council approved the river walk on Thursday by five votes to two.\n",
        encoding="utf-8",
    )
    build_and_save(articles, tmp_path / "index", embedder, say=lambda _m: None, track=silent)
    report = verify_index(tmp_path / "index")
    assert report.problems == [] and report.files_checked == 2 and report.passages > 0
    # Editing the page's article text is noticed; the offsets index the extracted text.
    page = (articles / "a.html").read_text(encoding="utf-8")
    (articles / "a.html").write_text(page.replace("voted 6-1", "voted 5-2"), encoding="utf-8")
    assert any("a.html" in p and "changed" in p for p in verify_index(tmp_path / "index").problems)
