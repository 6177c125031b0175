"""Sync service end to end against SQLite and PostgreSQL: push, pull, snapshot, scope, quarantine, horizons."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, func, select

from coach_desktop.sync.protocol import ErrorCode, ResultStatus, ScopeOp, SnapshotRequest, WipeAck
from coach_server import scope, sync_service, tables
from coach_server.api_errors import ApiError, install_error_handlers
from coach_server.deps import ServerState
from tests.server.sync_world import (
    TENANT,
    Device,
    World,
    asgi_call,
    care_plan,
    chart,
    goal,
    make_state,
    member,
    new_id,
    note,
    note_hash,
    record_changes,
    resource,
    screening,
)


@pytest.fixture
def world(engine: Engine) -> World:
    return World(engine)


def coach_with_member(world: World, coach: str = "coach.a") -> tuple[Device, str, dict[str, Any]]:
    """A coach, her device, one assigned member (created by the device) and that member's care plan."""
    world.user(coach)
    device = world.device(coach)
    member_id = new_id()
    world.assign(member_id, coach)
    plan = care_plan(member_id)
    assert device.create(member(member_id)).status is ResultStatus.APPLIED
    assert device.create(plan).status is ResultStatus.APPLIED
    return device, member_id, plan


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def raises(code: ErrorCode, status: int) -> Any:
    class _Check:
        def __enter__(self) -> None:
            return None

        def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
            assert isinstance(exc, ApiError), f"expected ApiError {code}, got {exc!r}"
            assert (exc.status, exc.body.error) == (status, code)
            return True

    return _Check()


# ---- push: exactly once, ordering, rejections -------------------------------------------------------------


def test_replayed_batch_gives_byte_identical_results_and_no_new_rows(world: World) -> None:
    device, member_id, plan = coach_with_member(world)
    goal_fields = {k: v for k, v in goal(member_id, plan["id"]).items() if k not in ("id", "kind")}
    batch = [device.mutation("care_plan", plan["id"], "patch", {"title": ("Walk more", None)}),
             device.mutation("care_plan_goal", new_id(), "create", goal_fields)]  # fmt: skip
    batch_id = uuid.uuid4()
    first = device.push(*batch, batch_id=batch_id)
    rows = (count(world.engine, tables.record), count(world.engine, tables.mutation_result))
    for _ in range(2):
        again = device.push(*reversed(batch), batch_id=batch_id)  # order in the body does not matter either
        assert [r.model_dump_json() for r in again.results] == [r.model_dump_json() for r in first.results]
        assert again.last_client_seq == first.last_client_seq == 4
    assert (count(world.engine, tables.record), count(world.engine, tables.mutation_result)) == rows


def test_same_client_seq_with_another_mutation_id_is_key_reuse(world: World) -> None:
    device, _, plan = coach_with_member(world)
    first = device.mutation("care_plan", plan["id"], "patch", {"title": "x"})
    device.push(first)
    with raises(ErrorCode.KEY_REUSE, 422):  # seq 3 again, another mutation
        device.push(first.model_copy(update={"mutation_id": uuid.uuid4()}))
    later = device.mutation("care_plan", plan["id"], "patch", {"title": "y"})
    with raises(ErrorCode.KEY_REUSE, 422):  # seq 4 with seq 3's mutation_id
        device.push(later.model_copy(update={"mutation_id": first.mutation_id}))


def test_gap_in_client_seq_is_409_with_the_expected_seq(world: World) -> None:
    device, _, plan = coach_with_member(world)
    device.next_client_seq = 5
    with pytest.raises(ApiError) as caught:
        device.push(device.mutation("care_plan", plan["id"], "patch", {"title": "x"}))
    assert (caught.value.status, caught.value.body.error, caught.value.body.expected_client_seq) == (
        409, ErrorCode.EXPECTED_CLIENT_SEQ, 3)  # fmt: skip


def test_business_rejection_is_200_and_advances_the_queue(world: World) -> None:
    device, _, plan = coach_with_member(world)
    bad = device.mutation("care_plan", plan["id"], "patch", {"review_due": "not-a-date-PHI-ish"})
    good = device.mutation("care_plan", plan["id"], "patch", {"title": "Fine"})
    response = device.push(bad, good)
    assert [r.status for r in response.results] == [ResultStatus.REJECTED, ResultStatus.APPLIED]
    assert response.results[0].reason == "invalid: review_due" and response.last_client_seq == 4


def test_create_is_idempotent_by_record_id(world: World) -> None:
    _, _, plan = coach_with_member(world)
    other = world.device("coach.a")
    assert other.create(plan).status is ResultStatus.DUPLICATE
    assert other.create({**plan, "title": "Different"}).status is ResultStatus.REJECTED
    assert count(world.engine, tables.record) == 2


# ---- merge through the service ----------------------------------------------------------------------------


def test_two_devices_editing_different_fields_both_win(world: World) -> None:
    laptop, _, plan = coach_with_member(world)
    tablet = world.device("coach.a")
    base = laptop.pull_all()[-1].record.field_ver["title"]  # type: ignore[union-attr]
    assert laptop.one("care_plan", plan["id"], "patch", {"title": ("A", base)}).status is ResultStatus.APPLIED
    assert tablet.one("care_plan", plan["id"], "patch", {"strengths": ("B", base)}).status is ResultStatus.APPLIED
    state = record_changes(tablet.pull_all())[plan["id"]].record
    assert state is not None and (state.body or {})["title"] == "A" and (state.body or {})["strengths"] == "B"


def test_same_field_gives_one_conflict_visible_to_both_and_resolve_converges(world: World) -> None:
    laptop, _, plan = coach_with_member(world)
    world.user("sup", "supervisor")
    with world.engine.begin() as conn:
        scope.set_supervisor(conn, TENANT, "coach.a", "sup")
    other = world.device("sup")  # a second user in scope of the same member
    base = laptop.pull_all()[-1].record.field_ver["title"]  # type: ignore[union-attr]
    laptop.one("care_plan", plan["id"], "patch", {"title": ("Laptop", base)})
    lost = other.one("care_plan", plan["id"], "patch", {"title": ("Supervisor", base)})
    assert lost.status is ResultStatus.CONFLICT and len(lost.conflict_ids) == 1
    conflict_id = str(lost.conflict_ids[0])
    for device in (laptop, other):
        conflicts = [c.record for c in device.pull_all() if c.record and c.record.kind == "conflict"]
        assert [str(c.id) for c in conflicts] == [conflict_id]
    resolved = other.one("conflict", conflict_id, "resolve", choice="mine")
    assert resolved.status is ResultStatus.APPLIED
    views = [record_changes(d.pull_all()) for d in (laptop, other)]
    for view in views:
        assert (view[plan["id"]].record.body or {})["title"] == "Supervisor"  # type: ignore[union-attr]
        assert (view[conflict_id].record.body or {})["status"] == "resolved"  # type: ignore[union-attr]


def test_signed_note_rejects_edits_and_accepts_addenda(world: World) -> None:
    device, member_id, _ = coach_with_member(world)
    body = note(member_id, "coach.a")
    fields = {k: v for k, v in body.items() if k not in ("id", "kind")}
    signed = device.one("session_note", body["id"], "sign", fields, content_hash=note_hash(body))
    assert signed.status is ResultStatus.APPLIED and signed.signed_at is not None
    edit = device.one("session_note", body["id"], "patch", {"narrative": "rewritten"})
    assert (edit.status, edit.reason) == (ResultStatus.REJECTED, "immutable")
    addendum = {"member_id": member_id, "note_id": body["id"], "note_content_hash": note_hash(body),
                "text": "Correction", "author_id": "coach.a", "written_at": "2026-01-06T10:00:00Z"}  # fmt: skip
    tablet = world.device("coach.a")
    results = [d.one("note_addendum", new_id(), "create", addendum).status for d in (device, tablet)]
    assert results == [ResultStatus.APPLIED, ResultStatus.APPLIED]  # concurrent addenda both survive


def test_delete_goal_then_edit_is_a_conflict_not_a_silent_drop(world: World) -> None:
    device, member_id, plan = coach_with_member(world)
    body = goal(member_id, plan["id"])
    device.create(body)
    tablet = world.device("coach.a")
    assert device.one("care_plan_goal", body["id"], "delete").status is ResultStatus.APPLIED
    late = tablet.one("care_plan_goal", body["id"], "patch", {"status": "discontinued"})
    assert late.status is ResultStatus.CONFLICT


# ---- pull -------------------------------------------------------------------------------------------------


def test_pull_sends_latest_state_once_with_tombstones_in_seq_order(world: World) -> None:
    device, member_id, plan = coach_with_member(world)
    goals = [goal(member_id, plan["id"]) for _ in range(4)]
    for body in goals:
        device.create(body)
    for title in ("one", "two", "three"):
        device.one("care_plan", plan["id"], "patch", {"title": title})
    device.one("care_plan_goal", goals[0]["id"], "delete")
    pages, changes = 0, []
    while True:
        page = device.pull(limit=2)
        pages += 1
        changes.extend(page.changes)
        if not page.has_more:
            break
    seqs = [c.seq for c in changes]
    assert seqs == sorted(set(seqs)) and pages >= 4
    records = record_changes(changes)
    assert len([c for c in changes if c.record]) == len(records) == 6  # each record once
    assert (records[plan["id"]].record.body or {})["title"] == "three"  # type: ignore[union-attr]
    tomb = records[goals[0]["id"]].record
    assert tomb is not None and tomb.deleted and tomb.body is None
    assert page.server_seq == seqs[-1] and device.pull().changes == []  # cursor is at the head


def test_cursor_errors_forged_foreign_epoch_and_horizon(world: World) -> None:
    device, _, plan = coach_with_member(world)
    device.pull_all()
    old_cursor = device.cursor
    with raises(ErrorCode.INVALID, 400):
        sync_service.pull(world.engine, world.server, device.caller, old_cursor[:-2] + "AA")  # type: ignore[index]
    world.user("coach.b")
    other = world.device("coach.b")
    with raises(ErrorCode.INVALID, 400):  # another user's cursor
        sync_service.pull(world.engine, world.server, other.caller, old_cursor)
    restored = ServerState(world.engine, world.server.token_secret, world.server.cursor_secret, str(uuid.uuid4()))
    with raises(ErrorCode.EPOCH_CHANGED, 410):
        sync_service.pull(world.engine, restored, device.caller, old_cursor)
    device.one("care_plan", plan["id"], "delete")
    with world.engine.connect() as conn:
        head = int(conn.execute(select(tables.tenant_seq.c.last_seq)).scalar_one())
    assert sync_service.purge_tombstones(world.engine, TENANT, head) == 1
    with raises(ErrorCode.RESYNC_REQUIRED, 410):
        sync_service.pull(world.engine, world.server, device.caller, old_cursor)
    with raises(ErrorCode.RESYNC_REQUIRED, 410):
        sync_service.pull(world.engine, world.server, device.caller, None)
    fresh = sync_service.snapshot(world.engine, world.server, device.caller, SnapshotRequest(device_id=device.id))
    assert sync_service.pull(world.engine, world.server, device.caller, fresh.cursor).changes == []


# ---- scope ------------------------------------------------------------------------------------------------


def test_coach_b_cannot_push_to_or_pull_coach_a_members(world: World) -> None:
    _, member_id, plan = coach_with_member(world, "coach.a")
    b, _, _ = coach_with_member(world, "coach.b")
    patch = b.one("care_plan", plan["id"], "patch", {"title": "mine now"})
    missing = b.one("care_plan", new_id(), "patch", {"title": "x"})
    assert patch.status is missing.status is ResultStatus.REJECTED
    assert patch.reason == missing.reason  # the same answer for "not yours" and "does not exist"
    assert b.create(care_plan(member_id)).reason == "not found in your scope"
    seen = {str(c.record.member_id) for c in b.pull_all() if c.record} | {str(c.member_id) for c in b.pull_all()}
    assert member_id not in seen
    snap = sync_service.snapshot(world.engine, world.server, b.caller, SnapshotRequest(device_id=b.id))
    assert member_id not in {str(r.member_id) for r in snap.records}


def test_supervisor_sees_her_team_only(world: World) -> None:
    world.user("sup", "supervisor")
    _, member_a, _ = coach_with_member(world, "coach.a")
    _, member_c, _ = coach_with_member(world, "coach.c")
    with world.engine.begin() as conn:
        scope.set_supervisor(conn, TENANT, "coach.a", "sup")
    sup = world.device("sup")
    changes = sup.pull_all()
    grants = [c for c in changes if c.scope is ScopeOp.GRANT]
    assert [str(g.member_id) for g in grants] == [member_a] and len(grants[0].records) == 2
    members = {str(ch.record.member_id) for ch in changes if ch.record}
    assert members == {member_a}
    assert member_c not in members


def test_facilitator_sees_only_her_practices_facilitation_data(world: World) -> None:
    device, member_id, _ = coach_with_member(world)
    device.create(note(member_id, "coach.a"))
    device.create(screening(member_id, "phq9"))
    world.user("fac", "facilitator")
    world.practice("P1", facilitator="fac")
    world.practice("P2")
    fac = world.device("fac")
    mine, theirs, shared = chart("P1"), chart("P2"), resource()
    assert fac.create(mine).status is ResultStatus.APPLIED
    assert fac.create(theirs).reason == "not found in your scope"
    assert fac.create(shared).status is ResultStatus.APPLIED
    assert fac.create(note(member_id, "fac")).reason == "not found in your scope"
    kinds = {(c.record.kind, str(c.record.id)) for c in fac.pull_all() if c.record}
    assert kinds == {("chart_abstraction", mine["id"]), ("community_resource", shared["id"])}
    assert shared["id"] in record_changes(device.pull_all())  # the directory is for everyone


def test_reassignment_revokes_for_a_and_grants_b_with_records_inline(world: World) -> None:
    a, member_id, plan = coach_with_member(world, "coach.a")
    world.user("coach.b")
    b = world.device("coach.b")
    a.pull_all()
    b.pull_all()
    world.assign(member_id, "coach.b")
    a_changes = a.pull_all()
    assert [(c.scope, str(c.member_id), c.records) for c in a_changes] == [(ScopeOp.REVOKE, member_id, [])]
    (grant,) = b.pull_all()
    assert grant.scope is ScopeOp.GRANT and {str(r.id) for r in grant.records} == {member_id, plan["id"]}
    b.one("care_plan", plan["id"], "patch", {"title": "B's plan"})
    assert a.pull_all() == [] and len(b.pull_all()) == 1


def test_edit_made_before_revoke_is_quarantined_after_is_rejected(world: World) -> None:
    a, member_id, plan = coach_with_member(world, "coach.a")
    page = a.pull()
    base = page.server_seq
    world.user("coach.b")
    revoke_seq = world.assign(member_id, "coach.b")
    assert revoke_seq is not None
    offline_edit = a.one("care_plan", plan["id"], "patch", {"title": "offline"}, base_row_seq=base)
    assert offline_edit.status is ResultStatus.QUARANTINED
    with world.engine.connect() as conn:
        row = conn.execute(select(tables.quarantine)).one()
    assert (row.member_id, row.device_id) == (member_id, a.id)
    late = a.one("care_plan", plan["id"], "patch", {"title": "late"}, base_row_seq=revoke_seq)
    assert (late.status, late.reason) == (ResultStatus.REJECTED, "not found in your scope")


# ---- snapshot ---------------------------------------------------------------------------------------------


def test_snapshot_is_consistent_and_the_follow_up_pull_completes_it(world: World) -> None:
    device, member_id, plan = coach_with_member(world)
    goals = [goal(member_id, plan["id"]) for _ in range(7)]
    for body in goals:
        device.create(body)
    fresh = world.device("coach.a")
    request = SnapshotRequest(device_id=fresh.id, limit=3)
    first = sync_service.snapshot(world.engine, world.server, fresh.caller, request)
    # Writes while the snapshot is being paged: an edit of an already-sent and a not-yet-sent record, a delete,
    # a create. None may be lost or sent twice within the snapshot.
    device.one("care_plan_goal", goals[0]["id"], "patch", {"target": "25"})
    device.one("care_plan_goal", goals[6]["id"], "patch", {"target": "26"})
    device.one("care_plan_goal", goals[5]["id"], "delete")
    added = goal(member_id, plan["id"])
    device.create(added)
    pages, token = [first], first.snapshot_token
    while token:
        page = sync_service.snapshot(world.engine, world.server, fresh.caller,
                                     SnapshotRequest(device_id=fresh.id, limit=3, snapshot_token=token))  # fmt: skip
        assert page.snapshot_seq == first.snapshot_seq
        pages.append(page)
        token = page.snapshot_token
    sent = [str(r.id) for p in pages for r in p.records]
    assert len(sent) == len(set(sent)) and all(r.row_seq <= first.snapshot_seq for p in pages for r in p.records)
    local = {str(r.id): r for p in pages for r in p.records}
    for change in sync_service.pull(world.engine, world.server, fresh.caller, pages[-1].cursor).changes:
        if change.record and change.record.deleted:
            local.pop(str(change.record.id), None)
        elif change.record:
            local[str(change.record.id)] = change.record
    with world.engine.connect() as conn:
        live = conn.execute(select(tables.record).where(tables.record.c.deleted.is_(False)))
        server = {r.id: r.row_seq for r in live}
    assert {k: v.row_seq for k, v in local.items()} == server
    assert (local[goals[6]["id"]].body or {})["target"] == "26" and added["id"] in local


# ---- hello, devices ---------------------------------------------------------------------------------------


def test_hello_reports_versions_lease_and_refuses_old_schema(world: World) -> None:
    device, _, _ = coach_with_member(world)
    hello = sync_service.hello(world.engine, world.server, device.caller, 1)
    assert hello.server_epoch == uuid.UUID(world.server.server_epoch) and hello.last_client_seq == 2
    assert hello.device.status == "active" and not hello.device.wipe and hello.server_seq >= 3
    lease_left = hello.device.lease_expires_at - datetime.now(UTC)
    assert timedelta(days=6, hours=23) < lease_left <= timedelta(days=7)  # SECURITY R17: 7 days by default
    with world.engine.begin() as conn:
        conn.execute(tables.server_meta.update().values(min_schema=2, max_schema=3))
    with pytest.raises(ApiError) as caught:
        sync_service.hello(world.engine, world.server, device.caller, 1)
    assert (caught.value.status, caught.value.body.min_schema) == (426, 2)


def test_retiring_device_pushes_but_does_not_pull_and_wipe_ack_revokes(world: World) -> None:
    device, _, plan = coach_with_member(world)
    with world.engine.begin() as conn:
        conn.execute(tables.device.update().where(tables.device.c.device_id == device.id).values(status="retiring"))
    assert device.one("care_plan", plan["id"], "patch", {"title": "last"}).status is ResultStatus.APPLIED
    with raises(ErrorCode.FORBIDDEN, 403):
        device.pull()
    sync_service.wipe_ack(world.engine, device.caller, WipeAck(device_id=device.id, wiped_at=world_now()))
    with raises(ErrorCode.DEVICE_REVOKED, 401):
        device.one("care_plan", plan["id"], "patch", {"title": "after wipe"})


def world_now() -> datetime:
    return datetime.now(UTC)


def test_routes_validate_headers_bodies_and_device(world: World) -> None:
    from coach_server.routes_sync import router
    from coach_server.tokens import AccessClaims, issue_access_token

    device, _, plan = coach_with_member(world)
    app = FastAPI()
    app.state.coach = make_state(world.engine)
    install_error_handlers(app)
    app.include_router(router)
    claims = AccessClaims(device.id, "coach.a", TENANT, world_now() + timedelta(minutes=5))
    auth = {"Authorization": "Bearer " + issue_access_token(world.server.token_secret, claims)}
    status, hello = asgi_call(app, "GET", "/v1/sync/hello", headers=auth)
    assert status == 200 and hello["last_client_seq"] == 2 and "schema" in hello
    batch = str(uuid.uuid4())
    body = {"device_id": device.id, "batch_id": batch, "mutations": [
        {"client_seq": 3, "mutation_id": str(uuid.uuid4()), "kind": "care_plan", "record_id": plan["id"],
         "op": "patch", "fields": {"title": {"value": "via http"}}}]}  # fmt: skip
    keyed = {**auth, "Idempotency-Key": batch}

    def push(payload: dict[str, Any], headers: dict[str, str]) -> int:
        return asgi_call(app, "POST", "/v1/sync/push", headers=headers, body=payload)[0]

    assert push(body, auth) == 422  # no Idempotency-Key
    assert push(body, {**auth, "Idempotency-Key": str(uuid.uuid4())}) == 400  # not the batch_id
    assert push({**body, "extra": 1}, keyed) == 422  # unknown field
    assert push({**body, "device_id": str(uuid.uuid4())}, keyed) == 403  # another device's body
    status, pushed = asgi_call(app, "POST", "/v1/sync/push", headers=keyed, body=body)
    assert status == 200 and pushed["results"][0]["status"] == "applied"
    status, pulled = asgi_call(app, "GET", "/v1/sync/pull", headers=auth, query={"limit": 1})
    assert status == 200 and pulled["has_more"] is True
    assert asgi_call(app, "GET", "/v1/sync/pull", headers=auth, query={"cursor": "not a cursor!"})[0] == 422
    assert asgi_call(app, "GET", "/v1/sync/pull", headers=auth, query={"cursor": "AAAA.BBBB"})[0] == 400
    assert asgi_call(app, "GET", "/v1/sync/pull")[0] == 401
    with world.engine.begin() as conn:
        conn.execute(tables.server_meta.update().values(min_schema=2, max_schema=2))
    status, refused = asgi_call(app, "GET", "/v1/sync/hello", headers={**auth, "X-Coach-Schema": "1"})
    assert (status, refused["error"], refused["min_schema"]) == (426, "upgrade_required", 2)
    ack = {"device_id": device.id, "wiped_at": world_now().isoformat()}
    assert asgi_call(app, "POST", "/v1/devices/me/wipe-ack", headers=auth, body=ack)[0] == 204


def test_batch_gate_refuses_a_concurrent_copy() -> None:
    from coach_server.routes_sync import BatchGate

    gate = BatchGate()
    with gate.hold(("dev", "batch")):
        with raises(ErrorCode.IN_PROGRESS, 409), gate.hold(("dev", "batch")):
            pass
        with gate.hold(("dev", "other")):
            pass
    with gate.hold(("dev", "batch")):  # released after the first finished
        pass


def test_server_side_writes_and_panel_changes_for_the_admin_tools(world: World) -> None:
    from coach_server.records import put_record
    from coach_server.scope import ScopeError

    world.user("sup", "supervisor")
    world.user("coach.a", supervisor="sup")
    world.user("fac", "facilitator")
    device, sup = world.device("coach.a"), world.device("sup")
    member_id = new_id()
    world.assign(member_id, "coach.a")
    with world.engine.begin() as conn:
        first = put_record(conn, TENANT, member(member_id), user_id="import")
    with world.engine.begin() as conn:
        again = put_record(conn, TENANT, {**member(member_id), "risk_tier": "low"}, user_id="import")
    assert again > first
    (grant, change) = device.pull_all()
    assert grant.scope is ScopeOp.GRANT and (change.record.body or {})["risk_tier"] == "low"  # type: ignore[union-attr]
    assert device.one("member", member_id, "patch", {"phone": ("555-0100", first)}).status is ResultStatus.APPLIED
    with pytest.raises(ScopeError), world.engine.begin() as conn:
        scope.assign_member(conn, TENANT, member_id, "fac")
    assert world.assign(member_id, "coach.a") is None  # already there: no event
    with world.engine.begin() as conn:
        revoked = scope.unassign_member(conn, TENANT, member_id)
    for viewer in (device, sup):
        assert [c.scope for c in viewer.pull_all() if c.scope][-1] is ScopeOp.REVOKE
    after = device.one("member", member_id, "patch", {"phone": "555-0101"}, base_row_seq=revoked)
    assert after.reason == "not found in your scope"
    # No base_row_seq (a create made offline, say): it cannot be shown to postdate the revoke, so it is kept.
    assert device.one("member", member_id, "patch", {"phone": "555-0102"}).status is ResultStatus.QUARANTINED


def test_transient_database_errors_are_503_with_retry_after() -> None:
    from sqlalchemy.exc import OperationalError

    from coach_server.routes_sync import transient_as_503

    with pytest.raises(ApiError) as caught, transient_as_503():
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
    assert (caught.value.status, caught.value.body.error) == (503, ErrorCode.UNAVAILABLE)
    assert caught.value.headers == {"Retry-After": "5"}
