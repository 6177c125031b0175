"""Sync test world: the real server on loopback (SQLite and PostgreSQL), users and panels made with the server's
own modules, devices enrolled over HTTP with real encrypted vaults, and the I4 comparison of local vs server."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import and_, or_, select

from coach_desktop.domain.care_plan import CarePlan
from coach_desktop.domain.member import Member
from coach_desktop.sync.engine import SyncEngine
from coach_desktop.sync.enrolment import enroll
from coach_desktop.sync.progress import SyncReport
from coach_desktop.vault.repository import RecordRepository
from coach_desktop.vault.vault import Vault
from coach_server import identity, passwords, records, scope, tables
from tests.conftest import PASSPHRASE
from tests.server.conftest import _pg_database
from tests.server.live import LiveServer

TENANT = "default"  # ServerSettings.default_tenant: registration signs users in there
PASSWORD = "loopback sync password 7"
_names = itertools.count(1)


@pytest.fixture(scope="module")
def fast_hashing() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        yield


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         fast_hashing: None) -> Iterator[LiveServer]:  # fmt: skip
    """One real server per module and backend; every test makes its own users and members, so tests never meet."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path_factory.mktemp('srv') / 'server.db'}"])
    else:
        urls = _pg_database()
    url = next(urls)
    server = LiveServer(url)
    try:
        with server:
            with server.engine.begin() as conn:
                identity.ensure_tenant(conn, TENANT)
            yield server
    finally:
        for _ in urls:  # drops the PostgreSQL database
            pass


@dataclass
class Account:
    username: str
    user_id: str
    role: str


@dataclass
class Device:
    """One enrolled installation: its own encrypted vault and sync engine."""

    vault: Vault
    engine: SyncEngine
    account: Account
    reports: list[SyncReport] = field(default_factory=list)

    @property
    def repo(self) -> RecordRepository:
        return self.vault.repository()

    @property
    def device_id(self) -> str:
        return str(self.engine.store.get("device_id"))

    def sync(self, *, ok: bool = True, cancel: threading.Event | None = None) -> SyncReport:
        report = self.engine.sync_once(cancel)
        self.reports.append(report)
        if ok:
            assert report.ok, repr(report.error)
        return report

    def local_records(self) -> dict[tuple[str, str], str]:
        rows = self.vault.database().query("SELECT kind, id, body FROM record WHERE deleted = 0")
        return {(k, i): canonical(json.loads(b)) for k, i, b in rows}

    def outbox(self) -> list[tuple[str, str, str]]:
        return [tuple(r) for r in self.vault.database().query(
            "SELECT op, state, COALESCE(json_extract(result, '$.reason'), '') FROM outbox ORDER BY client_seq")]


def canonical(body: Any) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class World:
    def __init__(self, server: LiveServer, tmp_path: Path) -> None:
        self.server = server
        self.engine = server.engine
        self.tmp_path = tmp_path
        self.devices: list[Device] = []

    def close(self) -> None:
        for device in self.devices:
            device.engine.client.close()
            device.vault.lock()

    # ---- server side ------------------------------------------------------------------------------------

    def account(self, role: str = "coach") -> Account:
        username = f"{role}.{next(_names)}.{id(self) % 100000}"
        with self.engine.begin() as conn:
            user = identity.create_user(conn, tenant_id=TENANT, username=username, role=role, password=PASSWORD)
        return Account(username, user.user_id, role)

    def member(self, coach: Account, family: str = "Testperson", given: str = "Ana") -> str:
        m = Member.model_validate({"medicaid_id": f"SC{next(_names):09d}", "given_name": given, "family_name": family,
                                   "date_of_birth": date(1970, 5, 17), "sex": "female", "risk_tier": "high",
                                   "preferred_language": "es"})  # fmt: skip
        self.put(m.body())
        self.assign(str(m.id), coach)
        return str(m.id)

    def care_plan(self, member_id: str) -> str:
        plan = CarePlan.model_validate({"member_id": member_id, "title": "Care plan", "member_words": "walk more"})
        self.put(plan.body())
        return str(plan.id)

    def put(self, body: dict[str, Any]) -> int:
        with self.engine.begin() as conn:
            return records.put_record(conn, TENANT, body, user_id="admin-test")

    def assign(self, member_id: str, coach: Account) -> None:
        with self.engine.begin() as conn:
            scope.assign_member(conn, TENANT, member_id, coach.user_id)

    def server_records(self, account: Account) -> dict[tuple[str, str], str]:
        """Every live record in the account's scope, as the server holds it (panel members + directory)."""
        r, pa = tables.record, tables.panel_assignment
        mine = select(pa.c.member_id).where(pa.c.tenant_id == TENANT, pa.c.coach_id == account.user_id)
        directory = and_(r.c.member_id.is_(None), r.c.practice_id.is_(None))
        query = select(r.c.kind, r.c.id, r.c.body).where(r.c.tenant_id == TENANT, r.c.deleted.is_(False),
                                                         or_(r.c.member_id.in_(mine), directory))  # fmt: skip
        with self.engine.connect() as conn:
            return {(k, i): canonical(b) for k, i, b in conn.execute(query)}

    def mutation_results(self, device: Device) -> list[tuple[int, str]]:
        mr = tables.mutation_result
        with self.engine.connect() as conn:
            rows = conn.execute(select(mr.c.client_seq, mr.c.status).where(mr.c.device_id == device.device_id)
                                .order_by(mr.c.client_seq)).all()  # fmt: skip
        return [(int(a), str(b)) for a, b in rows]

    # ---- devices ----------------------------------------------------------------------------------------

    def device(self, account: Account, **engine_options: Any) -> Device:
        with self.engine.begin() as conn:
            code = identity.issue_enrolment_code(conn, account.username).code
        directory = self.tmp_path / f"vault-{len(self.devices)}"
        vault = Vault.create(directory, PASSPHRASE, user_id=account.user_id, device_id=f"laptop-{len(self.devices)}")
        enroll(vault, self.server.base_url, account.username, PASSWORD, code, device_name="test laptop")
        device = Device(vault, SyncEngine.for_vault(vault, **engine_options), account)
        self.devices.append(device)
        return device

    def reenroll(self, device: Device) -> str:
        """Enrol the same vault again (a new device id, as after the 30-day re-sign-in); returns the new id."""
        with self.engine.begin() as conn:
            code = identity.issue_enrolment_code(conn, device.account.username).code
        return enroll(device.vault, self.server.base_url, device.account.username, PASSWORD, code).device_id


@pytest.fixture
def world(live: LiveServer, tmp_path: Path) -> Iterator[World]:
    w = World(live, tmp_path)
    yield w
    w.close()
