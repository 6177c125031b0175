"""TodayService: the worklist read from the v7 indexes equals the domain rules over all records, grouped for display."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from coach_desktop.app.today_service import TodayGroup, TodayService
from coach_desktop.domain.scoring import PHQ9_ITEM9
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.domain.worklist import DEFAULT_SETTINGS, Category, WorklistItem, build_worklist
from coach_desktop.vault import worklist_queries
from coach_desktop.vault.vault import Vault
from tests.ui.conftest import TODAY


def _key(item: WorklistItem) -> tuple[object, ...]:
    return (item.priority, item.due, item.days_overdue, item.category, item.member_id, item.tier, item.source_id)


def _light_worklist(vault: Vault, today: date) -> list[WorklistItem]:
    inputs = worklist_queries.load_worklist_inputs(vault.database(), today, DEFAULT_SETTINGS)
    return build_worklist(inputs.members, inputs.sessions, inputs.tasks, inputs.transitions, inputs.referrals,
                          inputs.screenings, today, care_plans=inputs.care_plans)  # fmt: skip


@pytest.mark.parametrize("shift", [0, -45, 9, -200])
def test_worklist_from_indexes_equals_the_rules_over_every_record(
    seeded_vault: Vault, panel: SyntheticPanel, shift: int
) -> None:
    today = TODAY + timedelta(days=shift)
    full = build_worklist(panel.members, panel.session_notes, panel.tasks, panel.transitions, panel.referrals,
                          panel.screenings, today, care_plans=panel.care_plans)  # fmt: skip
    light = _light_worklist(seeded_vault, today)
    assert len(full) > 40
    assert Counter(map(_key, light)) == Counter(map(_key, full))
    # Same order, except among items of one member with one sort key (the domain keeps those in input order).
    assert [_key(i)[:5] for i in light] == [_key(i)[:5] for i in full]


def test_the_indexes_are_the_ones_the_queries_spell(seeded_vault: Vault) -> None:
    stored = dict(seeded_vault.database().query("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    for (name, _kind, _columns), ddl in zip(worklist_queries.WORKLIST_INDEXES, worklist_queries.worklist_index_ddl(),
                                            strict=True):  # fmt: skip
        assert stored[name] == ddl


def test_worklist_queries_read_index_entries_only(seeded_vault: Vault) -> None:
    """No query reads a JSON body: the record table is never read, only its indexes (they cover every expression)."""
    db = seeded_vault.database()
    record_root = db.scalar("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'record'")
    queries = [(getattr(worklist_queries, name), "[]" if "?" in getattr(worklist_queries, name) else None)
               for name in dir(worklist_queries) if name.endswith("_SQL") and name != "_MEMBERS_SQL"]  # fmt: skip
    assert len(queries) == 8
    for sql, _ in queries:
        params = ["2026-01-01"] * sql.count("?")
        program = db.query("EXPLAIN " + sql, params)
        table_cursors = {op[2] for op in program if op[1] == "OpenRead" and op[3] == record_root}
        reads = [op for op in program if op[1] == "Column" and op[2] in table_cursors]
        assert reads == [], sql


def _flag_safety(vault: Vault, member_id: str) -> None:
    member = vault.repository().get("member", member_id)
    screening = Screening(member_id=member.id, practice_id=member.practice_id, instrument=Instrument.PHQ9,
                          administered_at=datetime(2026, 11, 22, 15, 0, tzinfo=UTC), answers={PHQ9_ITEM9: 2},
                          flags=["safety_item9"])  # fmt: skip
    vault.repository().create(screening)


def test_rows_come_grouped_safety_first_then_overdue_due_today_upcoming(
    seeded_vault: Vault, panel: SyntheticPanel
) -> None:
    member = panel.members[-1]
    _flag_safety(seeded_vault, str(member.id))
    rows = TodayService(seeded_vault, today=lambda: TODAY).worklist()

    assert rows[0].group is TodayGroup.SAFETY and rows[0].member_id == str(member.id)
    assert rows[0].reason == "safety.phq9_item9" and rows[0].category is Category.SAFETY_ALERT
    assert rows[0].member_name == f"{member.family_name}, {member.given_name}"
    assert [r.group for r in rows] == sorted(r.group for r in rows)
    assert {r.group for r in rows} == set(TodayGroup)
    for row in rows:
        if row.group is TodayGroup.OVERDUE:
            assert row.due < TODAY and row.overdue_days == (TODAY - row.due).days
        elif row.group is TodayGroup.DUE_TODAY:
            assert row.due == TODAY and row.overdue_days == 0
        elif row.group is TodayGroup.UPCOMING:
            assert row.due > TODAY and row.overdue_days == 0
    # Within a group the domain's order holds: discharge follow-ups, then overdue contacts by tier and days.
    overdue = [r for r in rows if r.group is TodayGroup.OVERDUE]
    priorities = [r.priority for r in overdue]
    assert priorities == sorted(priorities)
    contacts = [(r.tier, -r.overdue_days) for r in overdue if r.category is Category.CONTACT_OVERDUE]
    assert contacts == sorted(contacts) and contacts


def test_reasons_are_keys_not_free_text(seeded_vault: Vault) -> None:
    rows = TodayService(seeded_vault, today=lambda: TODAY).worklist()
    reasons = {r.reason for r in rows}
    assert {"contact.routine", "referral.overdue", "care_plan.review"} <= reasons
    assert all(r.count(".") == 1 and r.replace(".", "").replace("_", "").isalnum() for r in reasons)
