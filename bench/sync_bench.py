"""Sync client bench: the real server on loopback, the real SyncEngine and vault, against a raw executemany floor.

    .venv/bin/python bench/sync_bench.py --records 10000 100000 --db both --runs 3 [--json out.json]

For each database (a fresh SQLite file, or a fresh PostgreSQL database next to ``test``) and record count:
the server side is provisioned in bulk through the server's own modules, as the roster import does
(``records.put_records`` and ``scope.assign_members`` in one seq block), with one coach holding every member;
then ``coach-server serve`` runs as a subprocess on 127.0.0.1. Each run enrols a fresh vault (KDF at the
policy floor; enrolment is not timed) and times, with the client's own ``requests.Session`` counting requests
and bytes on the wire (HTTP headers and bodies, as sent and as received):

  initial      the first sync into the empty vault (snapshot, then pull until caught up)
  no-op        a sync with nothing to do (median of ``--noop`` syncs per run)
  push 1000    a sync after 1,000 local edits (push, then the pull that brings them back)
  pull 1000    a sync after 1,000 records changed on the server (the same put_records path)

In the same run, the floor: the vault's own rows after the initial sync (kind, id, JSON body) written with one
``executemany`` in one transaction into a fresh SQLCipher file (same key mode and pragmas as the vault), and
into a plain SQLite file. ``main(argv)`` prints a table and returns a JSON-able dict (``--json OUT`` writes it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("COACH_KDF_PROFILE", "floor")  # enrolment is not what is measured

import requests
from bench_db import PASSWORD, TODAY, create_coaches, fresh_database
from requests.adapters import HTTPAdapter
from server_bench import database_cpu_seconds, serve, tree_cpu_seconds

from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.sync.engine import SyncEngine, client_for
from coach_desktop.sync.enrolment import enroll
from coach_desktop.sync.progress import SyncReport
from coach_desktop.vault.database import Database, open_keyed
from coach_desktop.vault.keyslots import new_data_key
from coach_desktop.vault.vault import Vault
from coach_server import identity, records, scope
from coach_server.app import load_or_init_meta
from coach_server.db import make_engine
from coach_server.migrations_runner import upgrade_to_head
from coach_server.sequence import write_transaction

TENANT = "default"
COACH = "bench.sync.coach"
VAULT_PASSPHRASE = "benchmark passphrase, synthetic data"
RECORDS_PER_MEMBER = 22  # what the synthetic generator makes on average; only used to size the panel
EDITS = 1000
EDITABLE = {"member": "risk_reason", "care_plan": "strengths", "care_plan_goal": "baseline"}  # free text
FLOOR_PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA temp_store = MEMORY")
FLOOR_TABLE = "CREATE TABLE record (kind TEXT, id TEXT, body TEXT, PRIMARY KEY (kind, id)) WITHOUT ROWID"


# ---- counting what goes over the wire ---------------------------------------------------------------------


class CountingAdapter(HTTPAdapter):
    """Counts requests and bytes (request line, headers and body each way) of the client's own Session."""

    def __init__(self) -> None:
        super().__init__()
        self.requests = 0
        self.sent = 0
        self._responses: list[requests.Response] = []

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        response = super().send(request, *args, **kwargs)
        self.requests += 1
        body = request.body or b""
        self.sent += len(f"{request.method} {request.path_url} HTTP/1.1\r\n") + _header_bytes(request.headers)
        self.sent += len(body.encode() if isinstance(body, str) else body)
        self._responses.append(response)  # its body is streamed later; counted once read
        return response

    def received(self) -> int:
        total = 0
        for response in self._responses:
            total += len(f"HTTP/1.1 {response.status_code} {response.reason}\r\n") + _header_bytes(response.headers)
            total += int(response.raw.tell())  # bytes read off the socket (the body as sent, before decoding)
        return total

    def reset(self) -> None:
        self.requests = self.sent = 0
        self._responses.clear()


def _header_bytes(headers: Any) -> int:
    return sum(len(k) + len(v) + 4 for k, v in headers.items()) + 2


@dataclass
class Sample:
    seconds: float
    records: int
    requests: int
    sent: int
    received: int
    cpu: tuple[float, float, float] = (0.0, 0.0, 0.0)  # CPU seconds meanwhile: this client, the server, PostgreSQL


@dataclass
class Figures:
    """One scenario over all runs: median and spread of the time, and the traffic of the median run."""

    name: str
    samples: list[Sample] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        times = sorted(s.seconds for s in self.samples)
        median = statistics.median(times)
        middle = min(self.samples, key=lambda s: abs(s.seconds - median))
        cpu = [statistics.median(s.cpu[i] for s in self.samples) for i in range(3)]
        return {"scenario": self.name, "runs": len(times), "median_s": median, "min_s": times[0], "max_s": times[-1],
                "records": middle.records, "records_per_s": middle.records / median if median > 0 else 0.0,
                "requests": middle.requests, "bytes_sent": middle.sent, "bytes_received": middle.received,
                "cpu_client_s": cpu[0], "cpu_server_s": cpu[1], "cpu_database_s": cpu[2]}  # fmt: skip


# ---- the server side --------------------------------------------------------------------------------------


def synthetic_bodies(n: int) -> list[dict[str, Any]]:
    """``n`` record bodies of a synthetic panel (members first, then the directory and member data)."""
    members = math.ceil(n / RECORDS_PER_MEMBER) + 5
    while True:
        records = list(itertools.islice(iter_records(generate_panel(members, seed=23, today=TODAY)), n))
        if len(records) == n:
            return [record.body() for record in records]
        members += math.ceil((n - len(records)) / RECORDS_PER_MEMBER) + 5  # a sparse panel: a few more members


def provision(url: str, bodies: list[dict[str, Any]]) -> str:
    """Schema, server meta, one coach; every body stored and every member put on her panel in one seq block."""
    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
        load_or_init_meta(engine)
        coach_id = create_coaches(engine, TENANT, [COACH])[COACH]
        members = [str(b["id"]) for b in bodies if b["kind"] == "member"]
        with write_transaction(engine, TENANT) as block:
            records.put_records(block.conn, TENANT, bodies, user_id="bench", block=block)
            scope.assign_members(block.conn, TENANT, [(m, coach_id) for m in members], block)
    finally:
        engine.dispose()
    return coach_id


def change_on_server(url: str, bodies: list[dict[str, Any]], round_no: int) -> int:
    """``EDITS`` records changed by the server itself (an administrator's import), one new seq each."""
    changed = []
    for body in bodies:
        name = EDITABLE.get(str(body["kind"]))
        if name is not None:
            changed.append({**body, name: f"server change {round_no}"})
        if len(changed) == EDITS:
            break
    engine = make_engine(url)
    try:
        with write_transaction(engine, TENANT) as block:
            records.put_records(block.conn, TENANT, changed, user_id="bench", block=block)
    finally:
        engine.dispose()
    return len(changed)


# ---- the client side --------------------------------------------------------------------------------------


@dataclass
class Client:
    vault: Vault
    engine: SyncEngine
    wire: CountingAdapter
    url: str
    server_pid: int

    def cpu(self) -> tuple[float, float, float]:
        """CPU seconds so far of this process, of the server process, and of the database's backends."""
        times = os.times()
        return times.user + times.system, tree_cpu_seconds(self.server_pid), database_cpu_seconds(self.url)


def enrol(url: str, base: str, coach_id: str, folder: Path, server_pid: int) -> Client:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            code = identity.issue_enrolment_code(conn, COACH).code
    finally:
        engine.dispose()
    vault = Vault.create(folder, VAULT_PASSPHRASE, user_id=coach_id, device_id=folder.name)
    enroll(vault, base, COACH, PASSWORD, code, device_name="bench laptop")
    wire = CountingAdapter()
    session = requests.Session()
    session.mount("http://", wire)
    engine = SyncEngine.for_vault(vault, client_for(vault.database(), session=session))
    return Client(vault, engine, wire, url, server_pid)


def timed_sync(client: Client, count: Callable[[SyncReport], int]) -> Sample:
    client.wire.reset()
    cpu_before = client.cpu()
    start = time.perf_counter()
    report = client.engine.sync_once()
    took = time.perf_counter() - start
    client_cpu, server_cpu, db_cpu = (b - a for a, b in zip(cpu_before, client.cpu(), strict=True))
    if not report.ok:
        raise RuntimeError(f"sync failed: {report.error!r}")
    wire = client.wire
    return Sample(took, count(report), wire.requests, wire.sent, wire.received(), (client_cpu, server_cpu, db_cpu))


def edit_locally(client: Client, n: int, round_no: int) -> int:
    """``n`` field edits through the vault's one write path (each its own transaction, as the UI makes them)."""
    repo = client.vault.repository()
    db = client.vault.database()
    done = 0
    for kind, name in EDITABLE.items():
        for (record_id,) in db.query("SELECT id FROM record WHERE kind = ? ORDER BY id LIMIT ?", (kind, n - done)):
            record = repo.get(kind, record_id)
            repo.update(record.model_copy(update={name: f"local edit {round_no}"}))
            done += 1
    return done


# ---- the floor --------------------------------------------------------------------------------------------


def floor(rows: Sequence[tuple[str, str, str]], folder: Path) -> dict[str, float]:
    """One executemany of the same rows into a fresh SQLCipher file and into a plain SQLite file."""
    cipher = Database(open_keyed(folder / "floor-cipher.db", new_data_key()))
    cipher.execute(FLOOR_TABLE)
    start, cpu = time.perf_counter(), time.process_time()
    with cipher.transaction():
        cipher.executemany("INSERT INTO record VALUES (?, ?, ?)", rows)
    sqlcipher_s, sqlcipher_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    cipher.close()
    plain = sqlite3.connect(folder / "floor-plain.db", isolation_level=None)
    for pragma in FLOOR_PRAGMAS:
        plain.execute(pragma)
    plain.execute(FLOOR_TABLE)
    start, cpu = time.perf_counter(), time.process_time()
    plain.execute("BEGIN IMMEDIATE")
    plain.executemany("INSERT INTO record VALUES (?, ?, ?)", rows)
    plain.execute("COMMIT")
    sqlite_s, sqlite_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    plain.close()
    return {"sqlcipher_s": sqlcipher_s, "sqlite_s": sqlite_s, "sqlcipher_cpu_s": sqlcipher_cpu_s,
            "sqlite_cpu_s": sqlite_cpu_s}  # fmt: skip


# ---- one configuration ------------------------------------------------------------------------------------


def one_run(url: str, server: tuple[str, int], coach_id: str, bodies: list[dict[str, Any]], folder: Path,
            round_no: int, noop_syncs: int, push: bool = True) -> dict[str, Any]:  # fmt: skip
    client = enrol(url, server[0], coach_id, folder / f"vault-{round_no}", server[1])
    try:
        out: dict[str, Any] = {"initial": timed_sync(client, lambda r: r.pulled)}
        rows = client.vault.database().query("SELECT kind, id, body FROM record")
        out["floor"] = floor(rows, Path(tempfile.mkdtemp(dir=folder)))
        out["floor"]["rows"] = len(rows)
        noops = [timed_sync(client, lambda r: r.pulled + r.pushed) for _ in range(noop_syncs)]
        out["noop"] = sorted(noops, key=lambda s: s.seconds)[len(noops) // 2]
        out["edit_s"], out["push"] = 0.0, Sample(0.0, 0, 0, 0, 0)
        if push:  # --no-push: the 1,000 local edits take minutes on a loaded machine
            start = time.perf_counter()
            edited = edit_locally(client, EDITS, round_no)
            out["edit_s"] = time.perf_counter() - start
            out["push"] = timed_sync(client, lambda r: r.pushed)
            if out["push"].records != edited:
                raise RuntimeError(f"pushed {out['push'].records} of {edited} edits")
        changed = change_on_server(url, bodies, round_no)
        out["pull"] = timed_sync(client, lambda r: r.pulled)
        if out["pull"].records < changed:
            raise RuntimeError(f"pulled {out['pull'].records} of {changed} server changes")
        return out
    finally:
        client.vault.lock()


def run(kind: str, n: int, bodies: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, fresh_database(kind) as url:
        folder = Path(tmp)
        start = time.perf_counter()
        coach_id = provision(url, bodies)
        setup_s = time.perf_counter() - start
        with serve(url, 1, folder / "server.log") as server:
            runs = [one_run(url, server, coach_id, bodies, folder, i, args.noop, not args.no_push)
                    for i in range(args.runs)]  # fmt: skip
    scenarios = {name: Figures(name, [r[key] for r in runs])
                 for name, key in (("initial", "initial"), ("no-op", "noop"), ("push 1000", "push"),
                                   ("pull 1000", "pull"))}  # fmt: skip
    floors = {name: statistics.median(r["floor"][name] for r in runs)
              for name in ("sqlcipher_s", "sqlite_s", "sqlcipher_cpu_s", "sqlite_cpu_s")}  # fmt: skip
    initial = scenarios["initial"].summary()
    return {
        "db": kind, "records": n, "provision_s": setup_s, "local_edits_s": statistics.median(r["edit_s"] for r in runs),
        "scenarios": [f.summary() for f in scenarios.values()],
        "floor": {"rows": runs[0]["floor"]["rows"], **floors,
                  "initial_over_sqlcipher": initial["median_s"] / floors["sqlcipher_s"],
                  "initial_over_sqlite": initial["median_s"] / floors["sqlite_s"],
                  # under load CPU time is the steadier comparison: the client's, for the initial sync
                  "initial_client_cpu_over_sqlcipher_cpu": initial["cpu_client_s"] / floors["sqlcipher_cpu_s"]},
    }  # fmt: skip


# ---- report -----------------------------------------------------------------------------------------------


def print_table(results: list[dict[str, Any]]) -> None:
    head = f"{'db':<11}{'records':>8}  {'scenario':<10}{'median s':>10}{'spread s':>17}{'rec/s':>10}{'requests':>9}" \
           f"{'KB sent':>10}{'KB recv':>10}   CPU s client/server/db"  # fmt: skip
    print(head)
    print("-" * len(head))
    for result in results:
        for s in result["scenarios"]:
            spread = f"{s['min_s']:.3f}–{s['max_s']:.3f}"
            print(f"{result['db']:<11}{result['records']:>8}  {s['scenario']:<10}{s['median_s']:>10.3f}{spread:>17}"
                  f"{s['records_per_s']:>10.0f}{s['requests']:>9}{s['bytes_sent'] / 1024:>10.1f}"
                  f"{s['bytes_received'] / 1024:>10.1f}   {s['cpu_client_s']:.2f}/{s['cpu_server_s']:.2f}/"
                  f"{s['cpu_database_s']:.2f}")  # fmt: skip
        f = result["floor"]
        print(f"{result['db']:<11}{result['records']:>8}  floor: {f['rows']} rows executemany, SQLCipher "
              f"{f['sqlcipher_s']:.3f} s ({f['sqlcipher_cpu_s']:.3f} s CPU), plain SQLite {f['sqlite_s']:.3f} s; "
              f"initial sync = {f['initial_over_sqlcipher']:.1f}× SQLCipher floor, {f['initial_over_sqlite']:.1f}× "
              f"SQLite floor (client CPU {f['initial_client_cpu_over_sqlcipher_cpu']:.1f}× the SQLCipher floor's); "
              f"1000 local edits {result['local_edits_s']:.2f} s; setup {result['provision_s']:.1f} s")  # fmt: skip
    print()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3, help="fresh vaults per configuration (median and spread)")
    parser.add_argument("--noop", type=int, default=11, help="no-op syncs per run (their median is the run's)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    parser.add_argument("--no-push", action="store_true", help="skip the 1,000 local edits and their push")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    results = []
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; runs {args.runs}")
    for n in args.records:
        started = time.perf_counter()
        bodies = synthetic_bodies(n)
        print(f"generated {len(bodies)} synthetic records in {time.perf_counter() - started:.1f} s", flush=True)
        for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
            results.append(run(kind, n, bodies, args))
            print_table(results[-1:])
    out = {"bench": "sync", "cpu_count": os.cpu_count(), "python": sys.version.split()[0], "runs": args.runs,
           "results": results}  # fmt: skip
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main()
