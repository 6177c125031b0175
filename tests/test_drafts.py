"""Drafts: unsaved form text kept inside the encrypted vault across a lock, never sent anywhere."""

from __future__ import annotations

from datetime import UTC, datetime

from coach_desktop.vault import drafts
from coach_desktop.vault.vault import Vault, open_vault
from tests.conftest import PASSPHRASE

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
SECRET = "Spoke about her insulin schedule — zebra-quokka-17"


def _outbox_and_audit(vault: Vault) -> tuple[int, int]:
    db = vault.database()
    return int(db.scalar("SELECT count(*) FROM outbox")), int(db.scalar("SELECT count(*) FROM audit_log"))


def test_drafts_round_trip_and_a_saved_form_drops_its_draft(vault: Vault) -> None:
    db = vault.database()
    before = _outbox_and_audit(vault)
    with db.transaction():
        drafts.save_draft(db, "member", "session_note", SECRET, NOW)
        drafts.save_draft(db, "panel", "search", "pena", NOW)
        drafts.save_draft(db, "panel", "empty", "", NOW)  # nothing to restore: not kept
    assert drafts.load_all(db) == {"member": {"session_note": SECRET}, "panel": {"search": "pena"}}
    with db.transaction():
        drafts.delete_draft(db, "member", "session_note")  # the form was saved
    assert drafts.load_all(db) == {"panel": {"search": "pena"}}
    assert _outbox_and_audit(vault) == before  # drafts never reach the outbox (so never sync) nor the audit log


def test_merge_at_lock_keeps_what_pages_hold_and_drops_what_they_dealt_with(vault: Vault) -> None:
    db = vault.database()
    autosaved = "kept every few seconds by the note editor's service"
    with db.transaction():
        drafts.save_draft(db, "member", "session_note:1", autosaved, NOW)
        drafts.save_draft(db, "notes", "saved", "given back at unlock, then saved on the page", NOW)
        drafts.save_draft(db, "notes", "emptied", "given back at unlock, then cleared", NOW)
    with db.transaction():
        kept = drafts.merge_at_lock(db, {"notes": {"new": SECRET, "emptied": ""}, "sync": {}},
                                    {"notes": {"saved", "emptied"}}, NOW)  # fmt: skip
    assert kept == 1
    assert drafts.load_all(db) == {"member": {"session_note:1": autosaved}, "notes": {"new": SECRET}}


def test_a_draft_survives_lock_and_is_encrypted_at_rest(vault: Vault) -> None:
    db = vault.database()
    with db.transaction():
        drafts.save_draft(db, "member", "note", SECRET, NOW)
    vault.lock()
    for path in vault.directory.iterdir():
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path.name
            assert b"zebra-quokka" not in path.read_bytes(), path.name
    reopened = open_vault(vault.directory, PASSPHRASE)
    try:
        assert drafts.load_all(reopened.database()) == {"member": {"note": SECRET}}
    finally:
        reopened.lock()
