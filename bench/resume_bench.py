"""Resume bench: our initial sync killed (SIGKILL) at 50 % pulled, then the sync that finishes it, timed.

    .venv/bin/python bench/resume_bench.py --records 10000 100000 --batch 100 1000 --runs 3 [--json OUT]

The server is provisioned and served as in sync_bench (same bodies, one coach holding every member). Per run a
fresh vault is enrolled, then a child process opens it and syncs with snapshot/pull pages of ``--batch`` records;
it kills itself with SIGKILL as soon as its progress reports half the records applied (each page is committed
before progress moves). A second child opens the vault again (the unclean-shutdown path) and times only the sync
that completes it: records pulled, and whether the vault then holds every record. ``main(argv)`` returns a dict.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("COACH_KDF_PROFILE", "floor")  # enrolment and unlock are not what is measured

from bench_db import fresh_database
from server_bench import serve
from sync_bench import VAULT_PASSPHRASE, enrol, provision, synthetic_bodies

from coach_desktop.sync.engine import SyncEngine
from coach_desktop.sync.progress import ProgressSnapshot
from coach_desktop.vault.vault import open_vault

CHILD_TIMEOUT = 3600.0


def limits(batch: int) -> dict[str, int]:
    """Snapshot and pull pages of ``batch`` records; pushes are capped by the protocol (500 mutations)."""
    return {"snapshot_limit": batch, "pull_limit": batch, "push_limit": min(batch, 500)}


def child_kill(vault_dir: str, batch: int, n: int) -> None:
    vault = open_vault(Path(vault_dir), VAULT_PASSPHRASE)
    engine = SyncEngine.for_vault(vault, **limits(batch))  # type: ignore[arg-type]

    def at_half(state: ProgressSnapshot) -> None:
        if state.pulled >= n / 2:
            print(json.dumps({"killed_at": state.pulled}), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)  # no clean-up of any kind: a crash

    engine.progress.subscribe(at_half)
    engine.sync_once()
    raise SystemExit("the sync finished before it was killed")


def child_resume(vault_dir: str, batch: int, n: int) -> None:
    vault = open_vault(Path(vault_dir), VAULT_PASSPHRASE)
    held = int(vault.database().scalar("SELECT count(*) FROM record"))
    engine = SyncEngine.for_vault(vault, **limits(batch))  # type: ignore[arg-type]
    start = time.perf_counter()
    report = engine.sync_once()
    seconds = time.perf_counter() - start
    after = int(vault.database().scalar("SELECT count(*) FROM record"))
    vault.lock()
    if not report.ok:
        raise SystemExit(f"the resumed sync failed: {report.error!r}")
    print(json.dumps({"seconds": seconds, "pulled": report.pulled, "held_before": held, "held_after": after}))


def _child(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=CHILD_TIMEOUT)


def one_run(url: str, server: tuple[str, int], coach_id: str, folder: Path, batch: int, n: int) -> dict[str, Any]:
    client = enrol(url, server[0], coach_id, folder, server[1])
    client.vault.lock()
    killed = _child("--kill", str(folder), str(batch), str(n))
    if killed.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the sync was not killed ({killed.returncode}): {killed.stderr[-2000:]}")
    resumed = _child("--resume", str(folder), str(batch), str(n))
    if resumed.returncode != 0:
        raise RuntimeError(f"the resume failed ({resumed.returncode}): {resumed.stderr[-2000:]}")
    out = dict(json.loads(resumed.stdout.strip().splitlines()[-1]))
    out["killed_at"] = json.loads(killed.stdout.strip().splitlines()[-1])["killed_at"]
    return out


def run(kind: str, n: int, batches: Sequence[int], runs: int) -> list[dict[str, Any]]:
    bodies = synthetic_bodies(n)
    results = []
    with tempfile.TemporaryDirectory() as tmp, fresh_database(kind) as url:
        folder = Path(tmp)
        coach_id = provision(url, bodies)
        with serve(url, 1, folder / "server.log") as server:
            for batch in batches:
                samples = [one_run(url, server, coach_id, folder / f"vault-{batch}-{i}", batch, n) for i in range(runs)]
                times = [s["seconds"] for s in samples]
                results.append({"db": kind, "records": n, "batch": batch, "runs": runs,
                                "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
                                "pulled": statistics.median(s["pulled"] for s in samples),
                                "killed_at": statistics.median(s["killed_at"] for s in samples),
                                "held_before": statistics.median(s["held_before"] for s in samples),
                                "complete": all(s["held_after"] == samples[0]["held_after"] for s in samples),
                                "held_after": samples[0]["held_after"]})  # fmt: skip
                r = results[-1]
                print(f"ours {kind} {n:>7} records, batch {batch:>5}: resume {r['median_s']:.3f} s "
                      f"({r['min_s']:.3f}–{r['max_s']:.3f}), killed at {r['killed_at']:.0f} applied, held "
                      f"{r['held_before']:.0f} before, pulled after the restart {r['pulled']:.0f}, "
                      f"{r['held_after']} after", flush=True)  # fmt: skip
    return results


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--batch", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, metavar="OUT")
    parser.add_argument("--kill", nargs=3, metavar=("VAULT", "BATCH", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--resume", nargs=3, metavar=("VAULT", "BATCH", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.kill or args.resume:
        vault, batch, n = args.kill or args.resume
        (child_kill if args.kill else child_resume)(vault, int(batch), int(n))
        return {}
    results = [r for n in args.records for r in run(args.db, n, args.batch, args.runs)]
    out = {"bench": "resume", "runs": args.runs, "results": results}
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
