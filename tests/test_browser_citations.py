"""Issue 11 in a real browser: human titles, "(inferred)" marks, copyable citations and
answers, no doubled quotation marks, bold labels and the ?embed=1 option.

The app is served over two small articles written for these tests (one untitled, with an
inferred date; one titled and signed). Run with: pytest -m browser
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from accordingto import citations
from accordingto.answer import export_markdown
from test_browser import (
    APP_HOST,
    ARTIFACTS,
    BASE_ARGS,
    CHROMIUM,
    COURSE_HOST,
    TIMEOUT,
    ask,
    served,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not at /usr/bin/chromium"),
]

UNTITLED = "001_4f2a9c0b7d1e3a55.txt"
SIGNED = "002_9b1c7e2d4a6f8c01.txt"
ARTICLES = {
    UNTITLED: (
        "The harbour in Port Vella will reopen to fishing boats in May, city officials said "
        "on Monday, April 12, 2021.\n\n"
        "“We have done everything we promised the fishermen,” said Mayor Lena Ortiz. She "
        "said the dredging of the harbour mouth had finished two weeks early.\n\n"
        "Fishing boats wait outside the harbour of Port Vella on April 11, 2021. "
        "(Port Vella Authority via Harbour Wire)\n\n"
        "The fishermen's union said the closure had cost its members a season of work. "
        "“Nobody has paid us for the lost months,” said union leader Tomas Brandt.\n"
    ),
    SIGNED: (
        "Bridge repairs in Port Vella to finish by summer\n\n"
        "The old stone bridge over the Vella river will carry cars again by July, the "
        "city's engineer said on Tuesday.\n\n"
        "“The arches are sound; only the deck must be rebuilt,” said city engineer Mira "
        "Sand.\n"
    ),
}
CATALOG = f"""
["{UNTITLED}"]
outlet = "Harbour Wire"
date = "2021-04-12"
inferred = ["date"]

["{SIGNED}"]
outlet = "Daily Example"
title = "Bridge repairs in Port Vella to finish by summer"
date = "2021-05-04"
author = "Sam Lee"
"""
QUESTION = "What did Lena Ortiz say about the harbour?"


@pytest.fixture(scope="module")
def cite_engine(tmp_path_factory, engine_over):
    work = tmp_path_factory.mktemp("citations")
    folder = work / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    return engine_over(folder, work)


@pytest.fixture(scope="module")
def cite_port(cite_engine):
    from accordingto.web import create_app

    with served(create_app(cite_engine, [QUESTION])) as port:
        yield port


@pytest.fixture(scope="module")
def cite_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        rules = f"MAP {APP_HOST} 127.0.0.1, MAP {COURSE_HOST} 127.0.0.1"
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*BASE_ARGS, f"--host-resolver-rules={rules}"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(cite_browser, cite_port):
    contexts = []

    def open_(query: str = ""):
        ARTIFACTS.mkdir(exist_ok=True)
        context = cite_browser.new_context(viewport={"width": 1366, "height": 900})
        context.grant_permissions(
            ["clipboard-read", "clipboard-write"], origin=f"http://127.0.0.1:{cite_port}"
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(f"http://127.0.0.1:{cite_port}/{query}")
        page.wait_for_selector("#at-chat")
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def answered(open_page, cite_engine):
    page = open_page()
    answer = cite_engine.ask(QUESTION)
    assert answer.answered, "the test question must be answered"
    bubble = ask(page, QUESTION)
    return page, bubble, answer


def copy(page, button) -> str:
    handle = button.element_handle()
    handle.click()
    page.wait_for_function("b => b.dataset.copied === 'yes'", arg=handle)
    return page.evaluate("() => navigator.clipboard.readText()")


def test_viewer_heading_is_a_human_title_and_inferred_data_is_marked(answered):
    page, _bubble, answer = answered
    untitled = next(q for q in answer.quotes if q.source.file == UNTITLED)
    card = page.locator("#at-sources .at-card").nth(untitled.rank - 1)
    assert "(inferred)" in card.locator(".at-src").inner_text()
    card.get_by_role("button", name="View in article").click()
    heading = page.locator("#at-viewer h3")
    heading.wait_for()
    assert heading.inner_text() == "Harbour Wire report, 12 Apr 2021"
    assert heading.get_attribute("title") == UNTITLED  # the file name only as a tooltip
    assert "(inferred)" in page.locator("#at-viewer .at-src").inner_text()
    assert ".txt" not in page.locator("#at-viewer").inner_text()
    page.locator("#at-article-pick input").click()
    options = page.get_by_role("option").all_inner_texts()
    assert options and not any(".txt" in o for o in options)
    assert any(o.endswith("Harbour Wire report, 12 Apr 2021") for o in options)
    page.keyboard.press("Escape")
    page.screenshot(path=ARTIFACTS / "citations-viewer.png")


def test_copy_reference_and_quote_with_citation(answered):
    page, _bubble, answer = answered
    quote = answer.quotes[0]
    card = page.locator("#at-sources .at-card").first
    reference = copy(page, card.get_by_role("button", name="Copy reference (APA)"))
    assert reference == citations.reference(quote.source, "APA")
    assert "000_" not in reference and ".txt" not in reference
    prose = copy(page, card.get_by_role("button", name="Copy quote with citation (APA)"))
    assert prose == citations.in_text(quote.source, quote.text, "APA")
    card.get_by_text("MLA and Chicago").click()
    mla = copy(page, card.get_by_role("button", name="Copy reference (MLA)"))
    assert mla == citations.reference(quote.source, "MLA")
    page.screenshot(path=ARTIFACTS / "citations-copied.png")


def test_copy_answer_gives_markdown_with_footnotes(answered):
    page, _bubble, answer = answered
    text = copy(page, page.get_by_role("button", name="Copy answer", exact=True))
    assert text == export_markdown(answer.quotes, question=answer.question)
    assert "[^1]" in text and "#cite=" not in text and ".txt" not in text


def test_no_doubled_quotation_marks_and_whole_labels_bold(answered):
    page, bubble, answer = answered
    shown = bubble.inner_text()
    assert "““" not in shown
    assert "via Harbour Wire)" not in shown  # the photo credit is not quoted
    page.get_by_role("tab", name="Who says what").click()
    assert "““" not in page.locator("#at-who").inner_text()
    for strong in bubble.locator("strong").all_inner_texts():
        if "own reporting" in strong:
            assert strong.endswith("’s own reporting") and not strong.startswith("’")
    labels = [s for s in bubble.locator("strong").all_inner_texts() if "reporting" in s]
    if any(q.attribution is None or q.attribution.kind == "outlet" for q in answer.quotes):
        assert "Harbour Wire’s own reporting" in labels


def test_embed_option_hides_the_title_and_tagline(open_page):
    page = open_page()
    page.locator(".at-header h1").wait_for()
    assert page.locator(".at-header h1").is_visible()
    embedded = open_page("?embed=1")
    embedded.wait_for_selector(".at-corpus")
    embedded.wait_for_function("() => !!document.querySelector('.at-embedded')")
    assert not embedded.locator(".at-header h1").is_visible()
    assert not embedded.locator(".at-tagline").is_visible()
    assert embedded.locator(".at-corpus").is_visible()
    embedded.screenshot(path=ARTIFACTS / "citations-embed.png")


def test_a_caption_is_quoted_without_its_photo_credit_under_a_whole_bold_label(open_page):
    page = open_page()
    bubble = ask(page, "Where did the fishing boats wait on April 11?")
    shown = bubble.inner_text()
    assert "Fishing boats wait outside the harbour of Port Vella on April 11, 2021." in shown
    assert "via Harbour Wire)" not in shown and "Port Vella Authority" not in shown
    labels = bubble.locator("strong").all_inner_texts()
    assert "Harbour Wire’s own reporting" in labels, labels
    card = page.locator("#at-sources .at-card").first
    assert card.locator("strong.at-speaker").inner_text() == "Harbour Wire’s own reporting"


def test_a_quote_opening_with_its_own_mark_is_not_double_marked(open_page):
    page = open_page()
    bubble = ask(page, "What did the union say?")
    shown = bubble.inner_text()
    assert "“Nobody has paid us for the lost months,”" in shown
    assert "““" not in shown and "Brandt.”" not in shown
    assert "““" not in page.locator("#at-sources").inner_text()
    page.get_by_role("tab", name="Who says what").click()
    who = page.locator("#at-who").inner_text()
    assert "““" not in who and "“Nobody has paid us" in who
    page.screenshot(path=ARTIFACTS / "citations-quote-marks.png")


def test_the_web_component_takes_data_embed_to_hide_the_title(cite_browser, cite_port, tmp_path):
    """A course page on another origin embeds the app with <gradio-app data-embed="1">."""
    app = f"http://{APP_HOST}:{cite_port}"
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><title>Course</title>'
        f'<script type="module" src="{app}/gradio.js"></script></head><body>'
        f"<h1>Course page</h1>"
        f'<gradio-app src="{app}/" data-embed="1"></gradio-app></body></html>',
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = cite_browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(f"http://{COURSE_HOST}:{server.server_address[1]}/")
        widget = page.locator("gradio-app")
        widget.locator(".at-corpus").wait_for()
        widget.locator(".at-embedded").wait_for(state="attached")
        assert not widget.locator(".at-header h1").is_visible()
        assert not widget.locator(".at-tagline").is_visible()
        page.screenshot(path=ARTIFACTS / "citations-embed-widget.png")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
