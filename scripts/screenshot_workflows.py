"""Screenshots of the screening form and the care-plan editor on the demo vault (docs/screenshots/):
screening_phq9_<lang>.png (a PHQ-9 being answered, the live result beside it), screening_safety_<lang>.png (the
item-9 safety message after saving), screenings_history_<lang>.png (the Screenings tab with its score chart) and
care_plan_editor_<lang>.png (a goal open in the editor, with an inline error on its target date).

Run under a real X server, e.g.
``xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_workflows.py --lang es``.
The demo vault is created in a temporary directory, so the user's own demo vault is never touched.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from coach_desktop.app.care_plan_service import CarePlanService
from coach_desktop.app.demo import open_demo_vault
from coach_desktop.app.member_service import MemberService
from coach_desktop.app.panel_service import PanelService
from coach_desktop.app.referral_service import ReferralService
from coach_desktop.app.screening_service import ScreeningService
from coach_desktop.domain.screening import Instrument
from coach_desktop.ui.background import InlineLanes
from coach_desktop.ui.i18n import LANGUAGE_NAMES, TRANSLATIONS, Translator
from coach_desktop.ui.member.member_page import MemberPage
from coach_desktop.ui.style import apply_style
from coach_desktop.vault.panel_queries import PanelFilter

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def _settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def _member(service: MemberService, ids: list[str]) -> str:
    """A member with PHQ-9 history to chart and a care plan with goals and interventions to edit."""

    def score(member_id: str) -> tuple[int, int]:
        chart = service.reload(member_id)
        phq9 = sum(1 for s in chart.screenings.history if s.instrument is Instrument.PHQ9)
        plan = len(chart.care_plan.goals) + len(chart.care_plan.interventions)
        return min(phq9, 4) + min(plan, 5), len(chart.screenings.history)

    return max(ids, key=score)


def _grab(widget: QWidget, path: Path, app: QApplication) -> None:
    _settle(app)
    widget.grab().save(str(path))


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
    args = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    apply_style(app)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        _use_language(app, args.lang, Path(tmp))
        vault = open_demo_vault(Path(tmp) / "demo")
        try:
            member_service = MemberService(vault)
            member_id = _member(member_service, PanelService(vault).member_ids(PanelFilter())[:60])
            lanes = InlineLanes()
            page = MemberPage(member_service, lanes, screenings=ScreeningService(vault),
                              care_plans=CarePlanService(vault), referrals=ReferralService(vault))  # fmt: skip
            page.resize(1400, 900)
            page.show()
            page.show_member(member_id)
            _settle(app)
            _screening(app, page, args)
            page.tabs.setCurrentWidget(page.screenings)
            _grab(page, args.out / f"screenings_history_{args.lang}.png", app)
            _care_plan(app, page, args)
            page.clear()
            lanes.shutdown()
        finally:
            vault.lock()
    return 0


def _screening(app: QApplication, page: MemberPage, args: argparse.Namespace) -> None:
    page.tabs.setCurrentWidget(page.screenings)
    dialog = page.screenings.new_screening(Instrument.PHQ9)
    assert dialog is not None
    _settle(app)
    for key, row in zip((Qt.Key.Key_2, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_1, Qt.Key.Key_0, Qt.Key.Key_1),
                        dialog.form.rows, strict=False):  # fmt: skip
        row.setFocus()
        QTest.keyClick(row, key)
    _grab(dialog, args.out / f"screening_phq9_{args.lang}.png", app)
    for key, row in zip((Qt.Key.Key_1, Qt.Key.Key_0, Qt.Key.Key_1), dialog.form.rows[6:9], strict=True):
        QTest.keyClick(row, key)
    dialog.save()
    _settle(app)
    _grab(dialog, args.out / f"screening_safety_{args.lang}.png", app)
    dialog.result_view.acknowledge.setChecked(True)
    dialog.result_view.done_button.click()
    _settle(app)


def _care_plan(app: QApplication, page: MemberPage, args: argparse.Namespace) -> None:
    page.tabs.setCurrentWidget(page.care_plan)
    editor = page.care_plan.editor
    assert editor is not None
    _settle(app)
    if editor.goals.model.rowCount():
        editor.goals.table.selectRow(0)
    else:
        editor.open_record("goal", None)
    _settle(app)
    date_field = editor.goal_form.fields["target_date"]
    date_field.setText("31/13/2026")  # type: ignore[attr-defined]
    editor.save()
    _settle(app)
    _grab(page, args.out / f"care_plan_editor_{args.lang}.png", app)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
