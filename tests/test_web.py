"""The web app: its stateless API against a real server, and the HTML it builds."""

from __future__ import annotations

import inspect
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordingto.answer import Attribution, Quote, Reference, Source

ROOT = Path(__file__).resolve().parents[1]
OUT_OF_CORPUS = "What is the capital of France?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def web():
    from accordingto import web

    return web


@pytest.fixture(scope="module")
def examples(web, engine):
    return web.load_examples(engine)


@pytest.fixture(scope="module")
def served(web, engine, examples):
    """The Blocks app launched for real on a free loopback port."""
    demo = web.build(engine, examples)
    port = free_port()
    demo.launch(prevent_thread_lock=True, quiet=True, server_port=port, **web.launch_options())
    yield f"http://127.0.0.1:{port}/"
    demo.close()


@pytest.fixture(scope="module")
def client(served):
    from gradio_client import Client

    return Client(served, verbose=False)


def some_question(examples) -> str:
    return examples[0]


@pytest.mark.server
def test_ask_endpoint_returns_the_engine_json(client, engine, examples):
    question = some_question(examples)
    result = client.predict(question, api_name="/ask")
    assert result == engine.ask(question).to_dict()
    assert result["answered"] is True and result["quotes"]


@pytest.mark.server
def test_ask_endpoint_refuses_like_the_engine(client, engine):
    result = client.predict(OUT_OF_CORPUS, api_name="/ask")
    assert result == engine.ask(OUT_OF_CORPUS).to_dict()
    assert result["answered"] is False and result["quotes"] == []


@pytest.mark.server
def test_ask_endpoint_takes_k_and_a_previous_question(client, engine, examples):
    first, second = examples[0], examples[1]
    result = client.predict(second, 2, first, api_name="/ask")
    assert result == engine.ask(second, k=2, follow_up_to=first).to_dict()
    assert len(result["quotes"]) <= 2


@pytest.mark.server
def test_ask_is_stateless_across_calls(client, examples):
    question = some_question(examples)
    assert client.predict(question, api_name="/ask") == client.predict(question, api_name="/ask")


@pytest.mark.server
def test_only_ask_is_in_the_public_api(client):
    api = client.view_api(return_format="dict", print_info=False)
    assert set(api["named_endpoints"]) == {"/ask"}
    assert not api["unnamed_endpoints"]


@pytest.mark.server
def test_rest_call_ask(served, engine, examples):
    question = some_question(examples)
    body = json.dumps({"data": [question, 5, None]}).encode()
    request = urllib.request.Request(
        served + "gradio_api/call/ask", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        event_id = json.load(response)["event_id"]
    with urllib.request.urlopen(served + f"gradio_api/call/ask/{event_id}", timeout=60) as r:
        stream = r.read().decode()
    assert "event: complete" in stream, stream[:500]
    data = stream.split("event: complete", 1)[1].split("data:", 1)[1].strip().splitlines()[0]
    assert json.loads(data) == [engine.ask(question).to_dict()]


@pytest.mark.server
def test_the_queue_bypass_is_closed(served):
    body = json.dumps({"data": ["anything", 5, None]}).encode()
    request = urllib.request.Request(
        served + "gradio_api/run/ask", body, {"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=30)


@pytest.mark.server
def test_no_file_is_served_from_outside(served):
    for path in ("gradio_api/file=/etc/passwd", "gradio_api/file=../pyproject.toml"):
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(served + path, timeout=10)


def test_every_example_question_is_answered(engine, examples):
    assert examples
    refused = [q for q in examples if not engine.ask(q).answered]
    assert not refused, f"example questions the articles do not answer: {refused}"


def test_examples_come_from_a_file_or_from_the_corpus(web, engine, tmp_path, monkeypatch):
    path = tmp_path / "q.txt"
    path.write_text("# a comment\n\nFirst question?\n  Second question?  \n", encoding="utf-8")
    assert web.load_examples(engine, path) == ["First question?", "Second question?"]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(web.examples, "_PROJECT_ROOT", tmp_path)
    monkeypatch.delenv("ACCORDINGTO_EXAMPLES", raising=False)
    generated = web.load_examples(engine)
    assert generated and all(q.endswith("?") for q in generated)


def test_the_app_serves_the_web_component_script(web, engine, examples):
    from fastapi.testclient import TestClient

    with TestClient(web.create_app(engine, examples)) as http:
        shim = http.get("/gradio.js")
        assert shim.status_code == 200
        assert "javascript" in shim.headers["content-type"]
        bundle = re.search(r"import\(\"\./(assets/[^\"]+\.js)\"\)", shim.text)
        assert bundle, shim.text
        assert http.get("/" + bundle.group(1)).status_code == 200
        page = http.get("/")
        assert page.status_code == 200 and "accordingto" in page.text


def test_settings_come_from_flags_or_the_environment(web, monkeypatch):
    for name in ("ACCORDINGTO_HOST", "ACCORDINGTO_PORT", "ACCORDINGTO_INDEX"):
        monkeypatch.delenv(name, raising=False)
    args = web.app._parser().parse_args([])
    assert (args.host, args.port, args.index) == ("127.0.0.1", 7860, None)
    monkeypatch.setenv("ACCORDINGTO_HOST", "0.0.0.0")
    monkeypatch.setenv("ACCORDINGTO_PORT", "8123")
    monkeypatch.setenv("ACCORDINGTO_INDEX", "/tmp/some-index")
    args = web.app._parser().parse_args([])
    assert (args.host, args.port, args.index) == ("0.0.0.0", 8123, "/tmp/some-index")
    args = web.app._parser().parse_args(["--port", "9000", "--host", "127.0.0.2"])
    assert (args.host, args.port) == ("127.0.0.2", 9000)


def test_launch_options_are_safe(web):
    options = web.launch_options()
    assert options["server_name"] == "127.0.0.1"
    assert options["share"] is False and options["show_error"] is False
    assert "allowed_paths" not in options
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"


# --- HTML built by the app -----------------------------------------------------------------

PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def fake_quote(rank, text, speaker=None, role=None, outlet="Outlet & Co", file="f.txt"):
    attribution = Attribution(speaker, role, "said", "direct") if speaker else None
    return Quote(
        rank=rank,
        text=text,
        start=0,
        end=len(text),
        context=f"Before. {text} After.",
        kind="caption",
        source=Source(file, outlet, f"Title {PAYLOAD}", "2020-01-02", None),
        score=1.0,
        speaker=speaker,
        attribution=attribution,
        group=speaker.lower() if speaker else None,
        also_reported_by=(Reference("g.txt", 1, 2, f"Other {PAYLOAD}"),),
    )


class NoArticles:
    def article(self, file):
        raise KeyError(file)


def assert_inert(markup: str):
    assert "<img" not in markup and "<script" not in markup
    assert "&lt;img" in markup


def test_cards_escape_everything_from_articles(web):
    quotes = [fake_quote(1, f"Quoted {PAYLOAD} words", speaker=f"Name {PAYLOAD}", role=PAYLOAD)]
    markup = web.sources_html(NoArticles(), quotes)
    assert_inert(markup)
    assert "Photo caption" in markup  # the kind is a word, not a colour
    assert "Also reported by" in markup
    assert 'class="at-hl"' in markup
    assert "Copy reference (APA)" in markup
    assert "Copy quote with citation (APA)" in markup


def test_who_says_what_groups_alphabetically_and_never_ranks(web):
    quotes = [
        fake_quote(1, "one", speaker="Zora Quinn"),
        fake_quote(2, "two", outlet="Alpha News"),
        fake_quote(3, "three", speaker="abel Ray"),
        fake_quote(4, "four", speaker="Zora Quinn"),
    ]
    markup = web.who_says_what_html(quotes)
    headings = re.findall(r"<h4>(.*?)</h4>", markup)
    assert headings == ["abel Ray", "Zora Quinn", "Alpha News’s own reporting"]
    assert markup.count('class="at-group"') == 3
    reordered = web.who_says_what_html(list(reversed(quotes)))
    assert re.findall(r"<h4>(.*?)</h4>", reordered) == headings
    assert_inert(web.who_says_what_html([fake_quote(1, PAYLOAD, speaker=PAYLOAD)]))


def test_an_unclear_speaker_is_shown_as_unclear_not_as_a_name(web):
    from dataclasses import replace

    unclear = replace(
        fake_quote(1, "one", outlet="Alpha News"),
        attribution=Attribution(None, None, "said", "indirect", unclear=True),
        group="unclear",
    )
    card = web.sources_html(NoArticles(), [unclear])
    assert "Speaker unclear" in card and "own reporting" not in card
    markup = web.who_says_what_html([unclear, fake_quote(2, "two", speaker="Zora Quinn")])
    assert re.findall(r"<h4>(.*?)</h4>", markup) == ["Zora Quinn", "Speaker unclear"]


def test_viewer_marks_exactly_the_quoted_span_and_drops_chrome(web, engine, examples):
    answer = engine.ask(some_question(examples))
    quote = answer.quotes[0]
    markup = web.viewer_html(engine, quote.source.file, quote.start, quote.end)
    marked = re.findall(
        r'<mark class="at-hl"[^>]*><span class="at-sr">[^<]*</span>(.*?)</mark>', markup, re.S
    )
    import html

    assert [html.unescape(m) for m in marked] == [quote.text]
    article = engine.article(quote.source.file)
    for paragraph in article.paragraphs:
        text = html.escape(article.text[paragraph.start : paragraph.end], quote=True)
        if paragraph.kind == "chrome" and not (paragraph.start <= quote.start < paragraph.end):
            assert f">{text}</p>" not in markup


def test_chat_message_links_every_citation(web, engine, examples):
    answer = engine.ask(some_question(examples))
    message = web.answer_markdown(answer)
    keys = re.findall(r"\]\(#cite=([^)]+)\)", message)
    assert len(keys) == len(answer.quotes)
    for key, quote in zip(keys, answer.quotes, strict=True):
        assert web.parse_cite_key(key) == (quote.source.file, quote.start, quote.end)


# --- python app.py ---------------------------------------------------------------------------


@pytest.mark.server
def test_python_app_py_serves_and_prints_its_url(built_index_dir):
    port = free_port()
    env = dict(os.environ, ACCORDINGTO_PORT=str(port))
    process = subprocess.Popen(
        [sys.executable, "app.py", "--index", str(built_index_dir / "index"),
         "--seeds", str(built_index_dir / "seeds")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        line = process.stdout.readline()
        assert line.strip() == f"accordingto is running at http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/gradio.js", timeout=5) as r:
                    assert r.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert "accordingto" in r.read().decode()
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- the route guard, and the private listeners behind it ---------------------------------


@pytest.fixture(scope="module")
def guarded(web, engine, examples):
    """The full app (as ``python app.py`` serves it) in a test client: no socket needed."""
    from fastapi.testclient import TestClient

    with TestClient(web.create_app(engine, examples)) as http:
        yield http


def test_uploads_are_refused(guarded, capfd):
    response = guarded.post("/gradio_api/upload", files={"files": ("a.txt", b"hello")})
    assert response.status_code == 403 and "uploads" in response.json()["error"]
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("name", ["respond", "open_article", "by_speaker", "open_cite", "pick"])
def test_private_listeners_cannot_be_called_by_name(guarded, name, capfd):
    for path in (f"/gradio_api/call/{name}", f"/gradio_api/call/v2/{name}"):
        response = guarded.post(path, json={"data": ["x"]})
        assert response.status_code == 404 and "/ask" in response.json()["error"]
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(
    "method, path",
    [
        ("POST", "/gradio_api/run/predict"),
        ("POST", "/gradio_api/run/ask"),
        ("POST", "/gradio_api/api/ask"),
        ("GET", "/gradio_api/queue/data?session_hash=x"),
        ("GET", "/gradio_api/queue/data"),
        ("GET", "/gradio_api/call/ask/no-such-event"),
        ("GET", "/gradio_api/call/respond/no-such-event"),
    ],
)
def test_cheap_requests_get_a_plain_4xx_and_no_traceback(guarded, method, path, capfd, caplog):
    response = guarded.request(method, path, json={"data": []} if method == "POST" else None)
    assert 400 <= response.status_code < 500
    assert response.json()["error"]
    assert "Traceback" not in capfd.readouterr().err
    assert len([r for r in caplog.records if r.name == "accordingto.web"]) == 1


def private_listeners(demo):
    return [
        fn
        for fn in demo.fns.values()
        if fn.fn is not None and getattr(fn, "api_visibility", "public") != "public"
    ]


def test_the_only_public_listener_is_ask(web, engine, examples):
    from accordingto.web.guard import public_api_names

    demo = web.build(engine, examples)
    assert public_api_names(demo) == {"ask"}
    assert {fn.name for fn in private_listeners(demo)} >= {
        "respond", "open_cite", "open_article", "by_speaker", "pick"
    }  # fmt: skip


ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_private_listeners_are_harmless_with_any_input(web, engine, examples, data):
    """What the page's queue could deliver to each private listener: any value at all. Each
    either returns or raises a gr.Error with a message; nothing else, and no state changes."""
    import gradio as gr

    demo = web.build(engine, examples)
    before = (len(engine.index.passages), len(engine.index.statements))
    for fn in private_listeners(demo):
        arguments = []
        for parameter in inspect.signature(fn.fn).parameters.values():
            if "SelectData" in str(parameter.annotation):
                arguments.append(SimpleNamespace(value=data.draw(ANY_VALUE), index=0))
            elif "EventData" in str(parameter.annotation):
                arguments.append(gr.EventData(None, data.draw(ANY_VALUE)))
            else:
                arguments.append(data.draw(ANY_VALUE))
        try:
            fn.fn(*arguments)
        except gr.Error as error:
            assert str(error.message).strip()
    assert (len(engine.index.passages), len(engine.index.statements)) == before


def test_gradio_keeps_a_bounded_number_of_sessions(web, engine, examples):
    from fastapi.testclient import TestClient

    from accordingto.web.app import SESSION_CAPACITY

    assert SESSION_CAPACITY <= 1000
    demo = web.build(engine, examples)
    demo.state_session_capacity = 5  # the same mechanism, at a size a test can fill
    app = web.app.mount(demo)
    with TestClient(app) as http:
        for _ in range(12):
            event = http.post("/gradio_api/call/ask", json={"data": ["Who was killed?"]})
            http.get(f"/gradio_api/call/ask/{event.json()['event_id']}")
    assert 0 < len(demo.state_holder.session_data) <= 5


# --- Issue 11: titles, inferred metadata, copyable citations, quotation marks ------------


def _article(web, text, **meta):
    from accordingto.corpus import Article, ArticleMeta, Paragraph

    return Article(
        "000_53b94a831d18ffa7.txt", text, ArticleMeta(**meta), (Paragraph(0, len(text), "body"),)
    )


class OneArticle:
    def __init__(self, article):
        self.one = article

    def article(self, file):
        if file != self.one.file:
            raise KeyError(file)
        return self.one


def test_an_untitled_article_is_named_by_outlet_and_date_not_its_file(web):
    article = _article(web, "Officials said the talks went well.", outlet="AP", date="2020-10-03")
    markup = web.viewer_html(OneArticle(article), article.file)
    heading = re.search(r"<h3[^>]*>(.*?)</h3>", markup).group(1)
    assert heading == "AP report, 3 Oct 2020"
    assert "Untitled article" not in markup
    assert f'title="{article.file}"' in markup  # the file name only in the tooltip
    label = web.article_label(article)
    assert label == "AP report, 3 Oct 2020" and ".txt" not in label
    titled = _article(web, "Text.", outlet="AP", title="Talks go well", date="2020-10-03")
    assert web.article_label(titled) == "AP — Talks go well — 3 Oct 2020"
    nothing = _article(web, "Text.")
    assert web.article_label(nothing) == "Untitled report"


def test_inferred_metadata_is_marked_on_cards_and_in_the_viewer(web):
    article = _article(
        web, "Officials said the talks went well.", outlet="AP", date="2020-10-03",
        inferred=("outlet", "date"),
    )  # fmt: skip
    markup = web.viewer_html(OneArticle(article), article.file)
    src = re.search(r'<p class="at-src">(.*?)</p>', markup).group(1)
    assert src.count("(inferred)") == 2
    quote = fake_quote(1, "the talks went well")
    quote = quote.__class__(
        **{**quote.__dict__, "source": Source("f.txt", "AP", None, "2020-10-03", None, ("date",))}
    )
    card = web.sources_html(NoArticles(), [quote])
    assert "(inferred)" in card
    assert "([2020, October 3])" in card  # APA's square brackets for supplied data


def test_cards_offer_the_reference_and_the_quote_with_citation_for_each_style(web):
    from accordingto import citations

    quote = fake_quote(1, "We will rebuild", speaker="Ana Díaz")
    card = web.sources_html(NoArticles(), [quote])
    copies = [html_unescape(v) for v in re.findall(r'data-copy="([^"]*)"', card)]
    for style in citations.STYLES:
        assert citations.reference(quote.source, style) in copies
        assert citations.in_text(quote.source, quote.text, style) in copies
    assert any(c.startswith("“We will rebuild” (“Title") for c in copies)


def html_unescape(text):
    import html

    return html.unescape(text)


def test_no_doubled_opening_quotation_marks_in_the_panels(web):
    quote = fake_quote(1, "“They have done what they said.”", speaker="Ana Díaz")
    who = web.who_says_what_html([quote, fake_quote(2, "two", outlet="Beta")])
    assert "““" not in html_unescape(who)
    assert "“They have done what they said.”" in html_unescape(who)
    card = html_unescape(web.sources_html(NoArticles(), [quote]))
    assert "““" not in card


def test_the_sources_panel_offers_copy_answer_as_markdown_with_footnotes(web):
    from accordingto.answer import export_markdown

    quotes = [fake_quote(1, "We will rebuild", speaker="Ana Díaz"), fake_quote(2, "two")]
    markup = web.sources_html(NoArticles(), quotes, question="What next?")
    button = re.search(r'<button[^>]*data-copy="([^"]*)"[^>]*>Copy answer</button>', markup)
    copied = html_unescape(button.group(1))
    assert copied == export_markdown(quotes, question="What next?")
    assert "[^1]" in copied and "#cite=" not in copied
    assert "Copy answer" not in web.sources_html(NoArticles(), [])


def test_the_viewer_shows_an_inferred_headline_once(web):
    article = _article(
        web, "Officials said the talks went well.", outlet="AP", title="Talks go well",
        date="2020-10-03", inferred=("title",),
    )  # fmt: skip
    markup = web.viewer_html(OneArticle(article), article.file)
    assert markup.count("Talks go well") == 1
    assert markup.count("(inferred)") == 1
