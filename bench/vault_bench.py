"""Vault benchmark: unlock (KDF and open separately), bulk insert vs a raw executemany floor, member search latency.

Prints figures; it is not a timed test. Run: .venv/bin/python bench/vault_bench.py [--members 20000] [--kdf default]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.vault import migrations, panel_queries
from coach_desktop.vault.database import Database, open_keyed
from coach_desktop.vault.keyslots import KeyEnvelope, calibrate_kdf, new_data_key
from coach_desktop.vault.vault import Vault, open_vault

PASSPHRASE = "benchmark passphrase, synthetic data"


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_unlock(directory: Path, runs: int) -> dict[str, float]:
    kdf_s, open_s = [], []
    for _ in range(runs):
        envelope = KeyEnvelope.load(directory / "vault.key")
        t0 = time.perf_counter()
        dek = envelope.unlock_with_passphrase(PASSPHRASE)
        t1 = time.perf_counter()
        db = Database(open_keyed(directory / "vault.db", dek))
        migrations.migrate(db, directory / "vault.db")
        db.scalar("SELECT count(*) FROM member_index")
        t2 = time.perf_counter()
        db.close()
        kdf_s.append(t1 - t0)
        open_s.append(t2 - t1)
    return {"kdf_median_s": statistics.median(kdf_s), "open_median_s": statistics.median(open_s)}


def bench_insert(records: list, workdir: Path) -> dict[str, float]:
    vault = Vault.create(workdir / "insert", PASSPHRASE, user_id="bench", device_id="bench-dev")
    t0 = time.perf_counter()
    vault.repository().store_server_records(records)
    ours = time.perf_counter() - t0
    vault.lock()

    # The floor: the same rows (kind, id, JSON body) with one executemany into a fresh SQLCipher file.
    rows = [(r.kind, str(r.id), json.dumps(r.body(), separators=(",", ":"))) for r in records]
    db = Database(open_keyed(workdir / "floor.db", new_data_key()))
    db.execute("CREATE TABLE record (kind TEXT, id TEXT, body TEXT, PRIMARY KEY (kind, id)) WITHOUT ROWID")
    t0 = time.perf_counter()
    with db.transaction():
        db.executemany("INSERT INTO record VALUES (?, ?, ?)", rows)
    floor = time.perf_counter() - t0
    db.close()
    return {"records": len(records), "insert_s": ours, "floor_s": floor, "ratio": ours / floor,
            "records_per_s": len(records) / ours}  # fmt: skip


def bench_search(directory: Path, queries: list[str]) -> dict[str, float]:
    vault = open_vault(directory, PASSPHRASE)
    db = vault.database()
    samples = []
    for text in queries:
        t0 = time.perf_counter()
        panel_queries.search_members(db, text, limit=50)
        samples.append((time.perf_counter() - t0) * 1000)
    vault.lock()
    return {"search_p50_ms": _pct(samples, 0.5), "search_p95_ms": _pct(samples, 0.95), "queries": len(samples)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--kdf", choices=["default", "floor"], default="default",
                        help="default = calibrated like a real enrolment; floor = t=3, 64 MiB")  # fmt: skip
    args = parser.parse_args()
    if args.kdf == "floor":
        os.environ["COACH_KDF_PROFILE"] = "floor"
    else:
        os.environ.pop("COACH_KDF_PROFILE", None)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; KDF {calibrate_kdf()}")

    t0 = time.perf_counter()
    panel = generate_panel(args.members, seed=42)
    records = list(iter_records(panel))
    print(f"generated {args.members} members / {len(records)} records in {time.perf_counter() - t0:.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        insert = bench_insert(records, work)
        print(f"bulk insert: {insert['records']} records in {insert['insert_s']:.2f} s "
              f"({insert['records_per_s']:.0f}/s); raw executemany floor {insert['floor_s']:.2f} s; "
              f"ratio {insert['ratio']:.2f}x")  # fmt: skip
        unlock = bench_unlock(work / "insert", runs=5)
        print(f"unlock: KDF {unlock['kdf_median_s'] * 1000:.0f} ms + open/check/migrate "
              f"{unlock['open_median_s'] * 1000:.1f} ms (median of 5)")  # fmt: skip
        names = [m.family_name[:3] for m in panel.members[:150]] + [m.medicaid_id[:7] for m in panel.members[:50]]
        search = bench_search(work / "insert", names)
        print(f"member search on {args.members} members: p50 {search['search_p50_ms']:.2f} ms, "
              f"p95 {search['search_p95_ms']:.2f} ms over {search['queries']} queries")  # fmt: skip


if __name__ == "__main__":
    main()
