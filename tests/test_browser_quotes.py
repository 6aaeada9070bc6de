"""A quote that takes in the sentence beside it, in a real browser: one block quote in the
chat, both paragraphs marked on its card and in the article viewer.

Served over articles written for these tests (``fixtures/neighbours``). Run with:
pytest -m browser
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_browser import ARTIFACTS, BASE_ARGS, CHROMIUM, TIMEOUT, ask, served

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not at /usr/bin/chromium"),
]

NEIGHBOURS = Path(__file__).parent / "fixtures" / "neighbours"
QUESTION = "Which film won the best picture award at the Lakeshore festival?"
MATCHED = "The best picture award went to a small film that few critics had expected to win."
BESIDE = "It was Salt and Embers, a quiet drama by Anneli Voss."


@pytest.fixture(scope="module")
def neighbours_port(tmp_path_factory, engine_over):
    from accordingto.web import create_app

    work = tmp_path_factory.mktemp("neighbours-browser")
    shutil.copytree(NEIGHBOURS, work / "articles")
    engine = engine_over(work / "articles", work)
    answer = engine.ask(QUESTION)
    assert answer.quotes[0].text == f"{MATCHED}\n\n{BESIDE}", "the test needs a widened quote"
    with served(create_app(engine, [QUESTION])) as port:
        yield port


@pytest.fixture
def page(neighbours_port):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BASE_ARGS)
        page = chromium.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(TIMEOUT)
        page.goto(f"http://127.0.0.1:{neighbours_port}/")
        page.wait_for_selector("#at-chat")
        yield page
        chromium.close()


def test_a_quote_over_two_paragraphs_reads_as_one_quote_everywhere(page):
    bubble = ask(page, QUESTION)
    first = bubble.locator("blockquote").first
    paragraphs = first.locator("p").all_inner_texts()
    assert len(paragraphs) == 2, paragraphs
    assert MATCHED in paragraphs[0] and BESIDE in paragraphs[1]
    assert ">" not in first.inner_text()
    # The card marks each paragraph of the quote, with a visible break between them.
    card = page.locator("#at-sources .at-card").first
    marks = card.locator("blockquote.at-context mark.at-hl").all_text_contents()
    assert [m.removeprefix("Quoted passage: ") for m in marks] == [MATCHED, BESIDE]
    assert card.locator("blockquote.at-context br").count() == 2
    # The article viewer marks the same two paragraphs.
    bubble.locator("a[href*='#cite=']").first.click()
    page.wait_for_function("() => document.querySelectorAll('#at-viewer mark.at-hl').length === 2")
    shown = page.locator("#at-viewer mark.at-hl").all_text_contents()
    assert [m.removeprefix("Quoted passage: ") for m in shown] == [MATCHED, BESIDE]
    page.screenshot(path=ARTIFACTS / "desktop-two-paragraph-quote.png")
