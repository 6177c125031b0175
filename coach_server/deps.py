"""Request dependencies: who is calling (device + user + role), checked against the database on every call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from sqlalchemy import Engine, select, update

from coach_desktop.sync.protocol import ErrorCode

from . import tables
from .api_errors import ApiError
from .tokens import verify_access_token

# Declares the device bearer token in the OpenAPI schema (clients and fuzzers authenticate from it). It never
# refuses by itself: require_device reads and checks the header so every refusal is the protocol's ErrorBody.
BEARER = HTTPBearer(auto_error=False, scheme_name="DeviceToken", description="device access token (15 min)")


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


def state(request: Request) -> ServerState:
    return request.app.state.coach  # type: ignore[no-any-return]


def require_device(request: Request, server: ServerState = Depends(state),  # noqa: B008
                   _declared: object = Depends(BEARER)) -> Caller:
    """Bearer access token → an active (or retiring) device of an enabled user. Revoked → device_revoked
    (with the wipe flag the administrator chose, as every other endpoint reports it)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    now = datetime.now(UTC)
    claims = verify_access_token(server.token_secret, token, now) if scheme.lower() == "bearer" else None
    if claims is None:
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "sign in again", headers={"WWW-Authenticate": "Bearer"})
    with server.engine.connect() as conn:
        row = conn.execute(
            select(tables.device.c.status, tables.device.c.user_id, tables.device.c.tenant_id,
                   tables.device.c.wipe_requested, tables.users.c.role, tables.users.c.disabled)
            .join(tables.users, tables.users.c.id == tables.device.c.user_id)
            .where(tables.device.c.device_id == claims.device_id)
        ).first()  # fmt: skip
        if row is None or row.user_id != claims.user_id or row.disabled:
            raise ApiError(401, ErrorCode.UNAUTHORIZED, "sign in again")
        if row.status == "revoked":
            raise ApiError(401, ErrorCode.DEVICE_REVOKED, "this device was revoked", wipe=bool(row.wipe_requested))
        conn.execute(update(tables.device).where(tables.device.c.device_id == claims.device_id)
                     .values(last_seen_at=now))  # fmt: skip
        conn.commit()
    return Caller(claims.device_id, claims.user_id, row.tenant_id, row.role, row.status)
