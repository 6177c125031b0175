"""Sync server load bench: N devices doing hello → push → pull rounds against a real server. Prints figures only.

    .venv/bin/python bench/server_bench.py --db postgresql --devices 50 200 [--workers 2] [--cadence 10]

Two load models, one after the other against the same server (``--mode``):

* latency (open loop): every device starts a round every ``--cadence`` seconds (random phase), as the app's
  scheduler does (every 5 minutes, and after saves at most once a minute: coach_desktop/sync/scheduler.py);
  the default 10 s is 30-300x harsher than the app (200 devices: 20 rounds/s offered). Reports the latency of
  rounds and requests at that stated arrival rate, and the offered vs achieved rate. A round that cannot start
  on time (the device's previous round still running) starts late: "start lag".
* saturation (closed loop): every device fires rounds back to back. Latency is then only queueing (devices ×
  service time); the figure that means something is the throughput, the most rounds/s the server sustains.

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
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
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
    lags: list[float] = field(default_factory=list)  # open loop: how late each round started
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
        self.round_no = 0
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
    """One load process: a thread per device; bootstrap, then per phase (``options["phases"]``: "latency",
    "saturation") wait for every process and run the timed rounds; one result per phase."""
    devices = [SimDevice(base, spec, options["mutations"]) for spec in specs]
    lock = threading.Lock()
    boot = ClientResult()
    rng = random.Random(options["seed"] + os.getpid())
    with ThreadPoolExecutor(max_workers=len(devices)) as pool:
        list(pool.map(lambda d: _bootstrap(d, boot, lock), devices))
        for index, phase in enumerate(options["phases"]):
            result = ClientResult(samples=list(boot.samples) if index == 0 else [])
            barrier.wait(timeout=600)
            _phase(pool, devices, phase, options, rng, result, lock)
            queue.put((phase, result))


def _phase(pool: ThreadPoolExecutor, devices: list[SimDevice], phase: str, options: dict[str, Any],
           rng: random.Random, result: ClientResult, lock: threading.Lock) -> None:  # fmt: skip
    for device in devices:
        device.statuses = Counter()
    result.started, cpu_before = time.time(), _own_cpu()
    deadline = time.monotonic() + options["seconds"]
    if phase == "latency":
        cadence, now = options["cadence"], time.monotonic()
        args = [(d, now + rng.uniform(0, cadence), cadence, deadline, result, lock) for d in devices]
        list(pool.map(lambda a: _open_rounds(*a), args))
    else:
        list(pool.map(lambda d: _rounds(d, options["rounds"], deadline, result, lock), devices))
    result.ended, result.cpu_seconds = time.time(), _own_cpu() - cpu_before
    for device in devices:
        result.statuses += device.statuses


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _bootstrap(device: SimDevice, result: ClientResult, lock: threading.Lock) -> None:
    samples: list[tuple[str, str, float]] = []
    device.pull_all(samples, "bootstrap pull")
    with lock:
        result.samples += samples


def _rounds(device: SimDevice, rounds: int, deadline: float, result: ClientResult, lock: threading.Lock) -> None:
    """Closed loop: rounds back to back."""
    samples: list[tuple[str, str, float]] = []
    took = []
    for _ in range(rounds):
        if time.monotonic() >= deadline:
            break
        device.round_no += 1
        took.append(device.sync_round(samples, device.round_no))
    with lock:
        result.samples += samples
        result.rounds += took


def _open_rounds(device: SimDevice, first: float, cadence: float, deadline: float, result: ClientResult,
                 lock: threading.Lock) -> None:  # fmt: skip
    """Open loop: a round starts every ``cadence`` seconds from ``first`` (late if the previous one overran)."""
    samples: list[tuple[str, str, float]] = []
    took, lags = [], []
    scheduled = first
    while scheduled < deadline:
        time.sleep(max(0.0, scheduled - time.monotonic()))
        lags.append(time.monotonic() - scheduled)
        device.round_no += 1
        took.append(device.sync_round(samples, device.round_no))
        scheduled += cadence
    with lock:
        result.samples += samples
        result.rounds += took
        result.lags += lags


def drive(base: str, specs: Sequence[DeviceSpec], options: dict[str, Any], procs: int, server_pid: int,
          url: str) -> dict[str, tuple[list[ClientResult], dict[str, float]]]:  # fmt: skip
    """Spread the devices over ``procs`` spawned processes; per phase, what each measured and the CPU seconds
    used meanwhile."""
    ctx = multiprocessing.get_context("spawn")
    procs = max(1, min(procs, len(specs)))
    barrier, queue = ctx.Barrier(procs + 1), ctx.Queue()  # the caller waits too: it starts the CPU clocks
    workers = [ctx.Process(target=client_process, args=(base, list(specs[i::procs]), options, barrier, queue))
               for i in range(procs)]  # fmt: skip
    for worker in workers:
        worker.start()
    out = {}
    for phase in options["phases"]:
        barrier.wait(timeout=600)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        before = (tree_cpu_seconds(server_pid), database_cpu_seconds(url), system_busy_seconds())
        results = [queue.get(timeout=options["seconds"] + 900)[1] for _ in workers]
        after = (tree_cpu_seconds(server_pid), database_cpu_seconds(url), system_busy_seconds())
        server, database, busy = (b - a for a, b in zip(before, after, strict=True))
        clients = sum(r.cpu_seconds for r in results)
        out[phase] = (results, {"server": server, "database": database, "clients": clients, "load": load,
                                "other": max(0.0, busy - server - database - clients)})  # fmt: skip
    for worker in workers:
        worker.join(timeout=60)
    return out


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


def report(title: str, results: list[ClientResult], cpu: dict[str, float], offered: float | None = None) -> None:
    """One phase's figures. run_all parses the summary line and the table rows (bench/run_all parse_server)."""
    samples = [s for r in results for s in r.samples]
    timed = [s for s in samples if s[0] != "bootstrap pull"]
    rounds = [t for r in results for t in r.rounds]
    lags = [t for r in results for t in r.lags]
    wall = max(r.ended for r in results) - min(r.started for r in results)
    errors = Counter(status for _, status, _ in timed if status != "200")
    statuses = sum((r.statuses for r in results), Counter())
    print(f"\n{title}")
    print(f"  {len(timed)} requests, {len(rounds)} rounds in {wall:.1f} s: {len(timed) / wall:.0f} req/s, "
          f"{len(rounds) / wall:.1f} rounds/s; errors: "
          f"{', '.join(f'{k}×{v}' for k, v in sorted(errors.items())) or 'none'}; mutation results: "
          f"{', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}")  # fmt: skip
    if offered is not None:
        print(f"  rate: offered {offered:.1f} rounds/s, achieved {len(rounds) / wall:.1f} rounds/s; rounds that "
              f"started over 1 s late: {sum(lag > 1.0 for lag in lags)}")  # fmt: skip
    print(f"  {'ms':<16}{'n':>7}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    for name in ("hello", "push", "pull", "round", "start lag", "bootstrap pull"):
        values = {"round": rounds, "start lag": lags}.get(name) or [t for e, _, t in samples if e == name]
        if values:
            row = [percentile(values, p) * 1000 for p in (50, 95, 99, 100)]
            print(f"  {name:<16}{len(values):>7}" + "".join(f"{v:9.1f}" for v in row))
    print(f"  CPU s during the rounds: server {cpu['server']:.1f}, database {cpu['database']:.1f}, load clients "
          f"{cpu['clients']:.1f}, anything else (OS, other processes) {cpu['other']:.1f}; of {os.cpu_count()} cores "
          f"× {wall:.1f} s = {(os.cpu_count() or 1) * wall:.1f}; load average before {cpu['load']:.2f}")  # fmt: skip


def request_cpu(kind: str, args: argparse.Namespace) -> dict[str, float]:
    """Server CPU milliseconds per request, one device calling sequentially (no queueing): /healthz, hello, a pull
    with nothing new, a push of ``--mutations`` patches. CPU of the server process from /proc, over ``n`` calls.
    Each kind has its own device (coach): the per-device rate limit (600/min) stays out of the way up to n=500."""
    n = args.request_cpu
    names = ["healthz", "hello", "pull", f"push {args.mutations}"]
    with tempfile.TemporaryDirectory() as tmp, fresh_database(kind) as url:
        specs = provision(url, len(names), args.members, Path(tmp))
        with serve(url, 1, Path(tmp) / "server.log") as (base, pid):
            samples: list[tuple[str, str, float]] = []
            devices = [SimDevice(base, spec, args.mutations) for spec in specs]
            for device in devices:
                device.pull_all(samples, "bootstrap pull")
            schema = {"X-Coach-Schema": str(SCHEMA_VERSION)}
            calls: list[Callable[[int], Any]] = [
                lambda _: devices[0].call(samples, "healthz", "GET", "/healthz"),
                lambda _: devices[1].call(samples, "hello", "GET", "/v1/sync/hello", headers=schema),
                lambda _: devices[2].pull_all(samples),
                lambda i: devices[3].push(samples, i),
            ]
            out = {}
            for name, call in zip(names, calls, strict=True):
                for i in range(max(1, n // 10)):  # warm up: imports, pools, caches
                    call(i)
                before, started = tree_cpu_seconds(pid), time.perf_counter()
                for i in range(n):
                    call(i)
                wall = time.perf_counter() - started
                out[name] = (tree_cpu_seconds(pid) - before) / n * 1000
                print(f"  {name:<10} server CPU {out[name]:6.2f} ms/request, wall {wall / n * 1000:6.2f} ms/request")
            errors = Counter(status for _, status, _ in samples if status != "200")
            print(f"  errors: {', '.join(f'{k}×{v}' for k, v in sorted(errors.items())) or 'none'}")
    return out


def run(kind: str, devices: int, args: argparse.Namespace) -> None:
    phases = ["latency", "saturation"] if args.mode == "both" else [args.mode]
    options = {"rounds": args.rounds, "seconds": args.seconds, "mutations": args.mutations, "phases": phases,
               "cadence": args.cadence, "seed": args.seed}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, fresh_database(kind) as url:
        started = time.perf_counter()
        specs = provision(url, devices, args.members, Path(tmp))
        setup = time.perf_counter() - started
        with serve(url, args.workers, Path(tmp) / "server.log") as (base, pid):
            measured = drive(base, specs, options, args.client_procs, pid, url)
    head = (f"{kind}: {devices} devices × {args.members} members, server workers {args.workers}, "
            f"{args.client_procs} load processes, {args.mutations} mutations/push (setup {setup:.0f} s)")  # fmt: skip
    for phase, (results, cpu) in measured.items():
        if phase == "latency":
            offered = devices / args.cadence
            report(f"{head}\n  latency (open loop): each device starts a round every {args.cadence:g} s, "
                   f"random phase: {offered:.1f} rounds/s offered", results, cpu, offered)  # fmt: skip
        else:
            report(f"{head}\n  saturation (closed loop): rounds back to back, at most {args.rounds} per device",
                   results, cpu)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="postgresql")
    parser.add_argument("--devices", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--members", type=int, default=20, help="members per coach")
    parser.add_argument("--mode", choices=["latency", "saturation", "both"], default="both",
                        help="open loop at --cadence, closed loop, or one after the other (default)")  # fmt: skip
    parser.add_argument("--cadence", type=float, default=10.0,
                        help="latency mode: seconds between the starts of a device's rounds")  # fmt: skip
    parser.add_argument("--seed", type=int, default=7, help="random phases of the open loop")
    parser.add_argument("--rounds", type=int, default=10, help="saturation mode: sync rounds per device (at most)")
    parser.add_argument("--seconds", type=float, default=60.0, help="per mode: stop starting rounds after this")
    parser.add_argument("--mutations", type=int, default=10, help="patches per push")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes of the server")
    parser.add_argument("--client-procs", type=int, default=2, help="load-generating processes")
    parser.add_argument("--request-cpu", type=int, default=0, metavar="N",
                        help="instead: server CPU per request over N sequential calls of each kind")  # fmt: skip
    args = parser.parse_args()
    if args.request_cpu:
        for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
            print(f"\n{kind}: server CPU per request, one device, {args.request_cpu} calls each")
            request_cpu(kind, args)
        return
    for kind in ["sqlite", "postgresql"] if args.db == "both" else [args.db]:
        for devices in args.devices:
            run(kind, devices, args)


if __name__ == "__main__":
    main()
