"""One error shape for the whole API: ``{"ok": false, "error": "...", "status": N}``.

Every error raised while serving (HTTP errors, validation errors, oversized bodies, bad
hosts, unexpected exceptions) ends here. Under ``/api/`` (and ``/openapi.json``) it is
that JSON object; on a web page it is an HTML page saying the same thing.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("tacitus.serve")


class ApiError(Exception):
    """An error with an HTTP status and a one-line reason for the user."""

    def __init__(self, status: int, error: str):
        super().__init__(error)
        self.status = status
        self.error = error


class ErrorBody(BaseModel):
    """The body of every API error."""

    ok: bool = False
    error: str
    status: int


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "Client error"},
    "5XX": {"model": ErrorBody, "description": "Server error"},
}


def error_body(status: int, error: str) -> dict[str, Any]:
    return {"ok": False, "error": error, "status": status}


def wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def error_response(request_path: str, status: int, error: str, headers: dict[str, str] | None = None) -> Response:
    if wants_json(request_path):
        return JSONResponse(error_body(status, error), status_code=status, headers=headers)
    from .pages import render_error  # late: pages imports the templates

    return render_error(status, error, headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
    return "invalid request: " + "; ".join(parts) if parts else "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the one shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request.url.path, exc.status, exc.error)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"not found: {request.url.path}"
        elif exc.status_code == 405:
            detail = f"method {request.method} not allowed on {request.url.path}"
        return error_response(request.url.path, exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.url.path, 422, _validation_message(exc))

    @app.exception_handler(RecursionError)
    async def _too_deep(request: Request, exc: RecursionError) -> Response:
        return error_response(request.url.path, 400, "invalid request: the body nests too deep")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return error_response(request.url.path, 500, "internal error")
