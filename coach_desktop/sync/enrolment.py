"""Device enrolment: user + password + enrolment code (+ TOTP) registers this vault as a device of that user.

The device id and the refresh token go into the encrypted vault's sync_state (SECURITY R11); the password,
code and access token are never stored.
"""

from __future__ import annotations

import platform
import re
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError

from .. import __version__
from ..domain.base import utc_now
from ..vault import sync_state as ss
from ..vault.vault import Vault
from .errors import SyncError, SyncErrorKind
from .http_client import SyncClient, validate_server_url
from .protocol import SCHEMA_VERSION, RegisterRequest, TokenResponse

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
BAD_FORMAT = "The enrolment code or the authenticator code is not in the expected format. Check it and try again."


def _other_user(user_id: str) -> str:
    return (f"This vault belongs to another user ({user_id}). Each coach enrols their own vault; nothing was "
            "stored in this one.")  # fmt: skip


@dataclass(frozen=True)
class Enrolment:
    server_url: str
    device_id: str
    user_id: str
    role: str
    lease_expires_at: datetime


def default_device_name() -> str:
    return (f"Coach Desktop on {platform.node()}" if platform.node() else "Coach Desktop")[:80]


def enroll(
    vault: Vault, server_url: str, username: str, password: str, enrolment_code: str, totp: str | None = None,
    device_name: str | None = None, *, ca_bundle: str | None = None, client: SyncClient | None = None,
) -> Enrolment:  # fmt: skip
    """POST /v1/devices/register, then store server url, device id, refresh token, epoch and lease in the vault.

    Enrolling again (a new device for the same vault: a 30-day re-sign-in, another server) keeps every unsent
    change; it is numbered afresh for the new device, and the next sync re-downloads the panel.
    """
    url = validate_server_url(server_url)
    login = username.strip().lower()
    owner = vault.actor.user_id
    if owner != login and not _UUID.match(owner):
        raise SyncError(SyncErrorKind.AUTH, _other_user(owner))
    try:
        request = RegisterRequest(username=login, password=password, enrolment_code=enrolment_code.strip(),
                                  totp=(totp or "").strip() or None, device_name=device_name or default_device_name(),
                                  app_version=__version__, schema_version=SCHEMA_VERSION)  # fmt: skip
    except ValidationError:
        raise SyncError(SyncErrorKind.AUTH, BAD_FORMAT) from None
    tokens = (client or SyncClient(url, ca_bundle=ca_bundle)).register(request)
    if owner not in (login, tokens.user_id):
        raise SyncError(SyncErrorKind.AUTH, _other_user(owner))
    _store(vault, url, login, tokens, ca_bundle)
    return Enrolment(url, str(tokens.device_id), tokens.user_id, tokens.role, tokens.lease_expires_at)


def _store(vault: Vault, url: str, login: str, tokens: TokenResponse, ca_bundle: str | None) -> None:
    db = vault.database()
    now = utc_now()
    with db.transaction():
        # A new device numbers its mutations from 1. Unsent rows are kept (and renumbered when sent); answered
        # rows belonged to the previous device's numbering and are dropped, except refusals the user must see.
        db.execute("UPDATE outbox SET state = 'pending', batch_id = NULL, wire_seq = NULL "
                   "WHERE state IN ('pending', 'in_flight')")  # fmt: skip
        db.execute("UPDATE outbox SET wire_seq = NULL WHERE state = 'rejected'")
        db.execute("DELETE FROM outbox WHERE state IN ('acked', 'conflict')")
        ss.put(db, {
            ss.SERVER_URL: url, ss.CA_BUNDLE: ca_bundle, ss.DEVICE_ID: str(tokens.device_id),
            ss.USER_ID: tokens.user_id, ss.USERNAME: login, ss.ROLE: tokens.role,
            ss.REFRESH_TOKEN: tokens.refresh_token, ss.ENROLLED_AT: now, ss.SERVER_EPOCH: str(tokens.server_epoch),
            ss.CURSOR: None, ss.CURSOR_SEQ: None, ss.NEXT_WIRE_SEQ: 1, ss.RECOVERY: None, ss.PENDING_PURGE: None,
            ss.LEASE_EXPIRES_AT: tokens.lease_expires_at, ss.LEASE_SERVER_TIME: now, ss.LEASE_LOCAL_TIME: now,
            ss.LAST_LOCAL_TIME: now, ss.LAST_ERROR_KIND: None, ss.LAST_ERROR_MESSAGE: None, ss.LAST_ERROR_AT: None,
        })  # fmt: skip
