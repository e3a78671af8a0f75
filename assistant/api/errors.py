"""Turn validation errors into a 422 whose "detail" a person can read."""

from __future__ import annotations

import logging
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import StoreUnavailable
from core.store import RETRY_S

log = logging.getLogger(__name__)
_SECTIONS = {"body", "query", "path"}


def describe_error(error: dict[str, Any]) -> str:
    """One readable line for one pydantic error, e.g. "filters.colour: unknown field"."""
    loc = [str(part) for part in error.get("loc", ()) if part not in _SECTIONS]
    where = ".".join(loc)
    kind = error.get("type", "")
    if kind == "json_invalid":
        reason = error.get("ctx", {}).get("error", "")
        return f"Malformed JSON in the request body ({reason})."
    if kind == "extra_forbidden":
        return f"Unknown field '{where}'."
    if kind == "missing":
        return f"Missing required field '{where}'."
    message = str(error.get("msg", "invalid value"))
    return f"{where}: {message}" if where else message


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Return a 422 with a readable summary plus the structured errors."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    lines = [describe_error(e) for e in errors] or ["Invalid request."]
    structured = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in errors
    ]
    return JSONResponse(status_code=422, content={"detail": "; ".join(lines), "errors": structured})


async def fault_handler(request: Request, exc: Exception) -> JSONResponse:
    """A fault of ours: a 500 with a plain message; the trace goes to the log, not the user."""
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        status_code=500,
        content={"detail": "Something went wrong on our side answering this; it has been logged."},
    )


async def http_error_handler(request: Request, exc: Exception) -> Response:
    """FastAPI answers a body it cannot decode (not UTF-8) with a bare 400; it is malformed
    input like any other, so it gets the 422 every other malformed body gets."""
    if isinstance(exc, StarletteHTTPException) and exc.status_code == 400 and \
            exc.detail == "There was an error parsing the body":
        return JSONResponse(status_code=422, content={
            "detail": "Malformed JSON in the request body (it is not UTF-8 text).", "errors": []})
    return await http_exception_handler(request, cast(StarletteHTTPException, exc))


async def unavailable_handler(request: Request, exc: Exception) -> JSONResponse:
    """The store cannot be opened or reached: a 503 saying why, and one log line per request
    rather than a trace (the message already names the cause and what to do)."""
    log.warning("%s %s: 503, the store is unavailable", request.method, request.url.path)
    return JSONResponse(status_code=503, headers={"Retry-After": str(int(RETRY_S))},
                        content={"detail": f"The document store is unavailable: {exc}"})


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StoreUnavailable, unavailable_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(Exception, fault_handler)
