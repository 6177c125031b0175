"""Typed API errors: every failure answers with the protocol's ErrorBody, never a stack trace, PHI or echoed input.

Also the strict request side shared by every router: JSON bodies must be UTF-8 with no NaN/Infinity, NUL or lone
surrogates (PostgreSQL's JSONB and the UTF-8 response encoder would otherwise fail on them later, as a 500), and a
query parameter the operation does not declare is refused instead of silently ignored.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from coach_desktop.sync.protocol import ErrorBody, ErrorCode

MAX_JSON_DEPTH = 64  # the wire format nests a few levels; anything deeper is hostile
RETRY_AFTER_SECONDS = "5"


class ApiError(Exception):
    def __init__(self, status: int, code: ErrorCode, detail: str = "", headers: dict[str, str] | None = None,
                 **extra: Any) -> None:  # fmt: skip
        super().__init__(code.value)
        self.status = status
        self.body = ErrorBody(error=code, detail=detail, **extra)
        self.headers = headers


_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def safe_name(part: object) -> str:
    """A location part fit to send back: a field name or an index; anything else becomes ``?``."""
    text = str(part)
    return text if isinstance(part, int) or _FIELD_NAME.match(text) else "?"


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for an operation's error statuses: each answers with ErrorBody."""
    return {status: {"model": ErrorBody} for status in statuses}


def error_response(status: int, code: ErrorCode, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(error=code, detail=detail)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers)


# Starlette/FastAPI's own HTTP errors (no route, wrong method, unparsable body) in the protocol's shape. Their
# ``detail`` is never passed on: it is replaced by a fixed text per status.
_HTTP_ERRORS: dict[int, tuple[int, ErrorCode, str]] = {
    400: (422, ErrorCode.INVALID, "invalid request: the body is not valid JSON"),
    401: (401, ErrorCode.UNAUTHORIZED, "sign in again"),
    403: (403, ErrorCode.FORBIDDEN, "not allowed"),
    404: (404, ErrorCode.NOT_FOUND, "no such endpoint"),
    405: (405, ErrorCode.INVALID, "method not allowed"),
    413: (413, ErrorCode.TOO_LARGE, "request body too large"),
    429: (429, ErrorCode.RATE_LIMITED, "too many requests; slow down"),
}
_PASSED_HEADERS = frozenset({"allow", "retry-after", "www-authenticate"})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(exclude_none=True), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Field locations only: the submitted values could be PHI and are never echoed back. A location part
        # the client chose (an unknown key) is shown only when it looks like a field name.
        where = sorted({".".join(safe_name(p) for p in err.get("loc", ())) for err in exc.errors()})[:20]
        return error_response(422, ErrorCode.INVALID, "invalid request: " + ", ".join(where))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status, code, detail = _HTTP_ERRORS.get(exc.status_code, (exc.status_code, ErrorCode.INVALID, "refused"))
        if not 400 <= status < 500:  # only client errors are raised this way; anything else is not ours to relay
            status, code, detail = 422, ErrorCode.INVALID, "invalid request"
        headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() in _PASSED_HEADERS}
        return error_response(status, code, detail, headers or None)

    @app.exception_handler(OperationalError)
    async def _transient(_request: Request, _exc: OperationalError) -> JSONResponse:
        # A busy SQLite file or a restarting PostgreSQL anywhere (auth dependency included): retry, never a 500.
        return error_response(503, ErrorCode.UNAVAILABLE, "try again shortly", {"Retry-After": RETRY_AFTER_SECONDS})


# ---- strict JSON bodies -----------------------------------------------------------------------------------


def _no_constant(_name: str) -> Any:
    raise json.JSONDecodeError("NaN and Infinity are not JSON", "", 0)


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):  # 1e400: valid JSON, but not a number any JSON encoder can write back
        raise json.JSONDecodeError("number out of range", "", 0)
    return value


def _check_strings(value: Any) -> None:
    """Refuse NUL and lone surrogates in any key or string, and nesting deeper than MAX_JSON_DEPTH."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise json.JSONDecodeError("nested too deeply", "", 0)
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict):
            for key, child in item.items():
                _check_text(key)
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise json.JSONDecodeError("NUL in a string", "", 0)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise json.JSONDecodeError("lone surrogate in a string", "", 0) from None


def strict_json_loads(raw: bytes) -> Any:
    """UTF-8 JSON only: no UTF-16/32 sniffing, no NaN/Infinity or overflowing floats, no NUL, no lone surrogates,
    no deep nesting. Raises ValueError (JSONDecodeError), which FastAPI turns into a 422 ``invalid``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise json.JSONDecodeError("not UTF-8", "", 0) from None
    value = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    _check_strings(value)
    return value


class StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = strict_json_loads(await self.body())
        return self._json


class StrictRoute(APIRoute):
    """An APIRoute whose JSON body is parsed by ``strict_json_loads`` (a refusal is a 422 ErrorBody)."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler


# ---- strict query strings ---------------------------------------------------------------------------------


def _query_names(dependant: Any) -> set[str]:
    """Query parameter names an operation declares, its sub-dependencies included."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_query(request: Request) -> None:
    """App-wide dependency: a query parameter the operation does not declare is a 422, not silently ignored
    (a ``?member_id=…`` filter must never look as if it had been honoured). ``async``: no I/O, and a plain
    ``def`` dependency costs a thread-pool round trip on every request."""
    if not request.scope.get("query_string"):
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    allowed: frozenset[str] | None = getattr(route, "_coach_query_names", None)
    if allowed is None:
        allowed = frozenset(_query_names(route.dependant))
        route._coach_query_names = allowed  # type: ignore[attr-defined]  # computed once per route
    if any(name not in allowed for name in request.query_params):
        raise ApiError(422, ErrorCode.INVALID, "invalid request: unknown query parameter")
