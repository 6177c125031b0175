"""Pure back-off schedule for local unlock attempts (SECURITY §4.5); no I/O, no clock of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

FREE_ATTEMPTS = 5  # attempts 1-5 never wait
EXPONENTIAL_UNTIL = 10  # attempts 6-10 wait 30 s * 2^(n-6)
BASE_DELAY_SECONDS = 30
REAUTH_DELAY_SECONDS = 15 * 60  # attempts 11-20 wait 15 min and need online re-auth
MAX_FAILURES = 20  # the 20th consecutive failure crypto-erases the vault


@dataclass(frozen=True)
class BackoffDecision:
    """What the gate says before the next attempt, given the failures so far."""

    failures: int
    wait_seconds: float
    needs_online_reauth: bool
    erases_on_failure: bool  # a wrong passphrase on the next attempt erases the vault
    erase_now: bool  # the limit was already reached (an attempt was interrupted): erase without trying

    @property
    def remaining_before_erase(self) -> int:
        return max(0, MAX_FAILURES - self.failures)


def delay_before_attempt(attempt: int) -> int:
    """Seconds that must separate attempt number ``attempt`` (1-based) from the previous failure."""
    if attempt <= FREE_ATTEMPTS:
        return 0
    if attempt <= EXPONENTIAL_UNTIL:
        return BASE_DELAY_SECONDS * 2 ** (attempt - FREE_ATTEMPTS - 1)
    return REAUTH_DELAY_SECONDS


def decide(failures: int, last_failure: datetime | None, now: datetime) -> BackoffDecision:
    """The gate for the next attempt after ``failures`` consecutive failures, the last at ``last_failure``."""
    if failures < 0:
        raise ValueError("failures cannot be negative")
    attempt = failures + 1
    delay = delay_before_attempt(attempt)
    return BackoffDecision(
        failures=failures,
        wait_seconds=_remaining(delay, last_failure, now),
        needs_online_reauth=attempt > EXPONENTIAL_UNTIL,
        erases_on_failure=attempt >= MAX_FAILURES,
        erase_now=failures >= MAX_FAILURES,
    )


def _remaining(delay: int, last_failure: datetime | None, now: datetime) -> float:
    if delay == 0:
        return 0.0
    if last_failure is None:
        # A counter without a time (e.g. a keyring mirror from an older build) still gates: wait in full.
        return float(delay)
    # Clamp at zero so a clock set backwards makes the wait longer, never shorter.
    elapsed = max(0.0, (now - last_failure).total_seconds())
    return max(0.0, delay - elapsed)
