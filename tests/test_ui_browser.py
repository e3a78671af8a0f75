"""The Gradio chat in a real (headless) Chromium, against the real app on a real server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest_edges import LiveServer, edge_corpus, live_server  # noqa: F401  (fixtures)

from assistant.models import Answer
from assistant.ui import EXAMPLES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOT = Path("/tmp/sendqa_ui.png")
ANSWER_TIMEOUT_MS = 180_000  # the first answer on a busy 2-core machine can be slow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium"
    ),
]


@pytest.fixture(scope="module")
def page(live_server: LiveServer) -> Iterator[Any]:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1200, "height": 1400})
        tab.goto(live_server.url + "/")
        tab.locator("#sendqa-question textarea").wait_for(timeout=60_000)
        yield tab
        browser.close()


def squash(text: str) -> str:
    return " ".join(text.split())


def ask_in_browser(page: Any, question: str) -> str:
    """Type a question, press Ask, and return the chat's text once the answer is shown."""
    chat = page.locator("#sendqa-chat")
    before = chat.get_by_text("Sources", exact=True).count()
    page.locator("#sendqa-question textarea").fill(question)
    page.locator("#sendqa-ask").click()
    chat.get_by_text("Sources", exact=True).nth(before).wait_for(timeout=ANSWER_TIMEOUT_MS)
    return squash(chat.inner_text())


def test_question_shows_the_answer_and_its_cited_passages(
    page: Any, live_server: LiveServer  # noqa: F811
) -> None:
    question = "Did Wandsworth make sufficient progress on EHC plans?"
    shown = ask_in_browser(page, question)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    # The same Service answers the API, the CLI and the chat: the page must show its answer.
    expected: Answer = live_server.service.ask(question)  # type: ignore[attr-defined]
    assert not expected.abstained and expected.citations
    assert question in shown
    first_sentence = re.split(r"(?<=\])\s", expected.answer)[0]
    assert squash(first_sentence) in shown
    for c in expected.citations:
        assert f"[{c.n}] {c.area}" in shown
        assert c.title in shown
        assert squash(c.text)[:80] in shown


def test_example_question_and_empty_input(page: Any) -> None:
    from playwright.sync_api import expect

    who, question = EXAMPLES[0]
    page.get_by_text(f"{who}: {question}").click()
    textbox = page.locator("#sendqa-question textarea")
    expect(textbox).to_have_value(question, timeout=30_000)  # Gradio fills it asynchronously
    shown = ask_in_browser(page, question)
    assert "Wokingham" in shown
    # An empty question gets a warning and leaves the conversation as it was.
    answers_before = page.locator("#sendqa-chat").get_by_text("Sources", exact=True).count()
    textbox.fill("   ")
    page.locator("#sendqa-ask").click()
    page.get_by_text("The question is empty").first.wait_for(timeout=30_000)
    assert page.locator("#sendqa-chat").get_by_text("Sources", exact=True).count() == answers_before

