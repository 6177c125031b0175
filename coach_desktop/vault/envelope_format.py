"""On-disk format of ``vault.key``: constants, header/slot records, JSON serialisation and strict validation."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach_desktop.vault import backoff
from coach_desktop.vault.errors import KeyFileDamaged, NoVault, VaultWiped
from coach_desktop.vault.kdf import ARGON2_VERSION, KEY_BYTES, SALT_BYTES, KdfParams
from coach_desktop.vault.wipe import ENVELOPE_NAME, KEYRING_SERVICE, keyring_username, read_regular_file, wipe_state

FORMAT = "coach-desktop/vault-key"
FORMAT_VERSION = 1
SLOT_PASSPHRASE = "passphrase"  # noqa: S105 - a slot type name, not a secret
SLOT_RECOVERY = "recovery"
SLOT_KEYRING = "os_keyring"
NONCE_BYTES = 12
WRAPPED_BYTES = KEY_BYTES + 16  # ciphertext + GCM tag
DB_SALT_BYTES = 16
CHECK_BYTES = 16
MAX_ENVELOPE_BYTES = 64 * 1024
MAX_RECOVERY_SLOTS = 4
RECOVERY_ALG = "x25519-hkdf-sha256-aes256gcm"
KEYRING_ALG = "aes256gcm"
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


# ---- header and slots -------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvelopeHeader:
    user_id: str
    device_id: str
    key_epoch: int
    epoch_created_at: str
    db_salt: bytes
    dek_check: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": FORMAT_VERSION, "user_id": self.user_id, "device_id": self.device_id,
            "key_epoch": self.key_epoch, "epoch_created_at": self.epoch_created_at,
            "db_salt": b64(self.db_salt), "dek_check": b64(self.dek_check),
        }  # fmt: skip

    def aad(self, slot_type: str, params: dict[str, Any]) -> bytes:
        return _canonical({**self.to_json(), "slot_type": slot_type, "slot_params": params})


@dataclass(frozen=True)
class Slot:
    type: str
    params: dict[str, Any]  # bound into the AAD with the header
    nonce: bytes
    wrapped: bytes

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, **self.params, "nonce": b64(self.nonce), "wrapped_key": b64(self.wrapped)}


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def b64(data: bytes | bytearray) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def serialize_envelope(
    header: EnvelopeHeader, slots: list[Slot], failures: int, last_failure: datetime | None
) -> bytes:
    """The whole file as written: header, slots and the unlock-failure counter."""
    doc = {
        **header.to_json(),
        "slots": [slot.to_json() for slot in slots],
        # Outside every AAD on purpose: it changes on each attempt without a key at hand.
        "unlock_failures": {
            "count": failures,
            "last_failure_at": iso(last_failure) if last_failure else None,
        },
    }
    return json.dumps(doc, indent=2, sort_keys=True).encode("ascii")


# ---- reading and validating the file ----------------------------------------------------------


def read_envelope(path: Path) -> tuple[EnvelopeHeader, list[Slot], int, datetime | None]:
    state = wipe_state(path.parent)
    if state == "pending":
        raise VaultWiped()  # a wipe was started: it must be finished, never undone
    try:
        raw = read_regular_file(path, MAX_ENVELOPE_BYTES + 1)
    except FileNotFoundError:
        raise (VaultWiped() if state == "done" else NoVault()) from None
    except OSError:
        raise damaged("unreadable (symlink, not a regular file, or I/O error)") from None
    if len(raw) > MAX_ENVELOPE_BYTES:
        raise damaged("too large")
    try:
        return _parse(raw)
    except KeyFileDamaged:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise damaged(type(exc).__name__) from None


def _parse(raw: bytes) -> tuple[EnvelopeHeader, list[Slot], int, datetime | None]:
    doc = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    _expect_keys(doc, {"format", "version", "user_id", "device_id", "key_epoch", "epoch_created_at",
                       "db_salt", "dek_check", "slots", "unlock_failures"})  # fmt: skip
    if doc["format"] != FORMAT or doc["version"] != FORMAT_VERSION:
        raise damaged("unknown format or version")
    header = EnvelopeHeader(
        user_id=_id_field(doc["user_id"]),
        device_id=_id_field(doc["device_id"]),
        key_epoch=_int_field(doc["key_epoch"], 1, 1_000_000),
        epoch_created_at=iso(_require_time(doc["epoch_created_at"])),
        db_salt=_bytes_field(doc["db_salt"], DB_SALT_BYTES),
        dek_check=_bytes_field(doc["dek_check"], CHECK_BYTES),
    )
    if header.epoch_created_at != doc["epoch_created_at"]:
        raise damaged("non-canonical time")
    slots = _parse_slots(doc["slots"], header)
    failures, last = _parse_counter(doc["unlock_failures"])
    return header, slots, failures, last


def _parse_slots(items: Any, header: EnvelopeHeader) -> list[Slot]:
    if not isinstance(items, list) or not 1 <= len(items) <= 2 + MAX_RECOVERY_SLOTS:
        raise damaged("bad slot list")
    slots = [_parse_slot(item, header) for item in items]
    types = [slot.type for slot in slots]
    # R30: exactly one passphrase slot always; at most one keyring slot; recovery key ids unique.
    if types.count(SLOT_PASSPHRASE) != 1 or types.count(SLOT_KEYRING) > 1:
        raise damaged("bad slot mix")
    ids = [slot.params["key_id"] for slot in slots if slot.type == SLOT_RECOVERY]
    if len(ids) != len(set(ids)):
        raise damaged("duplicate recovery slot")
    return slots


def _parse_slot(item: Any, header: EnvelopeHeader) -> Slot:
    if not isinstance(item, dict):
        raise damaged("slot is not an object")
    kind = item.get("type")
    parser = {SLOT_PASSPHRASE: _passphrase_params, SLOT_RECOVERY: _recovery_params, SLOT_KEYRING: _keyring_params}
    if kind not in parser:
        raise damaged("unknown slot type")
    params = {k: v for k, v in item.items() if k not in ("type", "nonce", "wrapped_key")}
    parser[kind](params, header)
    return Slot(kind, params, _bytes_field(item.get("nonce"), NONCE_BYTES),
                 _bytes_field(item.get("wrapped_key"), WRAPPED_BYTES))  # fmt: skip


def _passphrase_params(params: dict[str, Any], _header: EnvelopeHeader) -> None:
    _expect_keys(params, {"kdf", "salt"})
    kdf = params["kdf"]
    _expect_keys(kdf, {"alg", "version", "t", "m_kib", "p"})
    if kdf["alg"] != "argon2id" or kdf["version"] != ARGON2_VERSION:
        raise damaged("unsupported KDF")
    cap = KdfParams.MAXIMUM
    found = KdfParams(
        _int_field(kdf["t"], 1, cap.t), _int_field(kdf["m_kib"], 8, cap.m_kib), _int_field(kdf["p"], 1, cap.p)
    )
    if found.below(KdfParams.FLOOR):
        raise damaged("KDF parameters below the floor")  # a weakened file is tampering, not a wrong passphrase
    _bytes_field(params["salt"], SALT_BYTES)


def _recovery_params(params: dict[str, Any], _header: EnvelopeHeader) -> None:
    _expect_keys(params, {"alg", "key_id", "epk"})
    key_id = params["key_id"]
    if params["alg"] != RECOVERY_ALG or not isinstance(key_id, str) or len(key_id) != 32:
        raise damaged("bad recovery slot")
    if key_id.strip("0123456789abcdef"):
        raise damaged("bad recovery key id")
    _bytes_field(params["epk"], 32)


def _keyring_params(params: dict[str, Any], header: EnvelopeHeader) -> None:
    _expect_keys(params, {"alg", "service", "username"})
    expected = keyring_username(header.user_id, header.device_id, header.key_epoch)
    if params["alg"] != KEYRING_ALG or params["service"] != KEYRING_SERVICE or params["username"] != expected:
        raise damaged("bad keyring slot")


def _parse_counter(value: Any) -> tuple[int, datetime | None]:
    _expect_keys(value, {"count", "last_failure_at"})
    count = _int_field(value["count"], 0, backoff.MAX_FAILURES)
    last = value["last_failure_at"]
    return count, None if last is None else _require_time(last)


def _expect_keys(value: Any, keys: set[str]) -> None:
    if not isinstance(value, dict) or set(value) != keys:
        raise damaged("unexpected fields")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise damaged("duplicate field")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise damaged(f"JSON constant {name}")


def _int_field(value: Any, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise damaged("integer out of range")
    return value


def _bytes_field(value: Any, length: int) -> bytes:
    if not isinstance(value, str):
        raise damaged("expected base64 text")
    data = base64.b64decode(value, validate=True)
    if len(data) != length or b64(data) != value:
        raise damaged("bad base64 field")
    return data


def _id_field(value: Any) -> str:
    if not isinstance(value, str) or not _valid_id(value):
        raise damaged("bad id")
    return value


def _require_time(value: Any) -> datetime:
    parsed = parse_time(value)
    if parsed is None:
        raise damaged("bad time")
    return parsed


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def damaged(why: str) -> KeyFileDamaged:
    error = KeyFileDamaged()
    error.add_note(f"vault.key: {why}")  # fixed wording for IT; never file content
    return error


def _valid_id(value: str) -> bool:
    return 1 <= len(value) <= 128 and set(value) <= _ID_CHARS


def check_id(value: str, what: str) -> None:
    # Opaque ids only (UUIDs, numbers): they end up in keyring item names and PHI-free receipts.
    if not _valid_id(value):
        raise ValueError(f"{what} must be 1-128 characters from A-Z a-z 0-9 . _ -")


def check_length(value: bytes | bytearray, length: int, what: str) -> None:
    if not isinstance(value, bytes | bytearray) or len(value) != length:
        raise ValueError(f"{what} must be {length} bytes")


def check_envelope_path(path: Path) -> None:
    # Wipe and lockout erase find the envelope by name; another name would survive a crypto-erase.
    if Path(path).name != ENVELOPE_NAME:
        raise ValueError(f"the key envelope must be named {ENVELOPE_NAME}")
