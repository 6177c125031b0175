"""The offline lease: server-anchored, measured on the local clock, and a clock set back counts as expired."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coach_desktop.sync.errors import LeaseExpired, SyncErrorKind
from coach_desktop.sync.lease import CLOCK_WENT_BACK, check_lease, require_lease
from coach_desktop.vault import sync_state
from coach_desktop.vault.vault import Vault

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def state(*, server: datetime = T0, local: datetime = T0, days: float = 7,
          last: datetime | None = None) -> dict[str, str]:  # fmt: skip
    return {sync_state.LEASE_EXPIRES_AT: (server + timedelta(days=days)).isoformat(),
            sync_state.LEASE_SERVER_TIME: server.isoformat(), sync_state.LEASE_LOCAL_TIME: local.isoformat(),
            sync_state.LAST_LOCAL_TIME: (last or local).isoformat()}  # fmt: skip


def test_a_vault_never_enrolled_has_no_lease() -> None:
    assert not check_lease({}, T0).applies


def test_unlocks_until_the_last_second_of_the_lease_then_refuses() -> None:
    ok = check_lease(state(), T0 + timedelta(days=6, hours=23))
    assert ok.applies and ok.remaining == timedelta(hours=1)
    with pytest.raises(LeaseExpired) as caught:
        check_lease(state(), T0 + timedelta(days=7, seconds=1))
    assert caught.value.kind is SyncErrorKind.LEASE_EXPIRED and caught.value.error_code == "E_LEASE_EXPIRED"


def test_elapsed_time_is_local_but_the_anchor_is_the_servers_clock() -> None:
    skewed = T0 + timedelta(days=3)  # this laptop's clock runs three days ahead of the server
    lease = state(server=T0, local=skewed)
    assert check_lease(lease, skewed + timedelta(days=6)).server_now == T0 + timedelta(days=6)
    with pytest.raises(LeaseExpired):
        check_lease(lease, skewed + timedelta(days=7, seconds=1))


def test_a_clock_set_back_counts_as_expired_but_ntp_nudges_do_not() -> None:
    last = T0 + timedelta(days=2)
    assert check_lease(state(last=last), last - timedelta(seconds=40)).applies
    with pytest.raises(LeaseExpired) as caught:
        check_lease(state(last=last), last - timedelta(hours=1))
    assert caught.value.message == CLOCK_WENT_BACK


def test_require_lease_records_the_clock_and_refuses_after_expiry(vault: Vault) -> None:
    db = vault.database()
    with db.transaction():
        sync_state.put(db, state())
    require_lease(vault, now=T0 + timedelta(days=1))
    assert sync_state.get(db, sync_state.LAST_LOCAL_TIME) == (T0 + timedelta(days=1)).isoformat()
    with pytest.raises(LeaseExpired):
        require_lease(vault, now=T0 + timedelta(hours=2))  # earlier than the reading just recorded
    with pytest.raises(LeaseExpired):
        require_lease(vault, now=T0 + timedelta(days=8))
