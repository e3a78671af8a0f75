"""The Gradio chat: a client of the same Service as the API, mounted at "/" in the same app."""

from __future__ import annotations

import datetime as dt
import logging
import textwrap
from typing import Any

import gradio as gr
from pydantic import ValidationError

from assistant.errors import BadInput
from assistant.service import Service
from core.errors import StoreUnavailable
from core.models import DOC_TYPES, Answer, Citation, Filters, Turn

EXAMPLES: list[tuple[str, str]] = [
    ("A parent", "What did the revisit find in Wokingham?"),
    ("A councillor", "Did Worcestershire make sufficient progress on EHC plans?"),
    ("An officer", "How did other areas tackle transitions to adulthood?"),
]

INTRO = """# SEND inspection assistant
Ask about Ofsted and CQC inspections of local area SEND services and the councils' own reports.
Every sentence of an answer cites [n] the passage it comes from; the passages are shown under it.
"""

PASSAGES_EMPTY = "*The full text of the passages cited by the latest answer appears here.*"

# System fonts only: the default theme fetches Google Fonts, which fails offline.
log = logging.getLogger(__name__)
THEME = gr.themes.Soft(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


def doc_type_label(doc_type: str) -> str:
    """"revisit_letter" -> "Revisit letter"."""
    return doc_type.replace("_", " ").capitalize()


def format_date(iso: str | None) -> str:
    """"2021-06-23" -> "23 June 2021"; unknown dates say so."""
    if not iso:
        return "date unknown"
    try:
        return dt.date.fromisoformat(iso).strftime("%-d %B %Y")
    except ValueError:
        return iso


def _quote(text: str) -> str:
    """Markdown blockquote of a passage; a leading '#' is escaped so it is not a heading."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return "\n".join("> " + ("\\" + line if line.startswith("#") else line) for line in lines)


def citation_head(c: Citation) -> str:
    """"[n] Area · document title · date · kind" for one citation."""
    kind = doc_type_label(c.doc_type)
    return f"**[{c.n}] {c.area}** · {c.title} · {format_date(c.date)} · {kind}"


def render_answer(answer: Answer) -> str:
    """The chat message: the answer, then each source with a short excerpt of its passage."""
    if not answer.citations:
        return answer.answer
    heading = "Nearest passages found" if answer.abstained else "Sources"
    sources = "\n\n".join(
        f"{citation_head(c)}\n> {excerpt(c.text)}" for c in answer.citations
    )
    return f"{answer.answer}\n\n---\n\n**{heading}**\n\n{sources}"


def render_passages(answer: Answer | None) -> str:
    """The panel under the chat: the full text of each passage the latest answer cites."""
    if answer is None or not answer.citations:
        return PASSAGES_EMPTY
    blocks = "\n\n".join(f"{citation_head(c)}\n\n{_quote(c.text)}" for c in answer.citations)
    return f"### Passages cited by the latest answer\n\n{blocks}"


def excerpt(text: str, width: int = 220) -> str:
    """The passage on one line, cut at a word boundary."""
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def area_choices(service: Service) -> list[str]:
    """The areas of the ingested documents, for the filter dropdown (none while the store is
    unavailable: the page still loads and says so when asked)."""
    try:
        return sorted({d.area for d in service.documents() if d.area})
    except StoreUnavailable:
        return []


def make_filters(areas: list[str] | None, doc_types: list[str] | None) -> Filters | None:
    """Filters from the dropdowns; None when nothing is selected."""
    filters = Filters.model_validate({"area": areas or None, "doc_type": doc_types or None})
    return None if filters.is_empty() else filters


def respond(
    service: Service,
    question: str,
    chat: list[dict[str, Any]],
    turns: list[dict[str, str]],
    areas: list[str] | None,
    doc_types: list[str] | None,
) -> tuple[list[dict[str, Any]], list[dict[str, str]], str, str]:
    """Ask the service; add the exchange to the chat and show the cited passages in full."""
    try:
        history = [Turn.model_validate(t) for t in turns]
        answer = service.ask(question, history=history, filters=make_filters(areas, doc_types))
    except (BadInput, ValidationError) as exc:  # empty or too long question: say so, keep chat
        gr.Warning(str(exc))
        return chat, turns, question, gr.skip()
    except StoreUnavailable as exc:  # said at start; one warning, not a trace per question
        gr.Warning(f"The document store is unavailable: {exc}")
        return chat, turns, question, gr.skip()
    except Exception:  # a fault of ours: logged with its trace, never shown as bad input
        log.exception("ask failed for %r", question)
        gr.Warning("Something went wrong answering this question; it has been logged.")
        return chat, turns, question, gr.skip()
    chat = [
        *chat,
        {"role": "user", "content": question.strip()},
        {"role": "assistant", "content": render_answer(answer)},
    ]
    # The plain answer (without the rendered passages) is what later turns see as history.
    turns = [
        *turns,
        {"role": "user", "content": question.strip()},
        {"role": "assistant", "content": answer.answer},
    ]
    return chat, turns, "", render_passages(answer)


def build_ui(service: Service) -> gr.Blocks:
    """The chat page: question box, example questions, optional filters, cited answers."""
    demo = gr.Blocks(title="sendqa: SEND inspection assistant", analytics_enabled=False)
    with demo:
        gr.Markdown(INTRO)
        chatbot = gr.Chatbot(
            label="Answers", height=560, latex_delimiters=[], elem_id="sendqa-chat",
            feedback_options=None, buttons=["copy"],
        )
        turns = gr.State([])
        with gr.Row():
            question = gr.Textbox(
                placeholder="e.g. Did Wandsworth make sufficient progress on EHC plans?",
                label="Your question", scale=5, elem_id="sendqa-question", max_lines=4,
            )
            ask = gr.Button("Ask", variant="primary", scale=1, elem_id="sendqa-ask")
        gr.Examples(
            examples=[[q] for _, q in EXAMPLES], inputs=[question], label="Try one of these",
            example_labels=[f"{who}: {q}" for who, q in EXAMPLES],
        )
        with gr.Accordion("Filters (optional)", open=False), gr.Row():
            areas = gr.Dropdown(
                choices=area_choices(service), multiselect=True, label="Area",
                elem_id="sendqa-area",
            )
            doc_types = gr.Dropdown(
                choices=[(doc_type_label(t), t) for t in DOC_TYPES], multiselect=True,
                label="Document type", elem_id="sendqa-doctype",
            )
        clear = gr.Button("New conversation", variant="secondary", size="sm")
        passages = gr.Markdown(PASSAGES_EMPTY, elem_id="sendqa-passages", container=True)

        def on_ask(*args: Any) -> tuple[list[dict[str, Any]], list[dict[str, str]], str, str]:
            return respond(service, *args)

        inputs = [question, chatbot, turns, areas, doc_types]
        outputs = [chatbot, turns, question, passages]
        ask.click(on_ask, inputs, outputs, api_name="ask")
        question.submit(on_ask, inputs, outputs, api_visibility="private")
        clear.click(
            lambda: ([], [], "", PASSAGES_EMPTY), None, outputs, api_visibility="private"
        )
        # Refresh the area list on each page load: documents may have been ingested since.
        demo.load(
            lambda: gr.Dropdown(choices=area_choices(service)), None, areas,
            api_visibility="private",
        )
    return demo

