"""Request limits as pure ASGI middleware: body-size cap, per-device/per-address token buckets, security headers."""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI

from coach_desktop.sync.protocol import ErrorBody, ErrorCode

from .settings import ServerSettings
from .tokens import verify_access_token

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]
ASGIApp = Callable[[Scope, Receive, Send], Any]

MAX_BUCKETS = 10_000  # least recently used buckets are forgotten beyond this: memory stays bounded
DRAIN_FACTOR = 4  # read (and drop) up to this many times the cap so an honest client sees the 413, not a reset
UNLIMITED_PATHS = frozenset({"/healthz"})  # load-balancer and harness probes
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"cache-control", b"no-store"),  # answers can hold PHI: no proxy or browser may keep them
    (b"strict-transport-security", b"max-age=31536000"),  # only honoured over TLS, which fronts every deployment
]


class TokenBuckets:
    """In-memory token buckets: ``rate_per_minute`` sustained, bursts up to the same number."""

    def __init__(self, rate_per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(max(1, rate_per_minute))
        self.per_second = self.capacity / 60.0
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key → (tokens, last refill time)

    def take(self, key: str) -> float:
        """0 when the request may go ahead, else the seconds to wait for the next token."""
        now = self.clock()
        tokens, last = self._buckets.pop(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.per_second)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.per_second
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > MAX_BUCKETS:
            self._buckets.popitem(last=False)
        return wait


def _error(status: int, code: ErrorCode, detail: str, headers: list[tuple[bytes, bytes]] | None = None
           ) -> tuple[Message, Message]:  # fmt: skip
    body = json.dumps(ErrorBody(error=code, detail=detail).model_dump(exclude_none=True)).encode()
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(headers or [])]
    return ({"type": "http.response.start", "status": status, "headers": head},
            {"type": "http.response.body", "body": body})  # fmt: skip


class LimitsMiddleware:
    def __init__(self, app: ASGIApp, settings: ServerSettings) -> None:
        self.app = app
        self.max_body = settings.max_body_bytes
        self.buckets = TokenBuckets(settings.requests_per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send)
        if scope.get("path") not in UNLIMITED_PATHS:
            wait = self.buckets.take(_bucket_key(scope))
            if wait > 0:
                retry = str(max(1, math.ceil(wait))).encode()
                await _send_all(send, _error(429, ErrorCode.RATE_LIMITED, "too many requests; slow down",
                                             [(b"retry-after", retry)]))  # fmt: skip
                return
        body = await self._read_body(scope, receive)
        if body is None:
            await _send_all(send, _error(413, ErrorCode.TOO_LARGE, f"request body over {self.max_body} bytes"))
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None when it is over the cap (declared or actually sent; chunked included)."""
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await _drain(receive, self.max_body * DRAIN_FACTOR)
            return None
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # client went away: let the app see the disconnect
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            more = message.get("more_body", False)
            if size > self.max_body:
                if more:  # never wait for a body that has already ended: receive() would block until disconnect
                    await _drain(receive, self.max_body * DRAIN_FACTOR - size)
                return None
            chunks.append(chunk)
        return b"".join(chunks)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server rejects a malformed length before we are called
    return None


async def _drain(receive: Receive, budget: int) -> None:
    """Read and drop the rest of the body (up to ``budget`` bytes): the client can then read our answer."""
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: only http.disconnect, from the server

    return replay


def _with_security_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {name.lower() for name, _ in message.get("headers", [])}
            extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


async def _send_all(send: Send, messages: tuple[Message, Message]) -> None:
    for message in messages:
        await send(message)


def _bucket_key(scope: Scope) -> str:
    """A valid bearer token's device, else the client address (forged tokens cannot buy fresh buckets)."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            secret = _token_secret(scope)
            if scheme.lower() == "bearer" and secret is not None:
                claims = verify_access_token(secret, token.strip(), datetime.now(UTC))
                if claims is not None:
                    return "device:" + claims.device_id
            break
    client = scope.get("client") or ("unknown", 0)
    return "address:" + str(client[0])


def _token_secret(scope: Scope) -> bytes | None:
    app = scope.get("app")
    server = getattr(getattr(app, "state", None), "coach", None)
    return getattr(server, "token_secret", None)


def install_limits(app: FastAPI, settings: ServerSettings) -> None:
    """Wrap the app: every HTTP request is rate limited and size-capped, every answer gets security headers."""
    app.add_middleware(LimitsMiddleware, settings=settings)  # type: ignore[arg-type]
