"""A small in-process world for sync tests: tenant, users, devices (rows inserted directly) and record bodies."""

from __future__ import annotations

import asyncio
import json
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Engine, insert, select

from coach_desktop.domain.session_note import SessionNote
from coach_desktop.sync.protocol import (
    Change,
    FieldChange,
    Mutation,
    MutationOp,
    MutationResult,
    PullResponse,
    PushRequest,
    PushResponse,
)
from coach_server import scope, sync_service, tables
from coach_server.deps import Caller, ServerState
from coach_server.sequence import ensure_tenant

TENANT = "t1"
NOW = datetime.now(UTC)


def make_state(engine: Engine, epoch: str | None = None) -> ServerState:
    """server_meta row (created once) → the ServerState the app would build."""
    m = tables.server_meta
    with engine.begin() as conn:
        row = conn.execute(select(m).where(m.c.id == 1)).first()
        if row is None:
            conn.execute(insert(m).values(id=1, server_epoch=str(uuid.uuid4()), tombstone_horizon_seq=0,
                                          cursor_secret=secrets.token_hex(32), token_secret=secrets.token_hex(32),
                                          min_schema=1, max_schema=1))  # fmt: skip
            row = conn.execute(select(m).where(m.c.id == 1)).one()
    return ServerState(engine, bytes.fromhex(row.token_secret), bytes.fromhex(row.cursor_secret),
                       epoch or row.server_epoch)  # fmt: skip


class World:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.server = make_state(engine)
        with engine.begin() as conn:
            ensure_tenant(conn, TENANT, "Test tenant")

    def user(self, user_id: str, role: str = "coach", supervisor: str | None = None) -> str:
        with self.engine.begin() as conn:
            conn.execute(insert(tables.users).values(
                id=user_id, tenant_id=TENANT, username=user_id, display_name=user_id, role=role,
                supervisor_id=supervisor, password_hash="x", created_at=NOW))  # fmt: skip
        return user_id

    def device(self, user_id: str, status: str = "active") -> Device:
        device_id = str(uuid.uuid4())
        role = self.role_of(user_id)
        with self.engine.begin() as conn:
            conn.execute(insert(tables.device).values(
                device_id=device_id, tenant_id=TENANT, user_id=user_id, name="laptop", status=status,
                registered_at=NOW, lease_expires_at=NOW + timedelta(days=14), last_client_seq=0))  # fmt: skip
        return Device(self, Caller(device_id, user_id, TENANT, role, status))

    def role_of(self, user_id: str) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(select(tables.users.c.role).where(tables.users.c.id == user_id)).scalar_one())

    def assign(self, member_id: str, coach_id: str) -> int | None:
        with self.engine.begin() as conn:
            return scope.assign_member(conn, TENANT, member_id, coach_id)

    def practice(self, practice_id: str, facilitator: str | None = None) -> str:
        with self.engine.begin() as conn:
            conn.execute(insert(tables.practice).values(id=practice_id, tenant_id=TENANT, name=practice_id))
            if facilitator:
                conn.execute(insert(tables.facilitator_practice).values(user_id=facilitator, practice_id=practice_id))
        return practice_id


class Device:
    """One registered installation with its own client_seq counter and pull cursor."""

    def __init__(self, world: World, caller: Caller) -> None:
        self.world = world
        self.caller = caller
        self.next_client_seq = 1
        self.cursor: str | None = None

    @property
    def id(self) -> str:
        return self.caller.device_id

    def mutation(self, kind: str, record_id: str, op: str, fields: dict[str, Any] | None = None,
                 **extra: Any) -> Mutation:  # fmt: skip
        """fields: name → value, or name → (value, base_ver)."""
        changes = {k: FieldChange(value=v[0], base_ver=v[1]) if isinstance(v, tuple) else FieldChange(value=v)
                   for k, v in (fields or {}).items()}  # fmt: skip
        m = Mutation(client_seq=self.next_client_seq, mutation_id=uuid.uuid4(), kind=kind,
                     record_id=uuid.UUID(record_id), op=MutationOp(op), fields=changes, **extra)  # fmt: skip
        self.next_client_seq += 1
        return m

    def push(self, *mutations: Mutation, batch_id: uuid.UUID | None = None) -> PushResponse:
        request = PushRequest(device_id=uuid.UUID(self.id), batch_id=batch_id or uuid.uuid4(),
                              mutations=list(mutations))  # fmt: skip
        return sync_service.push(self.world.engine, self.world.server, self.caller, request)

    def one(self, kind: str, record_id: str, op: str, fields: dict[str, Any] | None = None,
            **extra: Any) -> MutationResult:  # fmt: skip
        return self.push(self.mutation(kind, record_id, op, fields, **extra)).results[0]

    def create(self, body: dict[str, Any], **extra: Any) -> MutationResult:
        fields = {k: v for k, v in body.items() if k not in ("id", "kind")}
        return self.one(body["kind"], body["id"], "create", fields, **extra)

    def pull(self, limit: int = 500) -> PullResponse:
        page = sync_service.pull(self.world.engine, self.world.server, self.caller, self.cursor, limit)
        self.cursor = page.next_cursor
        return page

    def pull_all(self, limit: int = 500) -> list[Change]:
        changes: list[Change] = []
        for _ in range(1000):
            page = self.pull(limit)
            changes.extend(page.changes)
            if not page.has_more:
                return changes
        raise AssertionError("pull never finished")


# ---- record bodies ----------------------------------------------------------------------------------------


def new_id() -> str:
    return str(uuid.uuid4())


def member(member_id: str) -> dict[str, Any]:
    return {"id": member_id, "kind": "member", "member_id": member_id, "medicaid_id": "MCD12345",
            "given_name": "Ana", "family_name": "Diaz", "date_of_birth": "1970-01-01", "sex": "female",
            "risk_tier": "high"}  # fmt: skip


def care_plan(member_id: str, plan_id: str | None = None) -> dict[str, Any]:
    return {"id": plan_id or new_id(), "kind": "care_plan", "member_id": member_id, "title": "Care plan"}


def goal(member_id: str, plan_id: str, goal_id: str | None = None) -> dict[str, Any]:
    return {"id": goal_id or new_id(), "kind": "care_plan_goal", "member_id": member_id, "care_plan_id": plan_id,
            "description": "Walk daily", "measure": "minutes", "target": "20", "target_date": "2027-06-01"}  # fmt: skip


def note(member_id: str, author: str, note_id: str | None = None) -> dict[str, Any]:
    return {"id": note_id or new_id(), "kind": "session_note", "member_id": member_id, "author_id": author,
            "started_at": "2026-01-05T10:00:00Z", "mode": "in_person", "minutes": 30,
            "narrative": "Talked about walking."}  # fmt: skip


def note_hash(body: dict[str, Any]) -> str:
    return SessionNote.model_validate(body).compute_content_hash()


def screening(member_id: str, instrument: str = "phq9") -> dict[str, Any]:
    return {"id": new_id(), "kind": "screening", "member_id": member_id, "instrument": instrument,
            "administered_at": "2026-01-05T10:00:00Z"}  # fmt: skip


def chart(practice_id: str) -> dict[str, Any]:
    return {"id": new_id(), "kind": "chart_abstraction", "practice_id": practice_id, "measure_id": "CMS122",
            "measurement_year": 2025, "chart_ref": "C-1", "abstracted_on": "2026-01-05"}  # fmt: skip


def resource() -> dict[str, Any]:
    return {"id": new_id(), "kind": "community_resource", "name": "Food bank", "category": "food"}


def record_changes(changes: list[Change]) -> dict[str, Change]:
    """Record changes by record id (scope events left out)."""
    return {str(c.record.id): c for c in changes if c.record is not None}


# ---- HTTP without a network (httpx is not installed; the routes are thin, this is enough for them) ---------


def asgi_call(app: Any, method: str, path: str, *, headers: dict[str, str] | None = None,
              body: Any = None, query: dict[str, Any] | None = None) -> tuple[int, Any]:  # fmt: skip
    """One request straight into an ASGI app: (status, decoded JSON body or None)."""
    raw = json.dumps(body).encode() if body is not None else b""
    head = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if body is not None:
        head.append((b"content-type", b"application/json"))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": urlencode(query or {}).encode(),
             "headers": head, "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(content) if content else None
