"""SyncClient against scripted loopback servers: retries and backoff, caps, hostile answers, TLS, redirects, tokens."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from coach_desktop import __version__
from coach_desktop.sync.errors import SyncError, SyncErrorKind
from coach_desktop.sync.http_client import CAPTIVE_PORTAL, DEFAULT_TIMEOUTS, REDIRECTED, TLS_FAILED, SyncClient
from coach_desktop.sync.http_client import validate_server_url as check_url
from coach_desktop.sync.protocol import (
    FieldChange,
    Mutation,
    PushRequest,
    RegisterRequest,
    SnapshotRequest,
    TokenResponse,
    WipeAck,
)
from coach_desktop.sync.retry import MAX_DELAY_SECONDS, RetryPolicy, event_sleep, parse_retry_after
from tests.sync.fake_http import Canned, FakeServer, json_answer, self_signed, serve

NOW = datetime.now(UTC)
DEVICE = uuid.uuid4()


def tokens(access: str = "access-1", refresh: str = "refresh-token-two-000000000") -> dict[str, Any]:
    return {"device_id": str(DEVICE), "user_id": "u1", "role": "coach", "access_token": access,
            "access_expires_at": (NOW + timedelta(minutes=15)).isoformat(), "refresh_token": refresh,
            "lease_expires_at": (NOW + timedelta(days=14)).isoformat(), "server_epoch": str(uuid.uuid4())}  # fmt: skip


HELLO = {"server_epoch": str(uuid.uuid4()), "protocol": {"min": 1, "max": 1}, "schema": {"min": 1, "max": 1},
         "device": {"status": "active", "lease_expires_at": (NOW + timedelta(days=14)).isoformat()},
         "server_time": NOW.isoformat(), "server_seq": 5, "tombstone_horizon_seq": 0, "last_client_seq": 0}  # fmt: skip


class Credentials:
    def __init__(self) -> None:
        self.token = "refresh-token-one-000000000"
        self.saved: list[str] = []

    def device_id(self) -> str:
        return str(DEVICE)

    def refresh_token(self) -> str:
        return self.token

    def save_tokens(self, new: TokenResponse) -> None:
        self.saved.append(new.refresh_token)
        self.token = new.refresh_token


class Sleeps:
    """A fake sleep: records the delays, never waits; ``cancel_after`` simulates a cancel during a wait."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.delays: list[float] = []
        self.cancel_after = cancel_after

    def __call__(self, seconds: float, _cancel: threading.Event | None) -> bool:
        self.delays.append(seconds)
        return self.cancel_after is not None and len(self.delays) >= self.cancel_after


def client(url: str, sleeps: Sleeps | None = None, **options: Any) -> SyncClient:
    return SyncClient(url, Credentials(), sleep=sleeps or Sleeps(), rng=lambda: 1.0, **options)


def with_refresh(fake: FakeServer) -> None:
    fake.script("/v1/auth/refresh", json_answer(tokens()))


# ---- backoff math ---------------------------------------------------------------------------------------


def test_backoff_is_exponential_with_full_jitter_and_capped() -> None:
    policy = RetryPolicy(base=1.0)
    assert [policy.backoff(n, rng=lambda: 1.0) for n in range(6)] == [1, 2, 4, 8, 16, 32]
    assert [policy.backoff(n, rng=lambda: 0.25) for n in range(3)] == [0.25, 0.5, 1.0]
    assert policy.backoff(0, rng=lambda: 0.0) == 0.0  # full jitter: anywhere from zero to the ceiling
    assert policy.backoff(9, rng=lambda: 1.0) == MAX_DELAY_SECONDS == 300.0
    assert policy.backoff(10_000, rng=lambda: 1.0) == 300.0  # no overflow for huge attempt numbers
    assert policy.delay(3, retry_after=7.0) == 7.0  # the server's Retry-After wins over jitter …
    assert policy.delay(3, retry_after=10.0**9) == 300.0  # … but never beyond the cap


def test_retry_after_parsing() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("9" * 400) == 10.0**9  # a hostile number stays a number; the cap applies later
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    when = datetime(2030, 1, 1, 0, 0, 30, tzinfo=UTC)
    assert parse_retry_after("Tue, 01 Jan 2030 00:00:30 GMT", now=lambda: when - timedelta(seconds=30)) == 30.0


def test_event_sleep_is_cut_short_by_a_cancel() -> None:
    cancel = threading.Event()
    threading.Timer(0.05, cancel.set).start()
    started = time.monotonic()
    assert event_sleep(60.0, cancel) is True and time.monotonic() - started < 5.0
    assert event_sleep(0.0, None) is False


# ---- retries against a server ---------------------------------------------------------------------------


def test_transient_statuses_are_retried_honouring_retry_after() -> None:
    with serve() as fake:
        with_refresh(fake)
        busy = json_answer({"error": "unavailable"}, 503, **{"Retry-After": "7"})
        fake.script("/v1/sync/hello", busy, Canned(502), json_answer(HELLO))
        sleeps = Sleeps()
        hello = client(fake.url, sleeps).hello()
    assert hello.server_seq == 5
    assert sleeps.delays == [7.0, 2.0]  # Retry-After when given, else jittered backoff (rng=1: the ceiling)
    assert fake.paths() == ["/v1/auth/refresh"] + ["/v1/sync/hello"] * 3


def test_a_huge_retry_after_waits_at_most_the_cap_then_gives_up() -> None:
    with serve() as fake:
        with_refresh(fake)
        fake.script("/v1/sync/hello", json_answer({"error": "rate_limited"}, 429, **{"Retry-After": "9" * 20}))
        sleeps = Sleeps()
        with pytest.raises(SyncError) as caught:
            client(fake.url, sleeps, retry=RetryPolicy(attempts=4)).hello()
    assert caught.value.kind is SyncErrorKind.NETWORK
    assert sleeps.delays == [300.0, 300.0, 300.0]
    assert fake.paths().count("/v1/sync/hello") == 4


def test_unreachable_server_backs_off_then_reports_network() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again at once: nothing listens there
    sleeps = Sleeps()
    with pytest.raises(SyncError) as caught:
        client(f"http://127.0.0.1:{port}", sleeps).hello()
    assert caught.value.kind is SyncErrorKind.NETWORK
    assert sleeps.delays == [1.0, 2.0, 4.0, 8.0]  # 5 attempts, 4 waits (refresh: never sent, so retried)


def test_a_cancel_during_the_backoff_wait_stops_the_retries() -> None:
    with serve() as fake:
        with_refresh(fake)
        fake.script("/v1/sync/hello", Canned(503))
        with pytest.raises(SyncError) as caught:
            client(fake.url, Sleeps(cancel_after=1)).hello()
    assert caught.value.kind is SyncErrorKind.CANCELLED
    assert fake.paths().count("/v1/sync/hello") == 1


def test_a_cancelled_event_stops_before_any_request() -> None:
    cancel = threading.Event()
    cancel.set()
    with serve() as fake, pytest.raises(SyncError) as caught:
        client(fake.url).hello(cancel)
    assert caught.value.kind is SyncErrorKind.CANCELLED and fake.seen == []



def test_a_damaged_stored_credential_is_an_auth_error_and_nothing_is_sent() -> None:
    creds = Credentials()
    creds.token = "short"  # a refresh token no server ever issued: the vault's copy is damaged
    with serve() as fake, pytest.raises(SyncError) as caught:
        SyncClient(fake.url, creds, sleep=Sleeps(), rng=lambda: 1.0).hello()
    assert caught.value.kind is SyncErrorKind.AUTH and fake.seen == []

# ---- hostile or broken answers --------------------------------------------------------------------------


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
def test_a_body_over_the_cap_is_refused(chunked: bool) -> None:
    big = Canned(200, b'{"x":"' + b"a" * 50_000 + b'"}', {"Content-Type": "application/json"}, chunked=chunked)
    with serve() as fake:
        with_refresh(fake)
        fake.script("/v1/sync/hello", big)
        with pytest.raises(SyncError) as caught:
            client(fake.url, max_response_bytes=20_000).hello()
    assert caught.value.kind is SyncErrorKind.PROTOCOL and caught.value.detail == "response too large"


@pytest.mark.parametrize("answer", [
    Canned(200, b'{"server_epoch": ', {"Content-Type": "application/json"}),
    Canned(200, b'{"server_seq": NaN}', {"Content-Type": "application/json"}),
    Canned(200, b"\xff\xfe not utf-8", {"Content-Type": "application/json"}),
    Canned(200, b'{"server_seq": 1' + b"0" * 5000 + b"}", {"Content-Type": "application/json"}),
    Canned(200, b"[" * 100_000 + b"]" * 100_000, {"Content-Type": "application/json"}),
    Canned(200, b'{"server_seq": 5}', {"Content-Type": "application/json"}),
    Canned(200, b'{"ok": true}', {"Content-Type": "text/plain"}),
], ids=["truncated", "nan", "bytes", "huge-int", "deep", "wrong-shape", "wrong-type"])  # fmt: skip
def test_malformed_or_mistyped_answers_are_protocol_errors(answer: Canned) -> None:
    with serve() as fake:
        with_refresh(fake)
        fake.script("/v1/sync/hello", answer)
        with pytest.raises(SyncError) as caught:
            client(fake.url).hello()
    assert caught.value.kind is SyncErrorKind.PROTOCOL


def test_a_captive_portal_page_is_reported_as_the_network() -> None:
    portal = Canned(200, b"<html><body>Sign in to Clinic-WiFi</body></html>", {"Content-Type": "text/html"})
    with serve() as fake:
        fake.script("/v1/auth/refresh", portal)
        with pytest.raises(SyncError) as caught:
            client(fake.url).hello()
    assert caught.value.kind is SyncErrorKind.NETWORK and caught.value.message == CAPTIVE_PORTAL


def test_server_errors_map_to_kinds() -> None:
    cases = {
        "/v1/sync/hello": (json_answer({"error": "upgrade_required", "min_schema": 4}, 426),
                           SyncErrorKind.CLIENT_TOO_OLD),
        "/v1/sync/pull": (json_answer({"error": "resync_required"}, 410), SyncErrorKind.RESYNC),
        "/v1/sync/snapshot": (json_answer({"error": "epoch_changed"}, 410), SyncErrorKind.EPOCH_CHANGED),
        "/v1/sync/push": (json_answer({"error": "expected_client_seq", "expected_client_seq": 3}, 409),
                          SyncErrorKind.PROTOCOL),
    }  # fmt: skip
    with serve() as fake:
        with_refresh(fake)
        for path, (answer, _) in cases.items():
            fake.script(path, answer)
        c = client(fake.url)
        calls = {
            "/v1/sync/hello": c.hello, "/v1/sync/pull": lambda: c.pull("abc", 10),
            "/v1/sync/snapshot": lambda: c.snapshot(SnapshotRequest(device_id=DEVICE)),
            "/v1/sync/push": lambda: c.push(_push_request()),
        }  # fmt: skip
        for path, (_, kind) in cases.items():
            with pytest.raises(SyncError) as caught:
                calls[path]()
            assert caught.value.kind is kind, path
            if path == "/v1/sync/push":
                assert caught.value.expected_client_seq == 3 and caught.value.code == "expected_client_seq"


# ---- transport security ---------------------------------------------------------------------------------


def test_redirects_are_never_followed() -> None:
    with serve() as other, serve() as fake:
        with_refresh(fake)
        fake.script("/v1/sync/hello", Canned(302, b"", {"Location": other.url + "/v1/sync/hello"}))
        with pytest.raises(SyncError) as caught:
            client(fake.url).hello()
    assert caught.value.kind is SyncErrorKind.NETWORK and caught.value.message == REDIRECTED
    assert other.seen == []


def test_tls_is_verified_and_an_https_to_http_redirect_is_refused(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    with serve() as plain, serve(tls=(cert, key)) as secure:
        with_refresh(secure)
        secure.script("/v1/sync/hello", Canned(301, b"", {"Location": plain.url + "/v1/sync/hello"}))
        with pytest.raises(SyncError) as untrusted:
            client(secure.url).hello()  # the public CA store does not vouch for this certificate
        assert untrusted.value.kind is SyncErrorKind.NETWORK and untrusted.value.message == TLS_FAILED
        assert secure.seen == []  # nothing, not even the refresh token, reached the unverified server
        pinned = client(secure.url, ca_bundle=str(cert))  # the organisation's CA bundle, from config
        with pytest.raises(SyncError) as downgraded:
            pinned.hello()
    assert downgraded.value.message == REDIRECTED and plain.seen == []
    assert [s.path for s in secure.seen] == ["/v1/auth/refresh", "/v1/sync/hello"]


@pytest.mark.parametrize(("url", "ok"), [
    ("https://coach.example.org", True), ("https://coach.example.org:8443/api/", True),
    ("http://127.0.0.1:8765", True), ("http://localhost:8765", True), ("http://[::1]:8765", True),
    ("http://coach.example.org", False), ("http://localhost.evil.example", False), ("http://10.0.0.5", False),
    ("ftp://coach.example.org", False), ("https://user:secret@coach.example.org", False),
    ("https://coach.example.org/?token=x", False), ("coach.example.org", False), ("https://", False),
])  # fmt: skip
def test_plain_http_is_allowed_only_for_this_computer(url: str, ok: bool) -> None:
    if ok:
        assert check_url(url).startswith(("https://", "http://"))
        assert not check_url(url).endswith("/")
    else:
        with pytest.raises(SyncError) as caught:
            check_url(url)
        assert caught.value.kind is SyncErrorKind.PROTOCOL and "secret" not in caught.value.message


# A CA bundle named in the environment is honoured, as requests itself would (read once by the client).
ENV_CA_BUNDLE = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True


class SpySession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[dict[str, Any]] = []

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.calls.append({"method": method, "url": url, **kwargs})
        return super().request(method, url, **kwargs)


def _push_request() -> PushRequest:
    mutation = Mutation(client_seq=1, mutation_id=uuid.uuid4(), kind="care_plan", record_id=uuid.uuid4(), op="patch",
                        fields={"title": FieldChange(value="x", base_ver=1)})  # fmt: skip
    return PushRequest(device_id=DEVICE, batch_id=uuid.uuid4(), mutations=[mutation])


def test_every_request_has_timeouts_verification_and_no_redirects() -> None:
    with serve() as fake:
        fake.script("/v1/devices/register", json_answer(tokens(), 201))
        with_refresh(fake)
        fake.script("/v1/sync/hello", json_answer(HELLO))
        fake.script("/v1/sync/push", json_answer({"last_client_seq": 1, "results": [], "server_seq": 1}))
        fake.script("/v1/sync/pull", json_answer({"changes": [], "next_cursor": "c1", "has_more": False,
                                                  "server_seq": 1, "last_client_seq": 1}))  # fmt: skip
        fake.script("/v1/sync/snapshot", json_answer({"snapshot_seq": 1, "records": [], "snapshot_token": None,
                                                      "has_more": False, "cursor": "c1"}))  # fmt: skip
        fake.script("/v1/devices/me/wipe-ack", Canned(204))
        spy = SpySession()
        c = client(fake.url, session=spy)
        c.register(RegisterRequest(username="coach.a", password="pw", enrolment_code="ABCD-EFGH", device_name="x"))
        c.hello()
        batch = _push_request()
        c.push(batch)
        c.pull(None, 100)
        c.snapshot(SnapshotRequest(device_id=DEVICE))
        assert c.wipe_ack(WipeAck(device_id=DEVICE, wiped_at=NOW))
    assert len(spy.calls) == 7
    for call in spy.calls:
        assert call["timeout"] in (DEFAULT_TIMEOUTS, (5.0, 5.0)) and call["allow_redirects"] is False
        assert call["verify"] in (True, ENV_CA_BUNDLE) and call["stream"] is True  # never False
    push_seen = next(s for s in fake.seen if s.path == "/v1/sync/push")
    assert push_seen.headers["Idempotency-Key"] == str(batch.batch_id)
    hello_seen = next(s for s in fake.seen if s.path == "/v1/sync/hello")
    assert hello_seen.headers["Authorization"] == "Bearer access-1"
    assert hello_seen.headers["User-Agent"].startswith(f"CoachDesktop/{__version__}")
    assert hello_seen.headers["X-Coach-Schema"] == "1"


def test_a_hanging_server_times_out() -> None:
    with serve() as fake:
        with_refresh(fake)
        fake.script("/v1/sync/hello", Canned(200, b"{}", {"Content-Type": "application/json"}, delay=3.0))
        started = time.monotonic()
        with pytest.raises(SyncError) as caught:
            client(fake.url, timeouts=(2.0, 0.3), retry=RetryPolicy(attempts=1)).hello()
    assert caught.value.kind is SyncErrorKind.NETWORK and time.monotonic() - started < 2.5


# ---- tokens ---------------------------------------------------------------------------------------------


def test_an_expired_access_token_is_refreshed_once_and_the_rotation_persisted() -> None:
    expired = json_answer({"error": "unauthorized", "detail": "sign in again"}, 401)
    with serve() as fake:
        fake.script("/v1/auth/refresh", json_answer(tokens("access-1", "rotated-1-000000000000")),
                    json_answer(tokens("access-2", "rotated-2-000000000000")))  # fmt: skip
        fake.script("/v1/sync/hello", json_answer(HELLO), expired, json_answer(HELLO))
        creds = Credentials()
        c = SyncClient(fake.url, creds, sleep=Sleeps())
        c.hello()
        c.hello()
    assert creds.saved == ["rotated-1-000000000000", "rotated-2-000000000000"]
    hellos = [s.headers["Authorization"] for s in fake.seen if s.path == "/v1/sync/hello"]
    assert hellos == ["Bearer access-1", "Bearer access-1", "Bearer access-2"]
    refreshes = [s.body for s in fake.seen if s.path == "/v1/auth/refresh"]
    assert b"refresh-token-one" in refreshes[0] and b"rotated-1" in refreshes[1]


def test_device_revoked_is_told_apart_from_a_generic_401() -> None:
    with serve() as fake:
        with_refresh(fake)
        fake.script("/v1/sync/hello", json_answer({"error": "device_revoked", "wipe": True}, 401))
        with pytest.raises(SyncError) as revoked:
            client(fake.url).hello()
    assert revoked.value.kind is SyncErrorKind.DEVICE_REVOKED and revoked.value.wipe is True
    assert fake.paths().count("/v1/auth/refresh") == 1  # no refresh attempt for a revocation
    with serve() as fake:
        fake.script("/v1/auth/refresh", json_answer({"error": "unauthorized"}, 401))
        with pytest.raises(SyncError) as generic:
            client(fake.url).hello()
    assert generic.value.kind is SyncErrorKind.AUTH and generic.value.wipe is None


def test_error_messages_name_no_address_and_no_token() -> None:
    secret = "refresh-token-one-000000000"
    with serve() as fake:
        fake.script("/v1/auth/refresh", json_answer({"error": "unauthorized", "detail": "x"}, 401))
        with pytest.raises(SyncError) as caught:
            client(fake.url + "/").hello()
    text = f"{caught.value} {caught.value.message} {caught.value!r} {caught.value.detail}"
    assert fake.url not in text and "127.0.0.1" not in text and secret not in text
    assert "enrol" in caught.value.message.lower()


def test_a_proxy_named_in_the_environment_is_used_and_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment is read once when the client is made (not on every request), with the same effect."""
    with serve() as fake:
        with_refresh(fake)
        monkeypatch.setenv("HTTP_PROXY", fake.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        proxied = client("http://localhost:9", sleeps=Sleeps())  # nothing listens there: only the proxy answers
        with pytest.raises(SyncError):
            proxied.hello()  # the fake proxy has no hello scripted; what matters is where the request went
        assert any(s.path.startswith("http://localhost:9/v1/") for s in fake.seen)
        monkeypatch.setenv("NO_PROXY", "localhost")
        seen = len(fake.seen)
        direct = client("http://localhost:9", retry=RetryPolicy(attempts=1))
        with pytest.raises(SyncError) as refused:
            direct.hello()
        assert refused.value.kind is SyncErrorKind.NETWORK and len(fake.seen) == seen
