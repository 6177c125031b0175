"""The pure unlock back-off schedule (SECURITY §4.5, T-PASS-2) with explicit clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach_desktop.vault import backoff

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# Attempt number -> seconds it must wait after the previous failure (attempts 11-20 also need re-auth).
EXPECTED_DELAYS = {**dict.fromkeys(range(1, 6), 0), 6: 30, 7: 60, 8: 120, 9: 240, 10: 480}
EXPECTED_DELAYS.update(dict.fromkeys(range(11, 21), 900))


@pytest.mark.parametrize(("attempt", "delay"), sorted(EXPECTED_DELAYS.items()))
def test_schedule_is_exact(attempt: int, delay: int) -> None:
    decision = backoff.decide(attempt - 1, T0, T0)
    assert decision.wait_seconds == delay
    assert decision.needs_online_reauth is (attempt >= 11)
    assert decision.erases_on_failure is (attempt == 20)
    assert decision.erase_now is False
    assert decision.remaining_before_erase == 20 - (attempt - 1)


def test_wait_counts_down_from_the_last_failure() -> None:
    failures = 6  # the next attempt is the 7th: 1 min
    assert backoff.decide(failures, T0, T0 + timedelta(seconds=10)).wait_seconds == 50
    assert backoff.decide(failures, T0, T0 + timedelta(seconds=59.5)).wait_seconds == pytest.approx(0.5)
    assert backoff.decide(failures, T0, T0 + timedelta(seconds=60)).wait_seconds == 0
    assert backoff.decide(failures, T0, T0 + timedelta(days=3)).wait_seconds == 0


def test_limit_reached_means_erase_now() -> None:
    decision = backoff.decide(20, T0, T0 + timedelta(days=1))
    assert decision.erase_now is True
    assert decision.remaining_before_erase == 0


def test_count_without_a_time_waits_in_full() -> None:
    assert backoff.decide(7, None, T0).wait_seconds == 120


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        backoff.decide(-1, None, T0)


@given(
    failures=st.integers(min_value=0, max_value=19),
    back=st.floats(min_value=0.001, max_value=10 * 365 * 86400, allow_nan=False),
)
def test_clock_moving_backwards_never_shortens_the_wait(failures: int, back: float) -> None:
    decision = backoff.decide(failures, T0, T0 - timedelta(seconds=back))
    assert decision.wait_seconds == backoff.delay_before_attempt(failures + 1)


@given(
    failures=st.integers(min_value=0, max_value=19),
    first=st.floats(min_value=-3600, max_value=3600, allow_nan=False),
    later_by=st.floats(min_value=0, max_value=3600, allow_nan=False),
)
def test_wait_never_grows_as_time_moves_forward(failures: int, first: float, later_by: float) -> None:
    earlier = backoff.decide(failures, T0, T0 + timedelta(seconds=first))
    later = backoff.decide(failures, T0, T0 + timedelta(seconds=first + later_by))
    assert 0 <= later.wait_seconds <= earlier.wait_seconds <= backoff.delay_before_attempt(failures + 1)
