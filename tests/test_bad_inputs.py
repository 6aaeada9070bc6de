"""Hostile and broken input, through the engine, the HTTP API and the command line.

Every input gets a clear message (an ``error`` when nothing could be searched, a ``notice``
when something was changed) and never a traceback or an output that cannot be encoded.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from accordingto.questions import MAX_K, MAX_QUESTION_CHARS

RLO = "\u202e"
QUESTIONS = {
    "empty": "",
    "whitespace": "   \t\n  ",
    "huge": "What happened to the civilians? " * 3200,  # about 100,000 characters
    "nul and control": "\x00\x01\x07 who was killed \x1b[31m\x7f?",
    "undecodable byte (surrogateescape)": "Who said \udcff what?",
    "lone surrogate": "\ud800 who was killed?",
    "lone surrogate only": "\ud800\udfff",
    "right-to-left": f"{RLO}من قال ذلك؟ who said it?",
    "emoji": "🔥🔥 how many were wounded? 🙏",
    "html and script": "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "html around words": "<b>how many</b> were <i>wounded</i>?",
    "markdown link injection": "[click me](javascript:alert(1)) who was killed?",
    "another language": "Wie viele Zivilisten wurden getötet?",
}
ERRORS = {"empty", "whitespace", "lone surrogate only", "html and script"}


def assert_clean(result: dict) -> None:
    """The contract holds, the text is valid Unicode, and someone told the user something."""
    encoded = json.dumps(result, ensure_ascii=False).encode("utf-8")  # no lone surrogates
    assert b"Traceback" not in encoded
    assert {"question", "answered", "message", "notice", "error", "quotes"} <= set(result)
    assert result["message"].strip()
    assert "](javascript" not in result["message"]
    assert "<script" not in result["message"] and "<img" not in result["message"]
    assert len(result["question"]) <= MAX_QUESTION_CHARS


@pytest.mark.parametrize("name", list(QUESTIONS))
def test_the_engine_answers_every_bad_question_cleanly(engine, name):
    result = engine.ask(QUESTIONS[name]).to_dict()
    assert_clean(result)
    if name in ERRORS:
        assert result["error"] and not result["answered"]
        assert "question" in result["error"].lower()
    else:
        assert result["error"] is None


@pytest.mark.parametrize(
    "name, says",
    [
        ("huge", "limit"),
        ("undecodable byte (surrogateescape)", "not valid text"),
        ("lone surrogate", "not valid text"),
        ("html around words", "HTML"),
    ],
)
def test_the_user_is_told_what_was_changed(engine, name, says):
    result = engine.ask(QUESTIONS[name]).to_dict()
    assert says in (result["notice"] or "")


def test_bytes_are_decoded_and_bad_ones_reported(engine):
    result = engine.ask(b"Who said \xff what?").to_dict()
    assert_clean(result)
    assert "not valid text" in result["notice"]


GOOD_K = [(1, 1), (20, 20), ("7", 7), (None, 5), (3.0, 3)]
CLAMPED_K = [(0, 1), (-5, 1), (21, MAX_K), (1000, MAX_K)]
WRONG_K = ["abc", [], {}, 2.5, True, float("nan"), "1e400"]


@pytest.mark.parametrize("k, used", GOOD_K + CLAMPED_K)
def test_k_in_or_out_of_range(engine, k, used):
    passage = max(engine.index.passages, key=lambda p: len(p.text))
    answer = engine.ask(passage.text, k=k)
    assert answer.answered and 1 <= len(answer.quotes) <= used
    if (k, used) in CLAMPED_K:
        assert f"k={int(k)}" in answer.notice


@pytest.mark.parametrize("k", WRONG_K, ids=repr)
def test_k_of_the_wrong_type_gets_a_one_line_error(engine, k):
    result = engine.ask("Who was killed?", k=k).to_dict()
    assert_clean(result)
    assert not result["answered"] and result["error"].startswith("k must be a whole number")
    assert "\n" not in result["error"]


def test_a_previous_question_that_is_not_text_is_ignored_with_a_notice(engine):
    passage = engine.index.passages[0]
    answer = engine.ask(passage.text, follow_up_to={"not": "text"})
    assert answer.answered and "previous question" in answer.notice


# --- through the HTTP API, on a real server ------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def api(engine):
    """The full app (route guard included) served by uvicorn on loopback."""
    import uvicorn

    from accordingto.web import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(engine, ["q?"]), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=15)


def post(base: str, path: str, body: bytes) -> tuple[int, str]:
    request = urllib.request.Request(base + path, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def call_ask(base: str, data) -> dict:
    # ensure_ascii keeps lone surrogates as \\ud800 escapes, as a JSON client may send them
    status, text = post(base, "gradio_api/call/ask", json.dumps({"data": data}).encode())
    assert status == 200, text
    event_id = json.loads(text)["event_id"]
    with urllib.request.urlopen(base + f"gradio_api/call/ask/{event_id}", timeout=60) as r:
        stream = r.read().decode()
    assert "event: complete" in stream, stream[:300]
    line = stream.split("event: complete", 1)[1].split("data:", 1)[1].strip().splitlines()[0]
    return json.loads(line)[0]


@pytest.mark.server
@pytest.mark.parametrize("name", list(QUESTIONS))
def test_the_api_answers_every_bad_question_cleanly(api, engine, name, capfd):
    result = call_ask(api, [QUESTIONS[name], 5, None])
    assert_clean(result)
    # What the server receives is the JSON text decoded (a surrogate pair becomes one char).
    assert result == engine.ask(json.loads(json.dumps(QUESTIONS[name]))).to_dict()
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.server
@pytest.mark.parametrize("k", [*WRONG_K[:5], 0, 1000, None], ids=repr)
def test_the_api_explains_a_bad_k(api, k, capfd):
    result = call_ask(api, ["Who was killed?", k, None])
    assert_clean(result)
    assert (result["error"] or result["notice"] or k is None) and "\n" not in (
        result["error"] or ""
    )
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.server
@pytest.mark.parametrize("data", [[], ["Who was killed?"], ["Who was killed?", 2]], ids=len)
def test_the_api_takes_missing_arguments_as_their_defaults(api, engine, data, capfd):
    result = call_ask(api, data)
    assert_clean(result)
    if not data:
        assert "question" in result["error"]
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.server
@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"\xff\xfe{", b'{"data": "question"}', b"[1, 2]", b'{"data": null}'],
)
def test_the_api_refuses_a_body_it_cannot_read_with_a_message(api, body, capfd):
    status, text = post(api, "gradio_api/call/ask", body)
    assert status == 400 and "JSON" in json.loads(text)["error"]
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.server
def test_the_api_refuses_an_oversized_body(api):
    status, text = post(api, "gradio_api/call/ask", b'{"data": ["' + b"a" * 1_100_000 + b'"]}')
    assert status == 413 and "KB" in json.loads(text)["error"]


# --- through the command line ----------------------------------------------------------


def test_an_undecodable_byte_in_the_cli_argument_is_reported(built_index_dir):
    done = subprocess.run(
        [sys.executable, "-m", "accordingto", "ask", b"Who said \xff what?", "--json",
         "--index", str(built_index_dir / "index")],
        capture_output=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    result = json.loads(done.stdout)
    assert_clean(result)
    assert "not valid text" in result["notice"]


def test_a_bad_line_in_a_batch_gets_its_own_error_and_the_batch_goes_on(built_index_dir):
    lines = [
        b"How many were wounded?",
        b"Who said \xff what?",
        b"<script>alert(1)</script>",
        b"\xff\xfe",
        b"Who was killed?",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "accordingto", "ask", "-", "--json",
         "--index", str(built_index_dir / "index")],
        input=b"\n".join(lines) + b"\n", capture_output=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    results = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(results) == len(lines)
    for result in results:
        assert_clean(result)
    assert results[2]["error"] and results[3]["error"]
    assert results[0]["error"] is None and results[4]["error"] is None


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("a", "no words to search for"),
        ("the of and?", "no words to search for"),
        ("Сколько погибло мирных жителей?", "None of the question's words appear"),
        ("zxqv wubble frobnicate", "None of the question's words appear"),
    ],
)
def test_a_question_with_no_word_the_articles_use_is_refused_with_why(engine, question, reason):
    answer = engine.ask(question)
    assert not answer.answered and not answer.quotes
    assert reason in answer.message


def test_a_follow_up_is_judged_with_the_question_it_follows(engine):
    answer = engine.ask("And why?", follow_up_to="What did Aliyev say about the talks?")
    assert "no words to search for" not in answer.message
