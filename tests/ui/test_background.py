"""Background lanes: work runs off the GUI thread, answers come back on it, and a lock drops stale answers."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QThread

from coach_desktop.ui.background import InlineLanes, Lane, Lanes, user_message
from coach_desktop.vault.errors import Locked


def test_work_runs_on_a_worker_and_the_answer_on_the_gui_thread(lanes: Lanes, qtbot: Any) -> None:
    seen: dict[str, object] = {}
    gui = QThread.currentThread()

    def work() -> str:
        seen["worker"] = threading.current_thread().name
        return "answer"

    def done(value: str) -> None:
        seen["value"], seen["on_gui"] = value, QThread.currentThread() is gui

    lanes.run_db(work, done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"worker": seen["worker"], "value": "answer", "on_gui": True}
    assert str(seen["worker"]).startswith("lane-db")


def test_the_db_lane_runs_one_task_at_a_time_in_order(lanes: Lanes, qtbot: Any) -> None:
    order: list[int] = []
    active = [0]

    def work(i: int) -> int:
        active[0] += 1
        assert active[0] == 1  # never two at once on the lane that owns the connection
        order.append(i)
        active[0] -= 1
        return i

    results: list[int] = []
    for i in range(20):
        lanes.run_db(lambda i=i: work(i), results.append)
    qtbot.waitUntil(lambda: len(results) == 20, timeout=5000)
    assert order == results == list(range(20))


def test_an_invalidated_answer_is_never_delivered(lanes: Lanes, qtbot: Any) -> None:
    gate = threading.Event()
    delivered: list[str] = []
    lanes.run_db(lambda: gate.wait(5) and "stale", delivered.append)
    lanes.invalidate()  # the vault locks while the query runs
    gate.set()
    lanes.run_db(lambda: "fresh", delivered.append)
    qtbot.waitUntil(lambda: delivered == ["fresh"], timeout=5000)
    lanes.drain(Lane.DB)
    qtbot.wait(50)
    assert delivered == ["fresh"]


def test_errors_reach_on_error_or_the_status_bar_without_their_text(lanes: Lanes, qtbot: Any) -> None:
    caught: list[BaseException] = []
    lanes.run_net(lambda: (_ for _ in ()).throw(Locked()), on_error=caught.append)
    qtbot.waitUntil(lambda: bool(caught), timeout=5000)
    assert isinstance(caught[0], Locked)
    with qtbot.waitSignal(lanes.task_failed, timeout=5000) as signal:
        lanes.run_db(lambda: (_ for _ in ()).throw(ValueError("Maria Lopez, DOB 1961-02-03")))
    assert "Maria" not in signal.args[0] and "try again" in signal.args[0]


def test_busy_turns_on_while_work_is_queued_and_off_after(lanes: Lanes, qtbot: Any) -> None:
    states: list[bool] = []
    lanes.busy_changed.connect(states.append)
    gate = threading.Event()
    lanes.run_db(lambda: gate.wait(5))
    lanes.run_db(lambda: None)
    gate.set()
    qtbot.waitUntil(lambda: states == [True, False], timeout=5000)
    assert lanes.pending == 0


def test_inline_lanes_answer_at_once(inline_lanes: InlineLanes) -> None:
    got: list[int] = []
    failed: list[BaseException] = []
    inline_lanes.run_db(lambda: 41 + 1, got.append)
    inline_lanes.run_db(lambda: 1 // 0, on_error=failed.append)
    assert got == [42] and isinstance(failed[0], ZeroDivisionError)


def test_user_message_keeps_our_own_messages() -> None:
    assert user_message(Locked()) == Locked().message
