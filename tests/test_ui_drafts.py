"""The page with an LLM, in a real (headless) Chromium: the model's draft shows greyed and
labelled "Drafting…" while it streams (from the fake OpenAI-compatible server, tests/
fake_openai.py), then the checked answer replaces it, without the sentence no source supports.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest_llm import LLMServer, llm_server  # noqa: F401  (fixture)
from fake_openai import UNSUPPORTED
from ui_helpers import ANSWER_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, DONE, FAILURES, squash

from assistant.service import Service

pytestmark = [
    pytest.mark.slow, pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium: apt-get install -y chromium"),
]

SHOTS = Path(os.environ.get("SENDQA_UI_SHOTS", "/tmp/sendqa-ui-shots"))
QUESTION = "What is the local area doing about autism assessment waiting times?"
# Every state of the draft the page shows, recorded as it changes (a state may last 0.2 s).
RECORD_DRAFTS = """() => {
  window.sendqaDrafts = [];
  new MutationObserver(() => {
    const d = document.querySelector('.sendqa-draft');
    if (d) window.sendqaDrafts.push([d.innerText, getComputedStyle(d).fontStyle]);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture()
def page(llm_server: LLMServer, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    from playwright.sync_api import sync_playwright

    failed = request.session.testsfailed
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(llm_server.url + "/")
        tab.locator("#sendqa-question textarea").wait_for(timeout=60_000)
        yield tab
        if request.session.testsfailed > failed:
            FAILURES.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(FAILURES / f"{request.node.name}.png"), full_page=True)
        browser.close()


def test_the_draft_shows_while_the_model_writes_then_the_checked_answer_replaces_it(
        page: Any, llm_server: LLMServer) -> None:  # noqa: F811
    page.evaluate(RECORD_DRAFTS)
    page.locator("#sendqa-question textarea").fill(QUESTION)
    page.locator("#sendqa-ask").click()
    draft = page.locator("#sendqa-answer article[aria-busy] .sendqa-draft")
    draft.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert "Drafting" in draft.locator(".sendqa-draft-label").inner_text()
    page.wait_for_timeout(1_000)  # a few words in: kept beside the other tabs' screenshots
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#sendqa-answer").screenshot(path=str(SHOTS / "ask-drafting-1280.png"))
    assert draft.locator("a.sendqa-cite").count() == 0  # unchecked [n] are not links yet
    page.wait_for_function(f"document.querySelectorAll({DONE!r}).length > 0",
                           timeout=ANSWER_TIMEOUT_MS)
    assert page.locator(".sendqa-draft").count() == 0  # replaced
    seen = page.evaluate("window.sendqaDrafts")
    texts = [squash(text) for text, _ in seen]
    assert len(set(texts)) >= 3, texts  # it grew while the model wrote
    assert all(style == "italic" for _, style in seen)  # greyed, set apart from answers
    assert any("Every school in" in t for t in texts), texts[-3:]  # the unsupported claim ...
    answer = squash(page.locator(DONE).first.locator(".sendqa-a").inner_text())
    assert UNSUPPORTED not in answer and "Every school in" not in answer  # ... is gone
    service: Service = llm_server.service  # type: ignore[assignment]
    expected = service.ask(QUESTION)  # the same checked answer the API gives
    assert answer.replace(" ", "") == squash(expected.answer).replace(" ", "")
    assert page.locator(DONE).first.locator("a.sendqa-cite").count() >= 2
