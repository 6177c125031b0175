"""Server accounts: users and roles, enrolment codes, and the throttled password + TOTP sign-in check."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from coach_desktop.sync.protocol import ErrorCode

from . import passwords, sequence, tables, totp
from .audit import CLI_ACTOR, as_utc, record_event, utc_now
from .tokens import token_hash

ROLES = ("coach", "facilitator", "supervisor", "admin")
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
ENROLMENT_TTL = timedelta(hours=72)
THROTTLE_WINDOW = timedelta(minutes=15)  # SECURITY R7: ≥ 5 failures in 15 min
LOCKOUT = timedelta(minutes=15)
# Crockford base32: no I, L, O or U, so a code read aloud or retyped from paper survives.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_GROUPS, _CODE_GROUP_LEN = 4, 4  # 16 symbols = 80 random bits


class IdentityError(ValueError):
    """An administrator's request that cannot be done (the message names fields, never values)."""


class AuthFailure(Exception):
    """A refused sign-in or token request: the HTTP status and protocol error code to answer with."""

    def __init__(self, status: int, code: ErrorCode, detail: str, retry_after: int | None = None,
                 wipe: bool | None = None) -> None:  # fmt: skip
        super().__init__(code.value)
        self.status, self.code, self.detail = status, code, detail
        self.retry_after, self.wipe = retry_after, wipe


@dataclass(frozen=True, slots=True)
class NewUser:
    user_id: str
    username: str
    totp_uri: str | None  # shown once, to be scanned into an authenticator app


@dataclass(frozen=True, slots=True)
class IssuedCode:
    code: str  # shown once; only its hash is stored
    expires_at: datetime


# ---- tenants and users ------------------------------------------------------------------------------------


def ensure_tenant(conn: Connection, tenant_id: str, name: str | None = None) -> None:
    """The tenant and its change counter (the sync engine's sequence needs both)."""
    sequence.ensure_tenant(conn, tenant_id, name or tenant_id)


def normalise_username(username: str) -> str:
    return username.strip().lower()


def user_by_username(conn: Connection, username: str, *, for_update: bool = False) -> Row[Any] | None:
    query = select(tables.users).where(tables.users.c.username == normalise_username(username))
    return conn.execute(query.with_for_update() if for_update else query).first()


def require_user(conn: Connection, username: str, role: str | None = None) -> Row[Any]:
    """The user, or IdentityError (wrong role counts as unknown: the message never confirms an account)."""
    user = user_by_username(conn, username)
    if user is None or (role is not None and user.role != role):
        raise IdentityError(f"no {role or 'user'} with that username")
    return user


def create_user(
    conn: Connection,
    *,
    tenant_id: str,
    username: str,
    role: str,
    password: str,
    display_name: str = "",
    supervisor_username: str | None = None,
    with_totp: bool = False,
    mfa_required: bool = False,
    actor: str = CLI_ACTOR,
) -> NewUser:
    """Add an account. A coach may name their supervisor (who must have the supervisor role)."""
    username = normalise_username(username)
    _check_new_user(conn, username, role, password, supervisor_username)
    supervisor_id = require_user(conn, supervisor_username, "supervisor").id if supervisor_username else None
    secret = totp.new_secret() if with_totp else None
    user_id = str(uuid.uuid4())
    ensure_tenant(conn, tenant_id)
    conn.execute(insert(tables.users).values(
        id=user_id, tenant_id=tenant_id, username=username, display_name=display_name.strip()[:200], role=role,
        supervisor_id=supervisor_id, password_hash=passwords.hash_password(password), totp_secret=secret,
        mfa_required=mfa_required or with_totp, disabled=False, failed_logins=0, created_at=utc_now(),
    ))  # fmt: skip
    record_event(conn, tenant_id=tenant_id, user_id=actor, action="user_create", outcome="ok",
                 object_type="user", object_id=user_id)  # fmt: skip
    uri = totp.provisioning_uri(secret, username) if secret else None
    return NewUser(user_id, username, uri)


def _check_new_user(conn: Connection, username: str, role: str, password: str, supervisor: str | None) -> None:
    if not USERNAME_RE.match(username):
        raise IdentityError("username: 1-64 characters from a-z, 0-9 and . _ @ -")
    if role not in ROLES:
        raise IdentityError("role: must be one of " + ", ".join(ROLES))
    if supervisor and role != "coach":
        raise IdentityError("supervisor: only a coach has a supervisor")
    problem = passwords.check_policy(password)
    if problem:
        raise IdentityError("password: " + problem)
    if user_by_username(conn, username) is not None:
        raise IdentityError("username: already taken")


# ---- enrolment codes --------------------------------------------------------------------------------------


def _normalise_code(code: str) -> str:
    text = code.upper().replace("-", "").replace(" ", "")
    return text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def _code_hash(code: str) -> str:
    return token_hash("enrolment:" + _normalise_code(code))


def issue_enrolment_code(conn: Connection, username: str, *, actor: str = CLI_ACTOR,
                         now: datetime | None = None) -> IssuedCode:  # fmt: skip
    """A one-time code that lets ``username`` register one device within 72 hours."""
    user = require_user(conn, username)
    now = now or utc_now()
    symbols = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUPS * _CODE_GROUP_LEN))
    code = "-".join(symbols[i : i + _CODE_GROUP_LEN] for i in range(0, len(symbols), _CODE_GROUP_LEN))
    expires_at = now + ENROLMENT_TTL
    conn.execute(insert(tables.enrolment_code).values(code_hash=_code_hash(code), user_id=user.id,
                                                      expires_at=expires_at))  # fmt: skip
    record_event(conn, tenant_id=user.tenant_id, user_id=actor, action="enrolment_code_issue", outcome="ok",
                 object_type="user", object_id=user.id, at=now)  # fmt: skip
    return IssuedCode(code, expires_at)


def enrolment_code_valid(conn: Connection, user_id: str, code: str, now: datetime) -> bool:
    row = conn.execute(select(tables.enrolment_code).where(tables.enrolment_code.c.code_hash == _code_hash(code))
                       .with_for_update()).first()  # fmt: skip
    return (row is not None and row.user_id == user_id and row.used_at is None
            and as_utc(row.expires_at) > now)  # fmt: skip


def consume_enrolment_code(conn: Connection, code: str, now: datetime) -> bool:
    """Mark the code used; False if another request used it first (single use even under a race)."""
    result = conn.execute(update(tables.enrolment_code)
                          .where(tables.enrolment_code.c.code_hash == _code_hash(code),
                                 tables.enrolment_code.c.used_at.is_(None))
                          .values(used_at=now))  # fmt: skip
    return result.rowcount == 1


# ---- sign-in throttling (SECURITY R7) ---------------------------------------------------------------------


def account_key(user: Row[Any] | None, username: str, secret: bytes) -> str:
    """What failures are counted against: the user id, or a keyed digest for a name that is no account.

    Unknown names are throttled exactly like real ones, so a 429 never confirms that an account exists; the
    digest is keyed so the audit table does not hold whatever was typed into the username field.
    """
    if user is not None:
        return str(user.id)
    digest = hmac.new(secret, b"username:" + normalise_username(username).encode(), hashlib.sha256)
    return "unknown:" + digest.hexdigest()[:40]


def _last_at(conn: Connection, key: str, action: str) -> datetime | None:
    ae = tables.audit_event
    value = conn.execute(select(func.max(ae.c.at)).where(ae.c.object_id == key, ae.c.action == action)).scalar()
    return as_utc(value) if value is not None else None


def locked_until(conn: Connection, key: str, now: datetime) -> datetime | None:
    """When the lockout started by the latest alert ends, if it has not ended yet."""
    alert = _last_at(conn, key, "login_alert")
    return alert + LOCKOUT if alert is not None and alert + LOCKOUT > now else None


def record_login_failure(conn: Connection, *, tenant_id: str, key: str, user_id: str, now: datetime,
                         max_failures: int, reason: str = "fail") -> bool:  # fmt: skip
    """Audit a failed sign-in; True when it makes ``max_failures`` in the window, which locks the account."""
    record_event(conn, tenant_id=tenant_id, user_id=user_id, action="login_fail", outcome=reason[:10],
                 object_type="account", object_id=key, at=now)  # fmt: skip
    since = max(t for t in (now - THROTTLE_WINDOW, _last_at(conn, key, "login_alert"),
                            _last_at(conn, key, "login_ok")) if t is not None)  # fmt: skip
    ae = tables.audit_event
    failures = conn.execute(select(func.count()).select_from(ae).where(
        ae.c.object_id == key, ae.c.action == "login_fail", ae.c.at > since)).scalar_one()  # fmt: skip
    if user_id:
        conn.execute(update(tables.users).where(tables.users.c.id == user_id)
                     .values(failed_logins=tables.users.c.failed_logins + 1))  # fmt: skip
    if failures < max_failures:
        return False
    # The R7 alert: monitoring reads login_alert events; the account is locked while the latest is recent.
    record_event(conn, tenant_id=tenant_id, user_id=user_id, action="login_alert", outcome="alert",
                 object_type="account", object_id=key, at=now)  # fmt: skip
    if user_id:
        conn.execute(update(tables.users).where(tables.users.c.id == user_id).values(locked_until=now + LOCKOUT))
    return True


def record_login_ok(conn: Connection, user: Row[Any], now: datetime, device_id: str = "") -> None:
    record_event(conn, tenant_id=user.tenant_id, user_id=user.id, device_id=device_id, action="login_ok",
                 outcome="ok", object_type="account", object_id=str(user.id), at=now)  # fmt: skip
    conn.execute(update(tables.users).where(tables.users.c.id == user.id)
                 .values(failed_logins=0, locked_until=None))  # fmt: skip


# ---- the sign-in check ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    username: str
    password: str
    totp_code: str | None
    enrolment_code: str | None  # required for device registration


def check_login(conn: Connection, attempt: LoginAttempt, *, secret: bytes, tenant_id: str, max_failures: int,
                mfa_required: bool, now: datetime) -> Row[Any]:  # fmt: skip
    """The user row when every factor checks out; otherwise AuthFailure (failures audited and throttled).

    Unknown user and wrong password give the same answer, after the same amount of hashing work.
    """
    user = user_by_username(conn, attempt.username, for_update=True)
    key = account_key(user, attempt.username, secret)
    tenant_id = user.tenant_id if user is not None else tenant_id
    until = locked_until(conn, key, now)
    if until is not None:
        record_event(conn, tenant_id=tenant_id, user_id=user.id if user else "", action="login_locked",
                     outcome="denied", object_type="account", object_id=key, at=now)  # fmt: skip
        retry = max(1, int((until - now).total_seconds()) + 1)
        raise AuthFailure(429, ErrorCode.RATE_LIMITED, "too many failed sign-ins; try again later", retry_after=retry)

    def fail(code: ErrorCode, detail: str, reason: str) -> AuthFailure:
        record_login_failure(conn, tenant_id=tenant_id, key=key, user_id=user.id if user else "", now=now,
                             max_failures=max_failures, reason=reason)  # fmt: skip
        return AuthFailure(401, code, detail)

    if user is None or user.disabled:
        passwords.spend_equal_time(attempt.password)
        raise fail(ErrorCode.UNAUTHORIZED, "username or password not accepted", "password")
    verified = passwords.verify_password(user.password_hash, attempt.password)
    if not verified.ok:
        raise fail(ErrorCode.UNAUTHORIZED, "username or password not accepted", "password")
    if verified.new_hash:  # parameters changed since this hash was made: upgrade it while we know the password
        conn.execute(update(tables.users).where(tables.users.c.id == user.id).values(password_hash=verified.new_hash))
    if attempt.enrolment_code is not None and not enrolment_code_valid(conn, user.id, attempt.enrolment_code, now):
        raise fail(ErrorCode.UNAUTHORIZED, "enrolment code not valid, already used or expired", "code")
    _check_second_factor(conn, user, attempt.totp_code, mfa_required, now, fail)
    return user


def _check_second_factor(conn: Connection, user: Row[Any], code: str | None, mfa_required: bool, now: datetime,
                         fail: Callable[[ErrorCode, str, str], AuthFailure]) -> None:  # fmt: skip
    needed = bool(user.totp_secret) or bool(user.mfa_required) or mfa_required
    if not needed:
        return
    if not user.totp_secret:
        raise fail(ErrorCode.MFA_REQUIRED, "this account needs an authenticator; ask an administrator", "no_mfa")
    if code is None:  # not a failure: the password was right and the client now asks for the code
        raise AuthFailure(401, ErrorCode.MFA_REQUIRED, "enter the code from your authenticator app")
    step = totp.verify(user.totp_secret, code, now.timestamp(), user.totp_last_step)
    if step is None:
        raise fail(ErrorCode.MFA_REQUIRED, "authenticator code not accepted", "totp")
    conn.execute(update(tables.users).where(tables.users.c.id == user.id).values(totp_last_step=step))
