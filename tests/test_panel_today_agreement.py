"""The Panel's last contact, next due and overdue filter agree with the Today worklist, whatever day is shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from coach_desktop.app.panel_service import PanelService
from coach_desktop.app.today_service import TodayService
from coach_desktop.domain.member import EnrollmentStatus, Member, RiskTier
from coach_desktop.domain.session_note import EncounterMode, SessionNote
from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.domain.work_items import CareTransition, Task, TaskStatus, TaskType, TransitionEvent
from coach_desktop.domain.worklist import (  # the worklist's own fact indexing: the definition checked against
    DEFAULT_SETTINGS,
    Category,
    ContactReason,
    _Facts,
    _index_sessions,
    _index_tasks,
    _index_transitions,
    contact_schedule,
)
from coach_desktop.vault.contact_due import DueRule
from coach_desktop.vault.panel_queries import MemberRow, PanelFilter, PanelSort
from coach_desktop.vault.vault import Vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID

BUILT = date(2026, 11, 23)  # the panel is generated relative to this day
# Before the panel (records after the day shown must not count), around it, when the 30-day tier-up of the
# hand-made discharge below ends (day 25 → day 31), and months later (every never-refreshed date would be stale).
DAYS = [BUILT - timedelta(days=40), BUILT - timedelta(days=3), BUILT, BUILT + timedelta(days=2),
        BUILT + timedelta(days=5), BUILT + timedelta(days=6), BUILT + timedelta(days=20), BUILT + timedelta(days=45),
        BUILT + timedelta(days=120)]  # fmt: skip
CONTACT_ROWS = frozenset({Category.CONTACT_DUE, Category.CONTACT_OVERDUE})


def _at(day: date) -> datetime:
    return datetime.combine(day, time(15), tzinfo=UTC)


def _extra_records(panel: SyntheticPanel) -> list[Member | SessionNote | CareTransition | Task]:
    """Facts the generator may not plant: a tier-up that ends during DAYS, an earlier discharge behind a later one,
    and each other kind of contact."""
    by_tier = {tier: [m for m in panel.members if m.risk_tier is tier and m.enrollment_status is
                      EnrollmentStatus.ENROLLED] for tier in RiskTier}  # fmt: skip
    tier3, tier2, tier1 = by_tier[RiskTier.LOW][0], by_tier[RiskTier.MEDIUM][0], by_tier[RiskTier.HIGH][0]
    discharge = BUILT - timedelta(days=25)
    # Discharges 75, 50 and 30 days before BUILT: shown 40 days before BUILT, the one 50 days back still tiers up.
    readmitted = [CareTransition(member_id=by_tier[RiskTier.LOW][1].id, event=TransitionEvent.DISCHARGE,
                                 facility="Test Hospital", discharged_on=BUILT - timedelta(days=days))
                  for days in (75, 50, 30)]  # fmt: skip
    # Tier 1, phone calls only: "no face-to-face visit on record" makes the visit due on whatever day is shown.
    phone_only = Member(medicaid_id="SC999000111", given_name="Test", family_name="Phoneonly", sex="female",
                        date_of_birth=date(1960, 1, 2), risk_tier=RiskTier.HIGH, preferred_language="en")  # fmt: skip
    extra: list[Member | SessionNote | CareTransition | Task] = [
        phone_only,
        SessionNote(member_id=phone_only.id, started_at=_at(BUILT - timedelta(days=2)), mode=EncounterMode.TELEPHONE,
                    minutes=10, narrative="Call."),
        *readmitted,
        # Tier 3, discharged 25 days ago, called the next day: weekly calls until day 30, then every 90 days.
        CareTransition(member_id=tier3.id, event=TransitionEvent.DISCHARGE, facility="Test Hospital",
                       discharged_on=discharge, interactive_contact_at=_at(discharge + timedelta(days=1))),
        SessionNote(member_id=tier3.id, started_at=_at(discharge - timedelta(days=2)), mode=EncounterMode.IN_PERSON,
                    minutes=30, narrative="Visit."),
        # A ticked-off contact task is the last contact (Today counts it; the panel used to count notes only).
        Task(member_id=tier2.id, type=TaskType.INTERACTIVE_CONTACT, title="Call the member", due=BUILT,
             status=TaskStatus.DONE, completed_at=_at(BUILT - timedelta(days=1))),
        # Tier 1: a recent phone call, the face-to-face visit long ago, so the face-to-face rule sets the date.
        SessionNote(member_id=tier1.id, started_at=_at(BUILT - timedelta(days=2)), mode=EncounterMode.TELEPHONE,
                    minutes=10, narrative="Call."),
    ]  # fmt: skip
    return extra


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, SyntheticPanel, list[object]]]:
    panel = generate_panel(120, seed=23, coach_id=USER_ID, today=BUILT)
    records = [*iter_records(panel), *_extra_records(panel)]
    vault = Vault.create(tmp_path_factory.mktemp("agreement"), PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    vault.repository().store_server_records(records)
    yield vault, panel, records
    vault.lock()


def _worklist_facts(records: list[object], day: date) -> _Facts:
    facts = _Facts(day, DEFAULT_SETTINGS, {})
    _index_tasks(facts, [r for r in records if isinstance(r, Task)])
    _index_sessions(facts, [r for r in records if isinstance(r, SessionNote)])
    _index_transitions(facts, [r for r in records if isinstance(r, CareTransition)])
    return facts


def _expected(member: Member, facts: _Facts, day: date) -> tuple[str | None, str, ContactReason]:
    key = member.id.int
    contact, face = facts.last_contact.get(key), facts.last_face_to_face.get(key)
    due, reason = contact_schedule(member.risk_tier, contact, face, facts.last_discharge.get(key), day)
    last = max(d for d in (contact, face) if d) if contact or face else None  # face-to-face is a contact too
    return (last.isoformat() if last else None), due.isoformat(), reason


@pytest.mark.parametrize("day", DAYS, ids=[d.isoformat() for d in DAYS])
def test_panel_rows_and_overdue_filter_agree_with_today(world: tuple[Vault, SyntheticPanel, list[object]],
                                                        day: date) -> None:  # fmt: skip
    vault, _, records = world
    members = [r for r in records if isinstance(r, Member)]
    rows = PanelService(vault, today=lambda: day).rows([str(m.id) for m in members])
    facts = _worklist_facts(records, day)
    expected = {str(m.id): _expected(m, facts, day) for m in members}
    assert {i: (r.last_contact, r.next_due) for i, r in rows.items()} == {i: e[:2] for i, e in expected.items()}

    today_rows = TodayService(vault, today=lambda: day).worklist()
    contact_due = {r.member_id: r.due.isoformat() for r in today_rows if r.category in CONTACT_ROWS}
    follow_ups = {r.member_id for r in today_rows if r.category is Category.DISCHARGE_FOLLOW_UP}
    horizon = (day + timedelta(days=DEFAULT_SETTINGS.due_soon_days)).isoformat()
    enrolled = {str(m.id) for m in members if m.enrollment_status is EnrollmentStatus.ENROLLED}
    for member_id in enrolled:
        row, (_, _, reason) = rows[member_id], expected[member_id]
        if member_id in contact_due:  # Today lists the contact on the date the panel shows
            assert contact_due[member_id] == row.next_due
        elif row.next_due is not None and row.next_due <= horizon:  # only a discharge follow-up stands in for it
            assert reason is ContactReason.FIRST_AFTER_DISCHARGE and member_id in follow_ups

    overdue_on_today = {r.member_id for r in today_rows if r.category is Category.CONTACT_OVERDUE}
    service = PanelService(vault, today=lambda: day)
    flt = PanelFilter(overdue_on=day, enrollment_status=EnrollmentStatus.ENROLLED.value)
    overdue_on_panel = set(service.member_ids(flt))
    assert overdue_on_today <= overdue_on_panel
    for member_id in overdue_on_panel - overdue_on_today:  # listed on Today as the discharge follow-up instead
        assert expected[member_id][2] is ContactReason.FIRST_AFTER_DISCHARGE and member_id in follow_ups
    assert overdue_on_panel == {i for i in enrolled if rows[i].next_due < day.isoformat()}
    assert service.window(flt, PanelSort.NEXT_DUE, with_count=True, limit=500).total == len(overdue_on_panel)


def test_the_days_cover_what_changes_with_the_day(world: tuple[Vault, SyntheticPanel, list[object]]) -> None:
    """The days above exercise every rule: a tier-up ending, never-contacted members, records after the day."""
    vault, panel, records = world
    tier3 = _extra_records(panel)[5].member_id
    dues = {day: PanelService(vault, today=lambda day=day: day).rows([str(tier3)])[str(tier3)] for day in DAYS}
    weekly = (BUILT - timedelta(days=24) + timedelta(days=DEFAULT_SETTINGS.post_discharge_contact_days)).isoformat()
    after_tier_up = (BUILT - timedelta(days=24) + timedelta(days=DEFAULT_SETTINGS.tier3_contact_days)).isoformat()
    assert dues[BUILT].next_due == weekly and dues[BUILT + timedelta(days=6)].next_due == after_tier_up
    assert dues[BUILT - timedelta(days=40)].last_contact != dues[BUILT].last_contact  # later records not counted yet
    contacted = _worklist_facts(records, BUILT).last_contact
    never = [m for m in records if isinstance(m, Member) and m.id.int not in contacted]
    assert never
    for day in (BUILT, BUILT + timedelta(days=20)):  # never contacted: due the day shown, not overdue (as on Today)
        rows = PanelService(vault, today=lambda day=day: day).rows([str(m.id) for m in never])
        assert {r.next_due for r in rows.values()} <= {day.isoformat()}


def test_a_write_updates_the_day_shown(world: tuple[Vault, SyntheticPanel, list[object]]) -> None:
    vault, panel, _ = world
    later = BUILT + timedelta(days=45)
    service = PanelService(vault, today=lambda: later)
    member = next(m for m in panel.members if m.risk_tier is RiskTier.MEDIUM)
    before: MemberRow = service.rows([str(member.id)])[str(member.id)]
    note = SessionNote(member_id=member.id, started_at=_at(BUILT), mode=EncounterMode.TELEPHONE, minutes=5,
                       narrative="Call.")  # fmt: skip
    vault.repository().create(note)
    after = service.rows([str(member.id)])[str(member.id)]
    assert (after.last_contact, after.next_due) == (BUILT.isoformat(), (BUILT + timedelta(days=30)).isoformat())
    assert after != before or before.last_contact == BUILT.isoformat()
    vault.repository().delete(SessionNote.KIND, str(note.id))  # the module's other tests see the panel unchanged


def test_a_rule_the_stored_facts_cannot_follow_is_refused() -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match="face-to-face"):
        DueRule(BUILT, replace(DEFAULT_SETTINGS, face_to_face_modes=frozenset(EncounterMode)))
    assert DueRule(BUILT, replace(DEFAULT_SETTINGS, tier2_contact_days=20)).params()["due_tier2_days"] == "+20 days"
