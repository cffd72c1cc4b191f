"""What stands between the network and the app: an allowed Host header (against DNS
rebinding of a localhost server), a request body size limit, security headers on every
response, and the operator's token on write endpoints.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException

from .errors import ApiError, error_response

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script or style, nothing from another origin: article text that slipped through
# as markup still could not run. Leaflet positions its panes through the CSSOM, which
# style-src does not govern; tiles are our own SVG, so img-src needs only 'self' and data:.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body outgrows the limit. An HTTPException, so that
    FastAPI's body parsing lets it through instead of turning it into a 400."""

    def __init__(self, limit: int):
        super().__init__(413, f"request body larger than the {limit} byte limit")


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class GuardMiddleware:
    """Pure ASGI middleware: Host check, body size limit, security headers.

    The body limit is checked twice: on Content-Length before anything is read, and on
    the bytes actually received (chunked uploads declare no length)."""

    def __init__(self, app: ASGIApp, *, max_body: int, allowed_hosts: Iterable[str] | None):
        self.app = app
        self.max_body = max_body
        self.allowed = None if allowed_hosts is None else {_host_name(h) for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "/")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        async def reply(status: int, error: str) -> None:
            await error_response(path, status, error)(scope, receive, send_secured)

        if self.allowed is not None and _host_name(headers.get("host", "")) not in self.allowed:
            await reply(400, "host not allowed (start tacitus serve with --allow-host to add it)")
            return
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await reply(400, "invalid Content-Length")
                return
            if int(length) > self.max_body:
                await reply(413, f"request body larger than the {self.max_body} byte limit")
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        await self.app(scope, limited_receive, send_secured)


def bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-tacitus-token")


def require_token(request: Request) -> None:
    """Dependency of every write endpoint: the operator's token, as ``Authorization:
    Bearer TOKEN`` or ``X-Tacitus-Token: TOKEN``. Without a configured token, writes are off."""
    expected: str | None = request.app.state.config.token
    if not expected:
        raise ApiError(403, "writes are disabled: start tacitus serve with --token or set TACITUS_TOKEN")
    given = bearer(request)
    if not given:
        raise ApiError(401, "this endpoint needs the operator's token (Authorization: Bearer TOKEN)")
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise ApiError(403, "wrong token")
