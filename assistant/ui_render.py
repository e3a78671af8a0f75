"""HTML the chat shows for an answer: the text with clickable [n], the sources folded under it,
what it was answered from, and the plain text a user copies into a briefing paper.

Everything from the documents or the user is escaped here; the page's script (static/sendqa.js)
reads the data-* attributes to open a passage in its document and to preview it on hover.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.doc_view import KIND_NAMES
from assistant.glossary_view import mark_terms
from core.dates import human
from core.models import Answer, Citation

_CITE_RE = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Exchange:
    """One question and its answer, as the chat keeps them."""

    question: str
    answer: Answer
    scope: str = ""
    notes: list[str] = field(default_factory=list)


def citation_label(c: Citation) -> str:
    """"[1] Wokingham · Wokingham joint local area SEND revisit letter · 23 June 2021"."""
    return f"[{c.n}] {c.area} · {c.title} · {human(c.date) or 'date unknown'}"


def _cite_link(c: Citation) -> str:
    attrs = {
        "href": f"#source-{c.n}", "class": "sendqa-cite", "data-open-doc": c.doc_id,
        "data-chunk": c.chunk_id, "data-passage": " ".join(c.text.split()),
        "data-label": citation_label(c),
        "aria-label": f"Source {c.n}: {c.area}, {c.title}. Opens the passage in its document.",
    }
    joined = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    return f"<a {joined}>[{c.n}]</a>"


def answer_html(answer: Answer) -> str:
    """The answer's paragraphs and bullet lists, each [n] a link to its passage."""
    by_n = {c.n: c for c in answer.citations}

    def inline(text: str) -> str:
        escaped = mark_terms(html.escape(text))
        return _CITE_RE.sub(lambda m: _cite_link(by_n[int(m.group(1))])
                            if int(m.group(1)) in by_n else m.group(0), escaped)

    blocks: list[str] = []
    for para in re.split(r"\n\s*\n", answer.answer.strip()):
        lines = [ln.strip() for ln in para.splitlines() if ln.strip()]
        items = [ln for ln in lines if ln[:2] in ("- ", "• ", "* ")]
        if items and len(items) == len(lines):
            blocks.append("<ul>" + "".join(f"<li>{inline(i[2:])}</li>" for i in items) + "</ul>")
        elif items:
            head = [ln for ln in lines if ln not in items]
            blocks.append(f"<p>{inline(' '.join(head))}</p><ul>"
                          + "".join(f"<li>{inline(i[2:])}</li>" for i in items) + "</ul>")
        else:
            blocks.append(f"<p>{inline(' '.join(lines))}</p>")
    return "".join(blocks)


def sources_html(answer: Answer) -> str:
    """The cited passages, folded: a heading line and a short excerpt each, each opening the
    passage inside its document."""
    if not answer.citations:
        return ""
    heading = "Nearest passages found" if answer.abstained else "Sources"
    items = []
    for c in answer.citations:
        excerpt = textwrap.shorten(" ".join(c.text.split()), width=240, placeholder=" …")
        items.append(
            f'<li id="source-{c.n}">{_cite_link(c)} '
            f'<a href="#" data-open-doc="{html.escape(c.doc_id)}" '
            f'data-chunk="{html.escape(c.chunk_id)}">{html.escape(c.area)} · '
            f'{html.escape(c.title)}</a> · {html.escape(human(c.date) or "date unknown")} · '
            f'{html.escape(KIND_NAMES.get(c.doc_type, c.doc_type))}'
            f'<span class="sendqa-excerpt">{html.escape(excerpt)}</span></li>')
    return (f'<details class="sendqa-sources"><summary>{heading} ({len(items)})</summary>'
            f'<ol>{"".join(items)}</ol></details>')


def plain_text(exchange: Exchange) -> str:
    """The answer as plain text with numbered references, for a briefing paper."""
    answer = exchange.answer
    lines = [f"Question: {exchange.question}", "", answer.answer.strip()]
    if answer.citations:
        lines += ["", "References"]
        for c in answer.citations:
            kind = KIND_NAMES.get(c.doc_type, c.doc_type)
            excerpt = textwrap.shorten(" ".join(c.text.split()), width=300, placeholder=" …")
            lines.append(f"[{c.n}] {c.area}, {c.title}, {human(c.date) or 'date unknown'} "
                         f"({kind}): \"{excerpt}\"")
    if exchange.scope:
        lines += ["", exchange.scope]
    return "\n".join(lines)


def exchange_html(exchange: Exchange, latest: bool) -> str:
    notes = "".join(f'<p class="sendqa-conflict" role="note">{html.escape(n)}</p>'
                    for n in exchange.notes)
    scope = f'<p class="sendqa-scope">{html.escape(exchange.scope)}</p>' if exchange.scope else ""
    copy = html.escape(plain_text(exchange), quote=True)
    return (f'<article class="sendqa-exchange{"" if latest else " sendqa-older"}">'
            f'<p class="sendqa-q">{html.escape(exchange.question)}</p>{notes}'
            f'<div class="sendqa-a">{answer_html(exchange.answer)}</div>{scope}'
            f'{sources_html(exchange.answer)}'
            f'<div class="sendqa-actions"><button type="button" class="sendqa-copy" '
            f'data-copy="{copy}">Copy answer</button></div></article>')


def conversation_html(exchanges: Sequence[Exchange]) -> str:
    """Newest answer first, so it is the first thing under the question box."""
    if not exchanges:
        return ('<div id="sendqa-empty" class="sendqa-meta">Answers appear here, newest first; '
                'each [n] opens the passage it comes from.</div>')
    ordered = list(reversed(exchanges))
    return "".join(exchange_html(e, i == 0) for i, e in enumerate(ordered))


def pending_html(question: str, exchanges: Sequence[Exchange], draft: str = "") -> str:
    """The question being answered; with an LLM, its draft as the model writes it, greyed and
    labelled: not yet checked, so its [n] are not links (the checked answer replaces it)."""
    status = (f'<div class="sendqa-draft" aria-live="polite"><p class="sendqa-draft-label">'
              f'Drafting… (not yet checked against the documents)</p>'
              f'<p class="sendqa-draft-text">{html.escape(draft)}</p></div>' if draft else
              '<p class="sendqa-meta">Looking through the documents…</p>')
    waiting = (f'<article class="sendqa-exchange" aria-busy="true"><p class="sendqa-q">'
               f'{html.escape(question)}</p>{status}</article>')
    return waiting + (conversation_html(exchanges) if exchanges else "")
