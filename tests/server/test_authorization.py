"""T-AUTHZ-1/2/3 over real HTTP on loopback (SECURITY R11, R15, R25), on SQLite and on PostgreSQL.

One tenant per database: coach A (8 synthetic members), coach B (20), both on the supervisor's team; coach C (3
members) on nobody's team; a facilitator with one of two practices; an administrator. Everything coach A is
answered is scanned for B's and C's record ids and for the canary planted in their members' names.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from coach_desktop.domain.session_note import SessionNote
from coach_server import tables
from coach_server.deps import ServerState
from coach_server.merge import content
from coach_server.sync_service import NOT_IN_SCOPE
from coach_server.tokens import AccessClaims, issue_access_token
from tests.server.http_world import (
    CANARY_B,
    CANARY_C,
    PRACTICE_SEEN,
    TIMEOUT,
    Client,
    Panel,
    database,
    extra_coach,
    fast_password_hashing,
    leaked,
    live_records,
    register_client,
    seed_directory,
    seed_panel,
    seed_practices,
    server_rows,
    visible_keys,
)
from tests.server.live import Account, LiveServer, Provisioned, provision, register_device

TENANT = "default"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
FACILITATOR_NEVER = {"member", "session_note", "note_addendum", "screening"}
N_TARGET_RECORDS = 200  # of B's record ids, on top of all of B's member ids (T-AUTHZ-1: ≥ 200)


@dataclass
class World:
    live: LiveServer
    accounts: Provisioned
    a: Panel
    b: Panel
    c: Panel
    directory: set[tuple[str, str]]
    practices: dict[str, set[tuple[str, str]]]
    b_conflicts: list[str]
    clients: dict[str, Client] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.live.base_url

    @property
    def engine(self) -> Any:
        return self.live.engine

    def client(self, name: str) -> Client:
        if name not in self.clients:
            self.clients[name] = Client(self.base, self.accounts[name])
        return self.clients[name]

    @property
    def foreign_to_a(self) -> set[str]:
        """Ids coach A must never be shown: B's and C's records (members included), and B's conflicts."""
        return self.b.ids | self.c.ids | set(self.b_conflicts)

    def scope_of(self, *panels: Panel) -> set[tuple[str, str]]:
        members = {m for p in panels for m in p.member_ids}
        return {key for key, (member_id, _) in live_records(self.engine, TENANT).items() if member_id in members}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp: Path = tmp_path_factory.mktemp(f"authz-{request.param}")
    with fast_password_hashing(), database(request.param, tmp) as url:
        live = LiveServer(url, requests_per_minute=100_000)  # rate limits have their own tests
        with live as base:
            accounts = provision(live.engine, base)
            coach_c = extra_coach(live.engine, TENANT, "coach.c")
            a = seed_panel(live.engine, TENANT, accounts["coach_a"].user_id, 8, seed=101, canary="ZZCANARY-A")
            b = seed_panel(live.engine, TENANT, accounts["coach_b"].user_id, 20, seed=202, canary=CANARY_B)
            c = seed_panel(live.engine, TENANT, coach_c, 3, seed=303, canary=CANARY_C)
            directory = seed_directory(live.engine, TENANT)
            practices = seed_practices(live.engine, TENANT, accounts["facilitator"].user_id)
            w = World(live, accounts, a, b, c, directory, practices, b_conflicts=[])
            w.b_conflicts = _make_b_conflicts(w)
            yield w
            for client in w.clients.values():
                client.session.close()


def _make_b_conflicts(w: World) -> list[str]:
    """Coach B's device edits five care plans from a stale base: five open conflicts in B's scope."""
    b = w.client("coach_b")
    b.sync_client_seq()
    plans = w.b.of_kind("care_plan")[:5]
    results = b.push_ok([b.mutation("care_plan", p["id"], "patch", {"title": ("B's stale edit", 0)}) for p in plans])
    ids = [cid for r in results for cid in r["conflict_ids"]]
    assert len(ids) == 5 and {r["status"] for r in results} == {"conflict"}
    return ids


# ---- T-AUTHZ-1: every operation, coach A's token, coach B's ids ----------------------------------------------


@dataclass
class Call:
    label: str
    response: requests.Response
    expected: set[int]


Sweep = Callable[[World, Client], list[Call]]


def _expect(label: str, response: requests.Response, *statuses: int) -> Call:
    return Call(label, response, set(statuses))


def _b_device(w: World) -> str:
    return str(w.accounts["coach_b"].tokens.device_id)  # type: ignore[union-attr]


def sweep_healthz(w: World, a: Client) -> list[Call]:
    return [_expect("healthz", a.request("GET", "/healthz"), 200),
            _expect("healthz ?member_id", a.request("GET", "/healthz", params={"member_id": w.b.member_ids[0]}), 422)]


def sweep_register(w: World, a: Client) -> list[Call]:
    """A's own enrolment code cannot enrol a device for B (codes are bound to their user)."""
    with w.engine.begin() as conn:
        from coach_server import identity

        code = identity.issue_enrolment_code(conn, w.accounts["coach_a"].username).code
    before = _device_count(w, w.accounts["coach_b"].user_id)
    body = {"username": w.accounts["coach_b"].username, "password": w.accounts["coach_b"].password,
            "enrolment_code": code, "device_name": "hostile"}  # fmt: skip
    extra = {**body, "member_id": w.b.member_ids[0]}
    calls = [_expect("register B with A's code", a.request("POST", "/v1/devices/register", json=body), 401),
             _expect("register + member_id", a.request("POST", "/v1/devices/register", json=extra), 422)]
    assert _device_count(w, w.accounts["coach_b"].user_id) == before
    return calls


def sweep_refresh(w: World, a: Client) -> list[Call]:
    a_refresh = w.accounts["coach_a"].tokens.refresh_token  # type: ignore[union-attr]
    body = {"device_id": _b_device(w), "refresh_token": a_refresh}
    return [_expect("refresh B's device with A's token", a.request("POST", "/v1/auth/refresh", json=body), 401)]


def sweep_me(w: World, a: Client) -> list[Call]:
    me = a.request("GET", "/v1/devices/me")
    assert me.status_code == 200 and me.json()["device_id"] == a.device_id
    return [_expect("me", me, 200),
            _expect("me ?device_id=B", a.request("GET", "/v1/devices/me", params={"device_id": _b_device(w)}), 422)]


def sweep_revoke(w: World, a: Client) -> list[Call]:
    body = {"mode": "revoke", "wipe": True, "reason": "lost"}
    calls = [_expect("coach revokes B's device", a.request("POST", f"/v1/admin/devices/{_b_device(w)}/revoke",
                                                           json=body), 403),
             _expect("coach revokes own device", a.request("POST", f"/v1/admin/devices/{a.device_id}/revoke",
                                                           json=body), 403)]  # fmt: skip
    assert _device_status(w, _b_device(w)) == ("active", False)
    assert _device_status(w, a.device_id) == ("active", False)
    return calls


def sweep_hello(w: World, a: Client) -> list[Call]:
    return [_expect("hello", a.request("GET", "/v1/sync/hello"), 200),
            _expect("hello ?member_id", a.request("GET", "/v1/sync/hello",
                                                  params={"member_id": w.b.member_ids[0]}), 422)]  # fmt: skip


def sweep_pull(w: World, a: Client) -> list[Call]:
    b = w.client("coach_b")
    b_cursor = b.pull(limit=1).json()["next_cursor"]
    a.cursor = None
    changes = a.pull_all(limit=97)  # several pages
    assert visible_keys(changes) == w.scope_of(w.a) | w.directory, "A's pull is not exactly A's scope"
    calls = [_expect("pull with B's cursor", a.request("GET", "/v1/sync/pull", params={"cursor": b_cursor}), 400)]
    for name in ("member_id", "coach_id", "user_id", "kind"):
        value = w.b.member_ids[0] if name != "user_id" else w.accounts["coach_b"].user_id
        calls.append(_expect(f"pull ?{name}", a.request("GET", "/v1/sync/pull", params={name: value}), 422))
    return calls


def sweep_snapshot(w: World, a: Client) -> list[Call]:
    b = w.client("coach_b")
    b_page = b.request("POST", "/v1/sync/snapshot", json={"device_id": b.device_id, "limit": 1}).json()
    assert b_page["has_more"] and b_page["snapshot_token"]
    states = a.snapshot_all(limit=89)
    keys = {(s["kind"], s["id"]) for s in states}
    assert keys == w.scope_of(w.a) | w.directory, "A's snapshot is not exactly A's scope"
    body = {"device_id": a.device_id, "limit": 10}
    return [
        _expect("snapshot with B's token", a.request("POST", "/v1/sync/snapshot",
                                                     json={**body, "snapshot_token": b_page["snapshot_token"]}), 400),
        _expect("snapshot as B's device", a.request("POST", "/v1/sync/snapshot",
                                                    json={**body, "device_id": _b_device(w)}), 403),
        _expect("snapshot + member_id", a.request("POST", "/v1/sync/snapshot",
                                                  json={**body, "member_id": w.b.member_ids[0]}), 422),
    ]  # fmt: skip


def sweep_wipe_ack(w: World, a: Client) -> list[Call]:
    now = datetime.now(UTC).isoformat()
    calls = [_expect("wipe-ack for B's device", a.request("POST", "/v1/devices/me/wipe-ack",
                                                          json={"device_id": _b_device(w), "wiped_at": now}), 403),
             _expect("wipe-ack + member_id", a.request("POST", "/v1/devices/me/wipe-ack",
                                                       json={"device_id": a.device_id, "wiped_at": now,
                                                             "member_id": w.b.member_ids[0]}), 422)]  # fmt: skip
    with w.engine.connect() as conn:
        wiped = conn.execute(select(tables.device.c.wiped_at)
                             .where(tables.device.c.device_id == _b_device(w))).scalar()  # fmt: skip
    assert wiped is None
    return calls


def sweep_push(w: World, a: Client) -> list[Call]:
    """≥ 220 of B's ids × patch/delete/create/sign/addendum/resolve, with random-id controls for each."""
    before = server_rows(w.engine, TENANT, w.b.member_ids)
    total_before = _record_count(w)
    a.sync_client_seq()
    mutations, groups = _hostile_mutations(w, a)
    assert len({m["record_id"] for m in mutations} & w.foreign_to_a) >= N_TARGET_RECORDS + len(w.b.member_ids)
    results = a.push_ok(mutations)
    by_seq = {r["client_seq"]: r for r in results}
    statuses = {r["status"] for r in results}
    assert statuses == {"rejected"}, f"a hostile mutation was not rejected: {statuses}"
    for name, (hostile, control) in groups.items():  # the same answer for "B's" and "nobody's": no oracle
        hostile_reasons = {by_seq[s]["reason"] for s in hostile}
        control_reasons = {by_seq[s]["reason"] for s in control}
        assert hostile_reasons == control_reasons and len(hostile_reasons) == 1, (name, hostile_reasons,
                                                                                  control_reasons)  # fmt: skip
    assert server_rows(w.engine, TENANT, w.b.member_ids) == before, "B's rows changed"
    assert _record_count(w) == total_before, "a hostile create was stored"
    with w.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables.quarantine)).scalar_one() == 0
    body = a.push_body([a.mutation("member", w.b.member_ids[0], "patch", {"given_name": "x"})])
    a.next_client_seq -= 1
    return [
        _expect("push as B's device", a.push([], body={**body, "device_id": _b_device(w)}), 403),
        _expect("push + member_id", a.push([], body={**body, "member_id": w.b.member_ids[0]}), 422),
        _expect("push ?member_id", a.request("POST", "/v1/sync/push", json=body, params={"member_id": "x"},
                                             headers={"Idempotency-Key": body["batch_id"]}), 422),
    ]


SWEEP: dict[tuple[str, str], Sweep] = {
    ("GET", "/healthz"): sweep_healthz,
    ("POST", "/v1/devices/register"): sweep_register,
    ("POST", "/v1/auth/refresh"): sweep_refresh,
    ("GET", "/v1/devices/me"): sweep_me,
    ("POST", "/v1/admin/devices/{device_id}/revoke"): sweep_revoke,
    ("GET", "/v1/sync/hello"): sweep_hello,
    ("POST", "/v1/sync/push"): sweep_push,
    ("GET", "/v1/sync/pull"): sweep_pull,
    ("POST", "/v1/sync/snapshot"): sweep_snapshot,
    ("POST", "/v1/devices/me/wipe-ack"): sweep_wipe_ack,
}


def _hostile_mutations(w: World, a: Client) -> tuple[list[dict[str, Any]], dict[str, tuple[list[int], list[int]]]]:
    """Mutations aimed at B's members and records, plus the same aimed at random ids (the controls).

    groups: name → (client_seqs aimed at B, client_seqs of the controls); both must get one identical reason.
    Mutations reusing one of B's record ids for a record of A's member are in no group: a UUID collision is
    refused (not found in your scope) while a fresh id would be created, but knowing the id is the secret.
    """
    mutations: list[dict[str, Any]] = []
    groups: dict[str, tuple[list[int], list[int]]] = {}
    a_member = w.a.member_ids[0]
    author = w.accounts["coach_a"].user_id

    def add(group: str | None, control: bool, m: dict[str, Any]) -> None:
        mutations.append(m)
        if group is not None:
            groups.setdefault(group, ([], []))[1 if control else 0].append(m["client_seq"])

    def note_sign(member_id: str) -> dict[str, Any]:
        body = {"member_id": member_id, "author_id": author, "started_at": "2026-01-05T10:00:00Z",
                "mode": "in_person", "minutes": 30, "narrative": "hostile"}  # fmt: skip
        note_id = str(uuid.uuid4())
        digest = SessionNote.model_validate({**body, "id": note_id}).compute_content_hash()
        return a.mutation("session_note", note_id, "sign", body, content_hash=digest)

    plans_by_member = {p["member_id"]: p["id"] for p in w.b.of_kind("care_plan")}
    for member_id in [*w.b.member_ids, *w.c.member_ids, *(str(uuid.uuid4()) for _ in range(5))]:
        control = member_id not in w.b.ids and member_id not in w.c.ids
        add("patch member", control, a.mutation("member", member_id, "patch", {"given_name": ("Mallory", 1)}))
        add("delete member", control, a.mutation("member", member_id, "delete", base_row_seq=0))
        add("create care_plan", control, a.mutation("care_plan", str(uuid.uuid4()), "create",
                                                    {"member_id": member_id, "title": "Hostile plan"}))
        add("create goal", control, a.mutation("care_plan_goal", str(uuid.uuid4()), "create", {
            "member_id": member_id, "care_plan_id": plans_by_member.get(member_id, str(uuid.uuid4())),
            "description": "d", "measure": "m", "target": "t", "target_date": "2027-01-01"}))  # fmt: skip
        add("create BH screening", control, a.mutation("screening", str(uuid.uuid4()), "create", {
            "member_id": member_id, "instrument": "phq9", "administered_at": "2026-01-05T10:00:00Z"}))  # fmt: skip
        add("create draft note", control, a.mutation("session_note", str(uuid.uuid4()), "create", {
            "member_id": member_id, "author_id": author, "started_at": "2026-01-05T10:00:00Z",
            "mode": "in_person", "minutes": 30}))  # fmt: skip
        add("sign new note", control, note_sign(member_id))
    targets = _spread([(k, i) for (k, i) in w.b.records if k != "member"], N_TARGET_RECORDS)
    controls: dict[str, int] = {}
    for kind, record_id in targets:
        body = w.b.records[(kind, record_id)]
        editable = sorted(k for k in content(kind, body) if k not in ("id", "kind", "member_id", "practice_id"))
        controls[kind] = controls.get(kind, 0) + 1
        pairs = [(record_id, False)] + ([(str(uuid.uuid4()), True)] if controls[kind] <= 3 else [])
        for target, control in pairs:  # B's record, and (three per kind) a random id of the same kind
            add(f"patch {kind}", control, a.mutation(kind, target, "patch", {editable[0]: ("hostile", 1)}))
            add(f"delete {kind}", control, a.mutation(kind, target, "delete", base_row_seq=10**6))
        add(None, False, a.mutation(kind, record_id, "create", {**{k: v for k, v in body.items()
                                                                   if k not in ("id", "kind")},
                                                                "member_id": a_member}))  # fmt: skip
    for note in w.b.of_kind("session_note")[:40]:
        if note["status"] != "signed":
            continue
        add(None, False, a.mutation("session_note", note["id"], "sign",
                                    {"member_id": a_member, "author_id": author}, content_hash=note["content_hash"]))
        for note_id, control in ((note["id"], False), (str(uuid.uuid4()), True)):
            add("addendum to B's signed note", control, a.mutation("note_addendum", str(uuid.uuid4()), "create", {
                "member_id": a_member, "note_id": note_id, "note_content_hash": note["content_hash"],
                "text": "Correction", "author_id": author, "written_at": "2026-01-06T10:00:00Z"}))  # fmt: skip
    for conflict_id, control in [*((c, False) for c in w.b_conflicts), *((str(uuid.uuid4()), True) for _ in range(3))]:
        for choice in ("mine", "theirs", "edit"):
            add(f"resolve {choice}", control, a.mutation("conflict", conflict_id, "resolve",
                                                         {"value": "hostile"} if choice == "edit" else {},
                                                         choice=choice))  # fmt: skip
    return mutations, groups


def _spread(keys: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    """``n`` keys taken round-robin across kinds (deterministic)."""
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(keys):
        by_kind.setdefault(key[0], []).append(key)
    out: list[tuple[str, str]] = []
    while len(out) < n and any(by_kind.values()):
        for kind in sorted(by_kind):
            if by_kind[kind] and len(out) < n:
                out.append(by_kind[kind].pop(0))
    assert len(out) == n
    return out


def _record_count(w: World) -> int:
    with w.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.record)).scalar_one())


def _device_count(w: World, user_id: str) -> int:
    with w.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.device)
                                .where(tables.device.c.user_id == user_id)).scalar_one())  # fmt: skip


def _device_status(w: World, device_id: str) -> tuple[str, bool]:
    with w.engine.connect() as conn:
        row = conn.execute(select(tables.device.c.status, tables.device.c.wipe_requested)
                           .where(tables.device.c.device_id == device_id)).one()  # fmt: skip
    return str(row.status), bool(row.wipe_requested)


def test_every_openapi_operation_refuses_coach_b_data(world: World) -> None:
    schema = requests.get(world.base + "/openapi.json", timeout=TIMEOUT).json()
    operations = {(method.upper(), path) for path, item in schema["paths"].items() for method in item
                  if method in HTTP_METHODS}  # fmt: skip
    assert operations == set(SWEEP), f"operations not covered: {sorted(operations - set(SWEEP))}; " \
                                     f"stale: {sorted(set(SWEEP) - operations)}"  # fmt: skip
    a = Client(world.base, world.accounts["coach_a"])
    calls = [call for operation in sorted(operations) for call in SWEEP[operation](world, a)]
    wrong = [(c.label, c.response.status_code, c.response.text[:200]) for c in calls
             if c.response.status_code not in c.expected]  # fmt: skip
    assert not wrong, wrong
    for call in calls:
        if call.response.status_code >= 400:
            assert "error" in call.response.json(), (call.label, call.response.text)  # always the ErrorBody
    leaks = [(r.request.method, r.request.path_url[:60], found) for r in a.responses
             if (found := leaked(r.text, world.foreign_to_a, [CANARY_B, CANARY_C]))]  # fmt: skip
    assert not leaks, leaks
    assert len(a.responses) >= 2 * len(operations)


# ---- exactly the caller's scope, per role -----------------------------------------------------------------


def _pulled(client: Client) -> tuple[set[tuple[str, str]], list[dict[str, Any]]]:
    client.cursor = None
    changes = client.pull_all(limit=500)
    return visible_keys(changes), changes


def _snapshotted(client: Client) -> set[tuple[str, str]]:
    return {(s["kind"], s["id"]) for s in client.snapshot_all(limit=500)}


def test_each_role_pulls_and_snapshots_exactly_its_scope(world: World) -> None:
    w = world
    expected = {
        "coach_a": w.scope_of(w.a) | w.directory,
        "coach_b": w.scope_of(w.b) | w.directory,
        "supervisor": w.scope_of(w.a, w.b) | w.directory,  # her team: A and B, never C
        "facilitator": w.practices[PRACTICE_SEEN] | w.directory,
        "admin": w.directory,  # no PHI through sync
    }
    for name, keys in expected.items():
        client = Client(w.base, w.accounts[name])
        pulled, changes = _pulled(client)
        assert pulled == keys, name
        assert _snapshotted(client) == keys, name
        if name == "supervisor":
            assert not leaked(json.dumps(changes), w.c.ids, [CANARY_C])
        if name == "facilitator":
            kinds = {c["record"]["kind"] for c in changes if c.get("record")}
            kinds |= {s["kind"] for c in changes for s in c.get("records", [])}
            assert not kinds & FACILITATOR_NEVER and not any(c.get("member_id") for c in changes)
            assert not leaked(json.dumps(changes), w.a.ids | w.b.ids | w.c.ids, [CANARY_B, CANARY_C])
        client.session.close()


def test_facilitator_cannot_write_member_data(world: World) -> None:
    w = world
    f = Client(w.base, w.accounts["facilitator"])
    f.sync_client_seq()
    screening = w.b.of_kind("screening")[0]
    note = next(n for n in w.b.of_kind("session_note") if n["status"] == "signed")
    results = f.push_ok([
        f.mutation("screening", screening["id"], "patch", {"notes": ("x", 1)}),
        f.mutation("screening", str(uuid.uuid4()), "create", {"member_id": screening["member_id"],
                                                              "instrument": "phq9",
                                                              "administered_at": "2026-01-05T10:00:00Z"}),
        f.mutation("note_addendum", str(uuid.uuid4()), "create", {
            "member_id": note["member_id"], "note_id": note["id"], "note_content_hash": note["content_hash"],
            "text": "x", "author_id": w.accounts["facilitator"].user_id, "written_at": "2026-01-06T10:00:00Z"}),
    ])  # fmt: skip
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert {r["reason"] for r in results} == {NOT_IN_SCOPE}
    f.session.close()


# ---- T-AUTHZ-2: tokens are bound to their device ------------------------------------------------------------


def test_a_token_only_speaks_for_its_own_device(world: World) -> None:
    w = world
    a = Client(w.base, w.accounts["coach_a"])
    a2 = register_client(w.live, w.accounts["coach_a"], "coach A's second laptop")
    now = datetime.now(UTC).isoformat()
    for other in (a2.device_id, _b_device(w)):
        a.sync_client_seq()
        body = a.push_body([a.mutation("care_plan", str(uuid.uuid4()), "create",
                                       {"member_id": w.a.member_ids[0], "title": "x"})])  # fmt: skip
        assert a.push([], body={**body, "device_id": other}).status_code == 403
        snap = a.request("POST", "/v1/sync/snapshot", json={"device_id": other})
        ack = a.request("POST", "/v1/devices/me/wipe-ack", json={"device_id": other, "wiped_at": now})
        assert (snap.status_code, ack.status_code) == (403, 403)
        assert snap.json()["error"] == ack.json()["error"] == "forbidden"
    assert a.sync_client_seq() == a.next_client_seq  # nothing of those pushes was applied
    # Refresh: the second device's token works for it, never for the first device (and vice versa).
    a_refresh = w.accounts["coach_a"].tokens.refresh_token  # type: ignore[union-attr]
    cross = requests.post(w.base + "/v1/auth/refresh", timeout=TIMEOUT,
                          json={"device_id": a.device_id, "refresh_token": a2.refresh_token})  # type: ignore[attr-defined]
    assert cross.status_code == 401 and "wipe" not in cross.json()
    cross = requests.post(w.base + "/v1/auth/refresh", timeout=TIMEOUT,
                          json={"device_id": a2.device_id, "refresh_token": a_refresh})
    assert cross.status_code == 401
    own = requests.post(w.base + "/v1/auth/refresh", timeout=TIMEOUT,
                        json={"device_id": a2.device_id, "refresh_token": a2.refresh_token})  # type: ignore[attr-defined]
    assert own.status_code == 200
    renewed = own.json()["access_token"]
    me = requests.get(w.base + "/v1/devices/me", headers={"Authorization": f"Bearer {renewed}"}, timeout=TIMEOUT)
    assert me.status_code == 200 and me.json()["device_id"] == a2.device_id


def _server_state(w: World) -> ServerState:
    from coach_server.app import load_or_init_meta

    return load_or_init_meta(w.engine)


def test_expired_and_forged_tokens_are_a_plain_401_without_wipe(world: World) -> None:
    w = world
    account = w.accounts["coach_a"]
    device = str(account.tokens.device_id)  # type: ignore[union-attr]
    secret = _server_state(w).token_secret
    expired = issue_access_token(secret, AccessClaims(device, account.user_id, TENANT,
                                                      datetime.now(UTC) - timedelta(seconds=1)))  # fmt: skip
    forged = issue_access_token(b"not the server's secret" * 2, AccessClaims(device, account.user_id, TENANT,
                                                                              datetime.now(UTC) + timedelta(hours=1)))
    other_user = issue_access_token(secret, AccessClaims(device, w.accounts["coach_b"].user_id, TENANT,
                                                         datetime.now(UTC) + timedelta(minutes=5)))  # fmt: skip
    payload, signature = account.tokens.access_token.split(".")  # type: ignore[union-attr]
    tampered = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
    for label, token in (("expired", expired), ("forged", forged), ("wrong user", other_user),
                         ("tampered", tampered), ("empty", ""), ("garbage", "x.y.z")):  # fmt: skip
        for method, path in (("GET", "/v1/sync/hello"), ("GET", "/v1/sync/pull"), ("GET", "/v1/devices/me")):
            response = requests.request(method, w.base + path, headers={"Authorization": f"Bearer {token}"},
                                        timeout=TIMEOUT)  # fmt: skip
            assert response.status_code == 401, (label, path, response.text)
            assert response.json()["error"] == "unauthorized" and "wipe" not in response.json(), (label, path)
    assert _device_status(w, device) == ("active", False)  # a bad token never touches the device


# ---- T-AUTHZ-3: revocation applies to the next request -------------------------------------------------------


def test_revoked_device_gets_device_revoked_with_wipe_at_its_next_request(world: World) -> None:
    w = world
    victim = register_client(w.live, w.accounts["coach_a"], "lost laptop")
    admin = Client(w.base, w.accounts["admin"])
    page = victim.pull(limit=5)
    assert page.status_code == 200 and page.json()["has_more"]  # mid-sync: more pages to fetch
    victim.cursor = page.json()["next_cursor"]
    revoked = admin.request("POST", f"/v1/admin/devices/{victim.device_id}/revoke",
                            json={"mode": "revoke", "wipe": True, "reason": "lost"})  # fmt: skip
    acknowledged = time.monotonic()
    assert revoked.status_code == 200 and revoked.json() == {"device_id": victim.device_id, "status": "revoked",
                                                             "wipe": True}  # fmt: skip
    next_page = victim.pull(limit=5)
    delay = time.monotonic() - acknowledged
    assert next_page.status_code == 401 and next_page.json()["error"] == "device_revoked"
    assert next_page.json()["wipe"] is True
    assert delay < 5.0, f"revocation took {delay:.3f} s to apply"
    print(f"revocation → next request refused in {delay * 1000:.1f} ms")
    for method, path, body in (("GET", "/v1/sync/hello", None), ("GET", "/v1/devices/me", None),
                               ("POST", "/v1/sync/snapshot", {"device_id": victim.device_id}),
                               ("POST", "/v1/sync/push", victim.push_body([victim.mutation(
                                   "care_plan", str(uuid.uuid4()), "create",
                                   {"member_id": w.a.member_ids[0], "title": "x"})]))):  # fmt: skip
        headers = {"Idempotency-Key": body["batch_id"]} if body and "batch_id" in body else {}
        response = victim.request(method, path, json=body, headers=headers)
        assert response.status_code == 401 and response.json() == {"error": "device_revoked",
                                                                    "detail": "this device was revoked",
                                                                    "wipe": True}, (path, response.text)  # fmt: skip
    refresh = requests.post(w.base + "/v1/auth/refresh", timeout=TIMEOUT, json={
        "device_id": victim.device_id, "refresh_token": victim.refresh_token})  # type: ignore[attr-defined]
    assert refresh.status_code == 401 and refresh.json()["error"] == "device_revoked"
    ack = victim.request("POST", "/v1/devices/me/wipe-ack",
                         json={"device_id": victim.device_id, "wiped_at": datetime.now(UTC).isoformat()})
    assert ack.status_code == 204  # a revoked device may still say it has wiped itself


def test_revoke_without_wipe_is_reported_the_same_everywhere(world: World) -> None:
    w = world
    device = register_client(w.live, w.accounts["coach_b"], "returned laptop")
    admin = Client(w.base, w.accounts["admin"])
    done = admin.request("POST", f"/v1/admin/devices/{device.device_id}/revoke",
                         json={"mode": "revoke", "wipe": False, "reason": "returned"})  # fmt: skip
    assert done.status_code == 200 and done.json()["wipe"] is False
    for method, path in (("GET", "/v1/devices/me"), ("GET", "/v1/sync/hello"), ("GET", "/v1/sync/pull")):
        response = device.request(method, path)
        assert response.status_code == 401 and response.json()["error"] == "device_revoked"
        assert response.json()["wipe"] is False, path  # require_device used to say wipe=true regardless


def test_another_tenants_admin_cannot_see_or_revoke_our_devices(world: World) -> None:
    w = world
    from coach_server import identity

    with w.engine.begin() as conn:
        identity.ensure_tenant(conn, "other-org")
        user = identity.create_user(conn, tenant_id="other-org", username="ad.min.other", role="admin",
                                    password="loopback test password 1")  # fmt: skip
    other = Account("ad.min.other", "admin", user.user_id)
    other.tokens = register_device(w.engine, w.base, other)
    target = str(w.accounts["coach_a"].tokens.device_id)  # type: ignore[union-attr]
    response = requests.post(f"{w.base}/v1/admin/devices/{target}/revoke", headers=other.auth, timeout=TIMEOUT,
                             json={"mode": "revoke", "wipe": True})  # fmt: skip
    missing = requests.post(f"{w.base}/v1/admin/devices/{uuid.uuid4()}/revoke", headers=other.auth,
                            timeout=TIMEOUT, json={"mode": "revoke", "wipe": True})  # fmt: skip
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()  # "not yours" reads exactly like "does not exist"
    assert _device_status(w, target) == ("active", False)
    pulled = Client(w.base, other)
    assert pulled.pull_all() == [] and pulled.snapshot_all() == []  # nothing of tenant "default"
