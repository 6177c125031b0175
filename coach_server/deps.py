"""Request dependencies: who is calling (device + user + role), checked against the database on every call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from sqlalchemy import Engine, select, update

from coach_desktop.sync.protocol import ErrorCode

from . import tables
from .api_errors import ApiError
from .audit import as_utc
from .sequence import read_one_statement
from .tokens import verify_access_token

# Declares the device bearer token in the OpenAPI schema (clients and fuzzers authenticate from it). It never
# refuses by itself: require_device reads and checks the header so every refusal is the protocol's ErrorBody.
BEARER = HTTPBearer(auto_error=False, scheme_name="DeviceToken", description="device access token (15 min)")


LAST_SEEN_EVERY = timedelta(minutes=1)  # device.last_seen_at is written at most this often per device


@dataclass(frozen=True)
class ServerState:
    """What every request needs, built once by create_app (no module-level singletons)."""

    engine: Engine
    token_secret: bytes
    cursor_secret: bytes
    server_epoch: str


@dataclass(frozen=True)
class Caller:
    device_id: str
    user_id: str
    tenant_id: str
    role: str
    device_status: str


async def state(request: Request) -> ServerState:
    """``async``: no I/O, so no thread-pool round trip for it."""
    return request.app.state.coach  # type: ignore[no-any-return]


def require_device(request: Request, server: Annotated[ServerState, Depends(state)],
                   _declared: Annotated[object, Depends(BEARER)] = None) -> Caller:  # fmt: skip
    """Bearer access token → an active (or retiring) device of an enabled user. Revoked → device_revoked."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    now = datetime.now(UTC)
    claims = verify_access_token(server.token_secret, token, now) if scheme.lower() == "bearer" else None
    if claims is None:
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "sign in again", headers={"WWW-Authenticate": "Bearer"})
    d = tables.device
    with read_one_statement(server.engine) as conn:
        row = conn.execute(
            select(d.c.status, d.c.user_id, d.c.tenant_id, d.c.wipe_requested, d.c.last_seen_at,
                   tables.users.c.role, tables.users.c.disabled)
            .join(tables.users, tables.users.c.id == d.c.user_id)
            .where(d.c.device_id == claims.device_id)
        ).first()  # fmt: skip
    if row is None or row.user_id != claims.user_id or row.disabled:
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "sign in again")
    if row.status == "revoked":
        raise ApiError(401, ErrorCode.DEVICE_REVOKED, "this device was revoked", wipe=bool(row.wipe_requested))
    if row.last_seen_at is None or as_utc(row.last_seen_at) <= now - LAST_SEEN_EVERY:
        # A write transaction per request only to move a timestamp would queue every call behind the writers.
        with server.engine.begin() as conn:
            conn.execute(update(d).where(d.c.device_id == claims.device_id).values(last_seen_at=now))
    return Caller(claims.device_id, claims.user_id, row.tenant_id, row.role, row.status)
