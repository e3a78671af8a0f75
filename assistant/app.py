"""The FastAPI app: the API under /api, OpenAPI docs at /docs, the Gradio chat at /."""

from __future__ import annotations

import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from assistant import __version__
from assistant.api import api_router
from assistant.api.errors import install_error_handlers
from assistant.api.limits import BodyLimit, RateLimit
from assistant.feedback import FeedbackStore
from assistant.redact import install_log_redaction
from assistant.service import Service
from assistant.uploads import Uploads
from core.config import force_offline, get_settings

DESCRIPTION = (
    "Cited answers from English local area SEND inspection letters, reports and council papers. "
    "Every [n] in an answer refers to one of the returned citations."
)


def create_app(service: Service, *, with_ui: bool = True) -> FastAPI:
    """Build the app around one already-built Service (shared by the API and the UI)."""
    app = FastAPI(title="sendqa", version=__version__, description=DESCRIPTION)
    app.state.service = service
    app.state.feedback = FeedbackStore(service.settings.feedback_db)
    app.state.uploads = Uploads(service)
    install_log_redaction()
    install_error_handlers(app)
    app.include_router(api_router)
    limits = service.settings
    # An upload's multipart wrapping adds a few hundred bytes to the file itself.
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes,
                       larger={"/api/documents": limits.max_upload_bytes + 64_000})
    app.add_middleware(RateLimit, per_minute=limits.requests_per_minute)
    if with_ui and (problem := service.store.unavailable()):
        _say_unavailable(app, problem)
    elif with_ui:
        import gradio as gr  # heavy import: only when the chat is wanted

        from assistant.ui import THEME, build_ui, page_css, page_head

        app = gr.mount_gradio_app(
            app, build_ui(service, app.state.feedback, app.state.uploads), path="/",
            ssr_mode=False, run_history=False, footer_links=[], theme=THEME, css=page_css(),
            head=page_head(), max_file_size=limits.max_upload_bytes,
        )
    return app


def _say_unavailable(app: FastAPI, problem: str) -> None:
    """The chat is built from the store's documents: while the store cannot be opened at
    start, / says why instead (the API answers 503); restart once the store is back."""
    page = ("<!doctype html><title>sendqa: store unavailable</title><h1>The document store is "
            f"unavailable</h1><p>{html.escape(problem)}</p><p>Restart sendqa once it is back.</p>")
    app.add_api_route("/", lambda: HTMLResponse(page, status_code=503),
                      include_in_schema=False)


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory assistant.app:app_factory`."""
    force_offline()
    return create_app(Service.from_settings(get_settings()))
