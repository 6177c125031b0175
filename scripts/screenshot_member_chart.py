"""Screenshots of the member chart on the demo vault: docs/screenshots/member_<tab>_<lang>.png, and
member_alerts_<lang>.png with a safety alert recorded in the temporary copy (the demo panel has none open).

Run under a real X server, e.g.
``xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_member_chart.py --lang es``.
The demo vault is created in a temporary directory, so the user's own demo vault is never touched.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from coach_desktop.app.demo import open_demo_vault
from coach_desktop.app.member_service import MemberService
from coach_desktop.app.panel_service import PanelService
from coach_desktop.domain.scoring import PHQ9_ITEMS, score_phq9
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.ui.background import InlineLanes
from coach_desktop.ui.i18n import LANGUAGE_NAMES, TRANSLATIONS, Translator
from coach_desktop.ui.member.member_page import MemberPage
from coach_desktop.ui.style import apply_style
from coach_desktop.vault.panel_queries import PanelFilter
from coach_desktop.vault.vault import Vault

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
TABS = ("overview", "sessions", "care_plan", "screenings", "referrals", "tasks", "contacts", "audit")
DEFAULT_TABS = ("overview", "sessions", "care_plan", "screenings")


def _richest_member(service: MemberService, ids: list[str]) -> str:
    """A member whose chart shows the most at once: alerts, sessions with a trend, a care plan with goals."""

    def score(member_id: str) -> tuple[int, int, int]:
        chart = service.reload(member_id)  # not a view: nothing is shown yet
        points = max((len(t.points) for t in chart.sessions.trends), default=0)
        return (len(chart.header.alerts), min(points, 6) + len(chart.care_plan.goals), len(chart.screenings.history))

    return max(ids, key=score)


def _safety_example(vault: Vault, member_id: str, page: MemberPage) -> None:
    """The demo panel has no unhandled item-9 flag, so record one in this temporary copy to show the alert."""
    answers = {**dict.fromkeys(PHQ9_ITEMS, 1), PHQ9_ITEMS[8]: 1}
    screening = Screening(member_id=uuid.UUID(member_id), instrument=Instrument.PHQ9, answers=answers,
                          administered_at=datetime.now(UTC) - timedelta(hours=2),
                          **score_phq9(answers).screening_fields())  # fmt: skip
    _, changes = vault.repository().create(screening)
    page.apply_changes(changes)
    page.tabs.setCurrentIndex(0)


def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def _use_language(app: QApplication, lang: str, tmp: Path) -> None:
    """The committed .ts compiled afresh (a stale .qm never shows), installed as the app does; the locale too."""
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for source in TRANSLATIONS.glob("*.ts"):
        qm = tmp / source.with_suffix(".qm").name
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(qm)], check=True)  # noqa: S603 - our files
    Translator(app, tmp).set_language(lang)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en", choices=sorted(LANGUAGE_NAMES))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--tabs", nargs="*", choices=TABS, default=DEFAULT_TABS)
    parser.add_argument("--size", default="1400x900", help="window size in logical pixels, e.g. 1100x700")
    args = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    apply_style(app)  # the shipped look, as the app shows it
    with tempfile.TemporaryDirectory() as tmp:
        _use_language(app, args.lang, Path(tmp))
        vault = open_demo_vault(Path(tmp) / "demo")
        try:
            service = MemberService(vault)
            member_id = _richest_member(service, PanelService(vault).member_ids(PanelFilter())[:60])
            lanes = InlineLanes()
            page = MemberPage(service, lanes)
            width, height = (int(n) for n in args.size.split("x"))
            page.resize(width, height)
            page.show()
            page.show_member(member_id)
            args.out.mkdir(parents=True, exist_ok=True)
            for name in args.tabs:
                page.tabs.setCurrentIndex(TABS.index(name))
                _settle(app)
                page.grab().save(str(args.out / f"member_{name}_{args.lang}.png"))
            _safety_example(vault, member_id, page)
            _settle(app)
            page.grab().save(str(args.out / f"member_alerts_{args.lang}.png"))
            page.clear()
            lanes.shutdown()
        finally:
            vault.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
