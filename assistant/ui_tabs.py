"""The Areas, Compare, Documents and Glossary tabs of the page (the Ask tab is in ui.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import gradio as gr

from assistant.area_views import area_detail, compare, find_area, finding_rows
from assistant.glossary_view import glossary_for, glossary_html, hover_from
from assistant.service import Service
from assistant.tab_render import area_html, compare_html, documents_html
from assistant.uploads import Forbidden, Uploads, check_admin
from core.themes import THEME_LABELS

PICK_AREA = '<p class="sendqa-meta">Pick an area to see its story.</p>'


def area_page(service: Service, area: str | None) -> str:
    docs = service.documents()
    name = find_area(docs, area or "")
    if name is None:
        return PICK_AREA
    return area_html(area_detail(name, docs, service.findings(area=name)))


def compare_page(service: Service, theme: str | None) -> str:
    if not theme or theme not in THEME_LABELS:
        return '<p class="sendqa-meta">Pick a theme to compare the areas.</p>'
    docs, findings = service.documents(), service.findings()
    per_theme = {label: dict(Counter(r.status for r in finding_rows(
        [f for f in findings if f.theme == slug], docs)).most_common())
        for slug, label in THEME_LABELS.items()}
    return compare_html(compare(theme, docs, [f for f in findings if f.theme == theme]),
                        per_theme)


def documents_page(service: Service) -> str:
    registry = service.store.registry()
    passages = {doc_id: len(entry.passage_ids) for doc_id, entry in registry.items()}
    findings = {doc_id: len(entry.finding_ids) for doc_id, entry in registry.items()}
    return documents_html(service.documents(), passages, findings)


def theme_choices(service: Service) -> list[tuple[str, str]]:
    used = Counter(f.theme for f in service.findings())
    return [(f"{label} ({used[slug]})", slug) for slug, label in THEME_LABELS.items()
            if used[slug]]


def build_tabs(service: Service, uploads: Uploads) -> tuple[gr.Dropdown, gr.Dropdown]:
    """Called inside gr.Tabs: one gr.Tab each; returns the area and theme pickers."""
    areas = sorted({d.area for d in service.documents()})
    with gr.Tab("Areas", id="areas", elem_id="tab-areas"):
        pick = gr.Dropdown(choices=areas, label="Area", elem_id="sendqa-area-pick")
        page = gr.HTML(PICK_AREA, elem_id="sendqa-area-view", js_on_load=None)
        pick.change(lambda a: area_page(service, a), pick, page, api_visibility="private")
    with gr.Tab("Compare", id="compare", elem_id="tab-compare"):
        theme = gr.Dropdown(choices=theme_choices(service), label="Theme",
                            elem_id="sendqa-theme-pick")
        view = gr.HTML(compare_page(service, None), elem_id="sendqa-compare-view",
                       js_on_load=None)
        theme.change(lambda t: compare_page(service, t), theme, view, api_visibility="private")
    with gr.Tab("Documents", id="documents", elem_id="tab-documents"):
        # A function as the value: the list is read again on each page load.
        table = gr.HTML(lambda: documents_page(service), elem_id="sendqa-documents",
                        js_on_load=None)
        _admin_controls(service, uploads, table)
    with gr.Tab("Glossary", id="glossary", elem_id="tab-glossary"):
        # Built from the documents' own words, again after an ingest changes the store.
        gr.HTML(lambda: glossary_html(glossary_for(service)), js_on_load=None)
    hover_from(service)
    return pick, theme


def _admin_controls(service: Service, uploads: Uploads, table: gr.HTML) -> None:
    try:
        check_admin(service, None)
    except Forbidden as exc:
        if exc.status == 403:  # no token configured: say so, show no controls
            gr.Markdown(f"**Upload is off.** {exc}", elem_id="sendqa-upload-off")
            return
    with gr.Accordion("Add or remove documents (administrators)", open=False,
                      elem_id="sendqa-admin"):
        token = gr.Textbox(label="Admin token", type="password", elem_id="sendqa-token")
        upload = gr.File(label="Document (PDF, Word, HTML or text)", elem_id="sendqa-upload",
                         file_types=[".pdf", ".docx", ".html", ".htm", ".txt", ".md"])
        send = gr.Button("Upload and ingest", variant="primary", elem_id="sendqa-upload-go")
        remove_id = gr.Textbox(label="Id of a document to remove", elem_id="sendqa-remove-id")
        remove = gr.Button("Remove document", variant="stop", elem_id="sendqa-remove-go")
        status = gr.Markdown("", elem_id="sendqa-upload-status")
        job_id = gr.State("")
        timer = gr.Timer(0.5, active=False)  # often enough to see the percent move

    def start(tok: str, file: Any) -> tuple[str, str, Any]:
        try:
            check_admin(service, tok)
            if not file:
                return "Choose a file first.", "", gr.Timer(active=False)
            path = file if isinstance(file, str) else file.name
            with open(path, "rb") as handle:
                data = handle.read(service.settings.max_upload_bytes + 1)
            job = uploads.submit(path.rsplit("/", 1)[-1], data)
        except (Forbidden, ValueError) as exc:
            return f"**Not uploaded:** {exc}", "", gr.Timer(active=False)
        return f"Uploaded {job.filename}: {job.message}", job.job_id, gr.Timer(active=True)

    def poll(job: str) -> tuple[str, Any, str]:
        found = uploads.job(job)
        if found is None:
            return "", gr.Timer(active=False), gr.skip()
        running = found.state in ("queued", "ingesting")
        text = f"**{found.filename}: {found.state}.** {found.message}"
        return text, gr.Timer(active=running), gr.skip() if running else documents_page(service)

    def drop(tok: str, doc_id: str) -> tuple[str, str]:
        try:
            check_admin(service, tok)
            return uploads.remove(doc_id.strip()), documents_page(service)
        except Forbidden as exc:
            return f"**Not removed:** {exc}", gr.skip()
        except LookupError:
            return f"**Not removed:** no document with id '{doc_id.strip()}'.", gr.skip()

    send.click(start, [token, upload], [status, job_id, timer], api_visibility="private")
    timer.tick(poll, job_id, [status, timer, table], api_visibility="private")
    remove.click(drop, [token, remove_id], [status, table], api_visibility="private")
