"""Roster and discharge import timings on a fresh SQLite or PostgreSQL database. Prints figures only.

    .venv/bin/python bench/import_bench.py --db postgresql --rows 2000 20000
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from bench_db import (
    create_coaches,
    discharge_row,
    fresh_database,
    synthetic_roster,
    write_discharges,
    write_roster,
)

from coach_server.db import make_engine
from coach_server.discharge_import import import_discharges
from coach_server.migrations_runner import upgrade_to_head
from coach_server.roster_import import import_roster

TENANT = "default"
COACHES = [f"coach{i:02d}" for i in range(10)]


def timed(label: str, rows: int, call: Callable[[], Any]) -> None:
    start = time.perf_counter()
    result = call()
    took = time.perf_counter() - start
    print(f"  {label:<34} {rows:>7} rows {took:8.2f} s {rows / took:9.0f} rows/s   {_summary(result)}")


def _summary(result: Any) -> str:
    fields = vars(result)
    return ", ".join(f"{k}={v}" for k, v in fields.items() if k != "rows")


def changed_roster(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """10 % of members get a new phone number, 5 % move to the next coach."""
    out = [dict(r) for r in rows]
    for i, row in enumerate(out):
        if i % 10 == 0:
            row["phone"] = f"(405) 555-{i % 10_000:04d}"
        if i % 20 == 1:
            row["coach_username"] = COACHES[(COACHES.index(row["coach_username"]) + 1) % len(COACHES)]
    return out


def run(kind: str, n: int, folder: Path) -> None:
    print(f"{kind}, {n} roster rows:")
    rows = synthetic_roster(n, COACHES)
    first = write_roster(folder / f"roster-{n}.csv", rows)
    second = write_roster(folder / f"roster-{n}-changed.csv", changed_roster(rows))
    adt = write_discharges(folder / f"adt-{n}.csv", [discharge_row(r["medicaid_id"], i)
                                                     for i, r in enumerate(rows[: max(1, n // 4)])])  # fmt: skip
    with fresh_database(kind) as url:
        engine = make_engine(url)
        upgrade_to_head(engine)
        create_coaches(engine, TENANT, COACHES)
        timed("roster: first import", n, lambda: import_roster(engine, first, tenant_id=TENANT))
        timed("roster: same file again", n, lambda: import_roster(engine, first, tenant_id=TENANT))
        timed("roster: 10% changed, 5% moved", n, lambda: import_roster(engine, second, tenant_id=TENANT))
        timed("discharges: first import", n // 4, lambda: import_discharges(engine, adt, tenant_id=TENANT))
        timed("discharges: same file again", n // 4, lambda: import_discharges(engine, adt, tenant_id=TENANT))
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rows", type=int, nargs="+", default=[2000])
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    with TemporaryDirectory() as tmp:
        for n in args.rows:
            for kind in kinds:
                run(kind, n, Path(tmp))


if __name__ == "__main__":
    main()
