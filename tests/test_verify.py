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
