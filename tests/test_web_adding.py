"""The Add articles panel: its pure checks, the switch that turns it on, and an update
served at once. Small articles of our own; real models, real files."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest

from accordingto.web.adding import (
    MAX_FILE_BYTES,
    MAX_FILES,
    CurrentEngine,
    Rejected,
    add_to_collection,
    check_uploads,
    pasted_article,
    remove_uploads,
    safe_file_name,
    status_markdown,
)

NOW = datetime(2031, 4, 5, 6, 7, 8)
MILL = """Paper mill in Ostrava Nova closes its doors

The paper mill in Ostrava Nova closed on Thursday after ninety years, the owners said.

Mrs. Jana Korbel, the mill's director, said the last roll of paper had been cut at noon. \
"We could not pay for the energy any more," she said.
"""
HARBOUR_TITLE = "Grellport harbour shut after crane collapse"
HARBOUR_BODY = """The harbour of Grellport was closed to all shipping on Monday after a \
loading crane collapsed onto the eastern quay, the port authority said.

Harbour master Odile Fenwick said divers would inspect the quay wall before any ship could \
dock again. "No vessel will enter Grellport until the divers have checked every metre of \
that wall," Fenwick said.
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- checking uploads ------------------------------------------------------------------------


def test_a_readable_article_is_accepted_under_a_safe_name(tmp_path):
    path = write(tmp_path, "Mill Closes — Ostrava!.TXT", MILL)
    checked = check_uploads([str(path)])
    assert checked.problem is None and checked.rejected == []
    assert checked.accepted == [(path, "mill-closes-ostrava.txt")]


def test_more_files_than_the_bound_is_refused_as_a_whole(tmp_path):
    paths = [write(tmp_path, f"a{i}.txt", MILL) for i in range(MAX_FILES + 1)]
    checked = check_uploads(paths)
    assert checked.accepted == [] and str(MAX_FILES) in checked.problem
    assert check_uploads(paths[:MAX_FILES]).problem is None


def test_each_bad_file_is_rejected_with_its_own_reason(tmp_path):
    good = write(tmp_path, "mill.txt", MILL)
    files = [
        write(tmp_path, "slides.pdf", b"%PDF-1.4"),
        write(tmp_path, "big.txt", "word " * (MAX_FILE_BYTES // 5 + 1)),
        write(tmp_path, "blank.txt", b""),
        write(tmp_path, "photo.txt", b"\x00\x01\x02\xff\xfe binary"),
        write(tmp_path, "empty.html", "<html><body></body></html>"),
        good,
    ]
    checked = check_uploads(files)
    assert checked.accepted == [(good, "mill.txt")]
    reasons = {r.name: r.reason for r in checked.rejected}
    assert set(reasons) == {"slides.pdf", "big.txt", "blank.txt", "photo.txt", "empty.html"}
    assert ".txt" in reasons["slides.pdf"] and ".html" in reasons["slides.pdf"]
    assert "too large" in reasons["big.txt"] and "2 MB" in reasons["big.txt"]
    assert "empty" in reasons["blank.txt"]
    assert "binary" in reasons["photo.txt"]
    assert "no article text" in reasons["empty.html"]


def test_an_upload_never_replaces_an_article_or_another_upload(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = write(tmp_path / "one", "Mill.txt", MILL)
    second = write(tmp_path / "two", "mill.txt", MILL)
    checked = check_uploads([first, second])
    assert checked.accepted == [(first, "mill.txt")]
    assert checked.rejected[0].name == "mill.txt" and "also named" in checked.rejected[0].reason
    checked = check_uploads([first], existing=["MILL.txt"])
    assert checked.accepted == [] and "already in the collection" in checked.rejected[0].reason


def test_a_missing_upload_is_rejected_not_raised(tmp_path):
    checked = check_uploads([tmp_path / "gone.txt", None, 3])
    assert [r.name for r in checked.rejected] == ["gone.txt"]


@pytest.mark.parametrize(
    "name, safe",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\Windows\\Report.HTM", "report.htm"),
        ("Ünïcödé Héadline.md", "unicode-headline.md"),
        ("<script>alert(1)</script>.html", "script.html"),
        ("!!!.txt", "article.txt"),
        (".hidden.txt", "hidden.txt"),
    ],
)
def test_safe_file_names(name, safe):
    assert safe_file_name(name) == safe


# --- pasted text -----------------------------------------------------------------------------


def test_pasted_text_becomes_a_txt_article_with_a_generated_name():
    name, text = pasted_article(f"  {HARBOUR_TITLE}\n", HARBOUR_BODY, now=NOW)
    assert name == "pasted-grellport-harbour-shut-after-crane-collapse-20310405-060708.txt"
    assert text.startswith(HARBOUR_TITLE + "\n\n") and "Odile Fenwick" in text
    again, _ = pasted_article(HARBOUR_TITLE, HARBOUR_BODY, existing=[name], now=NOW)
    assert again == name.replace(".txt", "-2.txt")


def test_a_hostile_title_makes_a_harmless_name():
    name, _ = pasted_article("../../<b>x</b> / \\ ; rm -rf", HARBOUR_BODY, now=NOW)
    assert name == "pasted-b-x-b-rm-rf-20310405-060708.txt"
    assert "/" not in name and "\\" not in name and ".." not in name


@pytest.mark.parametrize(
    "title, body, words",
    [
        ("", HARBOUR_BODY, "title"),
        (None, HARBOUR_BODY, "title"),
        (HARBOUR_TITLE, "Too short.", "at least"),
        ("x" * 201, HARBOUR_BODY, "too long"),
        (HARBOUR_TITLE, "word " * (MAX_FILE_BYTES // 5), "too long"),
    ],
)
def test_pasted_text_that_cannot_be_an_article(title, body, words):
    with pytest.raises(ValueError, match=words):
        pasted_article(title, body, now=NOW)


# --- status, cleanup, the engine swap --------------------------------------------------------


def test_status_says_what_was_added_and_why_others_were_not():
    text = status_markdown(
        ["a.txt"], [Rejected("<img src=x onerror=alert(1)>.pdf", "not an article file")], None, 7
    )
    assert "Added 1 article" in text and "a.txt" in text
    assert "Not added" in text and "not an article file" in text
    assert "<img" not in text and "&lt;img" in text
    assert "7 articles" in text
    nothing = status_markdown([], [], "At most 20 files can be added at a time; 21 were sent.")
    assert nothing.startswith("**Nothing was added.**") and "21 were sent" in nothing


def test_only_uploads_inside_the_cache_are_removed(tmp_path):
    cache = tmp_path / "cache"
    (cache / "abc").mkdir(parents=True)
    upload = write(cache / "abc", "mill.txt", MILL)
    outside = write(tmp_path, "keep.txt", MILL)
    remove_uploads([str(upload), str(outside), str(cache / ".." / "keep.txt")], cache)
    assert not upload.exists() and not (cache / "abc").exists() and cache.is_dir()
    assert outside.exists()


def test_the_engine_is_swapped_under_a_lock():
    current = CurrentEngine("old")
    assert current() == "old"
    taken = []
    with current._swap:
        reader = threading.Thread(target=lambda: taken.append(current()))
        reader.start()
        reader.join(timeout=0.2)
        assert taken == [], "no engine is handed out while a swap is under way"
        current._engine = "new"
    reader.join(timeout=5)
    assert taken == ["new"]
    current.replace("newer")
    assert current() == "newer"


# --- against a real, writable index ----------------------------------------------------------


@pytest.fixture
def small_engine(tmp_path, embedder):
    """An engine over a writable index of one article of our own."""
    from accordingto.engine import Engine
    from accordingto.progress import silent
    from accordingto.store import build_and_save

    (tmp_path / "articles").mkdir()
    write(tmp_path / "articles", "mill.txt", MILL)
    build_and_save(
        tmp_path / "articles", tmp_path / "index", embedder, say=lambda _m: None, track=silent
    )
    return Engine.load(tmp_path / "index", say=lambda _m: None, embedder=embedder)


def test_adding_a_pasted_article_and_a_file(small_engine, tmp_path):
    (tmp_path / "uploads").mkdir()
    later = MILL.replace("Thursday", "Friday")
    upload = write(tmp_path / "uploads", "Notes on the mill.TXT", later)
    bad = write(tmp_path / "uploads", "slides.pdf", b"%PDF")
    report = add_to_collection(
        small_engine, [str(upload), str(bad)], HARBOUR_TITLE, HARBOUR_BODY, now=NOW
    )
    assert report.problem is None
    assert report.added == [
        "notes-on-the-mill.txt",
        "pasted-grellport-harbour-shut-after-crane-collapse-20310405-060708.txt",
    ]
    assert [r.name for r in report.rejected] == ["slides.pdf"]
    assert (tmp_path / "articles" / "notes-on-the-mill.txt").is_file()
    assert not (tmp_path / "articles" / "slides.pdf").exists()
    new = type(small_engine)(report.updated.index, small_engine.embedder, small_engine.folder)
    answer = new.ask("Why was the Grellport harbour closed?")
    assert answer.answered
    assert {q.source.file for q in answer.quotes} == {report.added[1]}
    assert any("Grellport was closed" in q.text for q in answer.quotes)
    assert small_engine.index is not report.updated.index, "the old engine is left as it was"


def test_nothing_is_copied_when_every_file_is_rejected(small_engine, tmp_path):
    before = sorted(p.name for p in (tmp_path / "articles").iterdir())
    bad = write(tmp_path, "slides.pdf", b"%PDF")
    report = add_to_collection(small_engine, [bad], "", "   ")
    assert report.updated is None and report.added == []
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == before


# --- the switch, and the app with the panel ---------------------------------------------------


def test_adding_is_off_unless_the_flag_or_the_environment_says_so(monkeypatch):
    from accordingto.web import app

    monkeypatch.delenv("ACCORDINGTO_ALLOW_ADDING", raising=False)
    assert app._parser().parse_args([]).allow_adding is False
    assert app._parser().parse_args(["--allow-adding"]).allow_adding is True
    monkeypatch.setenv("ACCORDINGTO_ALLOW_ADDING", "0")
    assert app._parser().parse_args([]).allow_adding is False
    monkeypatch.setenv("ACCORDINGTO_ALLOW_ADDING", "1")
    assert app._parser().parse_args([]).allow_adding is True


def test_the_default_app_has_no_panel_and_takes_no_uploads(engine):
    from fastapi.testclient import TestClient

    from accordingto.web import create_app

    with TestClient(create_app(engine, ["Who?"])) as http:
        assert "Add articles" not in http.get("/config").text
        response = http.post("/gradio_api/upload", files={"files": ("a.txt", MILL.encode())})
        assert response.status_code == 403


def test_a_read_only_engine_cannot_have_the_panel(engine):
    from types import SimpleNamespace

    from accordingto.web import build

    with pytest.raises(ValueError, match="written"):
        build(SimpleNamespace(read_only=True, folder=None), ["Who?"], allow_adding=True)


@pytest.fixture
def adding_app(small_engine):
    from fastapi.testclient import TestClient

    from accordingto.web import app

    demo = app.build(small_engine, ["Who closed the mill?"], allow_adding=True)
    with TestClient(app.mount(demo, allow_adding=True)) as http:
        yield demo, http


def test_with_the_flag_the_panel_and_only_its_upload_are_allowed(adding_app):
    from accordingto.web.guard import public_api_names

    demo, http = adding_app
    assert "Add articles" in http.get("/config").text
    response = http.post("/gradio_api/upload", files={"files": ("mill.txt", MILL.encode())})
    assert response.status_code == 200, response.text
    uploaded = Path(response.json()[0])
    assert uploaded.is_file() and Path(demo.GRADIO_CACHE) in uploaded.resolve().parents
    big = b"x" * (MAX_FILES * MAX_FILE_BYTES + 128 * 1024)
    assert http.post("/gradio_api/upload", files={"files": ("big.txt", big)}).status_code == 413
    # The add listener is private: not in the API, not callable by name.
    assert public_api_names(demo) == {"ask"}
    assert "add" in {fn.name for fn in demo.fns.values()}
    for path in ("/gradio_api/call/add", "/gradio_api/call/v2/add"):
        assert http.post(path, json={"data": [None, "t", "x"]}).status_code == 404
    assert demo.delete_cache is not None, "Gradio's upload cache is emptied regularly"


def test_the_add_listener_adds_swaps_and_removes_the_uploads(adding_app, tmp_path):
    import gradio as gr

    demo, http = adding_app
    [fn] = [fn for fn in demo.fns.values() if fn.name == "add"]
    response = http.post("/gradio_api/upload", files={"files": ("Mill notes.txt", MILL.encode())})
    uploaded = response.json()[0]
    ask = next(fn.fn for fn in demo.fns.values() if fn.api_name == "ask")
    before = ask("Why was the Grellport harbour closed?")
    outputs = list(fn.fn([uploaded], HARBOUR_TITLE, HARBOUR_BODY, gr.Progress()))
    status = outputs[-1][0]
    assert "Added 2 articles" in status and "mill-notes.txt" in status, status
    assert not Path(uploaded).exists(), "the uploaded copy is removed"
    after = ask("Why was the Grellport harbour closed?")
    assert after != before and after["answered"]
    assert any("Grellport was closed" in q["text"] for q in after["quotes"])
