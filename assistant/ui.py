"""The Gradio app: a client of the same Service as the API, mounted at "/" in the same app.

Tabs: Ask (answer on top, sources folded under it, each [n] opening its passage inside the
whole document), Areas, Compare, Documents and Glossary (assistant/ui_tabs.py). The page's
behaviour that Gradio has no component for (the document panel, previews, copy) is
static/sendqa.js, reading data-* attributes of the HTML rendered in ui_render.py.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from pydantic import ValidationError

from assistant.errors import BadInput
from assistant.feedback import FeedbackIn, FeedbackStore
from assistant.llm import drafting
from assistant.redact import redact
from assistant.scope import answered_from, filter_conflicts
from assistant.service import Service
from assistant.ui_filters import make_filters, month_choices
from assistant.ui_render import Exchange, conversation_html, pending_html
from assistant.ui_tabs import build_tabs, theme_choices
from assistant.uploads import Uploads
from core.errors import StoreUnavailable
from core.models import DOC_TYPES, Answer, Filters, Turn

EXAMPLES: list[tuple[str, str]] = [
    ("A parent", "What did the revisit find in Wokingham?"),
    ("A councillor", "Did Worcestershire make sufficient progress on EHC plans?"),
    ("An officer", "How did other areas tackle transitions to adulthood?"),
]
HEADER = """<div id="sendqa-head"><h1>SEND inspection assistant</h1>
<p class="sendqa-notice" id="sendqa-notice">Answers come only from the inspection letters,
reports and council papers listed under Documents. They may be incomplete and are not advice:
for your own child, contact your local SENDIASS.</p></div>"""
KIND_LABELS = {"revisit_letter": "Revisit letter", "inspection_report": "Inspection report",
               "committee_report": "Council committee report",
               "briefing_note": "Council briefing note", "other": "Other"}

DRAFT_EVERY_S = 0.2  # how often the page's draft is updated while the LLM writes
STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger(__name__)
# System fonts only: the default theme fetches Google Fonts, which fails offline. Colours are
# set so text, labels, placeholders and the Ask button reach 4.5:1 contrast on their background.
THEME = gr.themes.Soft(
    primary_hue=gr.themes.colors.blue, font=["system-ui", "sans-serif"],
    font_mono=["ui-monospace", "monospace"],
).set(
    body_text_color="#1f2937", body_text_color_subdued="#4b5563",
    block_label_text_color="#1f2937", block_title_text_color="#1f2937",
    block_info_text_color="#4b5563", input_placeholder_color="#6b7280",
    button_primary_background_fill="#1d4ed8", button_primary_background_fill_hover="#1e40af",
    button_primary_text_color="#ffffff", button_primary_text_color_hover="#ffffff",
    button_secondary_text_color="#1f2937", link_text_color="#1d4ed8", color_accent="#1d4ed8",
)


# Outside Gradio's content box, which custom css (scoped to it by Gradio) cannot reach: the
# page's side margins, narrowed on a phone so the text gets the width.
PHONE_MARGINS = ("<style>@media (max-width: 640px) { .gradio-container .main.fillable "
                 "{ padding-left: 8px !important; padding-right: 8px !important; } }</style>")


def page_head() -> str:
    """The page's script, inlined into <head> (one small file, no extra request)."""
    script = (STATIC / "sendqa.js").read_text(encoding="utf-8")
    return f"<script>{script}</script>{PHONE_MARGINS}"


def page_css() -> str:
    return (STATIC / "sendqa.css").read_text(encoding="utf-8")


def area_choices(service: Service) -> list[str]:
    """The areas of the ingested documents, for the filter dropdown."""
    return sorted({d.area for d in service.documents() if d.area})


def history_of(exchanges: list[Exchange]) -> list[Turn]:
    turns: list[Turn] = []
    for e in exchanges:
        turns += [Turn(role="user", content=e.question),
                  Turn(role="assistant", content=e.answer.answer)]
    return turns


def respond(service: Service, question: str, exchanges: list[Exchange],
            areas: list[str] | None, kinds: list[str] | None, month_from: str | None,
            month_to: str | None) -> Iterator[tuple[Any, ...]]:
    """Ask the service; show a placeholder at once, then the answer on top of the others."""
    try:
        filters = make_filters(areas, kinds, month_from, month_to)
        text = service.validate_question(question)
    except (BadInput, ValidationError) as exc:  # empty, too long, reversed dates: say so
        gr.Warning(str(exc))
        yield conversation_html(exchanges), exchanges, question, ""
        return
    yield pending_html(text, exchanges), exchanges, "", ""
    answer: Answer | None = None
    try:
        for step in answer_drafting(service, text, history_of(exchanges), filters):
            if isinstance(step, Answer):
                answer = step
            else:  # the LLM's draft so far, shown greyed until the checked answer replaces it
                yield pending_html(text, exchanges, step), exchanges, "", ""
    except BadInput as exc:
        gr.Warning(str(exc))
        yield conversation_html(exchanges), exchanges, question, ""
        return
    except StoreUnavailable as exc:  # said at start; one warning, not a trace per question
        gr.Warning(f"The document store is unavailable: {exc}")
        yield conversation_html(exchanges), exchanges, question, ""
        return
    except Exception:  # a fault of ours: logged with its trace, never shown as bad input
        log.exception("ask failed for %r", redact(text))
        gr.Warning("Something went wrong answering this question; it has been logged.")
        yield conversation_html(exchanges), exchanges, question, ""
        return
    if answer is None:  # answer_drafting always ends with the answer or raises
        return
    docs = service.catalogue()
    exchange = Exchange(text, answer, answered_from(docs, filters),
                        filter_conflicts(text, filters, sorted({d.area for d in docs})))
    exchanges = [*exchanges, exchange]
    yield conversation_html(exchanges), exchanges, "", ""


def answer_drafting(service: Service, question: str, history: list[Turn],
                    filters: Filters | None) -> Iterator[str | Answer]:
    """Answer in a thread; meanwhile yield the LLM's draft so far each time it grows (at most
    every DRAFT_EVERY_S), then the checked answer. The extractive answerer yields no draft.
    The service's errors are raised here, in the caller's thread."""
    pieces: queue.Queue[str | None] = queue.Queue()
    result: list[Answer | BaseException] = []

    def work() -> None:
        try:
            with drafting(pieces.put):
                result.append(service.ask(question, history=history, filters=filters))
        except BaseException as exc:  # handed to the caller, which says what went wrong
            result.append(exc)
        finally:
            pieces.put(None)

    threading.Thread(target=work, daemon=True, name="sendqa-answer").start()
    draft, finished = "", False
    while not finished:
        parts = [pieces.get()]
        if parts[0] is not None:  # gather what arrives meanwhile: one page update for many
            time.sleep(DRAFT_EVERY_S)
        while not pieces.empty():
            parts.append(pieces.get_nowait())
        finished = None in parts
        grown = "".join(p for p in parts if p is not None)
        if grown and not finished:
            draft += grown
            yield draft
    if isinstance(result[0], BaseException):
        raise result[0]
    yield result[0]


def give_feedback(store: FeedbackStore, rating: str, comment: str,
                  exchanges: list[Exchange]) -> tuple[str, str]:
    """Store a thumbs up/down on the latest answer; returns (status message, comment box)."""
    if not exchanges:
        return "Ask a question first, then rate its answer.", comment
    latest = exchanges[-1]
    store.add(FeedbackIn(
        rating=rating, comment=comment.strip()[:2000], question=latest.question,  # type: ignore[arg-type]
        history=history_of(exchanges[:-1])[-40:], answer=latest.answer.answer,
        abstained=latest.answer.abstained, citations=latest.answer.citations))
    thanks = "helpful" if rating == "up" else "not helpful"
    return f"Thank you: saved as {thanks}. Your feedback helps us test the answers.", ""


def build_ui(service: Service, feedback: FeedbackStore | None = None,
             uploads: Uploads | None = None) -> gr.Blocks:
    """The page: a short header and notice, then the tabs, the question box first."""
    store = feedback or FeedbackStore(service.settings.feedback_db)
    demo = gr.Blocks(title="sendqa: SEND inspection assistant", analytics_enabled=False)
    with demo:
        gr.HTML(HEADER, js_on_load=None)
        with gr.Tabs(elem_id="sendqa-tabs"):
            with gr.Tab("Ask", id="ask", elem_id="tab-ask"):
                filters = _chat(service, store)
            pickers = build_tabs(service, uploads or Uploads(service))

        def fresh_choices() -> tuple[Any, ...]:
            # Documents may have been ingested or removed since the page was built.
            areas, months = area_choices(service), month_choices(service.documents())
            return (gr.Dropdown(choices=areas), gr.Dropdown(choices=months),
                    gr.Dropdown(choices=months), gr.Dropdown(choices=areas),
                    gr.Dropdown(choices=theme_choices(service)))

        demo.load(fresh_choices, None, [*filters, *pickers], api_visibility="private")
    return demo


def _chat(service: Service, store: FeedbackStore) -> tuple[gr.Dropdown, ...]:
    """The Ask tab; returns the filter dropdowns whose choices follow the collection."""
    exchanges = gr.State([])
    with gr.Row(equal_height=True):
        question = gr.Textbox(
            placeholder="e.g. Did Wandsworth make sufficient progress on EHC plans?",
            label="Your question", scale=5, elem_id="sendqa-question", max_lines=4,
            autofocus=True, min_width=200)
        ask = gr.Button("Ask", variant="primary", scale=1, elem_id="sendqa-ask", min_width=80)
    gr.Examples(examples=[[q] for _, q in EXAMPLES], inputs=[question], label="Try one of these",
                example_labels=[f"{who}: {q}" for who, q in EXAMPLES])
    with gr.Accordion("Filters: area, kind of document, dates", open=False,
                      elem_id="sendqa-filters"), gr.Row():
        areas = gr.Dropdown(choices=area_choices(service), multiselect=True, label="Area",
                            elem_id="sendqa-area")
        kinds = gr.Dropdown(choices=[(KIND_LABELS.get(t, t), t) for t in DOC_TYPES],
                            multiselect=True, label="Kind of document", elem_id="sendqa-doctype")
        # Months of the documents' dates; type a year to narrow the list.
        months = month_choices(service.documents())
        month_from = gr.Dropdown(choices=months, value=None, label="Dated from (month)",
                                 elem_id="sendqa-date-from")
        month_to = gr.Dropdown(choices=months, value=None, label="Dated to (month, inclusive)",
                               elem_id="sendqa-date-to")
    conversation = gr.HTML(conversation_html([]), elem_id="sendqa-answer", js_on_load=None)
    with gr.Accordion("Was the latest answer helpful?", open=True, elem_id="sendqa-feedback"):
        comment = gr.Textbox(label="Comment (optional, do not include personal details)",
                             max_lines=3, elem_id="sendqa-comment")
        with gr.Row():
            up = gr.Button("Yes, helpful", size="sm", elem_id="sendqa-up")
            down = gr.Button("No, not helpful", size="sm", elem_id="sendqa-down")
        thanks = gr.Markdown("", elem_id="sendqa-thanks")
    clear = gr.Button("New conversation", variant="secondary", size="sm")

    def on_ask(*args: Any) -> Iterator[tuple[Any, ...]]:
        yield from respond(service, *args)

    inputs = [question, exchanges, areas, kinds, month_from, month_to]
    outputs = [conversation, exchanges, question, thanks]
    ask.click(on_ask, inputs, outputs, api_name="ask")
    question.submit(on_ask, inputs, outputs, api_visibility="private")
    up.click(lambda c, ex: give_feedback(store, "up", c, ex), [comment, exchanges],
             [thanks, comment], api_visibility="private")
    down.click(lambda c, ex: give_feedback(store, "down", c, ex), [comment, exchanges],
               [thanks, comment], api_visibility="private")
    clear.click(lambda: (conversation_html([]), [], "", ""), None, outputs,
                api_visibility="private")
    return areas, month_from, month_to
