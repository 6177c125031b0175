"""A push is one write transaction (SQLite and PostgreSQL): one commit, consecutive seqs, replays byte-identical,
a gap or key reuse mid-push keeps the mutations before it, anything unexpected rolls the whole push back; and a
hello with a fresh lease writes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from coach_desktop.sync.protocol import ErrorCode, Mutation, ResultStatus
from coach_server import sync_service, tables
from coach_server.api_errors import ApiError
from coach_server.db import READ_ONLY
from coach_server.sequence import current_seq
from tests.server.sync_world import TENANT, Device, World, care_plan, goal, member, new_id


@pytest.fixture
def world(engine: Engine) -> World:
    return World(engine)


@contextmanager
def write_commits(engine: Engine) -> Iterator[list[int]]:
    """Counts COMMITs of transactions that may write (read-only ones are left out)."""
    seen: list[int] = []

    def on_commit(conn: Any) -> None:
        if not conn.get_execution_options().get(READ_ONLY):
            seen.append(1)

    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "commit", on_commit)


def coach_with_plan(world: World) -> tuple[Device, dict[str, Any]]:
    world.user("coach.a")
    device = world.device("coach.a")
    member_id = new_id()
    world.assign(member_id, "coach.a")
    plan = care_plan(member_id)
    assert device.create(member(member_id)).status is ResultStatus.APPLIED
    assert device.create(plan).status is ResultStatus.APPLIED
    return device, plan


def last_client_seq(engine: Engine, device: Device) -> int:
    d = tables.device
    with engine.connect() as conn:
        return int(conn.execute(select(d.c.last_client_seq).where(d.c.device_id == device.id)).scalar_one())


def results_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.mutation_result)).scalar_one())


def seq(engine: Engine) -> int:
    with engine.connect() as conn:
        return current_seq(conn, TENANT)


def patches(device: Device, plan: dict[str, Any], n: int, name: str = "title") -> list[Mutation]:
    return [device.mutation("care_plan", plan["id"], "patch", {name: f"Value {i}"}) for i in range(n)]


def test_a_push_of_many_mutations_commits_once_with_consecutive_seqs(world: World) -> None:
    device, plan = coach_with_plan(world)
    goals = [goal(plan["member_id"], plan["id"]) for _ in range(5)]
    creates = [device.mutation("care_plan_goal", g["id"], "create", {k: v for k, v in g.items() if k != "kind"})
               for g in goals]  # fmt: skip
    batch = creates + patches(device, plan, 5)
    before = seq(world.engine)
    with write_commits(world.engine) as commits:
        response = device.push(*batch)
    assert len(commits) == 1
    assert [r.status for r in response.results] == [ResultStatus.APPLIED] * 10
    assert [r.applied_seq for r in response.results] == list(range(before + 1, before + 11))
    assert response.server_seq == seq(world.engine) == before + 10
    assert response.last_client_seq == last_client_seq(world.engine, device) == 12
    # The same record patched five times in one push ends with the last value, at the last seq.
    state = {c.record.id: c.record for c in device.pull_all() if c.record is not None}
    plan_state = state[uuid.UUID(plan["id"])]
    assert (plan_state.body or {})["title"] == "Value 4" and plan_state.row_seq == before + 10


def test_replays_of_a_multi_mutation_push_are_byte_identical(world: World) -> None:
    device, plan = coach_with_plan(world)
    tablet = world.device("coach.a")
    base = device.pull_all()[-1].record.field_ver["title"]  # type: ignore[union-attr]
    tablet.one("care_plan", plan["id"], "patch", {"title": ("Tablet", base)})
    batch = [device.mutation("care_plan", plan["id"], "patch", {"title": ("Laptop", base)}),  # a conflict
             device.mutation("care_plan", plan["id"], "patch", {"review_due": "not a date"}),  # rejected
             device.mutation("care_plan", new_id(), "patch", {"title": "x"}),  # not in scope
             *patches(device, plan, 2, "strengths")]  # fmt: skip
    first = device.push(*batch)
    conflict, rejected, applied = ResultStatus.CONFLICT, ResultStatus.REJECTED, ResultStatus.APPLIED
    assert [r.status for r in first.results] == [conflict, rejected, rejected, applied, applied]
    rows, counter = results_count(world.engine), seq(world.engine)
    for again in (device.push(*batch), device.push(*reversed(batch)), device.push(batch[1], batch[3])):
        stored = {r.client_seq: r.model_dump_json() for r in first.results}
        assert [r.model_dump_json() for r in again.results] == [stored[r.client_seq] for r in again.results]
    assert (results_count(world.engine), seq(world.engine)) == (rows, counter)


def test_a_gap_mid_push_keeps_the_earlier_mutations_and_the_retry_replays_them(world: World) -> None:
    device, plan = coach_with_plan(world)
    first, second = patches(device, plan, 2)
    device.next_client_seq += 1  # client_seq 5 is skipped
    after_gap = device.mutation("care_plan", plan["id"], "patch", {"title": "After the gap"})
    with pytest.raises(ApiError) as caught:
        device.push(first, second, after_gap)
    assert (caught.value.status, caught.value.body.error, caught.value.body.expected_client_seq) == (
        409, ErrorCode.EXPECTED_CLIENT_SEQ, 5)  # fmt: skip
    assert last_client_seq(world.engine, device) == 4  # the two before the gap are committed
    seq_after_first = seq(world.engine)
    fixed = after_gap.model_copy(update={"client_seq": 5})
    retry = device.push(first, second, fixed)
    replayed = device.push(first, second)
    assert [r.model_dump_json() for r in retry.results[:2]] == [r.model_dump_json() for r in replayed.results]
    assert [r.status for r in retry.results] == [ResultStatus.APPLIED] * 3
    assert retry.results[2].applied_seq == seq_after_first + 1 and retry.last_client_seq == 5


def test_key_reuse_mid_push_keeps_the_earlier_mutations(world: World) -> None:
    device, plan = coach_with_plan(world)
    old = device.push(*patches(device, plan, 1)).results[0]
    fine, reused = patches(device, plan, 2)
    with pytest.raises(ApiError) as caught:
        device.push(fine, reused.model_copy(update={"mutation_id": old.mutation_id}))
    assert (caught.value.status, caught.value.body.error) == (422, ErrorCode.KEY_REUSE)
    assert last_client_seq(world.engine, device) == fine.client_seq


def test_an_unexpected_error_rolls_the_whole_push_back(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    device, plan = coach_with_plan(world)
    before = (last_client_seq(world.engine, device), results_count(world.engine), seq(world.engine))
    real_flush = sync_service._Rows.flush

    def flush_then_fail(self: Any) -> None:
        real_flush(self)  # the rows are written inside the transaction, then something breaks
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sync_service._Rows, "flush", flush_then_fail)
    batch = patches(device, plan, 3)
    with pytest.raises(RuntimeError):
        device.push(*batch)
    monkeypatch.undo()
    assert (last_client_seq(world.engine, device), results_count(world.engine), seq(world.engine)) == before
    assert [r.status for r in device.push(*batch).results] == [ResultStatus.APPLIED] * 3


def test_hello_writes_only_when_the_lease_is_due_and_returns_the_stored_lease(world: World) -> None:
    device, _ = coach_with_plan(world)
    now = datetime.now(UTC)
    with write_commits(world.engine) as commits:
        first = sync_service.hello(world.engine, world.server, device.caller, 1, now=now)  # stored: 14 days
        assert len(commits) == 1 and first.device.lease_expires_at == now + timedelta(days=7)
        later = sync_service.hello(world.engine, world.server, device.caller, 1, now=now + timedelta(seconds=30))
        assert len(commits) == 1 and later.device.lease_expires_at == first.device.lease_expires_at
        # Over an hour later the lease is renewed (and last_seen_at moves).
        renewed = sync_service.hello(world.engine, world.server, device.caller, 1, now=now + timedelta(hours=2))
        assert len(commits) == 2 and renewed.device.lease_expires_at == now + timedelta(days=7, hours=2)
        # A shorter lease setting takes effect at once.
        short = sync_service.hello(world.engine, world.server, device.caller, 1, lease=timedelta(days=3),
                                   now=now + timedelta(hours=2, seconds=1))  # fmt: skip
        assert len(commits) == 3
        assert short.device.lease_expires_at == now + timedelta(days=3, hours=2, seconds=1)
