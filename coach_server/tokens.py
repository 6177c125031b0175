"""Access tokens: short-lived, HMAC-signed, bound to one device. The device's status is still checked on every
request (SECURITY R15), so a revoked device is refused at once even with a token that has not expired."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class AccessClaims:
    device_id: str
    user_id: str
    tenant_id: str
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue_access_token(secret: bytes, claims: AccessClaims) -> str:
    payload = json.dumps(
        {"dev": claims.device_id, "usr": claims.user_id, "ten": claims.tenant_id,
         "exp": int(claims.expires_at.timestamp())},
        separators=(",", ":"), sort_keys=True,
    ).encode()  # fmt: skip
    signature = hmac.new(secret, b"access:" + payload, hashlib.sha256).digest()
    return f"{_b64(payload)}.{_b64(signature)}"


def verify_access_token(secret: bytes, token: str, now: datetime) -> AccessClaims | None:
    """The claims if the signature is ours and the token has not expired; otherwise None."""
    try:
        payload_b64, signature_b64 = token.split(".", 1)
        payload = _unb64(payload_b64)
        expected = hmac.new(secret, b"access:" + payload, hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature_b64)):
            return None
        data = json.loads(payload)
        claims = AccessClaims(str(data["dev"]), str(data["usr"]), str(data["ten"]),
                              datetime.fromtimestamp(int(data["exp"]), UTC))  # fmt: skip
    except (ValueError, KeyError, TypeError):
        return None
    return claims if claims.expires_at > now else None


def new_secret_token() -> str:
    """A refresh token or enrolment secret: random, shown once, stored only as a hash."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
