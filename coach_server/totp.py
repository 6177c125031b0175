"""RFC 6238 time-based one-time passwords (HMAC-SHA1, 30 s steps, 6 digits, ±1 step), standard library only."""

from __future__ import annotations

import base64
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # accept the previous and the next step too: phones and servers disagree by a few seconds
SECRET_BYTES = 20  # RFC 4226 recommends 160 bits for HMAC-SHA1
ISSUER = "Coach Desktop"


def new_secret() -> str:
    """A random shared secret, base32 without padding (what authenticator apps expect)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def b32_key(secret_b32: str) -> bytes:
    """The raw key of a base32 secret (spaces, lower case and missing padding tolerated)."""
    text = secret_b32.strip().replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226 HOTP value for ``counter`` (dynamic truncation of an HMAC)."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    code = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def time_step(unix_time: float, step: int = STEP_SECONDS) -> int:
    return int(unix_time // step)


def totp(key: bytes, unix_time: float, digits: int = DIGITS, digest: str = "sha1", step: int = STEP_SECONDS) -> str:
    """RFC 6238 TOTP at ``unix_time`` (T0 = 0)."""
    return hotp(key, time_step(unix_time, step), digits, digest)


def code_at(secret_b32: str, unix_time: float) -> str:
    """The 6-digit code an authenticator app shows at ``unix_time``."""
    return totp(b32_key(secret_b32), unix_time)


def verify(secret_b32: str, code: str, unix_time: float, last_used_step: int | None = None) -> int | None:
    """The time step ``code`` belongs to (within ±1 step), or None.

    A step at or before ``last_used_step`` is refused: a code seen once (say, over a shoulder) cannot be replayed.
    """
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = b32_key(secret_b32)
    now_step = time_step(unix_time)
    for candidate in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if last_used_step is not None and candidate <= last_used_step:
            continue
        if hmac.compare_digest(hotp(key, candidate), code):
            return candidate
    return None


def provisioning_uri(secret_b32: str, account: str, issuer: str = ISSUER) -> str:
    """The ``otpauth://`` URI an authenticator app scans (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode({"secret": secret_b32, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS,
                       "period": STEP_SECONDS})  # fmt: skip
    return f"otpauth://totp/{label}?{query}"

