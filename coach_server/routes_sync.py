"""HTTP routes for CoachSync v1: thin wrappers over sync_service (plain ``def``: FastAPI runs them in a threadpool)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from coach_desktop.sync.protocol import (
    MAX_PAGE_LIMIT,
    ErrorCode,
    HelloResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    SnapshotRequest,
    SnapshotResponse,
    WipeAck,
)

from . import sync_service, tables
from .api_errors import RETRY_AFTER_SECONDS, ApiError, StrictRoute, error_responses
from .deps import BEARER, Caller, ServerState, require_device, state
from .tokens import verify_access_token

router = APIRouter(tags=["sync"], route_class=StrictRoute)

CursorParam = Annotated[str | None, Query(min_length=1, max_length=4096, pattern=r"^[A-Za-z0-9_.~-]+$")]


class BatchGate:
    """Push batches being applied right now, by (device, Idempotency-Key): a concurrent copy gets 409.

    Per process on purpose: across processes a duplicate is still harmless, because every mutation is applied
    under the tenant lock after checking the device's last_client_seq (and the (device_id, client_seq) key).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy: set[tuple[str, str]] = set()

    @contextmanager
    def hold(self, key: tuple[str, str]) -> Iterator[None]:
        with self._lock:
            if key in self._busy:
                raise ApiError(409, ErrorCode.IN_PROGRESS, "this batch is already being applied")
            self._busy.add(key)
        try:
            yield
        finally:
            with self._lock:
                self._busy.discard(key)


_BATCHES = BatchGate()  # lives as long as the router it guards
# Every sync operation: 401 (sign in / device_revoked), 422 (schema), 429 (rate limit), 503 (transient).
_COMMON = (401, 403, 413, 422, 429, 503)


@contextmanager
def transient_as_503() -> Iterator[None]:
    """A lost connection, a busy SQLite file or a restarting PostgreSQL is 503 + Retry-After, never a 500:
    every sync request is safe to repeat (SYNC_PROTOCOL §6.4)."""
    try:
        yield
    except OperationalError:
        raise ApiError(503, ErrorCode.UNAVAILABLE, "try again shortly",
                       headers={"Retry-After": RETRY_AFTER_SECONDS}) from None  # fmt: skip


def wire(model: BaseModel) -> Response:
    """The answer as JSON, serialised once by pydantic: returning the model itself makes FastAPI validate it
    again against ``response_model`` and encode it through jsonable_encoder (``response_model`` stays, for the
    OpenAPI document). Same bytes as FastAPI's own rendering: compact, by alias, UTF-8."""
    return Response(model.model_dump_json(by_alias=True), media_type="application/json")


@router.get("/v1/sync/hello", response_model=HelloResponse, responses=error_responses(*_COMMON, 426))
def get_hello(
    request: Request,
    caller: Annotated[Caller, Depends(require_device)],
    server: Annotated[ServerState, Depends(state)],
    schema: Annotated[int | None, Query(ge=0, le=10_000)] = None,
    x_coach_schema: Annotated[int | None, Header(ge=0, le=10_000)] = None,
) -> Response:
    settings = getattr(request.app.state, "settings", None)
    lease = getattr(settings, "lease", sync_service.DEFAULT_LEASE)
    client_schema = x_coach_schema if x_coach_schema is not None else schema
    with transient_as_503():
        return wire(sync_service.hello(server.engine, server, caller, client_schema, lease=lease))


@router.post("/v1/sync/push", response_model=PushResponse, responses=error_responses(*_COMMON, 400, 409, 426))
def post_push(
    body: PushRequest,
    caller: Annotated[Caller, Depends(require_device)],
    server: Annotated[ServerState, Depends(state)],
    idempotency_key: Annotated[str, Header(min_length=1, max_length=64)],
) -> Response:
    if _as_uuid(idempotency_key) != body.batch_id:
        raise ApiError(400, ErrorCode.INVALID, "Idempotency-Key must be the batch_id")
    with _BATCHES.hold((caller.device_id, str(body.batch_id))), transient_as_503():
        return wire(sync_service.push(server.engine, server, caller, body))


@router.get("/v1/sync/pull", response_model=PullResponse, responses=error_responses(*_COMMON, 400, 410))
def get_pull(
    caller: Annotated[Caller, Depends(require_device)],
    server: Annotated[ServerState, Depends(state)],
    cursor: CursorParam = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = 500,
) -> Response:
    with transient_as_503():
        return wire(sync_service.pull(server.engine, server, caller, cursor, limit))


@router.post("/v1/sync/snapshot", response_model=SnapshotResponse, responses=error_responses(*_COMMON, 400, 410))
def post_snapshot(
    body: SnapshotRequest,
    caller: Annotated[Caller, Depends(require_device)],
    server: Annotated[ServerState, Depends(state)],
) -> Response:
    with transient_as_503():
        return wire(sync_service.snapshot(server.engine, server, caller, body))


def device_even_if_revoked(request: Request, server: Annotated[ServerState, Depends(state)],
                           _declared: Annotated[object, Depends(BEARER)] = None) -> Caller:  # fmt: skip
    """Like require_device, but a revoked device may still say it has wiped itself (with a valid token)."""
    from .audit import utc_now

    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    claims = verify_access_token(server.token_secret, token, utc_now()) if scheme.lower() == "bearer" else None
    if claims is None:
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "sign in again", headers={"WWW-Authenticate": "Bearer"})
    d, u = tables.device, tables.users
    with server.engine.connect() as conn:
        query = select(d.c.status, d.c.user_id, d.c.tenant_id, u.c.role).join(u, u.c.id == d.c.user_id)
        row = conn.execute(query.where(d.c.device_id == claims.device_id)).first()
    if row is None or row.user_id != claims.user_id:
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "sign in again")
    return Caller(claims.device_id, claims.user_id, row.tenant_id, row.role, row.status)


@router.post("/v1/devices/me/wipe-ack", status_code=204, response_class=Response,
             responses=error_responses(*_COMMON))  # fmt: skip
def post_wipe_ack(
    body: WipeAck,
    caller: Annotated[Caller, Depends(device_even_if_revoked)],
    server: Annotated[ServerState, Depends(state)],
) -> Response:
    with transient_as_503():
        sync_service.wipe_ack(server.engine, caller, body)
    return Response(status_code=204)


def _as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
