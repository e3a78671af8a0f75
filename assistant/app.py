"""The FastAPI app: the API under /api, OpenAPI docs at /docs, the Gradio chat at /."""

from __future__ import annotations

from fastapi import FastAPI

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
    if with_ui:
        import gradio as gr  # heavy import: only when the chat is wanted

        from assistant.ui import THEME, build_ui, page_css, page_head

        app = gr.mount_gradio_app(
            app, build_ui(service, app.state.feedback, app.state.uploads), path="/",
            ssr_mode=False, run_history=False, footer_links=[], theme=THEME, css=page_css(),
            head=page_head(), max_file_size=limits.max_upload_bytes,
        )
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory assistant.app:app_factory`."""
    force_offline()
    return create_app(Service.from_settings(get_settings()))
