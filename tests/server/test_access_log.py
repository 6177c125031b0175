"""The access log: one structured line per request, route templates only, no PHI even when a body carries it."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
import requests

from tests.server.live import LiveServer, live_server, provision

__all__ = ["live_server"]  # the fixture, imported so pytest finds it

CANARY = "ZZCANARY-log-7c1e"


def test_access_log_lines_are_structured_and_phi_free(
    live_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    world = provision(live_server.engine, live_server.base_url, register=["coach_a"])
    coach = world["coach_a"]
    assert coach.tokens is not None
    caplog.set_level(logging.INFO, logger="coach_server.access")
    body = {"device_id": str(coach.tokens.device_id), "batch_id": str(uuid.uuid4()), "mutations": [{
        "client_seq": 1, "mutation_id": str(uuid.uuid4()), "kind": "member", "record_id": str(uuid.uuid4()),
        "op": "create", "fields": {"family_name": {"value": CANARY}}}]}  # fmt: skip
    pushed = requests.post(live_server.base_url + "/v1/sync/push", json=body, timeout=30,
                           headers={**coach.auth, "Idempotency-Key": body["batch_id"]})  # fmt: skip
    assert pushed.status_code == 200
    revoke = f"/v1/admin/devices/{coach.tokens.device_id}/revoke"
    assert requests.post(live_server.base_url + revoke, json={}, headers=coach.auth, timeout=30).status_code == 403
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "coach_server.access"]
    routes = {(line["method"], line["route"], line["status"]) for line in lines}
    assert ("POST", "/v1/sync/push", 200) in routes
    assert ("POST", "/v1/admin/devices/{device_id}/revoke", 403) in routes
    for line in lines:
        assert set(line) == {"event", "method", "route", "status", "ms"}
    text = caplog.text
    assert CANARY not in text and str(coach.tokens.device_id) not in text
