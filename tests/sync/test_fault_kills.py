"""F1/F2 kill tests (SYNC_PROTOCOL §8): a real client process SIGKILLed during push and pull, restarted each time.

Kills come at random moments of a sync and at every crash point × its first/middle/last hit. After each kill
the client restarts on the same vault and syncs to quiescence before it edits again. Checked: nothing
committed locally is lost or applied twice (I2, I3), no cursor runs ahead of what the vault holds and nothing
goes backwards (I5a, I8), and at the end every record is equal on both sides (I4) in an intact vault.
``COACH_KILLS`` sets the number of kills (default 60); ``-m soak`` runs 1,000.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

import pytest
from sqlalchemy import select as sql_select

from coach_desktop.sync import crashpoints
from coach_desktop.sync.enrolment import enroll
from coach_desktop.vault.vault import Vault, open_vault
from coach_server import identity, records, sequence, tables
from tests.conftest import PASSPHRASE
from tests.server.live import LiveServer
from tests.sync.conftest import PASSWORD, TENANT, Account, World, canonical
from tests.sync.faults import BACKENDS, check_cursor, fault_server, scratch_folder, server_seqs

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("COACH_KILLS", "60"))  # every crash point × position (21) and as many random kills
SOAK_KILLS = 1000
EDITS = 5  # per client life: with push batches of 2, three batches, so first/middle/last differ
RUN_TIMEOUT = 60.0
POSITIONS = ("first", "middle", "last")
COMBOS = [(point, position) for point in sorted(crashpoints.POINTS) for position in POSITIONS]
UNKNOWN = 10**6  # a crash point never reached yet: this run only counts its hits
ADMIN_FIELDS = frozenset({("care_plan", "review_due"), ("care_plan_goal", "baseline")})  # edited server-side
_ENVELOPE = frozenset({"deleted", "version", "updated_at", "updated_by"})  # the server stamps these itself
_SIGNING = frozenset({"status", "signed_at", "content_hash"})  # the sign op sets these on the server


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with scratch_folder(tmp_path_factory.mktemp("kills")) as folder:
        yield folder


@pytest.fixture(scope="module", params=BACKENDS)
def kill_server(request: pytest.FixtureRequest, scratch: Path, fast_hashing: None) -> Iterator[LiveServer]:
    with fault_server(request.param, scratch) as server:
        yield server


@dataclass
class Run:
    code: int
    lines: list[str]

    def value(self, prefix: str) -> Any:
        found = [line[len(prefix) + 1 :] for line in self.lines if line.startswith(prefix + " ")]
        return json.loads(found[-1]) if found else None

    @property
    def died_in_sync(self) -> bool:
        return self.code in (-signal.SIGKILL, crashpoints.EXIT_CODE) and "sync" in self.lines and not self.done

    @property
    def done(self) -> dict[str, Any] | None:
        return self.value("done")

    def __str__(self) -> str:
        return f"exit {self.code}: " + " | ".join(line[:300] for line in self.lines)


class Zygote:
    """``python -m tests.sync.kill_client serve``: a fresh client process per run, killed by its own pid."""

    def __init__(self, log: Path) -> None:
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.kill_client", "serve"], cwd=ROOT, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._log, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        self._buffer = b""
        self._pid = 0  # the client running now, if any

    def run(self, spec: dict[str, Any], kill_after: float | None = None) -> Run:
        """One client life; with ``kill_after``, SIGKILL that many seconds after its last sync starts."""
        stdin: IO[bytes] = self.proc.stdin  # type: ignore[assignment]
        stdin.write(json.dumps(spec).encode() + b"\n")
        stdin.flush()
        lines: list[str] = []
        kill_at, give_up = float("inf"), time.monotonic() + RUN_TIMEOUT
        while True:
            line = self._readline(max(0.0, min(kill_at, give_up) - time.monotonic()))
            if line is None:
                if time.monotonic() >= give_up:
                    self._kill_client()
                    raise AssertionError(f"client stuck: {lines}")
                if self._pid:  # never before its pid is known: os.kill(0) would hit this whole process group
                    self._kill_client()
                    kill_at = float("inf")
                continue
            lines.append(line)
            if line.startswith("pid "):
                self._pid = int(line.split()[1])
            elif line == "sync" and kill_after is not None:
                kill_at = time.monotonic() + kill_after
            elif line.startswith("exit "):
                self._pid = 0
                return Run(int(line.split()[2]), lines)

    def _kill_client(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # it finished first: it says "done" and is no kill
            os.kill(self._pid, signal.SIGKILL)

    def _readline(self, timeout: float) -> str | None:
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise AssertionError(f"the client zygote stopped (exit {self.proc.wait()})")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def close(self) -> None:
        """Stop the zygote (and a client left running by a failed check): end of stdin, else SIGKILL."""
        if self._pid:
            self._kill_client()
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()


# ---- the world ----------------------------------------------------------------------------------------------


def _enrolled_vault(world: World, account: Account, directory: Path) -> str:
    """A vault enrolled over HTTP, then closed: only client processes open it from here on."""
    with world.engine.begin() as conn:
        code = identity.issue_enrolment_code(conn, account.username).code
    vault = Vault.create(directory, PASSPHRASE, user_id=account.user_id, device_id="kill-laptop")
    device_id = enroll(vault, world.server.base_url, account.username, PASSWORD, code).device_id
    vault.lock()
    return device_id


def _admin_edit(world: World, rng: random.Random, members: list[str]) -> None:
    """A change made elsewhere, so pulls carry more than the client's own echo. Fields the client never edits."""
    r = tables.record
    with world.engine.begin() as conn:
        sequence.lock_counter(conn, TENANT)  # read the row under the writers' lock: never a stale body
        rows = conn.execute(sql_select(r.c.kind, r.c.id).where(
            r.c.tenant_id == TENANT, r.c.member_id.in_(members), r.c.kind.in_(["care_plan", "care_plan_goal"]))
            .order_by(r.c.kind, r.c.id)).all()  # fmt: skip
        kind, record_id = rng.choice(rows)
        current = records.load(conn, TENANT, kind, record_id)
        assert current is not None
        name = next(field for k, field in ADMIN_FIELDS if k == kind)
        value = (date.today() + timedelta(days=rng.randint(1, 300))).isoformat() if name == "review_due" else \
            f"baseline {rng.randrange(10**6)}"  # fmt: skip
        change = {name: value}
        records.put_record(conn, TENANT, {**current.body, **change}, user_id="admin-test")


# ---- the checks at the end ------------------------------------------------------------------------------


def _set_elsewhere(kind: str, name: str) -> bool:
    return name in _ENVELOPE or (kind, name) in ADMIN_FIELDS or (kind == "session_note" and name in _SIGNING)


def _check_exactly_once(world: World, device_id: str, journal: Path) -> int:
    """I2 + I3: the server took every journalled edit exactly once, in order, and applied each one.

    A mutation applied twice would show as a field whose value or version is not that of the last mutation
    that wrote it (only this device writes these fields), or as a second result for one mutation id.
    """
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    mr = tables.mutation_result
    with world.engine.connect() as conn:
        rows = conn.execute(sql_select(mr.c.client_seq, mr.c.mutation_id, mr.c.status, mr.c.applied_seq)
                            .where(mr.c.device_id == device_id).order_by(mr.c.client_seq)).all()  # fmt: skip
    journalled = [e["mutation_id"] for e in entries]
    assert len(set(journalled)) == len(journalled)
    lost = set(journalled) - {r.mutation_id for r in rows}
    assert not lost, f"I3: {len(lost)} committed edit(s) never reached the server"
    assert [r.mutation_id for r in rows] == journalled, "I2: the server holds mutations in another order or extra"
    assert [r.client_seq for r in rows] == list(range(1, len(rows) + 1))
    assert {r.status for r in rows} <= {"applied"}, Counter(r.status for r in rows)
    assert len({r.applied_seq for r in rows}) == len(rows), "two mutations share one applied seq"
    last: dict[tuple[str, str, str], tuple[Any, int]] = {}
    for entry, row in zip(entries, rows, strict=True):
        for name, change in entry["payload"]["fields"].items():  # create and sign: values; patch: value + base
            if not _set_elsewhere(entry["kind"], name):
                value = change["value"] if entry["op"] == "patch" else change
                last[(entry["kind"], entry["record_id"], name)] = (value, int(row.applied_seq))
    with world.engine.connect() as conn:
        for (kind, record_id, name), (value, seq) in last.items():
            stored = records.load(conn, TENANT, kind, record_id)
            assert stored is not None
            assert (stored.body[name], stored.field_ver[name], stored.field_dev[name]) == (value, seq, device_id), \
                f"{kind} {name}: not the last edit's value and version"  # fmt: skip
    creates = Counter(e["kind"] for e in entries if e["op"] == "create")
    with world.engine.connect() as conn:
        ids = {e["record_id"] for e in entries if e["op"] == "create"}
        found = conn.execute(sql_select(tables.record.c.kind).where(tables.record.c.id.in_(ids))).scalars().all()
    assert Counter(found) == creates, "each created record exists exactly once on the server"
    return len(entries)


def _check_converged(world: World, account: Account, vault_dir: Path) -> None:
    """I4 and an intact vault, opened here after hundreds of unclean shutdowns."""
    vault = open_vault(vault_dir, PASSPHRASE)
    try:
        db = vault.database()
        assert db.scalar("SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')") == 0
        local = {(k, i): canonical(json.loads(b)) for k, i, b in db.query("SELECT kind, id, body FROM record "
                                                                         "WHERE deleted = 0")}  # fmt: skip
        assert local == world.server_records(account)
        report = vault.verify()
        assert report.ok, report
    finally:
        vault.lock()


# ---- the loop -----------------------------------------------------------------------------------------------


@dataclass
class Tally:
    kills: Counter[str]
    misses: int = 0
    runs: int = 0
    edits: int = 0


def _aimed_at(point: str, position: str, known: dict[str, int]) -> dict[str, Any]:
    """Spec items for a kill at that hit of that crash point (``known``: its hits in the last whole sync)."""
    hits = known.get(point)
    nth = UNKNOWN if hits is None else {"first": 1, "middle": (hits + 1) // 2, "last": hits}[position]
    # A snapshot only runs after a resync; with a fresh token the first request is the refresh-token rotation.
    return {"crash": f"{point}:{nth}", "resync": point == "mid_snapshot_page",
            **({"fresh_token": True} if point == "after_request_sent" else {})}  # fmt: skip


def kill_loop(world: World, folder: Path, kills: int, seed: int) -> Tally:
    """Half the kills at crash points (each point × first/middle/last in turn), half at random moments.

    ``folder`` gets the vault, the journal of committed edits and the clients' stderr (clients.log)."""
    rng = random.Random(seed)
    coach = world.account()
    members = [world.member(coach, family=f"Zqkill{i}") for i in range(3)]
    for member_id in members:
        world.care_plan(member_id)
    folder.mkdir()
    vault_dir, journal = folder / "vault", folder / "journal.jsonl"
    device_id = _enrolled_vault(world, coach, vault_dir)
    journal.touch()
    base = {"vault": str(vault_dir), "passphrase": PASSPHRASE, "journal": str(journal), "edits": EDITS}
    zygote = Zygote(folder / "clients.log")
    tally, known, estimate, combo, previous = Tally(Counter()), {}, 0.3, 0, None
    try:
        while sum(tally.kills.values()) < kills:
            assert tally.runs < kills * 2 + 60, f"too many runs without a kill: {tally}"
            _admin_edit(world, rng, members)
            spec: dict[str, Any] = {**base, "seed": rng.randrange(2**31), "fresh_token": rng.random() < 0.25}
            kill_after, aimed = None, None
            if sum(tally.kills.values()) % 2 == 0:
                aimed = COMBOS[combo % len(COMBOS)]
                spec.update(_aimed_at(*aimed, known))
            else:
                kill_after = rng.uniform(0.0, estimate)
            run = zygote.run(spec, kill_after)
            tally.runs += 1
            assert run.code in (0, crashpoints.EXIT_CODE, -signal.SIGKILL), f"client failed: {run}"
            state = run.value("state")
            check_cursor(state, server_seqs(world.engine, coach.user_id), previous)
            previous = state
            if run.done is not None:
                assert run.done["ok"], f"a sync without a kill failed: {run}"
                known.update(run.done["hits"])
                estimate = 0.8 * estimate + 0.2 * run.done["seconds"]
                tally.misses += aimed is not None  # aimed past the last hit, or only counting hits
            if run.died_in_sync:
                tally.kills[f"{aimed[0]}:{aimed[1]}" if aimed else "random"] += 1
                combo += aimed is not None
        final = zygote.run({**base, "seed": 0, "edits": 0})
        assert final.code == 0 and final.done and final.done["ok"] and final.done["pending"] == 0, str(final)
        check_cursor(final.value("state"), server_seqs(world.engine, coach.user_id), previous)
    finally:
        zygote.close()
    tally.edits = _check_exactly_once(world, device_id, journal)
    _check_converged(world, coach, vault_dir)
    return tally


def _seed() -> int:
    seed = int(os.environ.get("COACH_KILL_SEED") or random.randrange(2**31))
    print(f"kill loop seed {seed} (COACH_KILL_SEED={seed} repeats it)")
    return seed


@pytest.mark.slow
def test_kills_during_sync_lose_nothing_and_apply_nothing_twice(kill_server: LiveServer, scratch: Path,
                                                                request: pytest.FixtureRequest) -> None:  # fmt: skip
    started = time.monotonic()
    tally = kill_loop(World(kill_server, scratch), scratch / request.node.name, KILLS, _seed())
    elapsed = time.monotonic() - started
    print(f"{sum(tally.kills.values())} kills in {tally.runs} runs, {tally.edits} edits, {elapsed:.1f} s: {tally}")
    assert sum(tally.kills.values()) == KILLS
    if 2 * len(COMBOS) <= KILLS:
        assert {f"{p}:{pos}" for p, pos in COMBOS} <= set(tally.kills), "every crash point × position was hit"
        assert tally.kills["random"] >= KILLS // 2 - 1


@pytest.mark.soak
@pytest.mark.timeout(3600)
def test_a_thousand_kills(kill_server: LiveServer, scratch: Path, request: pytest.FixtureRequest) -> None:
    tally = kill_loop(World(kill_server, scratch), scratch / request.node.name, SOAK_KILLS, _seed())
    print(f"{sum(tally.kills.values())} kills in {tally.runs} runs, {tally.edits} edits: {tally}")
    assert sum(tally.kills.values()) == SOAK_KILLS
