"""Named crash points for kill tests: ``SYNC_CRASHPOINT=<name>:<nth>`` exits like SIGKILL at the nth hit.

Points (SYNC_PROTOCOL §8 F1/F2), and where they are:
  after_mark_in_flight                          push batch committed as in flight, nothing sent yet
  after_request_sent                            any HTTP request (refresh and hello too): the server may have acted
  after_response_received_before_local_commit   a push, pull or snapshot answer parsed, nothing stored yet
  mid_result_apply, mid_page_apply, mid_snapshot_page   halfway through that transaction (it rolls back)
  after_page_apply_before_cursor_commit         a pull page applied, its cursor not yet written or committed
``<nth>`` counts hits of that name in this process and defaults to 1. Without the variable a call costs one
environment lookup.
"""

from __future__ import annotations

import os
import threading

ENV = "SYNC_CRASHPOINT"
EXIT_CODE = 137  # what a SIGKILLed process reports, so harnesses treat both alike

POINTS = frozenset({
    "after_mark_in_flight", "after_request_sent", "after_response_received_before_local_commit",
    "mid_result_apply", "mid_page_apply", "after_page_apply_before_cursor_commit", "mid_snapshot_page",
})  # fmt: skip

_hits: dict[str, int] = {}
_lock = threading.Lock()


def _target() -> tuple[str, int] | None:
    raw = os.environ.get(ENV)
    if not raw:
        return None
    name, _, nth = raw.partition(":")
    try:
        return name, max(1, int(nth or "1"))
    except ValueError:
        return None


def crashpoint(name: str) -> None:
    """Die at once (no cleanup, no commit) when the environment names this point and its hit count is reached."""
    target = _target()
    if target is None or target[0] != name:
        return
    with _lock:
        _hits[name] = _hits.get(name, 0) + 1
        hit = _hits[name]
    if hit == target[1]:
        os._exit(EXIT_CODE)


def reset() -> None:
    """Forget hit counts (tests that run several scenarios in one process)."""
    with _lock:
        _hits.clear()
