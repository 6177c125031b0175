"""Screenshots of the Sync page and the sync status bar: docs/screenshots/sync_<lang>.png (conflicts open in the
inbox), sync_offline_<lang>.png (the server unreachable, changes waiting) and sync_not_enrolled_<lang>.png.

Real parts only: the sync server on loopback (SQLite in a temporary directory), two enrolled devices with their own
encrypted vaults, a synthetic panel (no PHI), the same care-plan fields edited on both devices offline.
Run under a real X server from the repository root, e.g.
``xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_sync.py``.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("COACH_KDF_PROFILE", "floor")  # screenshots need no calibration
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the loopback harness lives with the tests

from argon2 import PasswordHasher  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget  # noqa: E402

from coach_desktop.app.sync_service import SyncService  # noqa: E402
from coach_desktop.domain.care_plan import CarePlan, CarePlanGoal  # noqa: E402
from coach_desktop.domain.synthetic import generate_panel  # noqa: E402
from coach_desktop.sync.scheduler import SyncScheduler  # noqa: E402
from coach_desktop.ui.background import Lanes  # noqa: E402
from coach_desktop.ui.i18n import LANGUAGE_NAMES, Translator  # noqa: E402
from coach_desktop.ui.style import apply_style  # noqa: E402
from coach_desktop.ui.sync_page import SyncPage  # noqa: E402
from coach_desktop.ui.sync_status_bar import SyncStatusBar  # noqa: E402
from coach_desktop.vault import sync_state  # noqa: E402
from coach_desktop.vault.vault import Vault  # noqa: E402
from coach_server import identity, passwords  # noqa: E402
from tests.conftest import PASSPHRASE  # noqa: E402
from tests.server.live import LiveServer  # noqa: E402
from tests.sync.conftest import TENANT, Device, World  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
LONG = timedelta(hours=1)


def wait_for(app: QApplication, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not reach the expected state")
        app.processEvents()
        time.sleep(0.02)
    for _ in range(5):
        app.processEvents()


@contextmanager
def loopback_world(tmp: Path) -> Iterator[World]:
    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # a throwaway server
    server = LiveServer(f"sqlite:///{tmp / 'server.db'}")
    with server:
        with server.engine.begin() as conn:
            identity.ensure_tenant(conn, TENANT)
        world = World(server, tmp)
        try:
            yield world
        finally:
            world.close()


def edit(device: Device, kind: str, record_id: str, **changes: object) -> None:
    record = device.repo.get(kind, record_id)
    device.repo.update(record.model_copy(update=changes))


def conflicted_tablet(world: World) -> tuple[Device, list[str]]:
    """A coach with a small synthetic panel on two laptops; both edit the same fields offline and the laptop syncs
    first, so the tablet's edits will come back as conflicts. Returns the tablet and the care-plan ids."""
    coach = world.account()
    panel = generate_panel(4, seed=7, coach_id=coach.user_id)
    for record in [*panel.members, *panel.care_plans, *panel.goals]:
        world.put(record.body())
    for member in panel.members:
        world.assign(str(member.id), coach)
    laptop, tablet = world.device(coach), world.device(coach)
    laptop.sync()
    tablet.sync()
    plan: CarePlan = panel.care_plans[0]
    goal: CarePlanGoal = next(g for g in panel.goals if g.member_id != plan.member_id)
    edit(laptop, "care_plan", str(plan.id), title="Diabetes and walking plan",
         member_words="I want to walk my granddaughter to school")  # fmt: skip
    edit(tablet, "care_plan", str(plan.id), title="Blood sugar plan",
         member_words="I want to keep up with my grandkids")  # fmt: skip
    edit(laptop, "care_plan_goal", str(goal.id), target="3 walks a week")
    edit(tablet, "care_plan_goal", str(goal.id), target="Walk 20 minutes, 5 days a week")
    laptop.sync()
    return tablet, [str(p.id) for p in panel.care_plans]


def window_for(service: SyncService, lanes: Lanes, size: tuple[int, int]) -> tuple[QMainWindow, SyncPage]:
    window = QMainWindow()
    page = SyncPage(service, lanes)
    window.setCentralWidget(page)
    window.statusBar().addPermanentWidget(SyncStatusBar(service, lanes=lanes), 1)
    window.setWindowTitle("Coach Desktop — Sync")
    window.resize(*size)
    window.show()
    page.activate()
    return window, page


def shoot(widget: QWidget, name: str, lang: str, out: Path) -> Path:
    path = out / f"{name}_{lang}.png"
    widget.grab().save(str(path))
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en", choices=sorted(LANGUAGE_NAMES))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--size", default="1200x820", help="window size in logical pixels")
    args = parser.parse_args(argv)
    size = tuple(int(n) for n in args.size.split("x"))
    app = QApplication(sys.argv[:1])
    apply_style(app)
    Translator(app).set_language(args.lang)  # also the locale: dates as a nurse there reads them
    lanes = Lanes()
    with tempfile.TemporaryDirectory() as tmp, loopback_world(Path(tmp)) as world:
        tablet, plans = conflicted_tablet(world)
        scheduler = SyncScheduler.for_vault(tablet.vault, interval=LONG, debounce=LONG)
        service = SyncService(tablet.vault, scheduler)
        try:
            window, page = window_for(service, lanes, size)  # type: ignore[arg-type]
            scheduler.start()  # the start-up sync sends the tablet's edits: they come back as conflicts
            wait_for(app, lambda: page.inbox.list_model.rowCount() == 2 and not scheduler.state.running)
            print(shoot(window, "sync", args.lang, args.out))
            scheduler.stop()
            window.close()
            _go_offline(tablet)
            edit(tablet, "care_plan", plans[-1], strengths="Church group walks on Sundays")  # waits to be sent
            scheduler = SyncScheduler.for_vault(tablet.vault, interval=LONG, debounce=LONG)
            service = SyncService(tablet.vault, scheduler)
            window, page = window_for(service, lanes, size)  # type: ignore[arg-type]
            scheduler.start()
            wait_for(app, lambda: scheduler.state.runs >= 1 and not scheduler.state.running
                     and page.connection.text() != "")  # fmt: skip
            print(shoot(window, "sync_offline", args.lang, args.out))
            window.close()
            alone = Vault.create(Path(tmp) / "alone", PASSPHRASE, user_id="nurse.demo", device_id="laptop-demo")
            try:  # a computer that was never enrolled: the page explains how, the status bar says so
                window, page = window_for(SyncService(alone, None), lanes, size)  # type: ignore[arg-type]
                wait_for(app, lambda: page.pending.text() not in ("", "…"))
                print(shoot(window, "sync_not_enrolled", args.lang, args.out))
            finally:
                alone.lock()
        finally:
            scheduler.stop()
            lanes.shutdown()
    return 0


def _go_offline(device: Device) -> None:
    """Point the device at a port nobody listens on: the server is unreachable, the edits wait."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = device.vault.database()
    with db.transaction():
        sync_state.put(db, {sync_state.SERVER_URL: f"http://127.0.0.1:{port}"})


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
