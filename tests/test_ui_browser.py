"""The Gradio chat in a real (headless) Chromium, against the real app on a real server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest_edges import LiveServer, edge_corpus, live_server  # noqa: F401  (fixtures)

from assistant.ui import EXAMPLES
from core.models import Answer

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


def words(text: str) -> str:
    """The words of a text, so Markdown rendering (emphasis, quotes, bullets) does not matter."""
    return " ".join(re.findall(r"\w+", text))


def ask_in_browser(page: Any, question: str) -> tuple[str, str]:
    """Type a question, press Ask; return the chat's and the passages panel's text."""
    chat = page.locator("#sendqa-chat")
    before = chat.get_by_text("Sources", exact=True).count()
    page.locator("#sendqa-question textarea").fill(question)
    page.locator("#sendqa-ask").click()
    chat.get_by_text("Sources", exact=True).nth(before).wait_for(timeout=ANSWER_TIMEOUT_MS)
    panel = page.locator("#sendqa-passages")
    panel.get_by_text("Passages cited by the latest answer").wait_for(timeout=30_000)
    return words(chat.inner_text()), words(panel.inner_text())


def test_question_shows_the_answer_and_its_cited_passages(
    page: Any, live_server: LiveServer  # noqa: F811
) -> None:
    question = "Did Wandsworth make sufficient progress on EHC plans?"
    chat, panel = ask_in_browser(page, question)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    # The same Service answers the API, the CLI and the chat: the page must show its answer.
    expected: Answer = live_server.service.ask(question)  # type: ignore[attr-defined]
    assert not expected.abstained and expected.citations
    assert words(question) in chat
    assert words(re.split(r"(?<=\])\s", expected.answer)[0]) in chat
    for c in expected.citations:
        head = words(f"[{c.n}] {c.area} · {c.title}")
        assert head in chat and head in panel
        assert words(c.text) in panel, f"passage [{c.n}] is not shown in full"


def test_example_question_and_empty_input(page: Any) -> None:
    from playwright.sync_api import expect

    who, question = EXAMPLES[0]
    page.get_by_text(f"{who}: {question}").click()
    textbox = page.locator("#sendqa-question textarea")
    expect(textbox).to_have_value(question, timeout=30_000)  # Gradio fills it asynchronously
    chat, panel = ask_in_browser(page, question)
    assert "Wokingham" in chat and "Wokingham" in panel
    # An empty question gets a warning and leaves the conversation as it was.
    answers_before = page.locator("#sendqa-chat").get_by_text("Sources", exact=True).count()
    textbox.fill("   ")
    page.locator("#sendqa-ask").click()
    page.get_by_text("The question is empty").first.wait_for(timeout=30_000)
    count = page.locator("#sendqa-chat").get_by_text("Sources", exact=True).count()
    assert count == answers_before
