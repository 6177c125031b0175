"""The member's printed plan as a PDF (Qt's own writer), read back with pypdf: both languages carry the member's goals,
one or two pages even for a long plan, nothing private printed, and saving is audited only once the file exists."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from coach_desktop.app.care_plan_service import CarePlanService
from coach_desktop.app.printed_plan import CoachContact, build_printed_plan
from coach_desktop.domain.audit import AuditAction
from coach_desktop.domain.care_plan import (
    CarePlan,
    CarePlanGoal,
    CarePlanIntervention,
    GoalStatus,
    Problem,
    Responsible,
)
from coach_desktop.ui.printed_plan_pdf import MAX_PAGES, save_printed_plan, write_pdf
from coach_desktop.vault import audit_log
from coach_desktop.vault.vault import Vault
from tests.support import factories

PRINTED_ON = date(2026, 3, 2)
COACH = CoachContact("Nurse Ana Reyes, RN", "(405) 555-0142", "Mon–Fri 8:00–4:30")
GOALS = {
    "en": ("Walk after supper most days", "Take my blood pressure pills every day"),
    "es": ("Caminar después de la cena casi todos los días", "Tomar mis pastillas de la presión cada día"),
}


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())  # Qt's PDF separates words with tabs


def plan_records(goal_texts: tuple[str, ...], *, extra_goals: int = 0, steps: int = 2):  # type: ignore[no-untyped-def]
    member = factories.member(given="Rosa", family="Delgado")
    safety = Problem(social_need="safety", description="Private")
    plan = CarePlan(member_id=member.id, member_words="Quiero ver a mis nietos graduarse.", problems=[safety])
    texts = [*goal_texts, *(f"Extra goal number {n}" for n in range(extra_goals))]
    goals = [CarePlanGoal(member_id=member.id, care_plan_id=plan.id, description=text, measure="Días por semana",
                          baseline="3", target="7", target_date=PRINTED_ON + timedelta(days=30 + n), rank=f"b{n:02d}")
             for n, text in enumerate(texts)]  # fmt: skip
    goals.append(
        CarePlanGoal(
            member_id=member.id,
            care_plan_id=plan.id,
            problem_id=safety.id,
            description="PRIVATE-SAFETY-GOAL",
            measure="x",
            target="y",
            target_date=PRINTED_ON,
        )
    )
    goals.append(CarePlanGoal(member_id=member.id, care_plan_id=plan.id, description="STOPPED-GOAL", measure="x",
                              target="y", target_date=PRINTED_ON, status=GoalStatus.DISCONTINUED))  # fmt: skip
    actions = [CarePlanIntervention(member_id=member.id, care_plan_id=plan.id, action=f"Paso número {n}",
                                    responsible=Responsible.MEMBER if n % 2 else Responsible.COACH,
                                    due_date=PRINTED_ON + timedelta(days=n)) for n in range(steps)]  # fmt: skip
    return member, plan, goals, actions


@pytest.mark.parametrize("language", ["en", "es"])
def test_pdf_in_each_language_carries_the_members_goals(qapp: object, tmp_path: Path, language: str) -> None:
    member, plan, goals, actions = plan_records(GOALS[language])
    printed = build_printed_plan(member, plan, goals, actions, COACH, PRINTED_ON + timedelta(days=15),
                                 printed_on=PRINTED_ON, language=language)  # fmt: skip
    path = tmp_path / f"plan_{language}.pdf"
    pages = write_pdf(printed, path)
    count, text = pdf_text(path)
    assert path.read_bytes().startswith(b"%PDF-") and pages == count <= MAX_PAGES
    for goal in GOALS[language]:
        assert goal in text
    expected = {
        "en": ["My Health Plan", "My goals", "Next steps", "My next visit", "Tuesday, March 17, 2026", "(405) 555-0142",
               "In an emergency, call 911."],
        "es": ["Mi plan de salud", "Mis metas", "Próximos pasos", "Mi próxima cita", "Martes, 17 de marzo de 2026",
               "Teléfono: (405) 555-0142", "En una emergencia, llame al 911.", "Cómo sabremos"],
    }[language]  # fmt: skip
    for words in expected:
        assert words in text
    assert "PRIVATE-SAFETY-GOAL" not in text and "STOPPED-GOAL" not in text


def test_a_long_plan_still_fits_on_two_pages(qapp: object, tmp_path: Path) -> None:
    member, plan, goals, actions = plan_records(GOALS["es"], extra_goals=12, steps=20)
    printed = build_printed_plan(member, plan, goals, actions, COACH, None, printed_on=PRINTED_ON, language="es")
    path = tmp_path / "long.pdf"
    count, text = pdf_text(path) if write_pdf(printed, path) else (0, "")
    assert 1 <= count <= MAX_PAGES
    assert "Usted tiene 8 metas más" in text and "Hay 12 pasos más" in text
    assert "le va a llamar para poner la fecha y la hora" in text


def test_saving_writes_the_pdf_then_an_export_event(qapp: object, vault: Vault, tmp_path: Path) -> None:
    member = factories.member(preferred_language="es")
    vault.repository().create(member)
    service = CarePlanService(vault, today=lambda: PRINTED_ON)
    service.add_goal(str(member.id), description=GOALS["es"][0], measure="Minutos por semana", target="150",
                     target_date=PRINTED_ON + timedelta(days=60))  # fmt: skip
    plan_id = str(service.plan_for(str(member.id)).id)

    with pytest.raises(OSError, match="does not exist"):
        save_printed_plan(service, str(member.id), COACH, tmp_path / "missing" / "plan.pdf")
    assert audit_log.entries(vault.database(), object_id=plan_id)[-1].event.action is AuditAction.CREATE

    path = tmp_path / "plan.pdf"
    assert save_printed_plan(service, str(member.id), COACH, path) == 1
    assert GOALS["es"][0] in pdf_text(path)[1]
    last = audit_log.entries(vault.database(), object_id=plan_id)[-1].event
    assert (last.action, last.object_type, last.user_id) == (AuditAction.EXPORT, "care_plan", vault.actor.user_id)
    assert uuid.UUID(last.object_id)  # an opaque id, never the member's name or the plan's words


@pytest.mark.parametrize("why_lines", [1, 2])
def test_a_goal_is_never_cut_by_the_page_end(qapp: object, tmp_path: Path, why_lines: int) -> None:
    """These member_words lengths used to leave a goal's last lines alone at the top of page 2."""
    member, plan, goals, actions = plan_records(GOALS["es"], extra_goals=12, steps=20)
    plan = plan.model_copy(update={"member_words": "Quiero ver a mis nietos graduarse. " * (why_lines * 2 + 1)})
    printed = build_printed_plan(member, plan, goals, actions, COACH, None, printed_on=PRINTED_ON, language="es")
    path = tmp_path / "cut.pdf"
    assert write_pdf(printed, path) == 2
    second = " ".join(PdfReader(path).pages[1].extract_text().split())
    assert not second.startswith(("Cómo sabremos", "Ahora", "Meta", "Estoy")), second[:40]
