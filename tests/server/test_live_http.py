"""Real HTTP on loopback: health, registration, refresh, the body-size cap, rate limits, strict request schemas."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from argon2 import PasswordHasher

from coach_desktop.sync.protocol import TokenResponse
from coach_server import passwords
from tests.server.live import LiveServer, live_server, provision

__all__ = ["live_server"]  # the fixture, imported so pytest finds it
TIMEOUT = 10
CANARY = "ZZCANARY-Maria-Lopez-1961"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def test_healthz_and_security_headers(live_server: LiveServer) -> None:
    response = requests.get(live_server.base_url + "/healthz", timeout=TIMEOUT)
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
    assert headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in headers["content-security-policy"]


def test_register_then_refresh_over_http(live_server: LiveServer) -> None:
    base = live_server.base_url
    accounts = provision(live_server.engine, base, register=["coach_a", "admin"])
    coach = accounts["coach_a"]
    assert coach.tokens is not None and coach.tokens.role == "coach"
    me = requests.get(base + "/v1/devices/me", headers=coach.auth, timeout=TIMEOUT)
    assert me.status_code == 200 and me.json()["device_id"] == str(coach.tokens.device_id)
    refresh = {"device_id": str(coach.tokens.device_id), "refresh_token": coach.tokens.refresh_token}
    renewed = requests.post(base + "/v1/auth/refresh", json=refresh, timeout=TIMEOUT)
    assert renewed.status_code == 200
    tokens = TokenResponse.model_validate(renewed.json())
    assert tokens.refresh_token != coach.tokens.refresh_token
    again = requests.post(base + "/v1/auth/refresh", json=refresh, timeout=TIMEOUT)  # as if that answer was lost
    assert again.status_code == 200 and again.json()["refresh_token"] == tokens.refresh_token
    used = {"device_id": str(coach.tokens.device_id), "refresh_token": tokens.refresh_token}
    assert requests.post(base + "/v1/auth/refresh", json=used, timeout=TIMEOUT).status_code == 200
    stale = requests.post(base + "/v1/auth/refresh", json=refresh, timeout=TIMEOUT)  # its successor has been used
    assert stale.status_code == 401 and stale.json()["error"] == "unauthorized" and "wipe" not in stale.json()
    wrong = requests.post(base + "/v1/devices/register", timeout=TIMEOUT, json={
        "username": coach.username, "password": "not the password", "enrolment_code": "AAAA-BBBB",
        "device_name": "x"})  # fmt: skip
    assert wrong.status_code == 401 and wrong.json()["error"] == "unauthorized"
    assert wrong.headers["www-authenticate"] == "Bearer"


def test_bodies_over_the_cap_get_413_declared_or_streamed(db_url: str) -> None:
    with LiveServer(db_url, max_body_bytes=64 * 1024) as base:
        small = requests.post(base + "/v1/auth/refresh", json={"device_id": "x"}, timeout=TIMEOUT)
        assert small.status_code == 422
        declared = requests.post(base + "/v1/auth/refresh", data=b"{" + b" " * 100_000 + b"}",
                                 headers={"content-type": "application/json"}, timeout=TIMEOUT)  # fmt: skip
        assert declared.status_code == 413 and declared.json()["error"] == "too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer, counted as it arrives
            for _ in range(20):
                yield b" " * 8192

        streamed = requests.post(base + "/v1/auth/refresh", data=chunks(),
                                 headers={"content-type": "application/json"}, timeout=TIMEOUT)  # fmt: skip
        assert streamed.status_code == 413 and streamed.json()["error"] == "too_large"
        assert requests.get(base + "/healthz", timeout=TIMEOUT).status_code == 200  # the server is fine after


def test_rate_limit_answers_429_with_retry_after(db_url: str) -> None:
    with LiveServer(db_url, requests_per_minute=5) as base:
        statuses = [requests.get(base + "/v1/devices/me", timeout=TIMEOUT).status_code for _ in range(5)]
        assert statuses == [401] * 5
        limited = requests.get(base + "/v1/devices/me", timeout=TIMEOUT)
        assert limited.status_code == 429 and limited.json()["error"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert requests.get(base + "/healthz", timeout=TIMEOUT).status_code == 200  # probes are never limited


def test_unknown_fields_are_422_and_values_are_not_echoed(live_server: LiveServer) -> None:
    body = {"username": CANARY, "password": CANARY, "enrolment_code": "ABCDEFGH", "device_name": "x",
            "date_of_birth": CANARY, "totp": CANARY}  # fmt: skip
    response = requests.post(live_server.base_url + "/v1/devices/register", json=body, timeout=TIMEOUT)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid" and "date_of_birth" in response.json()["detail"]
    assert CANARY not in response.text
    garbage = requests.post(live_server.base_url + "/v1/auth/refresh", data=b"\xff" + CANARY.encode(),
                            headers={"content-type": "application/json"}, timeout=TIMEOUT)  # fmt: skip
    # Undecodable bytes: the protocol's ErrorBody (422 invalid), never FastAPI's {"detail": …}, and no echo.
    assert garbage.status_code == 422 and garbage.json()["error"] == "invalid" and CANARY not in garbage.text
