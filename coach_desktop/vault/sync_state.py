"""The vault's ``sync_state`` table: cursor, epoch, device credentials, lease and last outcome, as text values.

Everything here is inside the encrypted database. The refresh token in particular lives only here (SECURITY
R11: "stored inside the encrypted DB, not plaintext config"); the access token is never stored at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from ..sync.protocol import TokenResponse
from .database import Database

SERVER_URL = "server_url"
CA_BUNDLE = "ca_bundle"
DEVICE_ID = "device_id"
USER_ID = "user_id"
USERNAME = "username"
ROLE = "role"
REFRESH_TOKEN = "refresh_token"  # noqa: S105 - a key name, not a secret
ENROLLED_AT = "enrolled_at"
SERVER_EPOCH = "server_epoch"
CURSOR = "cursor"  # opaque, from the server
CURSOR_SEQ = "cursor_seq"  # the seq that cursor stands for, as the client reads the page that gave it
NEXT_WIRE_SEQ = "next_wire_seq"  # the client_seq the server expects next from this device (outbox.wire_seq)
SERVER_LAST_CLIENT_SEQ = "server_last_client_seq"
LEASE_EXPIRES_AT = "lease_expires_at"
LEASE_SERVER_TIME = "lease_server_time"  # server clock at the last successful hello
LEASE_LOCAL_TIME = "lease_local_time"  # local clock at that same moment
LAST_LOCAL_TIME = "last_local_time"  # latest local clock reading recorded: going back before it = expiry
LAST_SERVER_TIME = "last_server_time"
LAST_SYNC_AT = "last_sync_at"
LAST_ERROR_KIND = "last_error_kind"
LAST_ERROR_MESSAGE = "last_error_message"
LAST_ERROR_AT = "last_error_at"
RECOVERY = "recovery"  # "epoch" while an epoch-change recovery is under way (survives a crash)
PENDING_PURGE = "pending_purge"  # JSON list of revoked members kept until their outbox rows are sent
LAST_REBASE = "last_rebase"


def read_all(db: Database) -> dict[str, str]:
    return {str(k): str(v) for k, v in db.query("SELECT key, value FROM sync_state")}


def get(db: Database, key: str) -> str | None:
    value = db.scalar("SELECT value FROM sync_state WHERE key = ?", (key,))
    return None if value is None else str(value)


def put(db: Database, values: Mapping[str, str | int | datetime | None]) -> None:
    """Write in the caller's transaction; None deletes the key."""
    for key, value in values.items():
        if value is None:
            db.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            text = value.isoformat() if isinstance(value, datetime) else str(value)
            db.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, text),
            )


def get_int(db: Database, key: str, default: int = 0) -> int:
    value = get(db, key)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)  # everything here is UTC


class VaultCredentials:
    """The HTTP client's credential store, on the sync lane's own connection."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def device_id(self) -> str | None:
        return get(self._db, DEVICE_ID)

    def refresh_token(self) -> str | None:
        return get(self._db, REFRESH_TOKEN)

    def save_tokens(self, tokens: TokenResponse) -> None:
        """Persist the rotated refresh token at once: the old one no longer works on the server."""
        with self._db.transaction():
            put(self._db, {REFRESH_TOKEN: tokens.refresh_token})
