"""A populated tenant behind a live loopback server, and a small CoachSync client speaking real HTTP to it.

Used by the authorization, fuzz and HTTP-scenario tests. Panels are synthetic (``generate_panel``, never real
data) and are written with the server's own functions: ``records.put_record`` (what the roster import uses) and
``scope.assign_member`` (which emits the grant/revoke events). Practices and facilitator links have no public
writer yet, so those two rows are inserted directly, as ``sync_world.World.practice`` does.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
import requests
from argon2 import PasswordHasher
from sqlalchemy import Engine, insert, select

from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_server import identity, passwords, records, scope, tables
from tests.server.conftest import _pg_database
from tests.server.live import Account, LiveServer, Provisioned, provision

TIMEOUT = 20
TODAY = date(2026, 3, 2)  # fixed: generated panels never depend on the day the tests run
CANARY_A, CANARY_B, CANARY_C = "ZZCANARY-A", "ZZCANARY-B", "ZZCANARY-C"  # planted in each panel's member names
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PRACTICE_SEEN, PRACTICE_OTHER = "practice-facil-1", "practice-other-2"


@contextmanager
def database(kind: str, tmp_dir: Any) -> Iterator[str]:
    """A fresh database URL of ``kind`` ("sqlite" or "postgresql"), for fixtures wider than one test."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_dir / 'server.db'}"
    else:
        yield from _pg_database()


@contextmanager
def fast_password_hashing() -> Iterator[None]:
    """Cheap Argon2 parameters for the test's accounts (module-wide fixtures cannot use ``monkeypatch``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        yield


# ---- seeding ----------------------------------------------------------------------------------------------


@dataclass
class Panel:
    """What was written for one coach: member ids, every record as (kind, id), and the bodies by id."""

    coach_id: str
    member_ids: list[str] = field(default_factory=list)
    records: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @property
    def ids(self) -> set[str]:
        return {record_id for _, record_id in self.records}

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [body for (k, _), body in self.records.items() if k == kind]


def seed_panel(engine: Engine, tenant_id: str, coach_id: str, n_members: int, *, seed: int,
               canary: str) -> Panel:  # fmt: skip
    """A synthetic panel for ``coach_id``: its member-scoped records written and its members assigned."""
    generated = generate_panel(n_members, seed=seed, today=TODAY, coach_id=coach_id, canary=canary)
    panel = Panel(coach_id, member_ids=[str(m.id) for m in generated.members])
    with engine.begin() as conn:
        for record in iter_records(generated):
            if record.SCOPE != "member":  # the directory (community resources) is seeded once, separately
                continue
            body = record.body()
            records.put_record(conn, tenant_id, body, user_id=coach_id)
            panel.records[(record.KIND, str(record.id))] = body
        for member_id in panel.member_ids:
            scope.assign_member(conn, tenant_id, member_id, coach_id)
    return panel


def seed_directory(engine: Engine, tenant_id: str, seed: int = 1) -> set[tuple[str, str]]:
    generated = generate_panel(0, seed=seed, today=TODAY)
    with engine.begin() as conn:
        for resource in generated.resources:
            records.put_record(conn, tenant_id, resource.body(), user_id="directory-import")
    return {(r.KIND, str(r.id)) for r in generated.resources}


def seed_practices(engine: Engine, tenant_id: str, facilitator_id: str) -> dict[str, set[tuple[str, str]]]:
    """Two practices with chart abstractions; the facilitator works with the first only."""
    out: dict[str, set[tuple[str, str]]] = {}
    with engine.begin() as conn:
        for practice_id in (PRACTICE_SEEN, PRACTICE_OTHER):
            conn.execute(insert(tables.practice).values(id=practice_id, tenant_id=tenant_id, name=practice_id))
            out[practice_id] = set()
            for n in range(3):
                body = {"id": str(uuid.uuid4()), "kind": "chart_abstraction", "practice_id": practice_id,
                        "measure_id": "CMS122", "measurement_year": 2025, "chart_ref": f"C-{n}",
                        "abstracted_on": "2026-01-05"}  # fmt: skip
                records.put_record(conn, tenant_id, body, user_id="practice-import")
                out[practice_id].add(("chart_abstraction", body["id"]))
        conn.execute(insert(tables.facilitator_practice).values(user_id=facilitator_id, practice_id=PRACTICE_SEEN))
    return out


def extra_coach(engine: Engine, tenant_id: str, username: str, supervisor: str | None = None) -> str:
    with engine.begin() as conn:
        return identity.create_user(conn, tenant_id=tenant_id, username=username, role="coach",
                                    password="loopback test password 1",
                                    supervisor_username=supervisor).user_id  # fmt: skip


def server_rows(engine: Engine, tenant_id: str, member_ids: Iterable[str]) -> dict[tuple[str, str], str]:
    """Every stored row of these members, as canonical JSON of all its columns: to prove nothing changed."""
    r = tables.record
    wanted = sorted(set(member_ids))
    out: dict[tuple[str, str], str] = {}
    with engine.connect() as conn:
        for start in range(0, len(wanted), 400):
            rows = conn.execute(select(r).where(r.c.tenant_id == tenant_id,
                                                r.c.member_id.in_(wanted[start:start + 400]))).all()  # fmt: skip
            for row in rows:
                data = dict(row._mapping)
                out[(row.kind, row.id)] = json.dumps(data, sort_keys=True, default=str)
    return out


def live_records(engine: Engine, tenant_id: str) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(kind, id) → (member_id, practice_id) of every live record of the tenant."""
    r = tables.record
    with engine.connect() as conn:
        rows = conn.execute(select(r.c.kind, r.c.id, r.c.member_id, r.c.practice_id)
                            .where(r.c.tenant_id == tenant_id, r.c.deleted.is_(False))).all()  # fmt: skip
    return {(row.kind, row.id): (row.member_id, row.practice_id) for row in rows}


# ---- a CoachSync client over HTTP -------------------------------------------------------------------------


class Client:
    """One registered device speaking real HTTP: its own client_seq counter, pull cursor and session."""

    def __init__(self, base_url: str, account: Account, access_token: str | None = None,
                 device_id: str | None = None) -> None:  # fmt: skip
        assert account.tokens is not None or (access_token and device_id)
        self.base = base_url
        self.account = account
        self.token = access_token or account.tokens.access_token  # type: ignore[union-attr]
        self.device_id = device_id or str(account.tokens.device_id)  # type: ignore[union-attr]
        self.session = requests.Session()
        self.cursor: str | None = None
        self.responses: list[requests.Response] = []  # everything this client was answered, for leak scans
        self.next_client_seq = 1

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        response = self.session.request(method, self.base + path, headers=headers, timeout=TIMEOUT, **kwargs)
        self.responses.append(response)
        return response

    def sync_client_seq(self) -> int:
        hello = self.request("GET", "/v1/sync/hello")
        assert hello.status_code == 200, hello.text
        self.next_client_seq = hello.json()["last_client_seq"] + 1
        return self.next_client_seq

    def mutation(self, kind: str, record_id: str, op: str, fields: dict[str, Any] | None = None,
                 **extra: Any) -> dict[str, Any]:  # fmt: skip
        """fields: name → value, or name → (value, base_ver). Takes the next client_seq."""
        changes = {k: {"value": v[0], "base_ver": v[1]} if isinstance(v, tuple) else {"value": v}
                   for k, v in (fields or {}).items()}  # fmt: skip
        m = {"client_seq": self.next_client_seq, "mutation_id": str(uuid.uuid4()), "kind": kind,
             "record_id": record_id, "op": op, "fields": changes, **extra}  # fmt: skip
        self.next_client_seq += 1
        return m

    def push_body(self, mutations: list[dict[str, Any]], batch_id: str | None = None) -> dict[str, Any]:
        return {"device_id": self.device_id, "batch_id": batch_id or str(uuid.uuid4()), "mutations": mutations}

    def push(self, mutations: list[dict[str, Any]], batch_id: str | None = None,
             body: dict[str, Any] | None = None) -> requests.Response:  # fmt: skip
        body = body or self.push_body(mutations, batch_id)
        return self.request("POST", "/v1/sync/push", json=body, headers={"Idempotency-Key": body["batch_id"]})

    def push_ok(self, mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        for start in range(0, len(mutations), 250):
            response = self.push(mutations[start:start + 250])
            assert response.status_code == 200, response.text
            results.extend(response.json()["results"])
        return results

    def pull(self, limit: int = 2000) -> requests.Response:
        params: dict[str, Any] = {"limit": limit}
        if self.cursor:
            params["cursor"] = self.cursor
        return self.request("GET", "/v1/sync/pull", params=params)

    def pull_all(self, limit: int = 2000) -> list[dict[str, Any]]:
        changes: list[dict[str, Any]] = []
        for _ in range(200):
            response = self.pull(limit)
            assert response.status_code == 200, response.text
            page = response.json()
            changes.extend(page["changes"])
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return changes
        raise AssertionError("pull never finished")

    def snapshot_all(self, limit: int = 2000) -> list[dict[str, Any]]:
        states: list[dict[str, Any]] = []
        token = None
        for _ in range(200):
            response = self.request("POST", "/v1/sync/snapshot",
                                    json={"device_id": self.device_id, "snapshot_token": token, "limit": limit})
            assert response.status_code == 200, response.text
            page = response.json()
            states.extend(page["records"])
            token = page["snapshot_token"]
            if not page["has_more"]:
                self.cursor = page["cursor"]
                return states
        raise AssertionError("snapshot never finished")


def visible_keys(changes: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """The live records a device holds after applying these pull changes in order (grants inline)."""
    held: dict[tuple[str, str], dict[str, Any]] = {}
    for change in changes:
        states = ([change["record"]] if change.get("record") else []) + change.get("records", [])
        if change.get("scope") == "revoke":
            for key in [k for k, s in held.items() if s.get("member_id") == change["member_id"]]:
                del held[key]
        for state in states:
            key = (state["kind"], state["id"])
            if state.get("deleted"):
                held.pop(key, None)
            else:
                held[key] = state
    return set(held)


def leaked(text: str, foreign_ids: set[str], canaries: Iterable[str]) -> list[str]:
    """Foreign ids and canary names found in a response body (empty when clean)."""
    found = sorted(set(UUID_RE.findall(text.lower())) & foreign_ids)
    return found + [c for c in canaries if c in text]


def new_world(live: LiveServer) -> Provisioned:
    return provision(live.engine, live.base_url)


def register_client(live: LiveServer, account: Account, name: str = "second laptop") -> Client:
    from tests.server.live import register_device

    tokens = register_device(live.engine, live.base_url, account, device_name=name)
    client = Client(live.base_url, account, tokens.access_token, str(tokens.device_id))
    client.refresh_token = tokens.refresh_token  # type: ignore[attr-defined]
    return client
