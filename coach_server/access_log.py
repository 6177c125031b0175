"""Structured access log: one JSON line per request with allow-listed fields only — never bodies, queries or PHI.

The path is logged as its route template (``/v1/admin/devices/{device_id}/revoke``), so ids in URLs stay out too.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

LOGGER = logging.getLogger("coach_server.access")


def _route_template(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "path", "unmatched"))


def install_access_log(app: FastAPI) -> None:
    @app.middleware("http")
    async def _log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            LOGGER.info(json.dumps({
                "event": "http_request",
                "method": request.method,
                "route": _route_template(request),
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }, separators=(",", ":")))  # fmt: skip
