"""The kept worklist (vault v9): used only for its day, settings and data generation; never stale, only missing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from coach_desktop.app.today_service import TodayGroup, TodayRow, TodayService
from coach_desktop.domain.audit import AuditAction
from coach_desktop.domain.scoring import PHQ9_ITEM9
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.domain.worklist import DEFAULT_SETTINGS
from coach_desktop.vault import worklist_cache
from coach_desktop.vault.vault import Vault
from tests.ui.conftest import TODAY


class CountingService(TodayService):
    """The real service, counting how often it builds the list rather than reading the kept one."""

    builds = 0

    def build(self, today: date) -> list[TodayRow]:
        self.builds += 1
        return super().build(today)


def _service(vault: Vault, day: date = TODAY, **options: object) -> CountingService:
    return CountingService(vault, today=lambda: day, **options)  # type: ignore[arg-type]


def _generation(vault: Vault) -> int:
    return worklist_cache.generation(vault.database())


def test_an_unlock_later_the_same_day_shows_the_kept_list_unchanged(seeded_vault: Vault) -> None:
    first = _service(seeded_vault)
    built = first.worklist()
    again = _service(seeded_vault)
    kept = again.worklist()

    assert (first.builds, again.builds) == (1, 0)
    assert kept == built and len(kept) > 40
    assert [type(r.group) for r in kept[:1]] == [TodayGroup] and isinstance(kept[0].due, date)
    assert kept == again.build(TODAY)  # what a fresh build gives now


def test_a_local_save_moves_the_generation_and_the_next_list_shows_it(
    seeded_vault: Vault, panel: SyntheticPanel
) -> None:
    service = _service(seeded_vault)
    before = service.worklist()
    generation = _generation(seeded_vault)
    member = panel.members[0]
    screening = Screening(member_id=member.id, practice_id=member.practice_id, instrument=Instrument.PHQ9,
                          administered_at=datetime(2026, 11, 22, 15, 0, tzinfo=UTC), answers={PHQ9_ITEM9: 2},
                          flags=["safety_item9"])  # fmt: skip
    seeded_vault.repository().create(screening)

    assert _generation(seeded_vault) == generation + 1  # one write transaction, one step
    after = service.worklist()
    assert service.builds == 2
    assert after != before and after[0].group is TodayGroup.SAFETY and after[0].member_id == str(member.id)


def test_only_writes_to_records_or_panel_rows_move_the_generation(seeded_vault: Vault) -> None:
    db = seeded_vault.database()
    start = _generation(seeded_vault)
    seeded_vault.repository().log_event(AuditAction.PRINT, "care_plan", "x")  # an audit event only
    with db.transaction():
        db.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('bench', '1')")
    assert _generation(seeded_vault) == start
    with db.transaction():
        db.execute("UPDATE member_index SET given_name = given_name")
        db.execute("update record set version = version where 0")  # lower case, matched all the same
    assert _generation(seeded_vault) == start + 1  # once per transaction, however many statements
    db.execute("DELETE FROM record WHERE 0")  # outside a transaction: at once
    assert _generation(seeded_vault) == start + 2
    with db.transaction():
        db.executemany("INSERT OR REPLACE INTO member_index SELECT * FROM member_index WHERE member_id = ?", [("-",)])
    assert _generation(seeded_vault) == start + 3


def test_a_rolled_back_write_leaves_the_generation(seeded_vault: Vault) -> None:
    db = seeded_vault.database()
    start = _generation(seeded_vault)
    try:
        with db.transaction():
            db.execute("UPDATE record SET version = version WHERE 0")
            raise RuntimeError("abandon")
    except RuntimeError:
        pass
    assert _generation(seeded_vault) == start
    with db.transaction():
        db.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('after', '1')")
    assert _generation(seeded_vault) == start  # the flag did not leak into the next transaction


def test_a_write_while_building_keeps_nothing(seeded_vault: Vault) -> None:
    db = seeded_vault.database()
    built_at = _generation(seeded_vault)
    with db.transaction():
        db.execute("UPDATE record SET version = version WHERE 0")
    assert worklist_cache.store(db, TODAY, "key", built_at, "[]") is False
    assert worklist_cache.load(db, TODAY, "key") is None
    assert worklist_cache.store(db, TODAY, "key", built_at + 1, "[]") is True
    assert worklist_cache.load(db, TODAY, "key") == "[]"


def test_another_day_or_other_settings_build_again(seeded_vault: Vault) -> None:
    _service(seeded_vault).worklist()
    tomorrow = _service(seeded_vault, TODAY + timedelta(days=1))
    assert tomorrow.worklist() == tomorrow.build(TODAY + timedelta(days=1)) and tomorrow.builds == 2
    other = _service(seeded_vault, settings=replace(DEFAULT_SETTINGS, due_soon_days=7))
    other.worklist()
    assert other.builds == 1


def test_an_unreadable_kept_list_is_built_again(seeded_vault: Vault) -> None:
    service = _service(seeded_vault)
    built = service.worklist()
    db = seeded_vault.database()
    with db.transaction():
        db.execute('UPDATE worklist_cache SET rows = \'{"members": [], "k": [1]}\'')
    assert _service(seeded_vault).worklist() == built
    worklist_cache.forget(db)
    fresh = _service(seeded_vault)
    assert fresh.worklist() == built and fresh.builds == 1
