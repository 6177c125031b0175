"""Structured access log: one JSON line per request with allow-listed fields only — never bodies, queries or PHI.

The path is logged as its route template (``/v1/admin/devices/{device_id}/revoke``), so ids in URLs stay out too.
A pure ASGI middleware: Starlette's ``@app.middleware("http")`` (BaseHTTPMiddleware) runs every request through
an extra task and memory streams, which cost more CPU than many of our endpoints themselves.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from fastapi import FastAPI

LOGGER = logging.getLogger("coach_server.access")

Scope = dict[str, Any]
Message = dict[str, Any]


def _route_template(scope: Scope) -> str:
    return str(getattr(scope.get("route"), "path", "unmatched"))


class AccessLogMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            if LOGGER.isEnabledFor(logging.INFO):
                LOGGER.info(json.dumps({
                    "event": "http_request",
                    "method": scope.get("method"),
                    "route": _route_template(scope),
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                }, separators=(",", ":")))  # fmt: skip


def install_access_log(app: FastAPI) -> None:
    app.add_middleware(AccessLogMiddleware)
