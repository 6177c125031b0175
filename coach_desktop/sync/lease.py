"""The offline lease (SECURITY R17, SYNC_PROTOCOL §6.9): no patient data after too long without a check-in.

The lease end comes from the last successful hello. Time since then is measured on the local clock from the
local reading taken at that hello; a local clock found earlier than the last one recorded counts as expired
(turning the clock back must not extend the lease). App-enforced; it does not change the cryptography.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..vault import sync_state
from ..vault.sync_state import LAST_LOCAL_TIME, LEASE_EXPIRES_AT, LEASE_LOCAL_TIME, LEASE_SERVER_TIME, parse_time
from ..vault.vault import Vault
from .errors import LeaseExpired

# NTP nudges a clock by seconds; a person or a dead CMOS battery moves it by hours.
CLOCK_BACKWARDS_TOLERANCE = timedelta(minutes=5)
CLOCK_WENT_BACK = ("This computer's clock was set back since Coach last checked in, so Coach cannot tell how long "
                   "it has been offline. Connect to the network and sync to open your patient data again.")  # fmt: skip


@dataclass(frozen=True)
class LeaseStatus:
    applies: bool  # False for a vault never enrolled (demo, local only): no lease to enforce
    expires_at: datetime | None = None
    server_now: datetime | None = None  # the server's time as estimated from the last hello
    remaining: timedelta | None = None


def check_lease(state: Mapping[str, str], now: datetime) -> LeaseStatus:
    """Pure check over ``sync_state`` values; raises LeaseExpired."""
    expires = parse_time(state.get(LEASE_EXPIRES_AT))
    if expires is None:
        return LeaseStatus(applies=False)
    last_local = parse_time(state.get(LAST_LOCAL_TIME))
    if last_local is not None and now < last_local - CLOCK_BACKWARDS_TOLERANCE:
        raise LeaseExpired(CLOCK_WENT_BACK)
    server_anchor = parse_time(state.get(LEASE_SERVER_TIME))
    local_anchor = parse_time(state.get(LEASE_LOCAL_TIME))
    server_now = server_anchor + (now - local_anchor) if server_anchor and local_anchor else now
    if server_now >= expires:
        raise LeaseExpired()
    return LeaseStatus(True, expires, server_now, expires - server_now)


def require_lease(vault: Vault, now: datetime | None = None) -> LeaseStatus:
    """Call right after ``Vault.unlock`` (app and coachctl) before showing patient data.

    Raises LeaseExpired and leaves the vault unlocked: the caller locks it, or keeps it open only for the sync
    lane (the refresh token is inside), which is how an expired lease is renewed.
    """
    now = now or datetime.now(UTC)
    db = vault.database()
    status = check_lease(sync_state.read_all(db), now)
    if status.applies:
        last = parse_time(sync_state.get(db, LAST_LOCAL_TIME))
        if last is None or now > last:
            with db.transaction():
                sync_state.put(db, {LAST_LOCAL_TIME: now})
    return status
