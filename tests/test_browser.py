"""The app in a real browser: Playwright driving Debian's chromium against a live server.

Screenshots go to test-artifacts/ (look at them). Run with: pytest -m browser
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from accordingto import citations

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
OUT_OF_CORPUS = "What is the capital of France?"
BASE_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
APP_HOST, COURSE_HOST = "quotes.test", "course.test"
TIMEOUT = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not at /usr/bin/chromium"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def examples(engine):
    from accordingto.web import load_examples

    return load_examples(engine)


@pytest.fixture(scope="module")
def app_port(engine, examples):
    """The full app (Blocks mounted in FastAPI, with /gradio.js) served by uvicorn."""
    import uvicorn

    from accordingto.web import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(engine, examples), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.1)
    yield port
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    rules = f"MAP {APP_HOST} 127.0.0.1, MAP {COURSE_HOST} 127.0.0.1"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*BASE_ARGS, f"--host-resolver-rules={rules}"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_port):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=f"http://127.0.0.1:{app_port}"
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"http://127.0.0.1:{app_port}/")
    page.wait_for_selector("#at-chat")
    yield page
    context.close()


def ask(page, question: str, scope=None):
    """Type a question, press Enter, and wait for a new answer bubble."""
    scope = scope or page
    bots = scope.locator("[data-testid='bot']")
    before = bots.count()
    box = scope.get_by_role("textbox", name="Your question")
    box.fill(question)
    box.press("Enter")
    bots.nth(before).wait_for()
    # Wait until the side panels are no longer marked as pending.
    scope.locator("#at-side .pending").first.wait_for(state="detached")
    return bots.nth(before)


def who_said(quote) -> str:
    """The name an answer must show for a quote: its speaker, or the outlet reporting it."""
    if quote.attribution and quote.attribution.kind != "outlet":
        return quote.attribution.speaker
    return quote.source.outlet or "outlet"


def marked_text(page) -> str:
    mark = page.locator("#at-viewer mark.at-hl")
    mark.wait_for()
    return mark.evaluate("m => m.textContent").removeprefix("Quoted passage: ")


def test_examples_then_a_cited_attributed_answer(page, engine, examples):
    chat = page.locator("#at-chat")
    assert examples[0] in chat.inner_text(), "example questions must show before the first one"
    question = examples[0]
    bubble = ask(page, question)
    answer = engine.ask(question)
    assert answer.answered
    text = bubble.inner_text()
    for quote in answer.quotes:
        assert quote.text in text and "““" not in text
        assert who_said(quote) in text
        assert f"[{quote.rank}]" in text
    assert bubble.locator("a[href*='#cite=']").count() == len(answer.quotes)
    cards = page.locator("#at-sources .at-card")
    assert cards.count() == len(answer.quotes)
    page.screenshot(path=ARTIFACTS / "desktop-answer.png")
    # Who says what: one group per speaker (or reporting outlet), alphabetical, same width.
    page.get_by_role("tab", name="Who says what").click()
    groups = page.locator("#at-who .at-group")
    groups.first.wait_for()
    headings = groups.locator("h4").all_inner_texts()
    named = [h for h in headings if not h.endswith("own reporting")]
    assert named == sorted(named, key=str.casefold)
    assert len(set(headings)) == len(headings)
    widths = {round(box["width"]) for box in (g.bounding_box() for g in groups.all())}
    assert max(widths) - min(widths) <= 2, widths
    assert sum(groups.nth(i).locator("li").count() for i in range(groups.count())) == len(
        answer.quotes
    )
    page.screenshot(path=ARTIFACTS / "desktop-who-says-what.png")


def test_a_citation_opens_the_viewer_on_the_highlighted_span(page, engine, examples):
    question = examples[0]
    bubble = ask(page, question)
    quotes = engine.ask(question).quotes
    last = quotes[-1]
    bubble.locator("a[href*='#cite=']").nth(len(quotes) - 1).click()
    page.wait_for_function(
        "t => document.querySelector('#at-viewer mark.at-hl')?.textContent.endsWith(t)",
        arg=last.text,
    )
    assert marked_text(page) == last.text
    page.wait_for_function(
        "() => { const r = document.querySelector('#at-viewer mark.at-hl').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    assert len(page.context.pages) == 1, "a citation must not open a new tab"
    page.screenshot(path=ARTIFACTS / "desktop-viewer.png")
    # From a card, with the keyboard: Sources tab, then Enter on "View in article".
    page.get_by_role("tab", name="Sources").click()
    button = page.locator("#at-sources .at-card").first.get_by_role(
        "button", name="View in article"
    )
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "t => document.querySelector('#at-viewer mark.at-hl')?.textContent.endsWith(t)",
        arg=quotes[0].text,
    )


def test_copy_citation(page, engine, examples):
    question = examples[0]
    ask(page, question)
    quote = engine.ask(question).quotes[0]
    card = page.locator("#at-sources .at-card").first
    button = card.get_by_role("button", name="Copy quote with citation (APA)").element_handle()
    button.click()
    page.wait_for_function("b => b.dataset.copied === 'yes'", arg=button)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == citations.in_text(quote.source, quote.text, "APA")
    assert quote.text.strip('“”"') in copied
    assert "Copied" in button.inner_text()
    page.screenshot(path=ARTIFACTS / "desktop-copied.png")


def test_out_of_corpus_question_is_refused_with_examples(page, engine, examples):
    refusal = engine.ask(OUT_OF_CORPUS)
    assert not refusal.answered
    bubble = ask(page, OUT_OF_CORPUS)
    text = bubble.inner_text()
    assert refusal.message in text
    assert examples[0] in text
    assert page.locator("#at-sources .at-card").count() == 0
    page.screenshot(path=ARTIFACTS / "desktop-refusal.png")
    # A suggested question is one click away.
    bots = page.locator("[data-testid='bot']")
    count = bots.count()
    page.locator("#at-chat").get_by_role("button", name=examples[0]).first.click()
    bots.nth(count).wait_for()
    assert bots.nth(count).locator("a[href*='#cite=']").count() > 0


def test_markup_in_a_question_never_executes(page):
    page.evaluate("() => { window.__pwned = false; }")
    payload = (
        "<img src=x onerror=\"window.__pwned=true;alert('img')\">"
        '<svg onload="window.__pwned=true"></svg> what about casualties?'
    )
    bubble = ask(page, payload)
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__pwned") is False
    assert page.dialogs == []
    assert page.locator("#at-chat img[src='x'], #at-chat svg[onload]").count() == 0
    user = page.locator("[data-testid='user']").last.inner_text()
    assert "<img src=x" in user, "the question is shown as text"
    assert bubble.inner_text()
    page.screenshot(path=ARTIFACTS / "desktop-markup-question.png")


def test_phone_width(browser, app_port, examples):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(f"http://127.0.0.1:{app_port}/")
        page.wait_for_selector("#at-chat")
        ask(page, examples[0])
        page.screenshot(path=ARTIFACTS / "phone-answer.png")
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= 390 + 1, f"page is {overflow}px wide at phone width"
        chat = page.locator("#at-chat").bounding_box()
        side = page.locator("#at-side").bounding_box()
        assert side["y"] >= chat["y"] + chat["height"] - 1, "sources go below the chat"
        page.locator("#at-sources .at-card").first.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "phone-sources.png")
    finally:
        context.close()


@pytest.fixture(scope="module")
def course_site(tmp_path_factory, app_port):
    """examples/embed.html served from another origin, pointing at the app by hostname."""
    folder = tmp_path_factory.mktemp("course")
    page = (ROOT / "examples" / "embed.html").read_text(encoding="utf-8")
    assert "https://quotes.example.org" in page
    page = page.replace("https://quotes.example.org", f"http://{APP_HOST}:{app_port}")
    (folder / "index.html").write_text(page, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{COURSE_HOST}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    shutil.rmtree(folder, ignore_errors=True)


def test_the_widget_works_embedded_in_another_site(browser, course_site, engine, examples):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    try:
        page.goto(course_site)
        assert page.evaluate("() => location.hostname") == COURSE_HOST
        widget = page.locator("gradio-app")
        widget.locator(".gradio-container").first.wait_for()
        question = examples[0]
        bubble = ask(page, question, scope=widget)
        answer = engine.ask(question)
        text = bubble.inner_text()
        assert f"“{answer.quotes[0].text}”" in text
        page.screenshot(path=ARTIFACTS / "embed-course-site.png", full_page=True)
        # The queue's event stream is closed by the page when idle; everything else must load.
        assert not [u for u in failed if APP_HOST in u and "/queue/data" not in u], failed
        snippet = page.locator("#iframe-snippet").inner_text()
        assert re.search(rf"<iframe src=\"http://{APP_HOST}:\d+/", snippet)
    finally:
        context.close()


def test_more_quotes_extends_the_last_answer(page, examples):
    ask(page, examples[0])
    cards = page.locator("#at-sources .at-card")
    before = cards.count()
    bots = page.locator("[data-testid='bot']")
    answers = bots.count()
    more = page.get_by_role("button", name="More quotes")
    assert more.is_enabled()
    more.click()
    page.wait_for_function(
        "n => document.querySelectorAll('#at-sources .at-card').length > n", arg=before
    )
    assert cards.count() > before
    assert bots.count() == answers, "the answer is extended in place, not repeated"
    assert f"[{cards.count()}]" in bots.last.inner_text()


# --- adding articles (only with --allow-adding) ---------------------------------------------

VELMOUTH_TITLE = "Velmouth harbour closed as storm surge floods the docks"
VELMOUTH_BODY = """The harbour at Velmouth was closed on Sunday after a storm surge flooded \
the docks and tore two fishing boats from their moorings, the town council said.

Harbourmaster Petra Lindqvist said the entrance channel was blocked by a sunken barge. \
"Nothing bigger than a rowing boat will get into Velmouth until that barge is lifted," \
Lindqvist said.
"""


def serve(app) -> tuple[int, object, threading.Thread]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.1)
    return port, server, thread


@pytest.fixture(scope="module")
def writable_copy(tmp_path_factory, built_index_dir):
    """A private copy of the temporary index and its seed folder (the index records its
    folder relative to itself), so that adding leaves the shared one untouched."""
    work = tmp_path_factory.mktemp("adding")
    shutil.copytree(built_index_dir / "index", work / "index")
    shutil.copytree(built_index_dir / "seeds", work / "seeds")
    return work


@pytest.fixture(scope="module")
def adding_port(writable_copy, embedder, examples):
    from accordingto.engine import Engine
    from accordingto.web import create_app

    engine = Engine.load(writable_copy / "index", say=lambda _m: None, embedder=embedder)
    port, server, thread = serve(create_app(engine, examples, allow_adding=True))
    yield port
    server.should_exit = True
    thread.join(timeout=15)


def test_the_add_panel_is_absent_by_default(page):
    assert page.get_by_role("tab", name="Sources").count() == 1
    assert page.get_by_text("Add articles").count() == 0
    assert page.locator("#at-add").count() == 0


def test_a_pasted_article_can_be_asked_about_at_once(browser, adding_port, writable_copy, embedder):
    from accordingto.engine import Engine

    question = "Why was the Velmouth harbour closed?"
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(f"http://127.0.0.1:{adding_port}/")
        page.wait_for_selector("#at-chat")
        before = ask(page, question).inner_text()
        assert "Petra Lindqvist" not in before and "Velmouth was closed" not in before
        page.get_by_role("button", name="Add articles").click()
        page.get_by_label("Or paste an article: its title").fill(VELMOUTH_TITLE)
        page.get_by_label("The article's text").fill(VELMOUTH_BODY)
        page.get_by_role("button", name="Add to the collection").click()
        status = page.locator("#at-add-status")
        status.get_by_text("Added 1 article").wait_for(timeout=180_000)
        assert "pasted-velmouth-harbour-closed" in status.inner_text()
        page.screenshot(path=ARTIFACTS / "desktop-article-added.png")
        # The index on disk now holds it; the app answers from it without a restart.
        updated = Engine.load(writable_copy / "index", say=lambda _m: None, embedder=embedder)
        answer = updated.ask(question)
        assert answer.answered
        assert answer.quotes[0].source.file.startswith("pasted-velmouth-harbour-closed")
        bubble = ask(page, question)
        text = bubble.inner_text()
        assert answer.quotes[0].text in text
        assert "Velmouth" in answer.quotes[0].text
        page.screenshot(path=ARTIFACTS / "desktop-added-article-answer.png")
        # The article list offers the new article.
        page.get_by_role("tab", name="Article").click()
        page.locator("#at-article-pick input").click()
        added = page.locator("#at-article-pick li[role=option]", has_text=VELMOUTH_TITLE)
        added.scroll_into_view_if_needed()
        assert added.count() == 1
        page.screenshot(path=ARTIFACTS / "desktop-added-article-listed.png")
    finally:
        context.close()
