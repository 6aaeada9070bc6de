"""The app in a real browser: Playwright driving Debian's chromium against a live server.

Screenshots go to test-artifacts/ (look at them). Run with: pytest -m browser
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
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


@contextlib.contextmanager
def served(app) -> Iterator[int]:
    """The app served by uvicorn on a free port (yielded), stopped afterwards."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.1)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="module")
def examples(engine):
    from accordingto.web import load_examples

    return load_examples(engine)


@pytest.fixture(scope="module")
def app_port(engine, examples):
    """The full app (Blocks mounted in FastAPI, with /gradio.js) served by uvicorn."""
    from accordingto.web import create_app

    with served(create_app(engine, examples)) as port:
        yield port


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


def test_the_chats_copy_message_copies_the_answer_as_read_with_its_references(
    page, engine, examples
):
    question = examples[0]
    bubble = ask(page, question)
    answer = engine.ask(question)
    page.evaluate("() => navigator.clipboard.writeText('')")
    bubble.hover()
    row = page.locator(".message-row").filter(has=bubble)
    row.get_by_role("button", name="Copy message").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "#cite=" not in copied and "\\[" not in copied, copied[:300]
    assert answer.quotes[0].text[:40] in copied
    first = citations.reference(answer.quotes[0].source, "APA")
    assert f"[{answer.quotes[0].rank}] {first}" in copied


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
        # The host page's address is the host's: asking does not put the question in it.
        assert page.evaluate("() => location.href") == course_site
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


def test_more_quotes_after_a_follow_up_keeps_out_what_earlier_answers_showed(
    page, engine, examples
):
    first, follow_up = examples[0], "What did the other side say about that?"
    ask(page, first)
    ask(page, follow_up)
    earlier = [(q.source.file, q.start, q.end) for q in engine.ask(first).quotes]
    page.get_by_role("button", name="More quotes").click()
    expected = engine.ask(follow_up, k=10, follow_up_to=first, shown=earlier)
    bots = page.locator("[data-testid='bot']")
    page.wait_for_function(
        "t => document.querySelectorAll('[data-testid=bot]')[1]?.innerText.includes(t)",
        arg=expected.quotes[-1].text[:40],
    )
    shown = bots.nth(1).inner_text()
    for quote in expected.quotes:
        assert quote.text[:40] in shown
    forgetful = engine.ask(follow_up, k=10, follow_up_to=first)
    for quote in forgetful.quotes:
        if quote.text not in {q.text for q in expected.quotes}:
            assert quote.text[:60] not in shown, "a quote an earlier answer showed came back"


# --- adding articles (only with --allow-adding) ---------------------------------------------

VELMOUTH_TITLE = "Velmouth harbour closed as storm surge floods the docks"
VELMOUTH_BODY = """The harbour at Velmouth was closed on Sunday after a storm surge flooded \
the docks and tore two fishing boats from their moorings, the town council said.

Harbourmaster Petra Lindqvist said the entrance channel was blocked by a sunken barge. \
"Nothing bigger than a rowing boat will get into Velmouth until that barge is lifted," \
Lindqvist said.
"""


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
    with served(create_app(engine, examples, allow_adding=True)) as port:
        yield port


def test_the_add_panel_is_absent_by_default(page):
    # The tabs are drawn after the chat: wait for them before counting what is absent.
    page.get_by_role("tab", name="Sources").wait_for()
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


# --- Issue 11, round two: clear, layout, scrolling, links to answers, navigation, a11y ---

PHONE = {"width": 390, "height": 844}
FOLLOW_UP = "What did the other side say about that?"


def open_page(browser, app_port, path="/", viewport=None, scheme="light", **kwargs):
    context = browser.new_context(
        viewport=viewport or {"width": 1366, "height": 900}, color_scheme=scheme, **kwargs
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"http://127.0.0.1:{app_port}{path}")
    page.wait_for_selector("#at-chat")
    return context, page


def test_clear_resets_the_whole_conversation(page, engine, examples):
    ask(page, examples[0])
    assert page.locator("#at-sources .at-card").count() > 0
    page.locator("#at-chat").get_by_label("Clear").click()
    page.wait_for_function(
        "() => !document.querySelector('#at-sources .at-card')"
        " && !document.querySelector('#at-who .at-group')"
    )
    assert page.locator("#at-more button, button#at-more").first.is_disabled()
    # The follow-up is now a first question: the answer matches the engine with no history.
    bubble = ask(page, FOLLOW_UP)
    fresh = engine.ask(FOLLOW_UP)
    if fresh.answered:
        for quote in fresh.quotes:
            assert quote.text in bubble.inner_text()
    else:
        assert fresh.message.replace("\\", "")[:40] in bubble.inner_text()
    page.screenshot(path=ARTIFACTS / "desktop-after-clear.png")


def tab_names(page) -> list[str]:
    """The tabs a person can reach directly (not hidden in an overflow menu)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#at-tabs [role=tab]'))
            .filter((t) => {
              const r = t.getBoundingClientRect();
              return t.offsetParent !== null && r.width > 0 && r.height > 0
                && r.right <= window.innerWidth + 1 && r.left >= -1;
            }).map((t) => t.textContent.trim())"""
    )


ALL_TABS = ["Sources", "Who says what", "Article", "Browse by speaker"]


def test_the_layout_holds_still(page):
    main = page.locator("#at-main")
    chat = page.locator("#at-chat-column")
    before = (main.bounding_box()["width"], chat.bounding_box()["width"])
    assert sorted(tab_names(page)) == sorted(ALL_TABS)
    for name in ["Article", "Browse by speaker", "Who says what", "Sources"]:
        page.get_by_role("tab", name=name).click()
        page.wait_for_timeout(150)
        after = (main.bounding_box()["width"], chat.bounding_box()["width"])
        assert abs(after[0] - before[0]) <= 1 and abs(after[1] - before[1]) <= 1, (name, after)
        assert sorted(tab_names(page)) == sorted(ALL_TABS), name
    page.screenshot(path=ARTIFACTS / "desktop-first-screen.png")


def test_phone_first_screen_shows_the_question_box_and_every_tab(browser, app_port):
    context, page = open_page(browser, app_port, viewport=PHONE, is_mobile=True)
    try:
        box = page.get_by_role("textbox", name="Your question").bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], "question box below the fold"
        example = page.locator("#at-chat .examples, #at-chat [class*=example]").first
        if example.count():
            assert box["y"] < example.bounding_box()["y"], "the box must come before examples"
        page.screenshot(path=ARTIFACTS / "phone-first-screen.png")
        page.locator("#at-tabs").scroll_into_view_if_needed()
        assert sorted(tab_names(page)) == sorted(ALL_TABS)
    finally:
        context.close()


def test_the_widget_tab_row_does_not_wrap(browser, course_site):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(course_site)
        widget = page.locator("gradio-app")
        widget.locator("#at-tabs").first.wait_for()
        tabs = widget.locator("#at-tabs [role=tab]")
        tops = {round(tabs.nth(i).bounding_box()["y"]) for i in range(tabs.count())}
        assert len(tops) == 1, f"the tab row wraps: {tops}"
        assert sorted(tab_names(page)) == sorted(ALL_TABS)
        page.screenshot(path=ARTIFACTS / "embed-720.png")
    finally:
        context.close()


def test_the_chat_scrolls_to_the_start_of_the_new_answer(page, examples):
    ask(page, examples[0])
    ask(page, examples[1] if len(examples) > 1 else examples[0])
    page.wait_for_timeout(600)
    top = page.evaluate(
        """() => {
          const log = document.querySelector('#at-chat .bubble-wrap')
            || document.querySelector('#at-chat [role=log]');
          const bots = document.querySelectorAll('#at-chat [data-testid=bot]');
          const last = bots[bots.length - 1];
          const l = log.getBoundingClientRect(), b = last.getBoundingClientRect();
          return {log: [l.top, l.bottom], bot: [b.top, b.bottom]};
        }"""
    )
    log_top, log_bottom = top["log"]
    bot_top = top["bot"][0]
    assert log_top - 2 <= bot_top <= log_top + (log_bottom - log_top) / 2, top


def test_a_link_carries_the_question(browser, app_port, engine, examples):
    from urllib.parse import quote as urlquote

    question = examples[0]
    context, page = open_page(browser, app_port, path=f"/?q={urlquote(question)}")
    try:
        bubble = page.locator("[data-testid='bot']").first
        bubble.wait_for()
        assert engine.ask(question).quotes[0].text in bubble.inner_text()
        second = examples[1] if len(examples) > 1 else examples[0]
        ask(page, second)
        page.wait_for_function(
            "(q) => new URLSearchParams(location.search).get('q') === q", arg=second
        )
    finally:
        context.close()


def test_citation_navigation(page, engine, examples):
    question = examples[0]
    bubble = ask(page, question)
    answer = engine.ask(question)
    links = bubble.locator("a[href*='#cite=']")
    first = answer.quotes[0]
    # An accessible name that says which source it is.
    label = links.first.get_attribute("aria-label") or ""
    assert label.startswith("Source 1: ") and who_said(first) in label, label
    # A preview on hover and on focus.
    links.first.hover()
    preview = page.locator(".at-preview")
    preview.wait_for()
    assert first.text[:30] in preview.inner_text()
    assert who_said(first) in preview.inner_text()
    links.first.focus()
    preview.wait_for()
    # Clicking opens the viewer and marks the card.
    links.first.click()
    page.locator("#at-viewer mark.at-hl").wait_for()
    page.get_by_role("tab", name="Sources").click()
    page.locator("#at-sources .at-card.at-selected").wait_for()
    # The who-says-what numbers are links too.
    page.get_by_role("tab", name="Who says what").click()
    last = answer.quotes[-1]
    who_link = page.locator("#at-who a[href*='#cite=']").filter(has_text=f"[{last.rank}]")
    who_link.wait_for()
    assert who_link.get_attribute("aria-label") == f"Source {last.rank}"
    who_link.click()
    page.wait_for_function(
        "(t) => (document.querySelector('#at-viewer mark.at-hl') || {}).textContent?.includes(t)",
        arg=last.text[:40],
    )


def test_a_preview_does_not_double_a_quotes_own_opening_mark(page, engine):
    # A question whose answer holds a quote that opens with its own quotation mark.
    for speaker in engine.speakers()[:40]:
        question = f"What did {speaker['speaker']} say?"
        answer = engine.ask(question)
        opening = [q for q in answer.quotes if q.text[:1] in "“\"‘'"]
        if opening:
            break
    else:
        pytest.skip("no quote in these articles opens with its own quotation mark")
    bubble = ask(page, question)
    link = bubble.locator("a[href*='#cite=']").filter(has_text=f"[{opening[0].rank}]").first
    link.hover()
    shown = page.locator(".at-preview .at-preview-quote")
    shown.wait_for()
    text = shown.inner_text()
    assert opening[0].text[:20] in text and not re.match(r"[“\"‘']{2}", text), text


def test_a_question_with_a_web_address_is_echoed_and_linked_as_typed(page):
    question = "Does https://example.com/a_(b) say who fired first?"
    ask(page, question)
    user = page.locator("[data-testid='user']").last
    assert "https://example.com/a_(b)" in user.inner_text()
    assert "\\" not in user.inner_text()
    page.wait_for_function(
        "(q) => new URLSearchParams(location.search).get('q') === q", arg=question
    )


def test_phone_back_to_answer(browser, app_port, examples):
    context, page = open_page(browser, app_port, viewport=PHONE, is_mobile=True)
    try:
        bubble = ask(page, examples[0])
        bubble.locator("a[href*='#cite=']").first.click()
        page.locator("#at-viewer mark.at-hl").wait_for()
        back = page.get_by_role("button", name="Back to answer")
        back.wait_for()
        page.screenshot(path=ARTIFACTS / "phone-viewer.png")
        back.click()
        page.wait_for_timeout(500)
        box = bubble.bounding_box()
        assert box["y"] < PHONE["height"] and box["y"] + box["height"] > 0
        # Back on the answer, no citation preview covers it.
        assert page.locator(".at-preview").count() == 0
    finally:
        context.close()


def test_settings_hide_developer_items(page):
    page.locator("footer").get_by_text("Settings").first.click()
    page.get_by_text("Language").first.wait_for()
    page.wait_for_timeout(300)
    page.screenshot(path=ARTIFACTS / "desktop-settings.png")
    for item in ["Screen Studio", "pwa=True", "Run history", "run history"]:
        shown = page.get_by_text(item)
        assert not any(shown.nth(i).is_visible() for i in range(shown.count())), item
    api = page.locator("footer").get_by_text("API")
    assert any(api.nth(i).is_visible() for i in range(api.count())), "keep the API page link"


# The accessibility scan (axe-core, bundled by axe-playwright-python: nothing is fetched).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:4])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", ["first", "answer", "viewer", "phone"])
def test_accessibility_scan(browser, app_port, examples, screen, scheme):
    theme = "" if scheme == "light" else "?__theme=dark"
    viewport = PHONE if screen == "phone" else None
    context, page = open_page(browser, app_port, path="/" + theme, viewport=viewport, scheme=scheme)
    try:
        if screen in ("answer", "viewer", "phone"):
            bubble = ask(page, examples[0])
        if screen == "viewer":
            bubble.locator("a[href*='#cite=']").first.click()
            page.locator("#at-viewer mark.at-hl").wait_for()
        page.wait_for_timeout(300)
        problems = axe_problems(page)
        page.screenshot(path=ARTIFACTS / f"a11y-{screen}-{scheme}.png")
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_question_box_shows_focus(page):
    box = page.get_by_role("textbox", name="Your question")
    box.focus()
    ring = box.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert ring[0] != "none" and float(ring[1].removesuffix("px")) >= 2, ring
