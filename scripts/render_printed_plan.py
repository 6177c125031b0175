"""The member's printed plan in English and Spanish, for looking at: docs/screenshots/printed_plan_<lang>.png.

Builds two made-up members in a throw-away vault through the real services (goals written in each member's own
language, as a coach would), saves each PDF with the audited path the app uses, and renders page 1 to PNG with
poppler's ``pdftoppm`` (apt-get install poppler-utils). Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python
scripts/render_printed_plan.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from coach_desktop.app.care_plan_service import CarePlanService
from coach_desktop.app.printed_plan import CoachContact
from coach_desktop.domain.care_plan import GoalStatus, Responsible
from coach_desktop.domain.member import Member
from coach_desktop.vault.vault import Vault

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PASSPHRASE = "printed plan screenshots, made-up members only"  # noqa: S105 - a throw-away vault
# The coach's own words on the page: her hours are written in each member's language too.
COACH = {"en": CoachContact("Ana Reyes, RN", "(405) 555-0142", "Monday to Friday, 8:00 to 4:30"),
         "es": CoachContact("Ana Reyes, RN", "(405) 555-0142", "lunes a viernes, de 8:00 a 4:30")}  # fmt: skip
PLANS = {
    "en": {
        "member": ("Dana", "Whitfield", "SC900000001"),
        "words": "I want to keep up with my grandkids and dance at my daughter's wedding.",
        "strengths": "My sister walks with me. I like to cook at home.",
        "goals": [("Walk after supper most days", "Minutes walked each week", "40", "150", 90),
                  ("Take my blood pressure pills every day", "Days each week I take them", "4", "7", 60),
                  ("Check my feet every night", "Nights each week", "", "7", -3)],
        "steps": [("Walk 15 minutes after supper, 5 days a week", Responsible.MEMBER, 14),
                  ("Use the pill box every morning", Responsible.MEMBER, None),
                  ("Call you about the food bank", Responsible.COACH, 7),
                  ("Check your A1c at your next visit", Responsible.PCP, 45)],
    },
    "es": {
        "member": ("Rosa", "Delgado", "SC900000002"),
        "words": "Quiero estar sana para ver a mis nietos graduarse.",
        "strengths": "Mi hija me lleva a la clínica. Me gusta cocinar en casa.",
        "goals": [("Caminar después de la cena casi todos los días", "Minutos que camino cada semana", "40", "150", 90),
                  ("Tomar mis pastillas de la presión cada día", "Días por semana que las tomo", "4", "7", 60),
                  ("Revisar mis pies cada noche", "Noches por semana", "", "7", -3)],
        "steps": [("Caminar 15 minutos después de la cena, 5 días por semana", Responsible.MEMBER, 14),
                  ("Usar el pastillero cada mañana", Responsible.MEMBER, None),
                  ("Llamarle sobre el banco de comida", Responsible.COACH, 7),
                  ("Revisar su A1c en su próxima cita", Responsible.PCP, 45)],
    },
}  # fmt: skip


def _member_with_plan(vault: Vault, service: CarePlanService, language: str, today: date) -> str:
    spec = PLANS[language]
    given, family, medicaid_id = spec["member"]
    member = Member.model_validate({"medicaid_id": medicaid_id,
                                    "given_name": given, "family_name": family, "date_of_birth": date(1961, 4, 9),
                                    "sex": "female", "risk_tier": "high", "preferred_language": language})  # fmt: skip
    vault.repository().create(member)
    member_id = str(member.id)
    service.update_plan(member_id, member_words=spec["words"], strengths=spec["strengths"])
    for text, measure, baseline, target, days in spec["goals"]:
        goal, _ = service.add_goal(member_id, description=text, measure=measure, baseline=baseline, target=target,
                                   target_date=today + timedelta(days=days))  # fmt: skip
        if days < 0:
            service.set_goal_status(str(goal.id), GoalStatus.ACHIEVED)
    for action, who, days in spec["steps"]:
        due = today + timedelta(days=days) if days is not None else None
        service.add_intervention(member_id, action=action, responsible=who, due_date=due)
    return member_id


def main() -> int:
    from coach_desktop.ui.printed_plan_pdf import save_printed_plan

    app = QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault.create(Path(tmp) / "vault", PASSPHRASE, user_id="coach-demo", device_id="screenshots")
        try:
            today = date.today()
            service = CarePlanService(vault, today=lambda: today)
            for language in PLANS:
                member_id = _member_with_plan(vault, service, language, today)
                service.set_review_date(member_id, today + timedelta(days=15))
                pdf = Path(tmp) / f"printed_plan_{language}.pdf"
                visit = today + timedelta(days=15)
                pages = save_printed_plan(service, member_id, COACH[language], pdf, next_appointment=visit)
                print(f"{language}: {pages} page(s)")
                command = ["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf), str(OUT / pdf.stem)]
                subprocess.run(command, check=True)  # noqa: S603 - fixed program, our own temporary paths
        finally:
            vault.lock()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
