"""Opaque, HMAC-signed pull cursors and snapshot tokens, bound to the server epoch, tenant and user."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from coach_desktop.sync.protocol import ErrorCode

from .api_errors import ApiError

_CURSOR = "c"
_SNAPSHOT = "s"


@dataclass(frozen=True)
class Binding:
    """Whose cursor it is: a cursor is only ever valid for the server epoch, tenant and user that got it."""

    epoch: str
    tenant_id: str
    user_id: str


@dataclass(frozen=True)
class SnapshotPosition:
    snapshot_seq: int
    after_key: tuple[int, str, str]  # (row_seq, kind, id) of the last record sent: keyset paging


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    signature = hmac.new(secret, b"sync-cursor:" + raw, hashlib.sha256).digest()
    return f"{_b64(raw)}.{_b64(signature)}"


def _invalid() -> ApiError:
    return ApiError(400, ErrorCode.INVALID, "cursor or token not valid")


def _open(secret: bytes, token: str, binding: Binding, kind: str) -> dict[str, Any]:
    """The verified payload, or an ApiError: 400 forged/garbled/not ours, 410 another epoch."""
    try:
        payload_b64, signature_b64 = token.split(".", 1)
        raw = _unb64(payload_b64)
        signature = _unb64(signature_b64)
    except (ValueError, binascii.Error):
        raise _invalid() from None
    # The signature first: only bytes this server wrote are ever parsed (a forged '[[[[…' payload used to
    # reach json.loads and end in RecursionError, a 500).
    expected = hmac.new(secret, b"sync-cursor:" + raw, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise _invalid()
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _invalid() from None
    if not isinstance(payload, dict):
        raise _invalid()
    if payload.get("e") != binding.epoch:
        # Ours but from before a restore (the secret is restored with the data, the epoch is not).
        raise ApiError(410, ErrorCode.EPOCH_CHANGED, "the server was restored; resync")
    if payload.get("t") != kind or payload.get("n") != binding.tenant_id or payload.get("u") != binding.user_id:
        raise _invalid()
    return payload


def _int(payload: dict[str, Any], key: str) -> int:
    value = payload.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _invalid()
    return value


def encode_cursor(secret: bytes, binding: Binding, seq: int) -> str:
    return _sign(secret, {"t": _CURSOR, "e": binding.epoch, "n": binding.tenant_id, "u": binding.user_id, "s": seq})


def decode_cursor(secret: bytes, token: str, binding: Binding, horizon: int) -> int:
    """The seq a cursor stands for. 400 INVALID, 410 EPOCH_CHANGED, or 410 RESYNC_REQUIRED below the horizon."""
    seq = _int(_open(secret, token, binding, _CURSOR), "s")
    if seq < horizon:
        raise ApiError(410, ErrorCode.RESYNC_REQUIRED, "deletions older than this cursor were purged; resync")
    return seq


def encode_snapshot_token(secret: bytes, binding: Binding, position: SnapshotPosition) -> str:
    row_seq, kind, record_id = position.after_key
    return _sign(secret, {"t": _SNAPSHOT, "e": binding.epoch, "n": binding.tenant_id, "u": binding.user_id,
                          "p": position.snapshot_seq, "k": [row_seq, kind, record_id]})  # fmt: skip


def decode_snapshot_token(secret: bytes, token: str, binding: Binding, horizon: int) -> SnapshotPosition:
    payload = _open(secret, token, binding, _SNAPSHOT)
    snapshot_seq = _int(payload, "p")
    key = payload.get("k")
    if not (isinstance(key, list) and len(key) == 3 and isinstance(key[1], str) and isinstance(key[2], str)):
        raise _invalid()
    row_seq = _int({"r": key[0]}, "r")
    if snapshot_seq < horizon:
        raise ApiError(410, ErrorCode.RESYNC_REQUIRED, "the snapshot is older than the purge horizon; restart it")
    return SnapshotPosition(snapshot_seq, (row_seq, key[1], key[2]))
