"""Response headers and closed routes that every request passes through, API and web UI alike."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CLOSED_PATHS", "GuardMiddleware"]

# Gradio's upload routes store any file anyone sends and serve it back; the UI
# has no upload component, so nothing legitimate uses them.
CLOSED_PATHS = ("/gradio_api/upload", "/gradio_api/upload_progress")


class GuardMiddleware:
    """``X-Content-Type-Options: nosniff`` on every response; 404 for :data:`CLOSED_PATHS`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].rstrip("/").endswith(CLOSED_PATHS):
            await _not_found(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-content-type-options"]
                message = {**message, "headers": [*headers, (b"x-content-type-options", b"nosniff")]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _not_found(send: Send) -> None:
    body = json.dumps({"detail": "Not Found"}).encode()
    headers = [(b"content-type", b"application/json"), (b"x-content-type-options", b"nosniff")]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": body})
