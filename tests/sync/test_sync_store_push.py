"""The outbox lane on a real encrypted vault: batches numbered for the wire, the 5 MB cap, rows that cannot be
sent, and push answers stored in one transaction (the server's answers are built here as wire values)."""

from __future__ import annotations

import json
import uuid
from datetime import date

from coach_desktop.domain.member import Member
from coach_desktop.sync.protocol import MutationResult, PushResponse, ResultStatus
from coach_desktop.vault import sync_state
from coach_desktop.vault.repository import Actor
from coach_desktop.vault.sync_store import SyncStore
from coach_desktop.vault.vault import Vault

DEVICE = "0190f3a0-0000-7000-8000-000000000001"


def _store(vault: Vault, members: int, words: str = "") -> SyncStore:
    db = vault.database()
    with db.transaction():
        sync_state.put(db, {sync_state.DEVICE_ID: DEVICE})
    repo = vault.repository()
    for i in range(members):
        repo.create(Member.model_validate({
            "medicaid_id": f"SC{i:09d}", "given_name": "Ana", "family_name": f"Zq{i}", "risk_reason": words,
            "date_of_birth": date(1970, 5, 17), "sex": "female", "risk_tier": "high", "preferred_language": "es"}))
    return SyncStore(db, Actor("sync", DEVICE))


def _states(vault: Vault) -> list[tuple[str, int | None]]:
    return [(str(s), w) for s, w in vault.database().query("SELECT state, wire_seq FROM outbox ORDER BY client_seq")]


def test_a_batch_is_numbered_in_order_and_sent_again_unchanged(vault: Vault) -> None:
    store = _store(vault, 5)

    batch = store.next_batch(limit=3)

    assert batch is not None and [m.client_seq for m in batch.request.mutations] == [1, 2, 3]
    assert [r.wire_seq for r in batch.rows] == [1, 2, 3]
    assert _states(vault) == [("in_flight", 1), ("in_flight", 2), ("in_flight", 3), ("pending", None),
                              ("pending", None)]  # fmt: skip
    assert store.get(sync_state.NEXT_WIRE_SEQ) == "4"
    again = store.next_batch(limit=3)
    assert again is not None and again.batch_id == batch.batch_id
    assert again.request.model_dump_json() == batch.request.model_dump_json()


def test_a_batch_over_the_byte_cap_is_halved_until_it_fits(vault: Vault) -> None:
    store = _store(vault, 8, words="x" * 500)

    batch = store.next_batch(limit=8, max_bytes=3000)

    assert batch is not None and 1 <= len(batch.rows) < 8
    assert len(batch.request.model_dump_json(by_alias=True)) <= 3000
    assert [s for s, _ in _states(vault)].count("in_flight") == len(batch.rows)
    assert store.get(sync_state.NEXT_WIRE_SEQ) == str(len(batch.rows) + 1)  # the rest is numbered when sent


def test_a_row_that_cannot_be_sent_is_answered_locally_and_takes_no_wire_number(vault: Vault) -> None:
    store = _store(vault, 3)
    db = vault.database()
    with db.transaction():  # a field name the wire refuses (over 64 characters), as a damaged row would have
        db.execute("UPDATE outbox SET payload = ? WHERE client_seq = 2",
                   (json.dumps({"fields": {"x" * 65: "value"}}),))  # fmt: skip

    batch = store.next_batch()

    assert batch is not None and [m.client_seq for m in batch.request.mutations] == [1, 2]
    assert _states(vault) == [("in_flight", 1), ("rejected", None), ("in_flight", 2)]
    assert [r.reason for r in store.list_rejected()] == ["this change could not be sent (it is not valid); re-enter it"]


def test_push_answers_are_stored_and_a_foreign_answer_is_ignored(vault: Vault) -> None:
    store = _store(vault, 3)
    batch = store.next_batch()
    assert batch is not None
    ours = [MutationResult(client_seq=int(r.wire_seq or 0), mutation_id=uuid.UUID(r.mutation_id),
                           status=ResultStatus.APPLIED, applied_seq=100 + i) for i, r in enumerate(batch.rows[:2])]
    stray = MutationResult(client_seq=99, mutation_id=uuid.UUID(batch.rows[2].mutation_id),
                           status=ResultStatus.APPLIED, applied_seq=200)  # wrong number: not an answer to that row

    outcome = store.apply_push_results(batch, PushResponse(last_client_seq=2, results=[*ours, stray], server_seq=101))

    assert outcome.answered == 2 and outcome.acked == 2
    rows = vault.database().query("SELECT state, applied_seq, result FROM outbox ORDER BY client_seq")
    assert [(s, a) for s, a, _ in rows] == [("acked", 100), ("acked", 101), ("in_flight", None)]
    assert all(json.loads(r)["acked_at"] and json.loads(r)["status"] == "applied" for _, _, r in rows[:2])
    assert store.get(sync_state.SERVER_LAST_CLIENT_SEQ) == "2"
    assert store.unsent_count() == 1
