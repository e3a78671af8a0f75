"""Helpers for the browser tests: the Chromium to drive, and how a person uses the page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
FAILURES = Path("/tmp/sendqa-ui-failures")
ANSWER_TIMEOUT_MS = 180_000  # the first answer on a busy 2-core machine can be slow
DONE = "#sendqa-answer article.sendqa-exchange:not([aria-busy])"


def squash(text: str) -> str:
    """Whitespace-insensitive form of a text."""
    return " ".join(text.split())


def ask(page: Any, question: str) -> Any:
    """Type a question, press Ask, wait for its answer; returns the newest answer's article."""
    before = page.locator(DONE).count()
    page.locator("#sendqa-question textarea").fill(question)
    page.locator("#sendqa-ask").click()
    page.wait_for_function(f"document.querySelectorAll({DONE!r}).length > {before}",
                           timeout=ANSWER_TIMEOUT_MS)
    latest = page.locator(DONE).first
    assert squash(latest.locator(".sendqa-q").inner_text()) == squash(question)
    return latest


def choose(page: Any, dropdown: str, option: str | re.Pattern[str]) -> None:
    """Pick an option of a Gradio dropdown by its label."""
    page.locator(f"{dropdown} input").click()
    page.get_by_role("option", name=option, exact=isinstance(option, str)).first.click()
    page.locator(f"{dropdown} input").press("Escape")  # a multiselect stays open otherwise
    page.wait_for_timeout(300)  # Gradio sends the change event after the menu closes


def open_tab(page: Any, name: str) -> None:
    """Open a tab; on a narrow screen the later tabs sit under the "More tabs" menu."""
    tab = page.get_by_role("tab", name=name, exact=True)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    page.get_by_role("button", name="More tabs").click()
    page.locator(".overflow-dropdown button", has_text=name).first.click()


_CONTRAST_JS = """([selector, placeholder]) => {
  const el = document.querySelector(selector);
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const fg = parse(getComputedStyle(el, placeholder ? '::placeholder' : null).color);
  let node = el, bg = null;
  while (node && node.nodeType === 1) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.length >= 3 && (c.length === 3 || c[3] > 0.5)) { bg = c; break; }
    node = node.parentElement;
  }
  bg = bg || [255, 255, 255];
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def contrast(page: Any, selector: str, placeholder: bool = False) -> float:
    """WCAG contrast ratio of an element's text (or placeholder) on its background."""
    return float(page.evaluate(_CONTRAST_JS, [selector, placeholder]))
