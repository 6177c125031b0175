"""Worklist benchmark: build Today's list for a generated panel (default 20,000 members). Prints figures only."""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from coach_desktop.domain.synthetic import generate_panel
from coach_desktop.domain.worklist import build_worklist


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    today = date.today()
    panel = generate_panel(args.members, seed=42, today=today)
    inputs = (panel.members, panel.session_notes, panel.tasks, panel.transitions, panel.referrals, panel.screenings)
    records = sum(len(x) for x in inputs) + len(panel.care_plans)
    timings = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        items = build_worklist(*inputs, today, care_plans=panel.care_plans)
        timings.append(time.perf_counter() - t0)
    print(f"worklist: {args.members} members / {records} records → {len(items)} items; "
          f"median {statistics.median(timings) * 1000:.0f} ms, min {min(timings) * 1000:.0f} ms, "
          f"max {max(timings) * 1000:.0f} ms over {args.runs} runs")  # fmt: skip


if __name__ == "__main__":
    main()
