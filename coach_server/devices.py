"""Device lifecycle: registration (password + enrolment code + TOTP), device-bound refresh, revoke and retire."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, Row, insert, select, update

from coach_desktop.sync.protocol import ErrorCode, RefreshRequest, RegisterRequest, TokenResponse

from . import identity, tables
from .audit import as_utc, record_event, utc_now
from .identity import AuthFailure, LoginAttempt
from .settings import ServerSettings
from .tokens import AccessClaims, issue_access_token, new_secret_token, token_hash

if TYPE_CHECKING:  # deps pulls in FastAPI, which the command line does not need
    from .deps import ServerState

MAX_ACCESS_TTL = timedelta(minutes=15)  # SECURITY R11, whatever the settings say
REASON_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
T = TypeVar("T")


class DeviceNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class DeviceState:
    device_id: str
    status: str
    wipe: bool


def _commit_then_raise(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in one transaction. A refusal still commits, so its audit rows and counters are kept."""
    failure: AuthFailure | None = None
    with engine.begin() as conn:
        try:
            return work(conn)
        except AuthFailure as exc:
            failure = exc
    assert failure is not None
    raise failure


def _tokens(server: ServerState, settings: ServerSettings, device: dict[str, Any], role: str, refresh: str,
            now: datetime) -> TokenResponse:  # fmt: skip
    expires = now + min(settings.access_token_ttl, MAX_ACCESS_TTL)
    claims = AccessClaims(device["device_id"], device["user_id"], device["tenant_id"], expires)
    return TokenResponse(
        device_id=uuid.UUID(device["device_id"]), user_id=device["user_id"], role=role,
        access_token=issue_access_token(server.token_secret, claims), access_expires_at=expires,
        refresh_token=refresh, lease_expires_at=as_utc(device["lease_expires_at"]),
        server_epoch=uuid.UUID(server.server_epoch),
    )  # fmt: skip


# ---- registration -----------------------------------------------------------------------------------------


def register_device(engine: Engine, server: ServerState, settings: ServerSettings, request: RegisterRequest,
                    now: datetime | None = None) -> TokenResponse:  # fmt: skip
    """Check every factor, use up the enrolment code and create an active device with its tokens."""
    now = now or utc_now()
    attempt = LoginAttempt(request.username, request.password, request.totp, request.enrolment_code)
    return _commit_then_raise(engine, lambda conn: _register(conn, server, settings, request, attempt, now))


def _register(conn: Connection, server: ServerState, settings: ServerSettings, request: RegisterRequest,
              attempt: LoginAttempt, now: datetime) -> TokenResponse:  # fmt: skip
    user = identity.check_login(conn, attempt, secret=server.token_secret, tenant_id=settings.default_tenant,
                                max_failures=settings.login_attempts_per_15min,
                                mfa_required=settings.mfa_required, now=now)  # fmt: skip
    if not identity.consume_enrolment_code(conn, request.enrolment_code, now):
        raise AuthFailure(401, ErrorCode.UNAUTHORIZED, "enrolment code not valid, already used or expired")
    refresh = new_secret_token()
    device = {
        "device_id": str(uuid.uuid4()), "tenant_id": user.tenant_id, "user_id": user.id,
        "name": request.device_name, "status": "active", "wipe_requested": False, "fde_status": request.fde_status,
        "app_version": request.app_version, "registered_at": now, "last_seen_at": now,
        "lease_expires_at": now + settings.lease, "last_client_seq": 0, "refresh_token_hash": token_hash(refresh),
        # Absolute, not sliding: rotation never extends it, so the user signs in again (with MFA) within
        # settings.refresh_token_ttl (30 days, SECURITY R11).
        "refresh_expires_at": now + settings.refresh_token_ttl,
    }  # fmt: skip
    conn.execute(insert(tables.device).values(**device))
    identity.record_login_ok(conn, user, now, device["device_id"])
    record_event(conn, tenant_id=user.tenant_id, user_id=user.id, device_id=device["device_id"],
                 action="device_register", outcome="ok", object_type="device", object_id=device["device_id"],
                 at=now)  # fmt: skip
    return _tokens(server, settings, device, user.role, refresh, now)


# ---- refresh ----------------------------------------------------------------------------------------------


def refresh_tokens(engine: Engine, server: ServerState, settings: ServerSettings, request: RefreshRequest,
                   now: datetime | None = None) -> TokenResponse:  # fmt: skip
    """A new access token and a rotated refresh token, for the device the refresh token was issued to."""
    now = now or utc_now()
    return _commit_then_raise(engine, lambda conn: _refresh(conn, server, settings, request, now))


def _device_with_user(conn: Connection, device_id: str) -> Row[Any] | None:
    d, u = tables.device, tables.users
    return conn.execute(
        select(d, u.c.role, u.c.disabled).join(u, u.c.id == d.c.user_id).where(d.c.device_id == device_id)
        .with_for_update(of=d)
    ).first()  # fmt: skip


def _refresh(conn: Connection, server: ServerState, settings: ServerSettings, request: RefreshRequest,
             now: datetime) -> TokenResponse:  # fmt: skip
    device_id = str(request.device_id)
    row = _device_with_user(conn, device_id)

    def refuse(code: ErrorCode, detail: str, outcome: str, wipe: bool | None = None) -> AuthFailure:
        record_event(conn, tenant_id=row.tenant_id if row else settings.default_tenant,
                     user_id=row.user_id if row else "", device_id=device_id, action="token_refresh",
                     outcome=outcome, object_type="device", object_id=device_id, at=now)  # fmt: skip
        return AuthFailure(401, code, detail, wipe=wipe)

    if row is None:
        raise refuse(ErrorCode.UNAUTHORIZED, "sign in again", "fail")
    if row.status == "revoked":
        raise refuse(ErrorCode.DEVICE_REVOKED, "this device was revoked", "revoked", wipe=bool(row.wipe_requested))
    presented = token_hash(request.refresh_token)
    # The token is looked up through the device it was issued to: device A's token never matches device B.
    current, previous = _matches(row.refresh_token_hash, presented), _matches(row.refresh_prev_hash, presented)
    if (not (current or previous) or row.refresh_expires_at is None or as_utc(row.refresh_expires_at) <= now
            or row.disabled):  # fmt: skip
        raise refuse(ErrorCode.UNAUTHORIZED, "sign in again", "fail")
    refresh = _successor(server.token_secret, device_id, request.refresh_token)
    d = tables.device
    if current:  # rotate; the presented token stays valid (for its successor only) until that one is used
        swap = update(d).where(d.c.device_id == device_id, d.c.refresh_token_hash == presented) \
            .values(refresh_token_hash=token_hash(refresh), refresh_prev_hash=presented, last_seen_at=now)  # fmt: skip
    else:  # asked again: the answer was lost (or the request came twice). The same successor; nothing rotates.
        swap = update(d).where(d.c.device_id == device_id, d.c.refresh_prev_hash == presented,
                               d.c.refresh_token_hash == token_hash(refresh)).values(last_seen_at=now)  # fmt: skip
    swapped = conn.execute(swap)
    if swapped.rowcount != 1:  # a concurrent refresh with the same token won: exactly one of them succeeds
        raise refuse(ErrorCode.UNAUTHORIZED, "sign in again", "race")
    record_event(conn, tenant_id=row.tenant_id, user_id=row.user_id, device_id=device_id, action="token_refresh",
                 outcome="ok", object_type="device", object_id=device_id, at=now)  # fmt: skip
    return _tokens(server, settings, dict(row._mapping), row.role, refresh, now)


def _matches(stored: str | None, presented: str) -> bool:
    return stored is not None and hmac.compare_digest(stored, presented)


def _successor(secret: bytes, device_id: str, token: str) -> str:
    """The refresh token that replaces ``token``: derived with the server's secret rather than drawn at random,
    so a device whose answer was lost (killed, cut off) gets the very same token when it asks again, and a
    request delivered twice cannot rotate away the token the device already holds."""
    message = b"refresh-successor\0" + device_id.encode() + b"\0" + token.encode()
    return base64.urlsafe_b64encode(hmac.new(secret, message, hashlib.sha256).digest()).rstrip(b"=").decode()


# ---- revoke and retire ------------------------------------------------------------------------------------


def revoke_device(conn: Connection, device_id: str, *, actor_user_id: str, actor_device_id: str = "",
                  tenant_id: str | None = None, retire: bool = False, wipe: bool = True, reason: str = "",
                  now: datetime | None = None) -> DeviceState:  # fmt: skip
    """Revoke (refused at its next request, wipe requested, refresh token destroyed) or retire a device.

    Retiring keeps the refresh token: a retiring device may still push its outbox before it wipes itself
    (SYNC_PROTOCOL §6.9). Revocation is final: a revoked device is never retired or reactivated.
    """
    if reason and not REASON_RE.match(reason):
        raise identity.IdentityError("reason: a short word such as lost, stolen or replaced (a-z, 0-9, _)")
    now = now or utc_now()
    query = select(tables.device).where(tables.device.c.device_id == device_id)
    if tenant_id is not None:  # an administrator only ever sees their own organisation's devices
        query = query.where(tables.device.c.tenant_id == tenant_id)
    row = conn.execute(query.with_for_update()).first()
    if row is None:
        raise DeviceNotFound(device_id)
    if row.status == "revoked" or retire:
        values: dict[str, Any] = {} if row.status == "revoked" else {"status": "retiring"}
    else:
        values = {"status": "revoked", "wipe_requested": wipe, "revoked_at": now, "refresh_token_hash": None,
                  "refresh_prev_hash": None, "refresh_expires_at": None}  # fmt: skip
    if values:
        values["revoke_reason"] = reason or None
        conn.execute(update(tables.device).where(tables.device.c.device_id == device_id).values(**values))
    record_event(conn, tenant_id=row.tenant_id, user_id=actor_user_id, device_id=actor_device_id,
                 action="device_retire" if retire else "device_revoke", outcome="ok" if values else "noop",
                 object_type="device", object_id=device_id, at=now)  # fmt: skip
    status = values.get("status", row.status)
    return DeviceState(device_id, status, bool(values.get("wipe_requested", row.wipe_requested)))
