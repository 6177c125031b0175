"""CoachSync v1 scenarios over real HTTP on loopback (SYNC_PROTOCOL §6.4–6.9), on SQLite and on PostgreSQL.

Replays and concurrent duplicates (I2), concurrent edits from two devices (I1, conflicts), client_seq gaps, panel
moves (I6), revocation, the tombstone horizon (I9), schema too old, oversized batches (R14) and hostile cursors.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from argon2 import PasswordHasher
from sqlalchemy import func, select

from coach_server import passwords, scope, tables
from coach_server.app import load_or_init_meta
from tests.server.http_world import (
    TIMEOUT,
    Client,
    Panel,
    live_records,
    register_client,
    seed_panel,
    visible_keys,
)
from tests.server.live import LiveServer, Provisioned, live_server, provision

__all__ = ["live_server"]  # the fixture, imported so pytest finds it
TENANT = "default"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@dataclass
class Small:
    live: LiveServer
    accounts: Provisioned
    a: Panel
    b: Panel

    def client(self, name: str) -> Client:
        return Client(self.live.base_url, self.accounts[name])


@pytest.fixture
def small(live_server: LiveServer) -> Iterator[Small]:
    accounts = provision(live_server.engine, live_server.base_url)
    a = seed_panel(live_server.engine, TENANT, accounts["coach_a"].user_id, 3, seed=11, canary="ZZCANARY-A")
    b = seed_panel(live_server.engine, TENANT, accounts["coach_b"].user_id, 2, seed=22, canary="ZZCANARY-B")
    yield Small(live_server, accounts, a, b)


def _state(client: Client, kind: str, record_id: str) -> dict[str, Any]:
    """The record as this device last pulled it (pulls to the end first)."""
    found = None
    for change in client.pull_all():
        for state in ([change["record"]] if change.get("record") else []) + change.get("records", []):
            if (state["kind"], state["id"]) == (kind, record_id):
                found = state
    if found is None:  # unchanged since this device's cursor: a fresh snapshot has it
        found = next(s for s in client.snapshot_all() if (s["kind"], s["id"]) == (kind, record_id))
    return found


def _together(*calls: Callable[[], requests.Response]) -> list[requests.Response]:
    """Run the calls at the same moment, one thread each (a barrier releases them together)."""
    barrier = threading.Barrier(len(calls))
    out: list[requests.Response | BaseException | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], requests.Response]) -> None:
        try:
            barrier.wait(timeout=TIMEOUT)
            out[index] = call()
        except BaseException as exc:  # surfaced below, in the test's thread
            out[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    for item in out:
        if not isinstance(item, requests.Response):
            raise AssertionError(f"a concurrent call failed: {item!r}")
    return out  # type: ignore[return-value]


def _count(live: LiveServer, table: Any, *where: Any) -> int:
    with live.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


# ---- idempotency (I2) -------------------------------------------------------------------------------------


def test_push_replays_and_a_concurrent_duplicate_give_identical_results_and_one_row(small: Small) -> None:
    a = small.client("coach_a")
    a.sync_client_seq()
    member = small.a.member_ids[0]
    plan = small.a.of_kind("care_plan")[0]
    title_ver = _state(a, "care_plan", plan["id"])["field_ver"]["title"]
    created = [str(uuid.uuid4()), str(uuid.uuid4())]
    mutations = [
        a.mutation("care_plan", plan["id"], "patch", {"title": ("Replayed title", title_ver)}),
        a.mutation("care_plan_goal", created[0], "create", {
            "member_id": member, "care_plan_id": plan["id"], "description": "Walk", "measure": "minutes",
            "target": "20", "target_date": "2027-06-01"}),
        a.mutation("care_plan", created[1], "create", {"member_id": member, "title": "Second plan"}),
    ]
    body = a.push_body(mutations)
    first = a.push([], body=body)
    assert first.status_code == 200 and [r["status"] for r in first.json()["results"]] == ["applied"] * 3
    for _ in range(3):  # the client never saw the answer: same batch, same Idempotency-Key, same mutation ids
        again = a.push([], body=body)
        assert again.status_code == 200 and again.json() == first.json()
    # A new batch delivered twice at the same moment (two connections, the same Idempotency-Key).
    third = str(uuid.uuid4())
    body2 = a.push_body([a.mutation("care_plan", third, "create", {"member_id": member, "title": "Raced"})])
    answers = _together(lambda: a.push([], body=body2), lambda: a.push([], body=body2))
    results = []
    for answer in answers:
        if answer.status_code == 409:  # the copy arrived while the first was being applied: retry it later
            assert answer.json()["error"] == "in_progress"
            answer = a.push([], body=body2)
        assert answer.status_code == 200, answer.text
        results.append(answer.json())
    assert results[0] == results[1] and results[0]["results"][0]["status"] == "applied"
    for record_id in [*created, third]:
        assert _count(small.live, tables.record, tables.record.c.id == record_id) == 1
    mr = tables.mutation_result
    assert _count(small.live, mr, mr.c.device_id == a.device_id) == 4  # one row per client_seq, never more
    # The same client_seq with another mutation_id is a different payload under a used key: 422.
    reused = a.push_body([{**mutations[0], "mutation_id": str(uuid.uuid4())}])
    refused = a.push([], body=reused)
    assert refused.status_code == 422 and refused.json()["error"] == "key_reuse"


# ---- concurrent edits from two devices (I1) ------------------------------------------------------------------


def test_two_devices_editing_one_care_plan_concurrently(small: Small) -> None:
    d1 = small.client("coach_a")
    d2 = register_client(small.live, small.accounts["coach_a"], "coach A's tablet")
    plan = small.a.of_kind("care_plan")[0]["id"]
    versions = _state(d1, "care_plan", plan)["field_ver"]
    for device in (d1, d2):
        device.sync_client_seq()

    def patch(device: Client, name: str, value: str) -> Callable[[], requests.Response]:
        return lambda: device.push([device.mutation("care_plan", plan, "patch", {name: (value, versions[name])})])

    # Different fields from the same base: both win.
    one, two = _together(patch(d1, "title", "Title from laptop"), patch(d2, "strengths", "Strengths from tablet"))
    assert [r.json()["results"][0]["status"] for r in (one, two)] == ["applied", "applied"]
    body = _state(d2, "care_plan", plan)["body"]
    assert (body["title"], body["strengths"]) == ("Title from laptop", "Strengths from tablet")
    # The same field from the same base: the first at the server wins, the other gets exactly one conflict.
    base = _state(d1, "care_plan", plan)["field_ver"]["member_words"]
    versions["member_words"] = base
    one, two = _together(patch(d1, "member_words", "Laptop words"), patch(d2, "member_words", "Tablet words"))
    statuses = sorted(r.json()["results"][0]["status"] for r in (one, two))
    assert statuses == ["applied", "conflict"]
    conflict_ids = [c for r in (one, two) for c in r.json()["results"][0]["conflict_ids"]]
    assert len(conflict_ids) == 1
    rec = tables.record
    assert _count(small.live, rec, rec.c.kind == "conflict") == 1
    for device in (d1, d2):  # the conflict syncs to every device in scope
        pulled = [c["record"] for c in device.pull_all() if c.get("record") and c["record"]["kind"] == "conflict"]
        assert [p["id"] for p in pulled] == conflict_ids
        assert pulled[0]["body"]["record_id"] == plan and pulled[0]["body"]["field"] == "member_words"
        assert pulled[0]["body"]["status"] == "open"


# ---- ordering ---------------------------------------------------------------------------------------------


def test_a_client_seq_gap_is_409_expected_client_seq_and_nothing_applied(small: Small) -> None:
    a = small.client("coach_a")
    last = a.sync_client_seq() - 1
    a.next_client_seq += 1  # skip one
    gap = a.push([a.mutation("care_plan", str(uuid.uuid4()), "create",
                             {"member_id": small.a.member_ids[0], "title": "After a gap"})])  # fmt: skip
    assert gap.status_code == 409
    assert gap.json() == {"error": "expected_client_seq", "detail": "client_seq gap", "expected_client_seq": last + 1}
    assert a.sync_client_seq() == last + 1
    fixed = a.push([a.mutation("care_plan", str(uuid.uuid4()), "create",
                               {"member_id": small.a.member_ids[0], "title": "In order"})])  # fmt: skip
    assert fixed.status_code == 200 and fixed.json()["results"][0]["status"] == "applied"


# ---- scope (I6) -------------------------------------------------------------------------------------------


def test_a_member_moving_panels_is_a_revoke_for_a_and_a_grant_with_records_for_b(small: Small) -> None:
    a, b = small.client("coach_a"), small.client("coach_b")
    history_a, history_b = a.pull_all(), b.pull_all()
    moved = small.a.member_ids[0]
    moved_records = {k for k, (m, _) in live_records(small.live.engine, TENANT).items() if m == moved}
    assert len(moved_records) > 3
    with small.live.engine.begin() as conn:
        scope.assign_member(conn, TENANT, moved, small.accounts["coach_b"].user_id)
    page_a, page_b = a.pull_all(), b.pull_all()
    assert [(c.get("scope"), c.get("member_id")) for c in page_a] == [("revoke", moved)]
    grants = [c for c in page_b if c.get("scope") == "grant"]
    assert [g["member_id"] for g in grants] == [moved]
    assert {(s["kind"], s["id"]) for s in grants[0]["records"]} == moved_records  # inline: no second call
    assert not visible_keys(history_a + page_a) & moved_records
    assert moved_records <= visible_keys(history_b + page_b)


# ---- revocation -------------------------------------------------------------------------------------------


def test_a_revoked_device_is_told_to_wipe(small: Small) -> None:
    device = register_client(small.live, small.accounts["coach_b"], "stolen laptop")
    assert device.request("GET", "/v1/sync/hello").json()["device"]["wipe"] is False
    admin = small.client("admin")
    assert admin.request("POST", f"/v1/admin/devices/{device.device_id}/revoke",
                         json={"mode": "revoke", "wipe": True, "reason": "stolen"}).status_code == 200  # fmt: skip
    hello = device.request("GET", "/v1/sync/hello")
    assert hello.status_code == 401 and hello.json()["error"] == "device_revoked" and hello.json()["wipe"] is True


# ---- tombstones (I9) --------------------------------------------------------------------------------------


def test_purged_tombstones_turn_an_old_cursor_into_410_resync_required(small: Small, db_url: str) -> None:
    a = small.client("coach_a")
    a.pull_all()
    old_cursor = a.cursor
    a.sync_client_seq()
    goal = small.a.of_kind("care_plan_goal")[0]["id"]
    deleted = a.push([a.mutation("care_plan_goal", goal, "delete")]).json()["results"][0]
    assert deleted["status"] == "applied"
    purge = subprocess.run([sys.executable, "-m", "coach_server.cli", "purge-tombstones", "--db", db_url,
                            "--tenant", TENANT, "--before-seq", str(deleted["applied_seq"])],
                           capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert purge.returncode == 0, purge.stderr
    assert "purged 1 tombstone" in purge.stdout
    stale = a.request("GET", "/v1/sync/pull", params={"cursor": old_cursor})
    assert stale.status_code == 410 and stale.json()["error"] == "resync_required"
    fresh = a.request("GET", "/v1/sync/pull")  # no cursor at all: a snapshot is the only complete start
    assert fresh.status_code == 410 and fresh.json()["error"] == "resync_required"
    assert a.request("GET", "/v1/sync/hello").json()["tombstone_horizon_seq"] == deleted["applied_seq"]
    states = a.snapshot_all()  # the resync: a snapshot, then pull from its cursor
    assert goal not in {s["id"] for s in states}
    assert a.pull().status_code == 200


# ---- versions and size ------------------------------------------------------------------------------------


def test_a_schema_too_old_is_426_upgrade_required(small: Small) -> None:
    a = small.client("coach_a")
    for kwargs in ({"headers": {"X-Coach-Schema": "0"}}, {"params": {"schema": 0}}):
        hello = a.request("GET", "/v1/sync/hello", **kwargs)
        assert hello.status_code == 426 and hello.json() == {"error": "upgrade_required",
                                                              "detail": "update the app", "min_schema": 1}
    last = a.sync_client_seq() - 1
    old = a.push([a.mutation("care_plan", str(uuid.uuid4()), "create",
                             {"member_id": small.a.member_ids[0], "title": "Old app"}, schema_version=0)])
    assert old.status_code == 426 and old.json()["error"] == "upgrade_required"
    assert a.sync_client_seq() == last + 1  # nothing applied: the client keeps its outbox


def test_a_hostile_batch_over_5_mb_is_413_and_nothing_is_applied(small: Small) -> None:
    a = small.client("coach_a")
    last = a.sync_client_seq() - 1
    huge = "x" * (5 * 1024 * 1024)
    body = a.push_body([a.mutation("care_plan", small.a.of_kind("care_plan")[0]["id"], "patch",
                                   {"strengths": (huge, 1)})])  # fmt: skip
    declared = a.push([], body=body)
    assert declared.status_code == 413 and declared.json()["error"] == "too_large"
    raw = json.dumps(body).encode()

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(raw), 256 * 1024):
            yield raw[start:start + 256 * 1024]

    streamed = a.request("POST", "/v1/sync/push", data=chunks(),
                         headers={"Idempotency-Key": body["batch_id"], "content-type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["error"] == "too_large"
    assert a.sync_client_seq() == last + 1  # nothing applied; and the server is still answering


# ---- hostile cursors and tokens ---------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _signed(secret: bytes, payload: Any) -> str:
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return _b64(raw) + "." + _b64(hmac.new(secret, b"sync-cursor:" + raw, hashlib.sha256).digest())


def test_malformed_cursors_and_snapshot_tokens_are_400_or_410_never_500(small: Small) -> None:
    a, b = small.client("coach_a"), small.client("coach_b")
    meta = load_or_init_meta(small.live.engine)
    secret, epoch = meta.cursor_secret, meta.server_epoch
    user = small.accounts["coach_a"].user_id
    good = {"t": "c", "e": epoch, "n": TENANT, "u": user, "s": 0}
    b.pull_all()
    hostile = {
        "garbage": "abc", "two dots": "a.b.c", "empty halves": ".", "bad base64": "A.B",
        "deep json": _b64(b"[" * 3000) + "." + _b64(b"x" * 32),  # used to reach json.loads unsigned: a 500
        "huge int": _b64(b'{"s":' + b"9" * 2900 + b"}") + "." + _b64(b"x" * 32),
        "forged signature": _b64(json.dumps(good).encode()) + "." + _b64(b"\0" * 32),
        "other user's": b.cursor,
        "negative seq": _signed(secret, {**good, "s": -5}),
        "float seq": _signed(secret, {**good, "s": 1.5}),
        "bool seq": _signed(secret, {**good, "s": True}),
        "list payload": _signed(secret, [1, 2]),
        "snapshot token as cursor": _signed(secret, {**good, "t": "s", "p": 0, "k": [0, "", ""]}),
        "other epoch": _signed(secret, {**good, "e": str(uuid.uuid4())}),
        "ahead of the server": _signed(secret, {**good, "s": 10**30}),  # was a 500 (SQL integer overflow)
        "snapshot ahead": _signed(secret, {**good, "t": "s", "p": 10**30, "k": [0, "", ""]}),
        "snapshot key overflow": _signed(secret, {**good, "t": "s", "p": 0, "k": [10**30, "", ""]}),
        "bad snapshot key": _signed(secret, {**good, "t": "s", "p": 0, "k": [-1, 5, None]}),
    }
    for label, token in hostile.items():
        response = a.request("GET", "/v1/sync/pull", params={"cursor": token})
        assert response.status_code in (400, 410), (label, response.status_code, response.text[:200])
        assert response.json()["error"] in ("invalid", "resync_required", "epoch_changed"), label
        if label == "snapshot token as cursor":  # as a snapshot token it is a real one: swap in a real cursor
            token = _signed(secret, good)
        snap = a.request("POST", "/v1/sync/snapshot", json={"device_id": a.device_id, "snapshot_token": token})
        assert snap.status_code in (400, 410), (label, snap.status_code, snap.text[:200])
        assert snap.json()["error"] in ("invalid", "resync_required", "epoch_changed"), label
    for bad in ("a" * 5000, "spaces are not allowed", "émoji🙂", "a/b", ""):
        response = a.request("GET", "/v1/sync/pull", params={"cursor": bad})
        assert response.status_code in (400, 422) and response.json()["error"] == "invalid", bad
    assert a.pull().status_code == 200  # and the device's own cursor still works


# ---- hostile values ---------------------------------------------------------------------------------------

HOSTILE_JSON = {  # raw JSON texts the wire must refuse (R14: strict validation) before anything is stored
    "NUL": '"a\\u0000b"', "lone surrogate": '"\\ud800x"', "NaN": "NaN", "Infinity": "-Infinity",
    "float overflow": "1e400", "deep nesting": "[" * 100 + "]" * 100,
}


def test_hostile_values_are_refused_at_the_door_and_never_poison_a_scope(small: Small) -> None:
    """A patch on a deleted record used to store its raw values in an edited_after_delete conflict: a lone
    surrogate there made every later pull and snapshot of that member's devices a 500."""
    a, supervisor = small.client("coach_a"), small.client("supervisor")
    a.sync_client_seq()
    goal = small.a.of_kind("care_plan_goal")[0]["id"]
    assert a.push([a.mutation("care_plan_goal", goal, "delete")]).json()["results"][0]["status"] == "applied"
    last = a.sync_client_seq() - 1
    for label, raw in [*HOSTILE_JSON.items(), ("NUL in a key", None)]:
        mutation = a.mutation("care_plan_goal", goal, "patch", {"description": ("PLACEHOLDER", 1)})
        a.next_client_seq -= 1
        body = a.push_body([mutation])
        text = json.dumps(body)
        text = text.replace('"description"', '"desc\\u0000"') if raw is None else text.replace('"PLACEHOLDER"', raw)
        response = a.request("POST", "/v1/sync/push", data=text.encode(),
                             headers={"Idempotency-Key": body["batch_id"], "content-type": "application/json"})
        assert response.status_code == 422 and response.json()["error"] == "invalid", (label, response.text)
    assert a.sync_client_seq() == last + 1  # nothing applied
    # Well-formed JSON that the record's model refuses is a rejected result, not a stored conflict.
    refused = a.push([a.mutation("care_plan_goal", goal, "patch", {"description": ({"nested": [1, 2]}, 1)})])
    result = refused.json()["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "invalid: description")
    accepted = a.push([a.mutation("care_plan_goal", goal, "patch", {"description": ("  Walk 30 min  ", 1)})])
    assert accepted.json()["results"][0]["status"] == "conflict"  # edited after delete, as a valid proposal
    rec = tables.record
    assert _count(small.live, rec, rec.c.kind == "conflict") == 1
    for client in (a, supervisor):
        assert client.pull().status_code == 200 and client.snapshot_all()
