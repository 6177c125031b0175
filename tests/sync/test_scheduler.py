"""The sync scheduler on real threads - real vaults, the real server on loopback, a gate at the network edge."""

from __future__ import annotations

import itertools
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.sync.connectivity import RouteProbe
from coach_desktop.sync.errors import SyncErrorKind
from coach_desktop.sync.progress import Phase, ProgressSnapshot
from coach_desktop.sync.retry import RetryPolicy
from coach_desktop.sync.scheduler import (
    SchedulerState,
    SyncScheduler,
    Trigger,
    engine_factory,
)
from coach_desktop.vault import sync_state
from coach_desktop.vault.vault import Vault
from coach_server import identity
from tests.conftest import PASSPHRASE
from tests.server.live import LiveServer
from tests.sync.conftest import TENANT, Device, World

LONG = timedelta(hours=1)  # "never" within a test: only the trigger under test can start a run
WAIT = 15.0  # generous upper bound for a wait-for-condition on 2 busy cores
FAST_CLIENT = {"retry": RetryPolicy(attempts=1), "timeouts": (2.0, 10.0)}  # the scheduler retries, not the client


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Iterator[LiveServer]:
    """SQLite only: the scheduler decides *when* to sync; the backends are covered by the engine's tests."""
    server = LiveServer(f"sqlite:///{tmp_path_factory.mktemp('srv') / 'server.db'}")
    with server:
        with server.engine.begin() as conn:
            identity.ensure_tenant(conn, TENANT)
        yield server


class Recorder:
    """A scheduler listener keeping every state, with a wait-for-condition over them (no polling)."""

    def __init__(self) -> None:
        self.states: list[SchedulerState] = []
        self.started: list[tuple[Trigger, float]] = []  # each run's trigger and monotonic start
        self._cond = threading.Condition()

    def __call__(self, state: SchedulerState) -> None:
        with self._cond:
            if state.running and (not self.states or not self.states[-1].running):
                assert state.trigger is not None
                self.started.append((state.trigger, time.monotonic()))
            self.states.append(state)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[SchedulerState], bool], timeout: float = WAIT) -> SchedulerState:
        with self._cond:
            assert self._cond.wait_for(lambda: bool(self.states) and predicate(self.states[-1]), timeout), \
                f"condition not met; last state: {self.states[-1] if self.states else None}"  # fmt: skip
            return self.states[-1]

    def holds_within(self, predicate: Callable[[], bool], timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    @property
    def triggers(self) -> list[Trigger]:
        with self._cond:
            return [t for t, _ in self.started]


def idle_after(runs: int) -> Callable[[SchedulerState], bool]:
    return lambda s: s.runs >= runs and not s.running


class FakeProbe:
    """The network edge's answer to "is there a route?", set by the test."""

    def __init__(self, online: bool) -> None:
        self.online = online

    def is_online(self) -> bool:
        return self.online


class Gate:
    """A loopback TCP forwarder in front of the live server; ``close()`` drops and refuses connections (no network)."""

    def __init__(self, target: str) -> None:
        host, port = target.removeprefix("http://").split(":")
        self._target = (host, int(port))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._open = True
        self._finished = False
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="gate", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._open = False
            conns, self._conns = self._conns, []
        for conn in conns:
            _drop(conn)

    def open(self) -> None:
        with self._lock:
            self._open = True

    def shutdown(self) -> None:
        self._finished = True
        self.close()
        with socket.create_connection(self._listener.getsockname()):  # wakes the accept() so it can see _finished
            pass
        self._listener.close()

    def _accept(self) -> None:
        while True:
            client, _ = self._listener.accept()
            if self._finished:
                client.close()
                return
            with self._lock:
                if not self._open:
                    _drop(client)  # a reset, as from a network that is not there
                    continue
                upstream = socket.create_connection(self._target)
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        _drop(sink)


def _drop(conn: socket.socket) -> None:
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close
        conn.close()
    except OSError:
        pass


Make = Callable[..., tuple[SyncScheduler, Recorder]]


@pytest.fixture
def make(world: World) -> Iterator[Make]:
    """Build a scheduler for a device (``device`` or a ready ``factory``), subscribed to a Recorder; stopped after."""
    made: list[SyncScheduler] = []

    def build(device: Device | None = None, *, factory: Any = None, engine_options: dict[str, Any] | None = None,
              **options: Any) -> tuple[SyncScheduler, Recorder]:  # fmt: skip
        if factory is None:
            assert device is not None
            factory = engine_factory(device.vault, client_options=FAST_CLIENT, **(engine_options or {}))
        options.setdefault("interval", LONG)
        options.setdefault("debounce", LONG)
        options.setdefault("connectivity", FakeProbe(True))
        scheduler = SyncScheduler(factory, **options)
        recorder = Recorder()
        scheduler.subscribe(recorder)
        made.append(scheduler)
        return scheduler, recorder

    yield build
    for scheduler in made:
        scheduler.stop(timeout=WAIT)
        assert not scheduler.is_alive


def _local(device: Device, kind: str, record_id: str) -> bool:
    return bool(device.vault.database().scalar("SELECT 1 FROM record WHERE kind = ? AND id = ?", (kind, record_id)))


def _new_plans(device: Device, member_id: str, count: int, after: Callable[[], None] = lambda: None) -> list[str]:
    ids = []
    for i in range(count):
        plan = CarePlan.model_validate({"member_id": member_id, "title": f"Plan {i}", "member_words": "walk more"})
        ids.append(str(device.repo.create(plan)[0].id))
        after()
    return ids


# ---- triggers --------------------------------------------------------------------------------------------------


def test_start_syncs_with_the_server_and_listeners_see_each_step(world: World, make: Make) -> None:
    coach = world.account()
    member_id = world.member(coach)
    device = world.device(coach)
    scheduler, recorder = make(device)

    scheduler.start()
    state = recorder.wait(idle_after(1))

    assert recorder.triggers == [Trigger.START]
    assert any(s.running and s.trigger is Trigger.START for s in recorder.states)
    assert state.last_report is not None and state.last_report.ok and state.last_report.snapshot
    assert state.last_error is None and state.trigger is Trigger.START
    assert _local(device, "member", member_id)  # the snapshot came from the server
    assert state.status is not None and state.status.enrolled and state.status.pending == 0
    assert state.status.last_sync_at is not None and state.online is True
    assert scheduler.progress.snapshot().phase is Phase.DONE
    assert state.next_run_at is not None  # the interval timer is planned


def test_ten_saves_within_the_debounce_make_one_sync(world: World, make: Make) -> None:
    coach = world.account()
    member_id = world.member(coach)
    device = world.device(coach)
    debounce = timedelta(seconds=0.4)
    scheduler, recorder = make(device, debounce=debounce)
    scheduler.start()
    recorder.wait(idle_after(1))

    plan_ids = _new_plans(device, member_id, 10, after=scheduler.notify_saved)
    last_save = time.monotonic()
    state = recorder.wait(idle_after(2))

    assert recorder.triggers == [Trigger.START, Trigger.SAVED]
    assert recorder.started[1][1] >= last_save + debounce.total_seconds() - 0.05  # it waited for the saves to pause
    assert state.last_report is not None and state.last_report.pushed == 10  # one run carried all ten
    assert state.status is not None and state.status.pending == 0
    assert {("care_plan", p) for p in plan_ids} <= set(world.server_records(coach))
    assert state.next_run_at is not None and state.next_run_at > state.status.last_sync_at + LONG / 2  # no 2nd save run


def test_the_interval_timer_syncs_again(world: World, make: Make) -> None:
    coach = world.account()
    world.member(coach)
    device = world.device(coach)
    scheduler, recorder = make(device, interval=timedelta(seconds=0.3))
    scheduler.start()
    recorder.wait(idle_after(1))
    later = world.member(coach, family="Zqlater")

    recorder.wait(lambda s: recorder.triggers.count(Trigger.TIMER) >= 2 and not s.running)

    assert recorder.triggers[0] is Trigger.START and set(recorder.triggers[1:]) == {Trigger.TIMER}
    assert _local(device, "member", later)  # a timer run pulled what the server gained meanwhile


def test_connectivity_coming_back_triggers_a_sync(world: World, make: Make) -> None:
    coach = world.account()
    device = world.device(coach)
    probe = FakeProbe(online=False)
    scheduler, recorder = make(device, connectivity=probe, probe_interval=timedelta(seconds=0.05))
    scheduler.start()
    state = recorder.wait(idle_after(1))
    assert state.online is False
    arrived = world.member(coach, family="Zqreconnect")

    probe.online = True
    state = recorder.wait(idle_after(2))

    assert recorder.triggers == [Trigger.START, Trigger.CONNECTIVITY]
    assert state.online is True and state.last_error is None
    assert _local(device, "member", arrived)


def test_requests_during_a_run_coalesce_into_one_follow_up(world: World, make: Make) -> None:
    coach = world.account()
    device = world.device(coach)
    scheduler, recorder = make(device, debounce=timedelta(seconds=0.05))
    entered, release = threading.Event(), threading.Event()

    def hold_first_hello(snapshot: ProgressSnapshot) -> None:
        if snapshot.phase is Phase.HELLO and not entered.is_set():
            entered.set()
            release.wait(WAIT)  # on the worker thread: the START run is held here

    scheduler.progress.subscribe(hold_first_hello)
    scheduler.start()
    assert entered.wait(WAIT)
    for _ in range(5):
        scheduler.request()
    for _ in range(3):
        scheduler.notify_saved()
    scheduler.request(Trigger.CONNECTIVITY)
    release.set()
    state = recorder.wait(idle_after(2))

    assert recorder.triggers == [Trigger.START, Trigger.ON_DEMAND]  # nine requests, one follow-up, labelled by rank
    assert state.last_report is not None and state.last_report.ok
    assert state.next_run_at is not None and state.status is not None and state.status.last_sync_at is not None
    assert state.next_run_at > state.status.last_sync_at + LONG / 2  # the saves were answered by that run


# ---- cancel and stop -------------------------------------------------------------------------------------------


def test_cancel_stops_between_batches_and_a_later_sync_finishes(world: World, make: Make) -> None:
    coach = world.account()
    member_id = world.member(coach)
    device = world.device(coach)
    scheduler, recorder = make(device, engine_options={"push_limit": 2})
    scheduler.start()
    recorder.wait(idle_after(1))
    plan_ids = _new_plans(device, member_id, 5)
    cancelled = threading.Event()

    def cancel_after_first_batch(snapshot: ProgressSnapshot) -> None:
        if snapshot.pushed > 0 and not cancelled.is_set():
            cancelled.set()
            scheduler.cancel()

    scheduler.progress.subscribe(cancel_after_first_batch)
    scheduler.request()
    state = recorder.wait(idle_after(2))

    assert state.last_error is not None and state.last_error.kind is SyncErrorKind.CANCELLED
    assert state.last_report is not None and state.last_report.pushed == 2
    assert state.status is not None and state.status.pending == 3  # the rest is still in the outbox
    assert state.failures == 0 and not state.needs_user  # a cancel is not a failure
    assert len(world.mutation_results(device)) == 2

    scheduler.request()
    state = recorder.wait(idle_after(3))

    assert state.last_error is None and state.status is not None and state.status.pending == 0
    assert {("care_plan", p) for p in plan_ids} <= set(world.server_records(coach))


def test_stop_joins_promptly_and_later_requests_are_ignored(world: World, make: Make) -> None:
    coach = world.account()
    device = world.device(coach)
    scheduler, recorder = make(device)
    scheduler.start()
    state = recorder.wait(idle_after(1))
    assert state.next_run_at is not None  # the worker now waits an hour for its timer: stop must not

    began = time.monotonic()
    scheduler.stop(timeout=5)
    took = time.monotonic() - began

    assert not scheduler.is_alive and took < 1.0
    state = recorder.wait(lambda s: s.stopped)
    assert not state.running and state.next_run_at is None
    runs = state.runs
    scheduler.request()
    scheduler.notify_saved()
    scheduler.start()  # a stopped scheduler does not come back
    scheduler.stop()  # idempotent
    assert not scheduler.is_alive and scheduler.state.runs == runs
    device.vault.lock()  # what the app does next; nothing of the lane is left to trip over it


# ---- failures ----------------------------------------------------------------------------------------------------


def test_a_network_failure_backs_off_then_recovers_when_the_server_is_back(world: World, make: Make) -> None:
    coach = world.account()
    member_id = world.member(coach)
    device = world.device(coach)
    gate = Gate(world.server.base_url)
    try:
        with device.vault.database().transaction():  # the device knows the server through the gate
            sync_state.put(device.vault.database(), {sync_state.SERVER_URL: gate.url})
        gate.close()
        base, cap = 0.1, 0.4
        scheduler, recorder = make(device, backoff=RetryPolicy(base=base, cap=cap), rng=lambda: 1.0)
        scheduler.start()
        state = recorder.wait(lambda s: s.failures >= 4 and not s.running)

        assert state.last_error is not None and state.last_error.kind is SyncErrorKind.NETWORK
        assert not state.needs_user and state.next_run_at is not None
        starts = [t for _, t in recorder.started]
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        for retry, gap in enumerate(gaps[:3]):  # 0.1, 0.2, 0.4, then the cap: waits grow, never past it (+ slack)
            assert min(cap, base * 2**retry) - 0.02 <= gap <= cap + 1.0, gaps
        assert set(recorder.triggers[1:]) == {Trigger.TIMER}

        gate.open()
        state = recorder.wait(lambda s: s.last_error is None and not s.running and s.runs > 4)

        assert state.failures == 0 and state.last_report is not None and state.last_report.ok
        assert _local(device, "member", member_id)
        assert state.status is not None and state.next_run_at > state.status.last_sync_at + LONG / 2  # type: ignore[operator]
    finally:
        gate.shutdown()


def test_an_error_that_needs_the_user_pauses_automatic_syncs_until_asked(world: World, make: Make) -> None:
    coach = world.account()
    device = world.device(coach)
    with device.vault.database().transaction():  # the server will refuse this sign-in: AUTH
        sync_state.put(device.vault.database(), {sync_state.REFRESH_TOKEN: "not-the-real-refresh-token"})
    interval = timedelta(seconds=0.05)
    scheduler, recorder = make(device, interval=interval, debounce=interval, backoff=RetryPolicy(base=0.05, cap=0.1))
    scheduler.start()
    state = recorder.wait(idle_after(1))

    assert state.last_error is not None and state.last_error.kind is SyncErrorKind.AUTH
    assert state.needs_user and state.next_run_at is None and state.failures == 0
    scheduler.notify_saved()
    scheduler.request(Trigger.TIMER)
    scheduler.request(Trigger.CONNECTIVITY)
    # Ten intervals with nothing allowed to start: an absence can only be checked by waiting for it.
    assert not recorder.holds_within(lambda: len(recorder.started) > 1, timeout=10 * interval.total_seconds())

    scheduler.request(Trigger.ON_DEMAND)
    state = recorder.wait(idle_after(2))

    assert recorder.triggers == [Trigger.START, Trigger.ON_DEMAND]
    assert state.needs_user and state.last_error is not None and state.last_error.kind is SyncErrorKind.AUTH


def test_a_vault_that_is_not_enrolled_makes_no_attempt(tmp_path: Path) -> None:
    vault = Vault.create(tmp_path / "vault", PASSPHRASE, user_id="local-user", device_id="laptop-local")
    calls: list[int] = []
    asked_twice = threading.Event()
    inner = engine_factory(vault)

    def factory() -> Any:
        calls.append(1)
        if len(calls) == 2:
            asked_twice.set()
        return inner()

    scheduler = SyncScheduler(factory, interval=timedelta(seconds=0.05), connectivity=FakeProbe(True))
    recorder = Recorder()
    scheduler.subscribe(recorder)
    try:
        scheduler.start()
        state = recorder.wait(lambda s: s.status is not None)
        scheduler.request()
        assert asked_twice.wait(WAIT)  # each request looks at the enrolment again (locally), and goes no further
    finally:
        scheduler.stop()
        vault.lock()

    assert state.status is not None and not state.status.enrolled
    assert state.runs == 0 and state.last_error is None and state.next_run_at is None
    assert not any(s.running for s in recorder.states)


# ---- connectivity probe --------------------------------------------------------------------------------------


def test_the_route_probe_is_local_and_resolves_no_names() -> None:
    assert RouteProbe.for_url("http://127.0.0.1:8765").is_online()
    assert RouteProbe.for_url("http://localhost:8765").is_online()
    began = time.monotonic()
    # A name that no DNS could resolve gets the same answer as "is there a route out at all": it was never looked up.
    named = RouteProbe.for_url("https://coach.invalid").is_online()
    assert named == any(RouteProbe(address).is_online() for address in ("192.0.2.1", "2001:db8::1"))
    assert time.monotonic() - began < 0.5
