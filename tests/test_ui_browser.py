"""The page in a real (headless) Chromium, against the real app on a real uvicorn server.

Each test drives the page as a person would (typing, clicking, the keyboard) and checks what it
shows against the same Service the page calls. A failing test leaves a screenshot in
/tmp/sendqa-ui-failures/; a passing run leaves a screenshot of each tab at laptop and phone
width in SHOTS (for the issue's closing note).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest_edges import LiveServer, edge_corpus, live_server  # noqa: F401  (fixtures)
from conftest_product import ADMIN_TOKEN, AdminServer, admin_server  # noqa: F401  (fixture)
from ui_helpers import (
    ANSWER_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    FAILURES,
    ask,
    choose,
    contrast,
    open_tab,
    squash,
)

from assistant.feedback import FeedbackStore, export_cases
from assistant.service import Service
from core.models import Filters

SHOTS = Path(os.environ.get("SENDQA_UI_SHOTS", "/tmp/sendqa-ui-shots"))
LAPTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium: apt-get install -y chromium"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport,
                                  permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(url + "/")
    tab.locator("#sendqa-question textarea").wait_for(timeout=60_000)
    return tab


@pytest.fixture()
def page(browser: Any, admin_server: AdminServer,  # noqa: F811
         request: pytest.FixtureRequest) -> Iterator[Any]:
    failed = request.session.testsfailed
    tab = open_page(browser, admin_server.url, LAPTOP)
    yield tab
    if request.session.testsfailed > failed:  # this test failed: keep what the page showed
        FAILURES.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(FAILURES / f"{request.node.name}.png"), full_page=True)
    tab.context.close()


def service_of(server: AdminServer) -> Service:
    return server.service  # type: ignore[return-value]


def test_answer_above_its_sources_and_each_cite_opens_its_passage(
        page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    question = "Did Wandsworth make sufficient progress on EHC plans?"
    latest = ask(page, question)
    expected = service_of(admin_server).ask(question)
    assert not expected.abstained and expected.citations
    answer = latest.locator(".sendqa-a")
    assert squash(re.sub(r"\[\d+\]", "", expected.answer)) == \
        squash(re.sub(r"\[\d+\]", "", answer.inner_text()))
    sources = latest.locator("details.sendqa-sources")
    assert answer.bounding_box()["y"] < sources.bounding_box()["y"]
    assert sources.get_attribute("open") is None  # folded under the answer
    assert latest.locator(".sendqa-scope").inner_text().startswith("Searched ")
    # Hovering [n] previews its passage; clicking opens it marked inside the whole document.
    first = answer.locator("a.sendqa-cite").first
    n = int(first.inner_text().strip("[]"))
    cited = next(c for c in expected.citations if c.n == n)
    first.hover()
    page.locator("#sendqa-preview").wait_for(state="visible", timeout=5_000)
    assert squash(cited.text)[:80] in squash(page.locator("#sendqa-preview").inner_text())
    first.click()
    mark = page.locator("#sendqa-docpanel mark#sendqa-hit")
    mark.wait_for(timeout=30_000)
    assert squash(mark.inner_text()) == squash(cited.text)
    assert page.locator("#sendqa-doc-title").inner_text() == cited.title
    whole = squash(page.locator("#sendqa-doc-text").inner_text())
    document = service_of(admin_server).document(cited.doc_id)
    assert document is not None and whole == squash(document.text)
    assert cited.area in page.locator("#sendqa-doc-meta").inner_text()
    href = page.locator("#sendqa-doc-file").get_attribute("href")
    assert page.request.get(admin_server.url + href).status == 200
    page.keyboard.press("Escape")
    assert page.locator("#sendqa-docpanel").is_hidden()
    # "Copy answer": plain text with numbered references, for a briefing paper.
    latest.locator(".sendqa-copy").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"Question: {question}") and expected.answer in copied
    assert "\nReferences\n" in copied
    assert all(f"[{c.n}] {c.area}, {c.title}" in copied for c in expected.citations)


def test_date_filter_and_a_filter_the_question_contradicts(
        page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    page.get_by_text("Filters: area, kind of document, dates").click()
    choose(page, "#sendqa-date-from", "January 2024")
    question = "What must the partnership improve about EHC plans?"
    latest = ask(page, question)
    expected = service_of(admin_server).ask(question, filters=Filters.model_validate(
        {"date_from": "2024-01-01"}))
    shown = {latest.locator(".sendqa-sources li").nth(i).locator("[data-open-doc]").first
             .get_attribute("data-open-doc")
             for i in range(latest.locator(".sendqa-sources li").count())}
    assert shown == {c.doc_id for c in expected.citations} and shown
    docs = {d.doc_id: d for d in service_of(admin_server).documents()}
    assert all((docs[d].date or "") >= "2024-01-01" for d in shown)
    assert "2024" in latest.locator(".sendqa-scope").inner_text()
    # Now the area filter on Wandsworth and a question about Wokingham: the notice names both.
    choose(page, "#sendqa-area", "Wandsworth")
    latest = ask(page, "What did the revisit find in Wokingham?")
    note = latest.locator(".sendqa-conflict").first.inner_text()
    assert "Wokingham" in note and "Wandsworth" in note


def test_a_date_range_that_leaves_out_a_cited_document_changes_the_sources(
        page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    question = "What must the partnership improve about EHC plans?"
    before = {c.get_attribute("data-open-doc")
              for c in ask(page, question).locator(".sendqa-a a.sendqa-cite").all()}
    docs = {d.doc_id: d for d in service_of(admin_server).documents()}
    latest = max(before, key=lambda d: docs[d].date or "")
    month = dt.date.fromisoformat(str(docs[latest].date)[:7] + "-01")
    # Dated up to the month before the latest cited document: that document is left out.
    end = month - dt.timedelta(days=1)
    page.get_by_text("Filters: area, kind of document, dates").click()
    choose(page, "#sendqa-date-to", end.strftime("%B %Y"))
    answer = ask(page, question)
    after = {c.get_attribute("data-open-doc")
             for c in answer.locator(".sendqa-a a.sendqa-cite").all()}
    assert latest in before and latest not in after and after != before
    assert all((docs[d].date or "") <= end.isoformat() for d in after)
    expected = service_of(admin_server).ask(
        question, filters=Filters.model_validate({"date_to": end.isoformat()}))
    assert after == {c.doc_id for c in expected.citations}
    searched = re.search(r"Searched (\d+) documents", answer.locator(".sendqa-scope").inner_text())
    assert searched and int(searched.group(1)) == sum(
        (d.date or "9") <= end.isoformat() for d in docs.values())  # what the range leaves in


def test_areas_tab_shows_one_areas_story(page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    open_tab(page, "Areas")
    choose(page, "#sendqa-area-pick", "Worcestershire")
    view = page.locator("#sendqa-area-page[data-area='Worcestershire']")
    view.wait_for(timeout=30_000)
    findings = service_of(admin_server).findings(area="Worcestershire")
    rows = view.locator("tr[data-open-doc]")
    assert rows.count() == len(findings) > 0
    statuses = sorted(rows.nth(i).get_attribute("data-status") for i in range(rows.count()))
    assert statuses == sorted(f.verdict or "not stated" for f in findings)
    assert view.locator(".status-not-sufficient").count() == \
        sum(f.verdict == "not sufficient progress" for f in findings)
    times = [t.get_attribute("datetime") for t in view.locator(".sendqa-timeline time").all()]
    assert times == sorted(times) and len(times) >= 3
    row = rows.first
    row.focus()
    page.keyboard.press("Enter")  # a row opens its passage from the keyboard too
    page.locator("mark#sendqa-hit").wait_for(timeout=30_000)
    passage = service_of(admin_server).passage(row.get_attribute("data-chunk"))
    assert passage is not None and passage.doc_id == row.get_attribute("data-open-doc")
    assert squash(page.locator("mark#sendqa-hit").inner_text()) == squash(passage.text)


def test_compare_tab_puts_every_areas_findings_on_a_theme_side_by_side(
        page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    open_tab(page, "Compare")
    choose(page, "#sendqa-theme-pick", re.compile(r"^Transitions and preparation"))
    view = page.locator("#sendqa-compare-page[data-theme='transitions']")
    view.wait_for(timeout=30_000)
    findings = service_of(admin_server).findings(theme="transitions")
    cards = view.locator(".sendqa-card")
    assert sorted(c.get_attribute("data-area") for c in cards.all()) == \
        sorted({f.area for f in findings})
    assert view.locator(".sendqa-card li").count() == len(findings)
    href = view.locator("#sendqa-csv").get_attribute("href")
    sheet = page.request.get(admin_server.url + href)
    assert sheet.status == 200 and len(sheet.text().strip().splitlines()) == len(findings) + 1
    assert view.locator(".sendqa-bars").count() >= 2  # verdicts on the theme, outcomes by area


def test_upload_as_admin_then_ask_about_the_new_document_then_remove_it(
        page: Any, admin_server: AdminServer, tmp_path: Path) -> None:  # noqa: F811
    from conftest_product import RUTLAND

    path = tmp_path / "rutland-places-note.txt"
    path.write_text(RUTLAND, encoding="utf-8")
    open_tab(page, "Documents")
    page.get_by_text("Add or remove documents (administrators)").click()
    page.locator("#sendqa-token input").fill(ADMIN_TOKEN)
    page.locator("#sendqa-upload input[type=file]").set_input_files(str(path))
    page.locator("#sendqa-upload").get_by_text(path.name).first.wait_for(timeout=30_000)
    page.locator("#sendqa-upload-go").click()
    status = page.locator("#sendqa-upload-status")
    status.get_by_text(re.compile(r"done\.")).wait_for(timeout=ANSWER_TIMEOUT_MS)
    table = page.locator("#sendqa-doc-table")
    table.get_by_text("rutland-places-note").wait_for(timeout=30_000)
    open_tab(page, "Ask")
    latest = ask(page, "What did Rutland open at Oakham?")
    assert "resource base" in latest.locator(".sendqa-a").inner_text()
    cited = latest.locator(".sendqa-a a.sendqa-cite").first.get_attribute("data-open-doc")
    assert cited == "rutland-places-note"
    # A page loaded afterwards knows the new area (its pickers follow the collection).
    page.reload()
    page.locator("#sendqa-question textarea").wait_for(timeout=60_000)
    open_tab(page, "Areas")
    choose(page, "#sendqa-area-pick", "Rutland")
    page.locator("#sendqa-area-page[data-area='Rutland']").wait_for(timeout=30_000)
    open_tab(page, "Documents")
    page.get_by_text("Add or remove documents (administrators)").click()
    page.locator("#sendqa-token input").fill(ADMIN_TOKEN)
    page.locator("#sendqa-remove-id input, #sendqa-remove-id textarea").fill(cited)
    page.locator("#sendqa-remove-go").click()
    status.get_by_text("Removed").wait_for(timeout=60_000)
    assert service_of(admin_server).document(cited) is None


RECORD_STATUS = """() => {
  window.sendqaStatus = [];
  new MutationObserver(() => {
    const s = document.querySelector('#sendqa-upload-status');
    if (s && s.innerText.trim()) window.sendqaStatus.push(s.innerText.trim());
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def test_an_upload_shows_its_progress_as_it_is_ingested(
        page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    from conftest_edges import CORPUS

    report = CORPUS / "barking-and-dagenham_area-send-inspection_published-2024-09-06.pdf"
    before = {d.doc_id for d in service_of(admin_server).documents()}
    open_tab(page, "Documents")
    page.get_by_text("Add or remove documents (administrators)").click()
    page.locator("#sendqa-token input").fill(ADMIN_TOKEN)
    page.locator("#sendqa-upload input[type=file]").set_input_files(str(report))
    page.locator("#sendqa-upload").get_by_text(report.name).first.wait_for(timeout=30_000)
    page.evaluate(RECORD_STATUS)
    page.locator("#sendqa-upload-go").click()
    status = page.locator("#sendqa-upload-status")
    status.get_by_text(re.compile(r"done\.")).wait_for(timeout=ANSWER_TIMEOUT_MS)
    seen = list(dict.fromkeys(page.evaluate("window.sendqaStatus")))
    service = service_of(admin_server)
    added = {d.doc_id for d in service.documents()} - before
    try:
        # While it ran, the page said where it was: parsing, then n of m passages embedded.
        progress = [s for s in seen if re.search(
            r"ingesting\. (Parsing \S+…|Parsed · chunked into (\d+) passages · "
            r"embedding \d+ of \2 passages \(\d+%\))$", s)]
        assert progress, seen
        assert re.search(r"done\. Ingested 1 document", seen[-1]), seen
    finally:  # removed as an administrator would, with its uploaded file
        for doc_id in added:
            page.request.delete(f"{admin_server.url}/api/documents/{doc_id}",
                                headers={"X-Admin-Token": ADMIN_TOKEN})
    assert len(added) == 1 and not {d.doc_id for d in service.documents()} & added


def test_feedback_lands_in_sqlite_redacted_and_exports_as_a_case(
        page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    question = "What was the outcome of the Herefordshire inspection?"
    ask(page, question)
    page.locator("#sendqa-comment textarea").fill("Wrong year? write to me: pat@example.org")
    page.locator("#sendqa-down").click()
    page.locator("#sendqa-thanks").get_by_text("Thank you").wait_for(timeout=30_000)
    store = FeedbackStore(admin_server.settings.feedback_db)
    with sqlite3.connect(store.path) as conn:
        row = conn.execute("select id, rating, comment, question from feedback "
                           "order by id desc limit 1").fetchone()
    assert row[1:] == ("down", "Wrong year? write to me: [email]", question)
    case = next(c for c in export_cases(store.all(), lambda _: None)
                if f'"feedback-{row[0]}"' in c)
    assert question in case and "REVIEW" in case


def test_plain_english_collection_welsh_and_glossary(
        page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    from assistant.language import ONLY_ENGLISH

    latest = ask(page, "What documents do you have?")
    docs = service_of(admin_server).documents()
    said = latest.locator(".sendqa-a").inner_text()
    assert f"{len(docs)} documents" in said
    assert all(area in said for area in {d.area for d in docs})
    latest = ask(page, "A wnaeth Wandsworth wneud cynnydd digonol ar gynlluniau EHC?")
    assert squash(latest.locator(".sendqa-a").inner_text()) == ONLY_ENGLISH
    assert latest.locator(".sendqa-sources").count() == 0
    latest = ask(page, "Did Wandsworth get a written statement of action?")
    terms = latest.locator("abbr.sendqa-term")
    assert terms.count() >= 1 and all(t.get_attribute("title") for t in terms.all())
    # The hover says what the glossary says: the documents' words first, ours marked as ours.
    from assistant.glossary_view import glossary_for, hover_text

    hovers = {hover_text(e) for e in glossary_for(service_of(admin_server)).entries}
    assert {t.get_attribute("title") for t in terms.all()} <= hovers
    open_tab(page, "Glossary")
    glossary = page.locator("#sendqa-glossary")
    for term in ("EHC plan", "WSOA", "SENDIASS", "local area partnership"):
        assert glossary.locator("dfn").get_by_text(term, exact=True).count() == 1


def test_the_glossary_quotes_the_documents_and_opens_the_passage_quoted(
        page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    from assistant.glossary_view import glossary_for

    entries = {e.term: e for e in glossary_for(service_of(admin_server)).entries}
    open_tab(page, "Glossary")
    glossary = page.locator("#sendqa-glossary")
    glossary.wait_for(timeout=30_000)
    # Each entry says whose words it gives: the documents' (with a source) or ours.
    quoted = glossary.locator('dd[data-origin="documents"]')
    assert quoted.count() == sum(e.origin == "documents" for e in entries.values()) > 0
    assert glossary.locator('dd[data-origin="ours"]').count() == sum(
        e.origin == "ours" for e in entries.values())
    wsoa = entries["WSOA"]
    row = glossary.locator("dt", has=page.locator("dfn", has_text=re.compile(r"^WSOA$")))
    entry = row.locator("xpath=following-sibling::dd[1]")
    assert entry.get_attribute("data-origin") == "documents"
    assert entry.locator(".sendqa-badge-doc").first.inner_text() == "from the documents"
    first = wsoa.sources[0]
    assert squash(first.quote) in squash(entry.inner_text())
    entry.locator("a.sendqa-gloss-src").first.click()
    mark = page.locator("#sendqa-docpanel mark#sendqa-hit")
    mark.wait_for(timeout=30_000)
    cited = service_of(admin_server).passage(first.chunk_id)
    assert cited is not None and squash(first.quote) in squash(mark.inner_text())
    assert squash(mark.inner_text()) == squash(cited.text)
    ours = next(e for e in entries.values() if e.origin == "ours")
    mine = glossary.locator("dt", has=page.locator("dfn", has_text=re.compile(
        rf"^{re.escape(ours.term)}$"))).locator("xpath=following-sibling::dd[1]")
    assert mine.locator(".sendqa-badge-ours").inner_text() == "our explanation"
    assert mine.locator("a.sendqa-gloss-src").count() == 0


def test_phone_width_shows_the_question_box_without_scrolling(
        browser: Any, admin_server: AdminServer) -> None:  # noqa: F811
    phone = open_page(browser, admin_server.url, PHONE)
    try:
        box = phone.locator("#sendqa-question textarea").bounding_box()
        button = phone.locator("#sendqa-ask").bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
        assert button["y"] + button["height"] <= PHONE["height"]
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert phone.locator("#sendqa-notice").is_visible()
    finally:
        phone.context.close()


def test_contrast_and_focus_are_visible(page: Any) -> None:
    for selector in ("#sendqa-question [data-testid=block-info]", "#sendqa-ask",
                     "#sendqa-notice", "#tab-areas-button", "#tab-ask-button", "#sendqa-up"):
        ratio = contrast(page, selector)
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f}"
    assert contrast(page, "#sendqa-question textarea", placeholder=True) >= 4.5
    page.locator("#sendqa-question textarea").focus()
    outline = page.locator("#sendqa-question textarea").evaluate(
        "e => parseFloat(getComputedStyle(e).outlineWidth)")
    assert outline >= 2


def test_an_empty_question_is_refused_and_the_answers_stay(page: Any) -> None:
    ask(page, "What did the revisit find in Wokingham?")
    before = page.locator("#sendqa-answer article.sendqa-exchange").count()
    page.locator("#sendqa-question textarea").fill("   ")
    page.locator("#sendqa-ask").click()
    page.get_by_text("The question is empty").first.wait_for(timeout=30_000)
    assert page.locator("#sendqa-answer article.sendqa-exchange").count() == before


def test_documents_tab_lists_the_collection_and_opens_a_document(
        page: Any, admin_server: AdminServer) -> None:  # noqa: F811
    open_tab(page, "Documents")
    table = page.locator("#sendqa-doc-table")
    table.wait_for(timeout=30_000)
    docs = service_of(admin_server).documents()
    assert table.locator("tbody tr").count() == len(docs)
    doc = next(d for d in docs if d.doc_type == "inspection_report")
    table.locator(f"a[data-open-doc='{doc.doc_id}']").click()
    page.locator("#sendqa-doc-title").get_by_text(doc.title).wait_for(timeout=30_000)
    assert page.locator("#sendqa-doc-file").get_attribute("href") == \
        f"/api/documents/{doc.doc_id}/file"


def test_without_an_admin_token_upload_is_off_and_says_so(
        browser: Any, live_server: LiveServer) -> None:  # noqa: F811
    tab = open_page(browser, live_server.url, LAPTOP)
    try:
        open_tab(tab, "Documents")
        off = tab.locator("#sendqa-upload-off")
        off.wait_for(timeout=30_000)
        assert "SENDQA_ADMIN_TOKEN" in off.inner_text()
        assert tab.locator("#sendqa-upload").count() == 0
    finally:
        tab.context.close()


def test_keyboard_only_ask_and_open_a_passage(page: Any) -> None:
    textarea = page.locator("#sendqa-question textarea")
    textarea.focus()
    page.keyboard.type("Did Wokingham make sufficient progress on EHC plans?")
    page.keyboard.press("Enter")
    latest = page.locator("#sendqa-answer article.sendqa-exchange").first
    latest.locator(".sendqa-a a.sendqa-cite").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    latest.locator(".sendqa-a a.sendqa-cite").first.focus()
    page.keyboard.press("Enter")
    page.locator("mark#sendqa-hit").wait_for(timeout=30_000)
    page.keyboard.press("Escape")
    focused = page.evaluate("document.activeElement.className")
    assert "sendqa-cite" in focused  # focus goes back to where the reader was


def test_screenshots_of_each_tab_at_laptop_and_phone_width(
        browser: Any, admin_server: AdminServer) -> None:  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        tab = open_page(browser, admin_server.url, viewport)
        try:
            ask(tab, "Did Wandsworth make sufficient progress on EHC plans?")
            tab.screenshot(path=str(SHOTS / f"ask-{name}.png"))
            open_tab(tab, "Areas")
            choose(tab, "#sendqa-area-pick", "Wokingham")
            tab.locator("#sendqa-area-page").wait_for(timeout=30_000)
            tab.screenshot(path=str(SHOTS / f"areas-{name}.png"))
            open_tab(tab, "Compare")
            choose(tab, "#sendqa-theme-pick", re.compile(r"^EHC plans"))
            tab.locator("#sendqa-compare-page").wait_for(timeout=30_000)
            tab.screenshot(path=str(SHOTS / f"compare-{name}.png"))
            open_tab(tab, "Documents")
            tab.locator("#sendqa-doc-table").wait_for(timeout=30_000)
            tab.screenshot(path=str(SHOTS / f"documents-{name}.png"))
            open_tab(tab, "Glossary")
            tab.locator("#sendqa-glossary").wait_for(timeout=30_000)
            tab.screenshot(path=str(SHOTS / f"glossary-{name}.png"))
        finally:
            tab.context.close()
    assert len(list(SHOTS.glob("*-laptop.png"))) == len(list(SHOTS.glob("*-phone.png"))) == 5
