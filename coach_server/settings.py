"""Server settings: one dataclass, read from the environment (``COACH_SERVER_*``) or passed by tests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import platformdirs


def default_db_url() -> str:
    """SQLite in the per-user data folder: the embedded default, so ``coach-server serve`` needs nothing else."""
    folder = Path(platformdirs.user_data_dir("CoachServer", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return f"sqlite:///{folder / 'coach-server.db'}"


LEASE_ENV = "COACH_SERVER_LEASE_DAYS"


@dataclass(frozen=True)
class ServerSettings:
    db_url: str = field(default_factory=lambda: os.environ.get("COACH_SERVER_DB") or default_db_url())
    access_token_ttl: timedelta = timedelta(minutes=15)  # SECURITY R11
    refresh_token_ttl: timedelta = timedelta(days=30)
    # Offline lease returned by hello: SECURITY R17 says 7 days, configurable (SYNC_PROTOCOL §6.9 sketches 14).
    lease: timedelta = field(default_factory=lambda: timedelta(days=float(os.environ.get(LEASE_ENV, "7"))))
    mfa_required: bool = field(default_factory=lambda: os.environ.get("COACH_SERVER_MFA_REQUIRED") == "1")
    max_body_bytes: int = 5 * 1024 * 1024  # SECURITY R14
    requests_per_minute: int = 600  # per device or per client address
    login_attempts_per_15min: int = 5
    default_tenant: str = "default"
