"""Sync server load bench: N devices doing hello → push → pull rounds against a real server. Prints figures only.

    .venv/bin/python bench/server_bench.py --db postgresql --devices 50 200 [--workers 2] [--rounds 10]

For each configuration: a fresh database (SQLite file, or a PostgreSQL database created next to ``test`` and
dropped afterwards); N coaches, each with ``--members`` synthetic members (the roster importer), their care
plans and goals (``records.put_records``) and one device registered with the server's own registration code;
then ``coach-server serve`` as a subprocess on 127.0.0.1 (``--workers`` uvicorn workers). The load comes from
``--client-procs`` spawned processes, each running one thread and one ``requests.Session`` per device: every
device bootstraps (pull until has_more is false), all start together, and each does up to ``--rounds`` rounds
of hello → push ``--mutations`` patches on its own members' records → pull until has_more is false, stopping
early at ``--seconds``. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from bench_db import TODAY, create_coaches, fresh_database, roster_row, write_roster

from coach_desktop.domain.synthetic import generate_panel
from coach_desktop.sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION, RegisterRequest
from coach_server import identity, records, roster_import
from coach_server.app import load_or_init_meta
from coach_server.db import make_engine
from coach_server.devices import register_device
from coach_server.migrations_runner import upgrade_to_head
from coach_server.sequence import write_transaction
from coach_server.settings import ServerSettings

TENANT = "default"
HTTP_TIMEOUT = 60.0
START_TIMEOUT = 60.0
MAX_PAGES = 200  # per pull loop: a bound, never reached in practice
PATCHED = {"member": "risk_reason", "care_plan": "strengths"}  # free-text fields every device may edit


@dataclass(frozen=True)
class DeviceSpec:
    device_id: str
    access_token: str


@dataclass
class ClientResult:
    """What one client process measured: (endpoint, status, seconds) per request, seconds per round."""

    samples: list[tuple[str, str, float]] = field(default_factory=list)
    rounds: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)  # mutation results of the pushes
    started: float = 0.0
    ended: float = 0.0
    cpu_seconds: float = 0.0  # of the process, from the common start to its end


# ---- provisioning -----------------------------------------------------------------------------------------


def provision(url: str, devices: int, members: int, folder: Path) -> list[DeviceSpec]:
    """Schema, coaches, the roster, care plans and goals, then one registered device per coach."""
    engine = make_engine(url)
    upgrade_to_head(engine)
    server = load_or_init_meta(engine)
    usernames = [f"bench.coach{i:03d}" for i in range(devices)]
    create_coaches(engine, TENANT, usernames)
    panel = generate_panel(devices * members, seed=11, today=TODAY)
    rows = [roster_row(m, usernames[i % devices]) for i, m in enumerate(panel.members)]
    roster_import.import_roster(engine, write_roster(folder / "roster.csv", rows), tenant_id=TENANT)
    _put_children(engine, panel)
    settings = ServerSettings(db_url=url)
    specs = [_register(engine, server, settings, username) for username in usernames]
    engine.dispose()
    return specs


def _put_children(engine: Any, panel: Any) -> None:
    """Care plans and goals of the generated panel, moved onto the imported members' ids."""
    with engine.connect() as conn:
        server_ids = roster_import.members_by_medicaid_id(conn, TENANT)
    by_panel_id = {str(m.id): server_ids[m.medicaid_id] for m in panel.members}
    bodies = []
    for record in [*panel.care_plans, *panel.goals]:
        body = record.body()
        body["member_id"] = by_panel_id[str(body["member_id"])]
        bodies.append(body)
    with write_transaction(engine, TENANT) as block:
        records.put_records(block.conn, TENANT, bodies, user_id="bench", block=block)


def _register(engine: Any, server: Any, settings: ServerSettings, username: str) -> DeviceSpec:
    from bench_db import PASSWORD

    with engine.begin() as conn:
        code = identity.issue_enrolment_code(conn, username).code
    request = RegisterRequest(username=username, password=PASSWORD, enrolment_code=code, device_name="bench laptop",
                              app_version="bench")  # fmt: skip
    tokens = register_device(engine, server, settings, request)
    return DeviceSpec(str(tokens.device_id), tokens.access_token)


# ---- the server under test --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(url: str, workers: int, log: Path) -> Iterator[tuple[str, int]]:
    """``coach-server serve`` on a free loopback port until the block ends: (base URL, pid)."""
    port = _free_port()
    command = [sys.executable, "-m", "coach_server.cli", "serve", "--db", url, "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers)]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited while starting (code {process.returncode})")
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not answer /healthz in time")


# ---- one simulated device ---------------------------------------------------------------------------------


class SimDevice:
    """A device's sync loop over plain JSON: it knows its records' field versions and its pull cursor."""

    def __init__(self, base: str, spec: DeviceSpec, mutations: int) -> None:
        self.base, self.spec, self.mutations = base, spec, mutations
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {spec.access_token}"
        self.cursor: str | None = None
        self.known: dict[tuple[str, str], tuple[int, dict[str, int]]] = {}  # (kind, id) → (row_seq, field_ver)
        self.client_seq = 0
        self.next_target = 0
        self.statuses: Counter[str] = Counter()

    def call(self, samples: list[tuple[str, str, float]], endpoint: str, method: str, path: str,
             **kwargs: Any) -> Any:  # fmt: skip
        start = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=HTTP_TIMEOUT, **kwargs)
            status, body = str(response.status_code), response.json() if response.status_code == 200 else None
        except (requests.RequestException, ValueError) as exc:
            status, body = type(exc).__name__, None
        samples.append((endpoint, status, time.perf_counter() - start))
        return body

    def pull_all(self, samples: list[tuple[str, str, float]], endpoint: str = "pull") -> None:
        for _ in range(MAX_PAGES):
            params = {"limit": "500", **({"cursor": self.cursor} if self.cursor else {})}
            page = self.call(samples, endpoint, "GET", "/v1/sync/pull", params=params)
            if page is None:
                return
            for change in page["changes"]:
                for state in ([change["record"]] if change.get("record") else []) + change.get("records", []):
                    self.known[(state["kind"], state["id"])] = (state["row_seq"], state["field_ver"])
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return

    def push(self, samples: list[tuple[str, str, float]], round_no: int) -> None:
        targets = sorted(key for key in self.known if key[0] in PATCHED)
        if not targets:
            return
        mutations = []
        for i in range(self.mutations):
            kind, record_id = targets[(self.next_target + i) % len(targets)]
            row_seq, field_ver = self.known[(kind, record_id)]
            name = PATCHED[kind]
            self.client_seq += 1
            change = {"value": f"bench round {round_no} edit {i}", "base_ver": field_ver.get(name)}
            mutations.append({"client_seq": self.client_seq, "mutation_id": str(uuid.uuid4()), "kind": kind,
                              "record_id": record_id, "op": "patch", "base_row_seq": row_seq,
                              "schema_version": SCHEMA_VERSION, "fields": {name: change}})  # fmt: skip
        self.next_target += self.mutations
        batch = str(uuid.uuid4())
        body = {"device_id": self.spec.device_id, "batch_id": batch, "protocol": PROTOCOL_VERSION,
                "mutations": mutations}  # fmt: skip
        answer = self.call(samples, "push", "POST", "/v1/sync/push", json=body, headers={"Idempotency-Key": batch})
        self.statuses.update(r["status"] for r in (answer or {}).get("results", []))

    def sync_round(self, samples: list[tuple[str, str, float]], round_no: int) -> float:
        start = time.perf_counter()
        self.call(samples, "hello", "GET", "/v1/sync/hello", headers={"X-Coach-Schema": str(SCHEMA_VERSION)})
        self.push(samples, round_no)
        self.pull_all(samples)
        return time.perf_counter() - start


# ---- load generation --------------------------------------------------------------------------------------


def client_process(base: str, specs: list[DeviceSpec], options: dict[str, Any], barrier: Any, queue: Any) -> None:
    """One load process: a thread per device; bootstrap, wait for every process, then the timed rounds."""
    devices = [SimDevice(base, spec, options["mutations"]) for spec in specs]
    result = ClientResult()
    lock = threading.Lock()
    with ThreadPoolExecutor(max_workers=len(devices)) as pool:
        list(pool.map(lambda d: _bootstrap(d, result, lock), devices))
        barrier.wait(timeout=600)
        result.started, cpu_before = time.time(), _own_cpu()
        deadline = time.monotonic() + options["seconds"]
        list(pool.map(lambda d: _rounds(d, options["rounds"], deadline, result, lock), devices))
    result.ended, result.cpu_seconds = time.time(), _own_cpu() - cpu_before
    for device in devices:
        result.statuses += device.statuses
    queue.put(result)


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _bootstrap(device: SimDevice, result: ClientResult, lock: threading.Lock) -> None:
    samples: list[tuple[str, str, float]] = []
    device.pull_all(samples, "bootstrap pull")
    with lock:
        result.samples += samples


def _rounds(device: SimDevice, rounds: int, deadline: float, result: ClientResult, lock: threading.Lock) -> None:
    samples: list[tuple[str, str, float]] = []
    took = []
    for round_no in range(rounds):
        if time.monotonic() >= deadline:
            break
        took.append(device.sync_round(samples, round_no))
    with lock:
        result.samples += samples
        result.rounds += took


def drive(base: str, specs: Sequence[DeviceSpec], options: dict[str, Any], procs: int, server_pid: int,
          url: str) -> tuple[list[ClientResult], dict[str, float]]:  # fmt: skip
    """Spread the devices over ``procs`` spawned processes; what each measured, and CPU seconds used meanwhile."""
    ctx = multiprocessing.get_context("spawn")
    procs = max(1, min(procs, len(specs)))
    barrier, queue = ctx.Barrier(procs + 1), ctx.Queue()  # the caller waits too: it starts the CPU clocks
    workers = [ctx.Process(target=client_process, args=(base, list(specs[i::procs]), options, barrier, queue))
               for i in range(procs)]  # fmt: skip
    for worker in workers:
        worker.start()
    barrier.wait(timeout=600)
    before = (tree_cpu_seconds(server_pid), database_cpu_seconds(url), system_busy_seconds())
    results = [queue.get(timeout=options["seconds"] + 900) for _ in workers]
    after = (tree_cpu_seconds(server_pid), database_cpu_seconds(url), system_busy_seconds())
    for worker in workers:
        worker.join(timeout=60)
    server, database, busy = (b - a for a, b in zip(before, after, strict=True))
    clients = sum(r.cpu_seconds for r in results)
    return results, {"server": server, "database": database, "clients": clients,
                     "other": max(0.0, busy - server - database - clients)}  # fmt: skip


# ---- CPU accounting (Linux /proc; zeros elsewhere) --------------------------------------------------------


def _ticks() -> float:
    return float(os.sysconf("SC_CLK_TCK")) if hasattr(os, "sysconf") else 100.0


def system_busy_seconds() -> float:
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / _ticks()


def _cpu_of(stat: Path) -> tuple[str, float]:
    """(parent pid, CPU seconds) from a /proc/<pid>/stat file."""
    parts = stat.read_text().rsplit(")", 1)[1].split()
    return parts[1], (int(parts[11]) + int(parts[12])) / _ticks()


def database_cpu_seconds(url: str) -> float:
    """CPU time of the PostgreSQL backends serving this database (their titles name it); 0 for SQLite."""
    if not url.startswith("postgresql"):
        return 0.0
    name, total = url.rsplit("/", 1)[1].encode(), 0.0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if cmdline.read_bytes().startswith(b"postgres: ") and name in cmdline.read_bytes():
                total += _cpu_of(cmdline.parent / "stat")[1]
        except OSError:
            continue
    return total


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of ``pid`` and its direct children (the uvicorn workers)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent, seconds = _cpu_of(stat)
        except (OSError, IndexError, ValueError):
            continue
        if stat.parent.name == str(pid) or parent == str(pid):
            total += seconds
    return total


# ---- report -----------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else 0.0


def report(title: str, results: list[ClientResult], cpu: dict[str, float]) -> None:
    samples = [s for r in results for s in r.samples]
    timed = [s for s in samples if s[0] != "bootstrap pull"]
    rounds = [t for r in results for t in r.rounds]
    wall = max(r.ended for r in results) - min(r.started for r in results)
    errors = Counter(status for _, status, _ in timed if status != "200")
    statuses = sum((r.statuses for r in results), Counter())
    print(f"\n{title}")
    print(f"  {len(timed)} requests, {len(rounds)} rounds in {wall:.1f} s: {len(timed) / wall:.0f} req/s, "
          f"{len(rounds) / wall:.1f} rounds/s; errors: "
          f"{', '.join(f'{k}×{v}' for k, v in sorted(errors.items())) or 'none'}; mutation results: "
          f"{', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}")  # fmt: skip
    print(f"  {'ms':<16}{'n':>7}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    for name in ("hello", "push", "pull", "round", "bootstrap pull"):
        values = rounds if name == "round" else [t for e, _, t in samples if e == name]
        if values:
            row = [percentile(values, p) * 1000 for p in (50, 95, 99, 100)]
            print(f"  {name:<16}{len(values):>7}" + "".join(f"{v:9.1f}" for v in row))
    print(f"  CPU s during the rounds: server {cpu['server']:.1f}, database {cpu['database']:.1f}, load clients "
          f"{cpu['clients']:.1f}, anything else (OS, other processes) {cpu['other']:.1f}; of {os.cpu_count()} cores "
          f"× {wall:.1f} s = {(os.cpu_count() or 1) * wall:.1f}; load average before {cpu['load']:.2f}")  # fmt: skip


def run(kind: str, devices: int, args: argparse.Namespace) -> None:
    options = {"rounds": args.rounds, "seconds": args.seconds, "mutations": args.mutations}
    with tempfile.TemporaryDirectory() as tmp, fresh_database(kind) as url:
        started = time.perf_counter()
        specs = provision(url, devices, args.members, Path(tmp))
        setup = time.perf_counter() - started
        with serve(url, args.workers, Path(tmp) / "server.log") as (base, pid):
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
            results, cpu = drive(base, specs, options, args.client_procs, pid, url)
            cpu["load"] = load
    title = (f"{kind}: {devices} devices × {args.members} members, server workers {args.workers}, "
             f"{args.client_procs} load processes, {args.mutations} mutations/push (setup {setup:.0f} s)")  # fmt: skip
    report(title, results, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="postgresql")
    parser.add_argument("--devices", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--members", type=int, default=20, help="members per coach")
    parser.add_argument("--rounds", type=int, default=10, help="sync rounds per device (at most)")
    parser.add_argument("--seconds", type=float, default=60.0, help="stop starting rounds after this")
    parser.add_argument("--mutations", type=int, default=10, help="patches per push")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes of the server")
    parser.add_argument("--client-procs", type=int, default=2, help="load-generating processes")
    args = parser.parse_args()
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        for devices in args.devices:
            run(kind, devices, args)


if __name__ == "__main__":
    main()
