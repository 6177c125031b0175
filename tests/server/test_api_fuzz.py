"""T-API-1 / SECURITY R26: Schemathesis over every OpenAPI operation of the live server, authenticated as a coach.

Runs against the real server on loopback: the schema is loaded with ``schemathesis.openapi.from_url`` from the
running server's ``/openapi.json`` and every case is sent over HTTP (the same uvicorn + middleware stack as
production, so the body-size cap, rate limiter and security headers are part of what is fuzzed).

Per operation: positive examples (schema-valid data; bodies that carry ``device_id`` get the coach's own device,
so pushes and snapshots reach the sync engine instead of stopping at the 403) and negative examples (schema-
violating data, which must be refused with a 4xx). Checks: no 5xx, the response body matches the declared
model for its status (ErrorBody for every error), the status and content type are declared, negative data is
rejected, and nothing coach A is answered contains one of coach B's ids or names.

Deterministic (``derandomize=True``) and bounded: EXAMPLES per operation on SQLite, fewer on PostgreSQL. The
nightly run raises them with COACH_FUZZ_EXAMPLES (T-API-1: ≥ 1,000 per operation).
"""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from coach_desktop.domain.registry import RECORD_TYPES
from tests.server.http_world import (
    CANARY_B,
    Panel,
    database,
    fast_password_hashing,
    leaked,
    seed_panel,
)
from tests.server.live import LiveServer, Provisioned, provision

TENANT = "default"
EXAMPLES = {"sqlite": (30, 10), "postgresql": (25, 10)}  # (positive, negative) per operation, CI budget
MAX_DEEP_MUTATIONS = 8
_NIGHTLY = int(os.environ.get("COACH_FUZZ_EXAMPLES", "0"))
POSITIVE_CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
NEGATIVE_CHECKS = [*POSITIVE_CHECKS, negative_data_rejection]


@dataclass
class Fuzzed:
    live: LiveServer
    accounts: Provisioned
    a: Panel
    b: Panel
    schema: Any


@dataclass
class Tally:
    examples: dict[str, int] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    no_inputs: set[str] = field(default_factory=set)
    http: dict[str, float] = field(default_factory=dict)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzzed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    tmp: Path = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    with fast_password_hashing(), database(request.param, tmp) as url:
        live = LiveServer(url, requests_per_minute=1_000_000)  # the limiter has its own test; here it would hide
        with live as base:
            accounts = provision(live.engine, base)
            a = seed_panel(live.engine, TENANT, accounts["coach_a"].user_id, 3, seed=41, canary="ZZCANARY-A")
            b = seed_panel(live.engine, TENANT, accounts["coach_b"].user_id, 5, seed=42, canary=CANARY_B)
            schema = schemathesis.openapi.from_url(base + "/openapi.json", timeout=10)
            # CI budget: generate push batches of ≤ MAX_DEEP_MUTATIONS mutations (generating 500-mutation batches
            # costs more than sending them). The 500 cap itself is the server's: test_http_scenarios sends 5 MB.
            push = schema.raw_schema["components"]["schemas"]["PushRequest"]["properties"]["mutations"]
            assert push["maxItems"] == 500
            push["maxItems"] = MAX_DEEP_MUTATIONS
            yield Fuzzed(live, accounts, a, b, schema)


class Deepen:
    """Steers generated pushes past the first checks so the fuzzer reaches merge and storage: the next client_seq,
    the current schema, real kinds, and for about half of the mutations one of the coach's own record ids and
    members. Values and field names stay as generated."""

    KINDS = (*sorted(RECORD_TYPES), "conflict")

    def __init__(self, own: Panel) -> None:
        self.next_seq = 1
        self.issued = 0
        self.own_ids = sorted(own.records)
        self.members = own.member_ids

    def push(self, body: dict[str, Any]) -> None:
        body["protocol"] = 1
        if isinstance(body.get("mutations"), list):  # each mutation is a transaction: keep the run bounded
            del body["mutations"][MAX_DEEP_MUTATIONS:]
        for index, m in enumerate(body.get("mutations") or []):
            if not isinstance(m, dict):
                continue
            pick = int(str(m.get("mutation_id", "0"))[:8] or "0", 16) if _hex(m.get("mutation_id")) else index
            m["client_seq"] = self.next_seq + index
            self.issued += 1  # a fresh, deterministic mutation_id: generated ones repeat (key reuse, a 422)
            m["mutation_id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"fuzz-mutation-{self.issued}"))
            m["schema_version"] = 1
            if pick % 2:
                kind, record_id = self.own_ids[pick % len(self.own_ids)]
                m["kind"], m["record_id"] = kind, record_id
            else:
                m["kind"] = self.KINDS[pick % len(self.KINDS)]
            if isinstance(m.get("fields"), dict) and pick % 3 == 0:
                m["fields"]["member_id"] = {"value": self.members[pick % len(self.members)]}

    def answered(self, response: requests.Response) -> None:
        if response.status_code == 200:
            self.next_seq = response.json()["last_client_seq"] + 1
        elif response.status_code == 409 and "expected_client_seq" in response.json():
            self.next_seq = response.json()["expected_client_seq"]


def _hex(value: Any) -> bool:
    return isinstance(value, str) and len(value) >= 8 and all(c in "0123456789abcdefABCDEF" for c in value[:8])


def _run_operation(operation: Any, mode: schemathesis.GenerationMode, n: int, call: Callable[[Any], None]) -> None:
    @settings(max_examples=n, derandomize=True, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        call(case)

    run()


def _fuzz(f: Fuzzed, account: str, kind: str, only: set[str] | None = None) -> Tally:
    tokens = f.accounts[account].tokens
    assert tokens is not None
    auth = {"Authorization": f"Bearer {tokens.access_token}"}
    device_id = str(tokens.device_id)
    foreign = f.b.ids  # coach B's member and record ids
    tally = Tally()
    session = requests.Session()
    deepen = Deepen(f.a)
    positive, negative = (_NIGHTLY, _NIGHTLY // 4) if _NIGHTLY else EXAMPLES[kind]
    for result in f.schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if only is not None and label not in only:
            continue
        for mode, n, checks in ((schemathesis.GenerationMode.POSITIVE, positive, POSITIVE_CHECKS),
                                (schemathesis.GenerationMode.NEGATIVE, negative, NEGATIVE_CHECKS)):  # fmt: skip

            def call(case: Any, mode: Any = mode, checks: Any = checks, label: str = label) -> None:
                if mode is schemathesis.GenerationMode.POSITIVE and isinstance(case.body, dict):
                    if "device_id" in case.body:
                        case.body["device_id"] = device_id
                    if "batch_id" in case.body and case.headers is not None:
                        case.headers["Idempotency-Key"] = str(case.body["batch_id"])
                        deepen.push(case.body)
                t0 = time.monotonic()
                response = case.call(base_url=f.live.base_url, headers=auth, session=session, timeout=30)
                key = f"{label} [{mode.value}]"
                tally.http[key] = tally.http.get(key, 0) + time.monotonic() - t0
                if label == "POST /v1/sync/push":
                    deepen.answered(response)
                tally.examples[label] = tally.examples.get(label, 0) + 1
                tally.statuses.setdefault(label, Counter())[response.status_code] += 1
                if response.status_code >= 500:
                    tally.server_errors.append(f"{label}: {response.status_code} {response.text[:200]}")
                if found := leaked(response.text, foreign, [CANARY_B]):
                    tally.leaks.append(f"{label}: {found[:3]}")
                try:
                    case.validate_response(response, checks=checks, headers=auth)
                except FailureGroup as group:
                    tally.failures.extend(f"{label} [{mode.value}]: {e.title}" for e in group.exceptions)

            began = time.monotonic()
            try:
                _run_operation(operation, mode, n, call)
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body): no negative cases
                assert mode is schemathesis.GenerationMode.NEGATIVE, label
                tally.no_inputs.add(label)
            tally.seconds[f"{label} [{mode.value}]"] = time.monotonic() - began
    session.close()
    return tally


def test_schemathesis_finds_no_server_error_schema_violation_or_leak(fuzzed: Fuzzed, request: pytest.FixtureRequest,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    kind = request.node.callspec.params["fuzzed"]
    started = time.monotonic()
    coach = _fuzz(fuzzed, "coach_a", kind)
    # The one admin-only operation, fuzzed as an administrator too (as a coach it always stops at the 403).
    admin = _fuzz(fuzzed, "admin", kind, only={"POST /v1/admin/devices/{device_id}/revoke"})
    elapsed = time.monotonic() - started
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in fuzzed.schema.get_all_operations()}
    assert set(coach.examples) == operations, "an operation was not fuzzed"
    total = sum(coach.examples.values()) + sum(admin.examples.values())
    with capsys.disabled():
        print(f"\n[{kind}] schemathesis: {len(operations)} operations, {total} requests "
              f"({min(coach.examples.values())}–{max(coach.examples.values())} per operation as a coach, "
              f"{sum(admin.examples.values())} as admin), {len(coach.server_errors) + len(admin.server_errors)} "
              f"5xx, {len(coach.failures) + len(admin.failures)} check failures, {elapsed:.1f} s")  # fmt: skip
        for name, spent in sorted(coach.seconds.items(), key=lambda item: -item[1])[:3]:
            print(f"    {spent:5.1f} s  {name}  (http {coach.http.get(name, 0):.1f} s)")
        for label in sorted(operations):
            statuses = dict(sorted(coach.statuses[label].items()))
            print(f"    {label}: {coach.examples[label]} requests, statuses {statuses}")
    for tally in (coach, admin):
        assert not tally.server_errors, sorted(set(tally.server_errors))[:20]
        assert not tally.failures, sorted(set(tally.failures))[:20]
        assert not tally.leaks, tally.leaks[:20]
    # Operations with no parameters and no body have one distinct request; every other gets real variety.
    assert all(n >= 20 for label, n in coach.examples.items() if label not in coach.no_inputs), coach.examples
    assert coach.statuses["POST /v1/sync/push"][200] > 0, "no fuzzed push reached the sync engine"
    # The server is still healthy, and the coach's device still works after the fuzzing.
    me = requests.get(fuzzed.live.base_url + "/v1/devices/me", timeout=10, headers={
        "Authorization": f"Bearer {fuzzed.accounts['coach_a'].tokens.access_token}"})  # type: ignore[union-attr]
    assert me.status_code == 200


def test_fuzzed_bodies_never_echo_values(fuzzed: Fuzzed) -> None:
    """The validation errors name fields only: a canary sent in every string position never comes back."""
    canary = "ZZCANARY-" + uuid.uuid4().hex[:8]
    auth = fuzzed.accounts["coach_a"].auth
    base = fuzzed.live.base_url
    bodies = {
        "/v1/devices/register": {"username": canary, "password": canary, "enrolment_code": canary * 9,
                                 "device_name": canary, canary: canary},
        "/v1/auth/refresh": {"device_id": canary, "refresh_token": canary},
        "/v1/sync/push": {"device_id": canary, "batch_id": canary, "mutations": [{"kind": canary}]},
        "/v1/sync/snapshot": {"device_id": canary, "snapshot_token": canary, "limit": canary},
        "/v1/devices/me/wipe-ack": {"device_id": canary, "wiped_at": canary},
    }  # fmt: skip
    for path, body in bodies.items():
        for raw in (None, b"\xff\xfe" + canary.encode(), ("{" + canary).encode(), b'{"x": NaN, "c": "' +
                    canary.encode() + b'"}'):  # fmt: skip
            headers = {**auth, "Idempotency-Key": str(uuid.uuid4()), "content-type": "application/json"}
            response = requests.post(base + path, headers=headers, timeout=10,
                                     **({"json": body} if raw is None else {"data": raw}))  # fmt: skip
            assert response.status_code == 422, (path, raw, response.text)
            assert response.json()["error"] == "invalid" and canary not in response.text, (path, response.text)
    for method, path in (("GET", "/nowhere"), ("DELETE", "/v1/sync/pull"), ("PUT", "/healthz")):
        response = requests.request(method, base + path + "?q=" + canary, headers=auth, timeout=10)
        assert response.status_code in (404, 405) and set(response.json()) == {"error", "detail"}
        assert canary not in response.text


def test_unknown_fields_and_query_parameters_are_422_on_every_operation(fuzzed: Fuzzed) -> None:
    """Strict requests (R14): nothing the operation does not declare is ever silently ignored."""
    auth = fuzzed.accounts["coach_a"].auth
    base = fuzzed.live.base_url
    schema = requests.get(base + "/openapi.json", timeout=10).json()
    checked, operations = 0, sum(len(item) for item in schema["paths"].values())
    for path, item in schema["paths"].items():
        url = base + path.replace("{device_id}", str(uuid.uuid4()))
        for method, operation in item.items():
            headers = {**auth, "Idempotency-Key": str(uuid.uuid4())}
            query = requests.request(method, url, params={"zz_filter": "x"}, headers=headers, timeout=10,
                                     **({"json": {}} if "requestBody" in operation else {}))  # fmt: skip
            assert query.status_code == 422 and query.json()["error"] == "invalid", (method, path, query.text)
            if "requestBody" in operation:
                body = requests.request(method, url, json={"zz_unknown_field": 1}, headers=headers, timeout=10)
                assert body.status_code == 422, (method, path, body.text)
                assert "body.zz_unknown_field" in body.json()["detail"], (method, path, body.text)
            else:
                assert query.json()["detail"] == "invalid request: unknown query parameter", (method, path)
            checked += 1
    assert checked == operations >= 10
