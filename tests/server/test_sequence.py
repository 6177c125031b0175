"""Commit order equals seq order (invariant I5b, fault test F8), and a naive SEQUENCE visibly breaks it."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import BigInteger, Column, Engine, MetaData, Sequence, Table, insert, select

from coach_server import records
from coach_server.db import make_engine
from coach_server.migrations_runner import upgrade_to_head
from coach_server.sequence import SeqBlock, SequenceError, allocate_seq, read_snapshot, write_transaction
from tests.server.conftest import _pg_database
from tests.server.sync_world import TENANT, World, care_plan, new_id

WRITERS = 8
WRITES_EACH = 20
MAX_PAUSE = 0.004  # seconds a writer holds its transaction open after choosing its seq

probe_meta = MetaData()
probe = Table("seq_probe", probe_meta, Column("seq", BigInteger, primary_key=True))
naive_seq = Sequence("seq_probe_naive", metadata=probe_meta)

Writer = Callable[[Engine], None]
Reader = Callable[[Engine, int], list[int]]


def run_harness(engine: Engine, write: Writer, read_after: Reader, writes_each: int = WRITES_EACH) -> list[int]:
    """WRITERS threads × ``writes_each`` writes while one reader pulls continuously from its own cursor.

    Returns the seqs in the order the reader saw them. A seq committed in the end that the reader never saw
    is a late commit: it became visible below a cursor the reader had already moved past.
    """
    done = threading.Event()
    seen: list[int] = []
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(writes_each):
                write(engine)
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    def reader() -> None:
        cursor = 0
        try:
            while True:
                finished = done.is_set()  # read before the pull: the last pull starts after every commit
                batch = read_after(engine, cursor)
                seen.extend(batch)
                cursor = max(batch, default=cursor)
                if finished:
                    return
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    done.set()
    watcher.join(60)
    assert not failures, failures
    return seen


def _committed_probe(engine: Engine) -> set[int]:
    with engine.connect() as conn:
        return set(conn.execute(select(probe.c.seq)).scalars())


def _read_probe(engine: Engine, cursor: int) -> list[int]:
    with read_snapshot(engine) as conn:
        return list(conn.execute(select(probe.c.seq).where(probe.c.seq > cursor).order_by(probe.c.seq)).scalars())


def _write_with_tenant_seq(engine: Engine) -> None:
    with engine.begin() as conn:
        block = SeqBlock.open(conn, TENANT)
        conn.execute(insert(probe).values(seq=block.take()))
        time.sleep(random.uniform(0, MAX_PAUSE))
        block.close()


def _write_with_nextval(engine: Engine) -> None:
    """The bigserial pattern: the number is taken first, the transaction commits whenever it gets there."""
    with engine.begin() as conn:
        seq = int(conn.execute(select(naive_seq.next_value())).scalar_one())
        time.sleep(random.uniform(0, MAX_PAUSE))
        conn.execute(insert(probe).values(seq=seq))


def _with_probe(engine: Engine) -> Engine:
    World(engine)  # tenant + counter row
    probe_meta.create_all(engine, tables=[probe])
    if engine.dialect.name == "postgresql":
        naive_seq.create(engine)
    return engine


@pytest.fixture
def probe_engine(engine: Engine) -> Engine:
    return _with_probe(engine)


@pytest.fixture
def pg_probe_engine() -> Iterator[Engine]:
    """PostgreSQL only: the bigserial baseline needs a real SEQUENCE (SQLite has none and serialises writers)."""
    databases = _pg_database()
    engine = make_engine(next(databases))
    upgrade_to_head(engine)
    try:
        yield _with_probe(engine)
    finally:
        engine.dispose()
        databases.close()  # drops the throw-away database


def test_tenant_seq_commits_in_seq_order_under_concurrent_writers(probe_engine: Engine) -> None:
    seen = run_harness(probe_engine, _write_with_tenant_seq, _read_probe)
    committed = _committed_probe(probe_engine)
    assert len(committed) == WRITERS * WRITES_EACH
    assert seen == sorted(seen) and set(seen) == committed  # nothing committed below a seq already read
    assert committed == set(range(1, WRITERS * WRITES_EACH + 1))  # and no holes either


def test_naive_sequence_allocation_commits_late_in_the_same_harness(pg_probe_engine: Engine) -> None:
    seen = run_harness(pg_probe_engine, _write_with_nextval, _read_probe)
    late = _committed_probe(pg_probe_engine) - set(seen)
    assert late, "the harness must be able to catch a late commit, or it proves nothing"


def test_pull_never_misses_a_commit_under_concurrent_pushes(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real path: 8 devices pushing creates, a supervisor pulling continuously (F8)."""
    world = World(engine)
    world.user("sup", "supervisor")
    coaches = [world.user(f"coach.{i}", supervisor="sup") for i in range(WRITERS)]
    members = {coach: new_id() for coach in coaches}
    for coach, member_id in members.items():
        world.assign(member_id, coach)
    devices = iter([world.device(coach) for coach in coaches])
    lock = threading.Lock()
    reader = world.device("sup")
    save = records.save

    def slow_save(*args: object, **kwargs: object) -> None:
        save(*args, **kwargs)  # type: ignore[arg-type]
        time.sleep(random.uniform(0, MAX_PAUSE))  # hold the transaction open after writing the row

    monkeypatch.setattr(records, "save", slow_save)

    def write(_: Engine) -> None:
        device = _device_for_thread(devices, lock)
        device.create(care_plan(members[device.caller.user_id]))

    def read_after(_: Engine, __: int) -> list[int]:
        return [c.seq for c in reader.pull(limit=50).changes if c.record is not None]

    seen = run_harness(engine, write, read_after, writes_each=10)
    with engine.connect() as conn:
        committed = set(conn.execute(select(records.tables.record.c.row_seq)).scalars())
    assert len(committed) == WRITERS * 10
    assert seen == sorted(seen) and set(seen) == committed


_local = threading.local()


def _device_for_thread(devices: object, lock: threading.Lock) -> object:
    """Each writer thread pushes as its own device (a device's client_seqs are sequential by nature)."""
    if not hasattr(_local, "device"):
        with lock:
            _local.device = next(devices)  # type: ignore[call-overload]
    return _local.device


def test_seq_block_bumps_the_counter_last_and_detects_interference(engine: Engine) -> None:
    World(engine)
    with write_transaction(engine, TENANT) as block:
        assert (block.take(), block.take()) == (1, 2)
    with write_transaction(engine, TENANT) as block:
        assert block.last == 2  # nothing taken: the counter is not bumped
    with pytest.raises(SequenceError), engine.begin() as conn:
        block = SeqBlock.open(conn, TENANT)
        block.take()
        allocate_seq(conn, TENANT, 5)  # someone moved the counter inside our lock: refuse to commit
        block.close()
    with engine.connect() as conn:
        assert allocate_seq(conn, TENANT, 0) == 2
