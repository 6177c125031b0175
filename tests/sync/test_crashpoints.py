"""The kill-test seam: SYNC_CRASHPOINT=<name>:<nth> exits with 137 at exactly the nth hit, and only there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach_desktop.sync import crashpoints

SCRIPT = ("from coach_desktop.sync.crashpoints import crashpoint\n"
          "for name in ['mid_page_apply', 'after_mark_in_flight', 'after_mark_in_flight']:\n"
          "    crashpoint(name); print('passed', name, flush=True)\n")  # fmt: skip


@pytest.mark.parametrize(("setting", "code", "lines"), [
    ("after_mark_in_flight:2", 137, 2), ("after_mark_in_flight", 137, 1), ("after_mark_in_flight:3", 0, 3),
    ("mid_page_apply:1", 137, 0), ("not_a_point:1", 0, 3), ("garbled:x", 0, 3),
])  # fmt: skip
def test_crash_at_the_nth_hit_only(setting: str, code: int, lines: int) -> None:
    env = {**os.environ, crashpoints.ENV: setting}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == code and done.stdout.count("passed") == lines


def test_the_documented_points_are_the_ones_the_code_calls() -> None:
    root = Path(crashpoints.__file__).resolve().parents[1]
    text = "".join(path.read_text(encoding="utf-8") for path in root.rglob("*.py"))
    assert {p for p in crashpoints.POINTS if f'crashpoint("{p}")' in text} == crashpoints.POINTS
