"""Retry timing for transient failures: exponential backoff with full jitter, capped at 5 min (SECURITY R29)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

MAX_DELAY_SECONDS = 300.0

# sleep(seconds, cancel) → True when cancelled during the wait. The default waits on the event itself, so a
# cancel interrupts the wait at once instead of after the delay.
Sleeper = Callable[[float, threading.Event | None], bool]


def event_sleep(seconds: float, cancel: threading.Event | None) -> bool:
    if cancel is None:
        cancel = threading.Event()  # nobody can set it: a plain, interruptible-in-principle sleep
    return cancel.wait(max(0.0, seconds))


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries in all; between them ``rng() * min(cap, base * 2**n)`` seconds (AWS "full jitter").

    Retrying forever is the scheduler's job (SYNC_PROTOCOL rule 6); one request gives up after ``attempts``.
    """

    attempts: int = 5
    base: float = 1.0
    cap: float = MAX_DELAY_SECONDS

    def backoff(self, retry: int, rng: Callable[[], float] = random.random) -> float:
        """Delay before retry number ``retry`` (0 = the first retry)."""
        ceiling = min(self.cap, self.base * (2 ** min(retry, 62)))
        return rng() * ceiling

    def delay(self, retry: int, retry_after: float | None, rng: Callable[[], float] = random.random) -> float:
        """The server's Retry-After wins when it gives one (never beyond the cap); otherwise jittered backoff."""
        if retry_after is not None:
            return min(self.cap, max(0.0, retry_after))
        return self.backoff(retry, rng)


def parse_retry_after(value: str | None, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date); None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(min(int(text[:12]), 10**9))  # a hostile 10^400 stays a number; the cap applies later
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now()).total_seconds())
