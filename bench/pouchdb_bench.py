"""PouchDB peer bench: PouchDB 9 replicating from express-pouchdb on loopback, the same records as sync_bench.

    .venv/bin/python bench/pouchdb_bench.py --records 10000 100000 --batch 100 1000 --runs 5 [--json OUT]

The peer (bench/pouchdb_peer: package.json pins pouchdb 9.0.0, express-pouchdb 4.2.0, express 4.21.2) is
installed with ``npm ci`` into bench/pouchdb_peer/node_modules on first use. The record bodies are
sync_bench's (``synthetic_bodies``), written to an NDJSON file with ``_id = kind:id``; the server's LevelDB
database is filled from it before ``node peer.js serve`` starts (not timed). Per record count, batch size and
run, a fresh local LevelDB database times: the initial replication, no-op syncs, 1,000 local edits pushed
(first and steady state), 1,000 server changes pulled (first and steady state), then in separate processes a
replication killed (SIGKILL) at 50 % written and its resume. gzip is off on both sides: the peer's server drops
Accept-Encoding (express-pouchdb would compress; our server does not). ``main(argv)`` returns a JSON-able dict.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from server_bench import _free_port
from sync_bench import synthetic_bodies

PEER = Path(__file__).resolve().parent / "pouchdb_peer"
NODE_TIMEOUT = 3600.0
DB_NAME = "records"


def install() -> str:
    """``npm ci`` into the peer's folder when its node_modules is missing; the installed PouchDB version."""
    if not (PEER / "node_modules" / "pouchdb").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PEER, check=True, timeout=900)
    package = json.loads((PEER / "node_modules" / "pouchdb" / "package.json").read_text())
    return str(package["version"])


def node_version() -> str:
    return subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()


def export_ndjson(bodies: list[dict[str, Any]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for body in bodies:
            out.write(json.dumps({"_id": f"{body['kind']}:{body['id']}", **body}, separators=(",", ":")) + "\n")
    return path


def node(*args: str) -> dict[str, Any]:
    """One peer command; its last stdout line is JSON."""
    done = subprocess.run(["node", str(PEER / "peer.js"), *args], capture_output=True, text=True, timeout=NODE_TIMEOUT)
    if done.returncode != 0:
        raise RuntimeError(f"peer.js {args[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """express-pouchdb on a free loopback port until the block ends: the database URL."""
    port = _free_port()
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(["node", str(PEER / "peer.js"), "serve", str(folder), str(port)], stdout=subprocess.PIPE,
                               stderr=log)  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode()  # blocks until it listens (or exits: an empty line)
        if not line.startswith("listening"):
            raise RuntimeError(f"the PouchDB server did not start: {line!r}")
        yield f"http://127.0.0.1:{port}/{DB_NAME}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
        log.close()


def resume(url: str, folder: Path, batch: int, n: int) -> dict[str, Any]:
    """A replication killed at 50 % written, then its resume (timed) in a new process."""
    local = folder / "killed"
    shutil.rmtree(local, ignore_errors=True)
    killed = subprocess.run(["node", str(PEER / "peer.js"), "kill-at", url, str(local), str(batch), str(n)],
                            capture_output=True, text=True, timeout=NODE_TIMEOUT)  # fmt: skip
    if killed.returncode != -9:
        raise RuntimeError(f"the replication was not killed ({killed.returncode}): {killed.stderr[-2000:]}")
    out = node("resume", url, str(local), str(batch), str(n))
    out["killed_at"] = json.loads(killed.stdout.strip().splitlines()[-1])["killed_at"]
    shutil.rmtree(local, ignore_errors=True)
    return out


def spread(values: Sequence[float]) -> dict[str, float]:
    return {"median_s": statistics.median(values), "min_s": min(values), "max_s": max(values), "runs": len(values)}


def summarise(runs: list[dict[str, Any]], resumes: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("initial", "push_first", "push_steady", "pull_first", "pull_steady"):
        out[name] = spread([r[name]["seconds"] for r in runs])
    out["noop"] = spread([r["noop"]["seconds"] for r in runs])  # each run's own median of --noop syncs
    out["local_edits_s"] = statistics.median(r["push_first"]["edit_seconds"] for r in runs)
    if resumes:
        out["resume"] = spread([r["seconds"] for r in resumes])
        out["resume"]["docs_written"] = statistics.median(r["docs_written"] for r in resumes)
        out["resume"]["held_before"] = statistics.median(r["held_before"] for r in resumes)
    return out


def run(n: int, batches: Sequence[int], args: argparse.Namespace) -> list[dict[str, Any]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="coach-pouch-") as tmp:
        folder = Path(tmp)
        data = export_ndjson(synthetic_bodies(n), folder / "records.ndjson")
        (folder / "server").mkdir()
        start = time.perf_counter()
        loaded = node("load", str(folder / "server"), DB_NAME, str(data))["loaded"]
        setup_s = time.perf_counter() - start
        with serve(folder / "server") as url:
            for batch in batches:
                runs = []
                for i in range(args.runs):
                    local = folder / f"local-{batch}-{i}"
                    runs.append(node("client", url, str(local), str(batch), str(loaded), str(args.noop)))
                    shutil.rmtree(local, ignore_errors=True)
                resumes = [resume(url, folder, batch, loaded) for _ in range(args.resume_runs)]
                summary = summarise(runs, resumes)
                results.append({"records": loaded, "batch": batch, "load_s": setup_s, **summary})
                print_result(results[-1])
    return results


def print_result(r: dict[str, Any]) -> None:
    parts = [f"{name} {r[name]['median_s']:.3f} s ({r[name]['min_s']:.3f}–{r[name]['max_s']:.3f})"
             for name in ("initial", "noop", "push_first", "push_steady", "pull_first", "pull_steady", "resume")
             if name in r]  # fmt: skip
    print(f"pouchdb {r['records']:>7} records, batch {r['batch']:>5}: " + "; ".join(parts), flush=True)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--batch", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5, help="fresh local databases per configuration")
    parser.add_argument("--noop", type=int, default=11, help="no-op syncs per run (their median is the run's)")
    parser.add_argument("--resume-runs", type=int, default=3, help="kill-at-50 %% and resume per configuration")
    parser.add_argument("--json", type=Path, metavar="OUT")
    args = parser.parse_args(argv)
    version = install()
    results = [r for n in args.records for r in run(n, args.batch, args)]
    out = {"bench": "pouchdb", "pouchdb": version, "express_pouchdb": "4.2.0", "node": node_version(),
           "gzip": "off (both sides)", "adapter": "leveldb (client and server, on disk)", "runs": args.runs,
           "results": results}  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=1))
