"""Identity endpoints: register a device, refresh its tokens, describe it, and (admins) revoke or retire one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Depends, Request
from pydantic import Field
from sqlalchemy import select

from coach_desktop.sync.protocol import (
    DeviceStatus,
    ErrorCode,
    RefreshRequest,
    RegisterRequest,
    TokenResponse,
    WireModel,
)

from . import devices, tables
from .api_errors import ApiError, StrictRoute, error_responses
from .audit import as_utc, record_event
from .deps import Caller, ServerState, require_device, state
from .identity import AuthFailure, IdentityError
from .settings import ServerSettings

router = APIRouter(prefix="/v1", tags=["identity"], route_class=StrictRoute)
T = TypeVar("T")
Server = Annotated[ServerState, Depends(state)]
Device = Annotated[Caller, Depends(require_device)]

_ERRORS = error_responses(401, 403, 404, 413, 422, 429, 503)


class RevokeRequest(WireModel):
    """SYNC_PROTOCOL §6.4: revoke (lost or stolen: wipe at the next request) or retire (replacement)."""

    mode: Literal["revoke", "retire"] = "revoke"
    wipe: bool = True
    reason: Annotated[str, Field(max_length=32, pattern=r"^[a-z][a-z0-9_]{0,31}$")] | None = None


class RevokeResponse(WireModel):
    device_id: uuid.UUID
    status: DeviceStatus
    wipe: bool


class DeviceInfo(WireModel):
    device_id: uuid.UUID
    user_id: str
    tenant_id: str
    role: str
    status: DeviceStatus
    lease_expires_at: datetime | None = None


def _settings(request: Request) -> ServerSettings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _answer(call: Callable[[], T]) -> T:
    """Turn a refused sign-in into the protocol's error body (with Retry-After when throttled)."""
    try:
        return call()
    except AuthFailure as exc:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        if exc.status == 401:
            headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
        raise ApiError(exc.status, exc.code, exc.detail, headers=headers, wipe=exc.wipe) from None


@router.post("/devices/register", status_code=201, response_model=TokenResponse, responses=_ERRORS)
def register(body: RegisterRequest, request: Request, server: Server) -> TokenResponse:
    """One-time device enrolment: username + password + enrolment code (+ TOTP when the account has one)."""
    settings = _settings(request)
    return _answer(lambda: devices.register_device(server.engine, server, settings, body))


@router.post("/auth/refresh", response_model=TokenResponse, responses=_ERRORS)
def refresh(body: RefreshRequest, request: Request, server: Server) -> TokenResponse:
    """A new 15-minute access token; the refresh token is rotated and only works for its own device."""
    settings = _settings(request)
    return _answer(lambda: devices.refresh_tokens(server.engine, server, settings, body))


@router.get("/devices/me", response_model=DeviceInfo, responses=_ERRORS)
def me(caller: Device, server: Server) -> DeviceInfo:
    """Who this token speaks for, and the device's status (a revoked device gets 401 device_revoked)."""
    with server.engine.connect() as conn:
        lease = conn.execute(select(tables.device.c.lease_expires_at)
                             .where(tables.device.c.device_id == caller.device_id)).scalar()  # fmt: skip
    return DeviceInfo(device_id=uuid.UUID(caller.device_id), user_id=caller.user_id, tenant_id=caller.tenant_id,
                      role=caller.role, status=DeviceStatus(caller.device_status),
                      lease_expires_at=as_utc(lease) if lease else None)  # fmt: skip


@router.post("/admin/devices/{device_id}/revoke", response_model=RevokeResponse, responses=_ERRORS)
def revoke(device_id: uuid.UUID, body: RevokeRequest, caller: Device, server: Server) -> RevokeResponse:
    """Administrators only, and only devices of their own organisation."""
    if caller.role != "admin":
        with server.engine.begin() as conn:  # an attempt worth seeing in the audit trail
            record_event(conn, tenant_id=caller.tenant_id, user_id=caller.user_id, device_id=caller.device_id,
                         action="device_revoke", outcome="denied", object_type="device",
                         object_id=str(device_id))  # fmt: skip
        raise ApiError(403, ErrorCode.FORBIDDEN, "administrators only")
    try:
        with server.engine.begin() as conn:
            result = devices.revoke_device(
                conn, str(device_id), actor_user_id=caller.user_id, actor_device_id=caller.device_id,
                tenant_id=caller.tenant_id, retire=body.mode == "retire", wipe=body.wipe, reason=body.reason or "",
            )  # fmt: skip
    except devices.DeviceNotFound:
        raise ApiError(404, ErrorCode.NOT_FOUND, "no such device") from None
    except IdentityError as exc:
        raise ApiError(422, ErrorCode.INVALID, str(exc)) from None
    return RevokeResponse(device_id=device_id, status=DeviceStatus(result.status), wipe=result.wipe)
