"""The one write path: record, outbox mutation and audit event land together or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach_desktop.domain.session_note import NoteAddendum, NoteStatus, SessionNote
from coach_desktop.vault import audit_log, panel_queries
from coach_desktop.vault.errors import RecordInvalid, VaultError
from coach_desktop.vault.vault import Vault
from tests.support import factories


def _outbox(vault: Vault) -> list[tuple]:
    return vault.database().query("SELECT op, kind, record_id, payload, state FROM outbox ORDER BY client_seq")


def _audit_actions(vault: Vault) -> list[str]:
    return [r[0] for r in vault.database().query("SELECT action FROM audit_log ORDER BY seq")]


def test_create_writes_record_outbox_and_audit(vault: Vault) -> None:
    m, change = vault.repository().create(factories.member())
    assert change.op == "create" and change.member_id == str(m.id)
    [(op, kind, record_id, payload, state)] = _outbox(vault)
    assert (op, kind, record_id, state) == ("create", "member", str(m.id), "pending")
    assert json.loads(payload)["fields"]["family_name"] == m.family_name
    assert _audit_actions(vault)[-1] == "create"
    assert m.updated_by == "nurse.ana"


def test_update_sends_only_changed_fields_and_noop_sends_nothing(vault: Vault) -> None:
    repo = vault.repository()
    m, _ = repo.create(factories.member())
    _, change = repo.update(m.model_copy(update={"phone": "405-555-0101", "risk_reason": "2 ED visits"}))
    assert change.fields == ("phone", "risk_reason")
    op, _kind, _id, payload, _state = _outbox(vault)[-1]
    assert op == "patch"
    assert set(json.loads(payload)["fields"]) == {"phone", "risk_reason"}
    stored = repo.get("member", str(m.id))
    _, noop = repo.update(stored)
    assert noop.op == "none"
    assert len(_outbox(vault)) == 2


def test_failed_write_leaves_no_outbox_or_audit_trace(vault: Vault) -> None:
    repo = vault.repository()
    m, _ = repo.create(factories.member())
    counts = (len(_outbox(vault)), len(_audit_actions(vault)))
    with pytest.raises(RecordInvalid):
        repo.create(m)  # same id twice
    with pytest.raises(RecordInvalid):
        repo.update(m.model_copy(update={"practice_id": "moved-practice"}))  # identity fields cannot change
    assert (len(_outbox(vault)), len(_audit_actions(vault))) == counts


def test_atomicity_when_the_audit_insert_fails(vault: Vault) -> None:
    """Break the audit table inside the transaction: the record and outbox rows must roll back with it."""
    db = vault.database()
    db.execute("CREATE TRIGGER sabotage BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk gremlin'); END")
    with pytest.raises(VaultError):
        vault.repository().create(factories.member())
    assert db.scalar("SELECT count(*) FROM record") == 0
    assert db.scalar("SELECT count(*) FROM outbox") == 0


def test_delete_is_a_tombstone_with_a_mutation(vault: Vault) -> None:
    repo = vault.repository()
    m, _ = repo.create(factories.member())
    repo.delete("member", str(m.id))
    assert repo.get("member", str(m.id)).deleted
    assert _outbox(vault)[-1][0] == "delete"
    assert panel_queries.count_members(vault.database()) == 0
    with pytest.raises(RecordInvalid, match="deleted"):
        repo.update(m)


def test_signed_notes_are_immutable_and_addenda_append_only(vault: Vault) -> None:
    repo = vault.repository()
    m, _ = repo.create(factories.member())
    draft, _ = repo.create(factories.session_note(m.id))
    signing = {"status": NoteStatus.SIGNED, "signed_at": draft.started_at, "content_hash": draft.compute_content_hash()}
    signed = SessionNote.model_validate({**draft.model_dump(), **signing})
    repo.update(signed)
    with pytest.raises(RecordInvalid, match="addendum"):
        repo.update(signed.model_copy(update={"minutes": 45}))
    with pytest.raises(RecordInvalid, match="addendum"):
        repo.delete("session_note", str(draft.id))
    addendum, _ = repo.create(NoteAddendum(member_id=m.id, note_id=draft.id, note_content_hash=signed.content_hash,
                                           text="Minutes were 25, not 20.", written_at=draft.started_at))  # fmt: skip
    with pytest.raises(RecordInvalid, match="cannot be changed"):
        repo.update(addendum.model_copy(update={"text": "rewritten"}))


def test_member_view_is_audited(vault: Vault) -> None:
    repo = vault.repository()
    m, _ = repo.create(factories.member())
    repo.open_member(str(m.id))
    last = audit_log.entries(vault.database())[-1]
    assert last.event.action == "view" and last.event.object_id == str(m.id)


def test_audit_log_has_no_phi_and_refuses_update_and_delete(vault: Vault) -> None:
    repo = vault.repository()
    m, _ = repo.create(factories.member(family="ZZCANARY-audit"))
    repo.open_member(str(m.id))
    db = vault.database()
    dump = json.dumps(db.query("SELECT * FROM audit_log"))
    assert "ZZCANARY" not in dump and m.medicaid_id not in dump
    with pytest.raises(VaultError):
        db.execute("UPDATE audit_log SET action = 'view'")
    with pytest.raises(VaultError):
        db.execute("DELETE FROM audit_log")


def test_audit_chain_detects_tampering(vault: Vault) -> None:
    repo = vault.repository()
    for i in range(3):
        repo.create(factories.member(medicaid_id=f"SC00000000{i}"))
    db = vault.database()
    assert audit_log.verify_chain(db) is None
    # An attacker holding the key drops the guard and rewrites history: the chain no longer verifies.
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET action = 'view' WHERE seq = 2")
    assert audit_log.verify_chain(db) == 2


INJECTION_PAYLOADS = [
    "Robert'); DROP TABLE record;--",
    "' OR '1'='1",
    '"; DELETE FROM outbox; --',
    "1; ATTACH DATABASE 'x' AS y",
    "%_\\",
    "\x00nul inside",
    "emoji 🧪 and RTL \u202e override",
    "O'Brien-Nuñez",
    "SELECT * FROM audit_log",
    "')) UNION SELECT body FROM record --",
    "\\x27",
    "line\nbreak\r\nand tab\t",
    "NULL",
    "-- comment",
]


@pytest.mark.parametrize("payload", INJECTION_PAYLOADS)
def test_sql_injection_payloads_round_trip_byte_exact(vault: Vault, payload: str) -> None:
    repo = vault.repository()
    m, _ = repo.create(factories.member())
    note, _ = repo.create(factories.session_note(m.id, narrative=payload))
    tables = vault.database().query("SELECT name FROM sqlite_master ORDER BY name")
    stored = repo.get("session_note", str(note.id))
    assert isinstance(stored, SessionNote)
    assert stored.narrative.encode("utf-8", "surrogatepass") == payload.encode("utf-8", "surrogatepass")
    assert vault.database().query("SELECT name FROM sqlite_master ORDER BY name") == tables
    assert panel_queries.search_members(vault.database(), payload) is not None


def test_search_by_name_prefix_diacritics_and_medicaid_id(vault: Vault) -> None:
    repo = vault.repository()
    pena, _ = repo.create(factories.member(family="Peña", given="José", medicaid_id="SC123456789"))
    repo.create(factories.member(family="Smith", given="Joan", medicaid_id="SC987654321"))
    db = vault.database()
    assert [r.member_id for r in panel_queries.search_members(db, "pena")] == [str(pena.id)]
    assert [r.member_id for r in panel_queries.search_members(db, "Jos Pe")] == [str(pena.id)]
    assert [r.member_id for r in panel_queries.search_members(db, "SC1234")] == [str(pena.id)]
    assert {r.family_name for r in panel_queries.search_members(db, "jo")} == {"Peña", "Smith"}
    assert panel_queries.search_members(db, "zzz") == []


def test_panel_filters_and_sorts_in_sql(vault: Vault) -> None:
    repo = vault.repository()
    repo.create(factories.member(family="Adams", medicaid_id="SC000000011", risk_tier="low", conditions=["copd"]))
    repo.create(factories.member(family="Baker", medicaid_id="SC000000012", risk_tier="high"))
    repo.create(factories.member(family="Cruz", medicaid_id="SC000000013", risk_tier="medium",
                                 enrollment_status="graduated"))  # fmt: skip
    db = vault.database()
    names = lambda ids: [panel_queries.rows_for(db, ids)[i].family_name for i in ids]  # noqa: E731
    flt = panel_queries.PanelFilter
    assert names(panel_queries.member_ids(db, flt(risk_tiers=frozenset({1, 2})))) == ["Baker", "Cruz"]
    assert names(panel_queries.member_ids(db, flt(condition="copd"))) == ["Adams"]
    assert names(panel_queries.member_ids(db, flt(enrollment_status="graduated"))) == ["Cruz"]
    by_risk = panel_queries.member_ids(db, sort=panel_queries.PanelSort.RISK)
    assert names(by_risk) == ["Baker", "Cruz", "Adams"]
    assert names(panel_queries.member_ids(db, descending=True)) == ["Cruz", "Baker", "Adams"]


def test_session_updates_last_contact_on_the_panel_row(vault: Vault, vault_dir: Path) -> None:
    repo = vault.repository()
    m, _ = repo.create(factories.member())
    note, _ = repo.create(factories.session_note(m.id, days_ago=2))
    row = panel_queries.rows_for(vault.database(), [str(m.id)])[str(m.id)]
    assert row.last_contact == note.started_at.date().isoformat()
    assert row.next_due is not None and row.next_due > row.last_contact
