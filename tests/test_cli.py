import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from accordingto.cli import main


@pytest.fixture
def run(built_index_dir, monkeypatch):
    monkeypatch.setenv("ACCORDINGTO_SEEDS", str(built_index_dir / "seeds"))
    monkeypatch.setenv("ACCORDINGTO_INDEX", str(built_index_dir / "index"))

    def invoke(*args, stdin=None):
        return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)

    return invoke


def test_ask_json_prints_one_contract_object(run, engine):
    passage = engine.index.passages[3]
    result = run("ask", passage.text, "--k", "2", "--json")
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert answer == engine.ask(passage.text, k=2).to_dict()


def test_ask_reads_many_questions_from_stdin_as_json_lines(run, engine):
    questions = [engine.index.passages[1].text, "", "Recommend a pasta recipe with mushrooms."]
    result = run("ask", "-", "--json", stdin="\n".join(questions) + "\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["answered"] for line in lines] == [True, False]


def test_ask_prints_markdown_with_citations(run, engine):
    result = run("ask", engine.index.passages[5].text)
    assert "[1]" in result.stdout and "“" in result.stdout


def test_eval_prints_every_figure(run, tmp_path, engine):
    questions = tmp_path / "q.jsonl"
    passage = engine.index.passages[7]
    rows = [
        {"id": "a", "q": passage.text, "gold": [[passage.text[:40]]]},
        {"id": "b", "q": "Recommend a pasta recipe with mushrooms.", "gold": []},
    ]
    questions.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run("eval", str(questions))
    assert result.exit_code == 0
    for figure in ["recall@1", "recall@3", "recall@5", "mrr", "correct_abstention"]:
        assert figure in result.stdout
    assert "wrong_abstention                 0.000" in result.stdout


def test_index_build_writes_an_index(run, tmp_path, built_index_dir):
    result = run(
        "index", "build", "--seeds", str(built_index_dir / "seeds"), "--index", str(tmp_path / "i")
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "i" / "manifest.json").is_file()


def test_problems_are_one_clear_line_not_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "accordingto", "index", "build", "--seeds", str(tmp_path / "none"),
         "--index", str(tmp_path / "i")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "no folder of articles" in done.stderr


def test_statements_json_lists_verbatim_content_spans(run, built_index_dir):
    result = run("statements", "--json")
    rows = json.loads(result.stdout)
    keys = {"file", "start", "end", "text", "speaker", "speaker_canonical", "role", "cue"}
    spans = {"cue_start", "cue_end", "mention_start", "mention_end"}
    extra = {"kind", "confidence", "figures", "basis", "unclear"}
    assert rows and keys | spans | extra == set(rows[0])
    for row in rows:
        text = (built_index_dir / "seeds" / row["file"]).read_text(encoding="utf-8")
        assert text[row["start"] : row["end"]] == row["text"]
        if row["cue_start"] >= 0:
            assert text[row["cue_start"] : row["cue_end"]].split()[0] == row["cue"].split()[0]
        for figure in row["figures"]:
            assert figure["text"] in row["text"]


def test_statements_can_read_articles_outside_the_index(run, tmp_path):
    (tmp_path / "a.txt").write_text(
        "The harbour will close for a week, the port authority said on Monday.\n"
    )
    result = run("statements", "--seeds", str(tmp_path), "--json")
    rows = json.loads(result.stdout)
    assert any("port authority" in (r["speaker_canonical"] or "") for r in rows)


def test_speakers_and_eval_attribution(run, tmp_path):
    assert run("speakers").stdout.strip()
    (tmp_path / "a.txt").write_text(
        "The harbour will close for a week, the port authority said on Monday.\n"
    )
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"file": "a", "span": "will close for a week", "speaker": [["port"]]}) + "\n"
    )
    result = run("eval-attribution", str(gold), "--seeds", str(tmp_path))
    assert "attribution accuracy     1.000" in result.stdout
    assert "wrong name               0 (0.0% of spans)" in result.stdout
    assert "[0.95, 1.00)" in result.stdout  # the confidence bands
