"""Identity: password hashing, TOTP, throttled sign-in, enrolment codes, MFA, refresh rotation, revocation."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from argon2 import PasswordHasher
from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from coach_desktop.sync.protocol import ErrorCode, RefreshRequest, RegisterRequest, TokenResponse
from coach_server import identity, passwords, tables, totp
from coach_server.app import load_or_init_meta
from coach_server.deps import ServerState
from coach_server.devices import refresh_tokens, register_device, revoke_device
from coach_server.identity import AuthFailure, IdentityError
from coach_server.settings import ServerSettings
from coach_server.tokens import token_hash
from tests.server.live import LiveServer

PASSWORD = "a long enough password 7"
RFC_SHA1_KEY = b"12345678901234567890"
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap Argon2id parameters for tests that are not about hashing cost (tests stay fast)."""
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def server(engine: Engine, fast_hashing: None) -> ServerState:
    return load_or_init_meta(engine)


def make_user(engine: Engine, username: str = "ana", *, role: str = "coach", with_totp: bool = False,
              mfa_required: bool = False) -> identity.NewUser:  # fmt: skip
    with engine.begin() as conn:
        return identity.create_user(conn, tenant_id="t1", username=username, role=role, password=PASSWORD,
                                    with_totp=with_totp, mfa_required=mfa_required)  # fmt: skip


def code_for(engine: Engine, username: str = "ana", now: datetime = NOW) -> str:
    with engine.begin() as conn:
        return identity.issue_enrolment_code(conn, username, now=now).code


def register(engine: Engine, server: ServerState, *, username: str = "ana", password: str = PASSWORD,
             code: str | None = None, totp_code: str | None = None, now: datetime = NOW,
             settings: ServerSettings | None = None) -> TokenResponse:  # fmt: skip
    request = RegisterRequest(username=username, password=password, enrolment_code=code or "ABCD-EFGH-JKMN-PQRS",
                              totp=totp_code, device_name="laptop")  # fmt: skip
    return register_device(engine, server, settings or ServerSettings(default_tenant="t1"), request, now=now)


def refused(call: Any) -> AuthFailure:
    with pytest.raises(AuthFailure) as info:
        call()
    return info.value


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(tables.audit_event.c.action).order_by(tables.audit_event.c.id)).scalars())


# ---- hashing ----------------------------------------------------------------------------------------------


def test_passwords_are_argon2id_with_the_policy_parameters() -> None:
    stored = passwords.hash_password(PASSWORD, PasswordHasher())
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_password(stored, PASSWORD, PasswordHasher()) == passwords.Verified(ok=True)
    assert not passwords.verify_password(stored, PASSWORD + "x", PasswordHasher()).ok
    assert not passwords.verify_password("not a hash", PASSWORD).ok
    assert passwords.check_policy("short") and passwords.check_policy(" " * 12)
    assert passwords.check_policy(PASSWORD) is None


def test_a_hash_made_with_old_parameters_is_replaced_at_login() -> None:
    old, new = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1), PasswordHasher(2, 16, parallelism=1)
    stored = passwords.hash_password(PASSWORD, old)
    verified = passwords.verify_password(stored, PASSWORD, new)
    assert verified.ok and verified.new_hash is not None and "m=16,t=2" in verified.new_hash
    assert passwords.verify_password(verified.new_hash, PASSWORD, new) == passwords.Verified(ok=True)
    assert passwords.verify_password(stored, "wrong password 123", new).new_hash is None


def test_login_stores_the_upgraded_hash(engine: Engine, server: ServerState, monkeypatch: pytest.MonkeyPatch) -> None:
    make_user(engine)
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    register(engine, server, code=code_for(engine))
    with engine.connect() as conn:
        stored = conn.execute(select(tables.users.c.password_hash)).scalar_one()
    assert "m=16,t=2,p=1" in stored


# ---- TOTP -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("unix_time", "sha1", "sha256", "sha512"), [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
])  # fmt: skip
def test_totp_matches_rfc6238_appendix_b(unix_time: int, sha1: str, sha256: str, sha512: str) -> None:
    assert totp.totp(RFC_SHA1_KEY, unix_time, digits=8) == sha1
    assert totp.totp(b"12345678901234567890123456789012", unix_time, digits=8, digest="sha256") == sha256
    assert totp.totp(b"1234567890" * 6 + b"1234", unix_time, digits=8, digest="sha512") == sha512


def test_totp_accepts_one_step_of_drift_and_never_the_same_step_twice() -> None:
    secret = totp.new_secret()
    now = 1_700_000_000.0
    step = totp.time_step(now)
    for offset in (-30, 0, 30):
        assert totp.verify(secret, totp.code_at(secret, now + offset), now) == step + offset // 30
    for offset in (-60, 60):
        assert totp.verify(secret, totp.code_at(secret, now + offset), now) is None
    assert totp.verify(secret, totp.code_at(secret, now), now, last_used_step=step) is None
    assert totp.verify(secret, "12345", now) is None and totp.verify(secret, "abcdef", now) is None


def test_provisioning_uri() -> None:
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", "ana")
    assert uri.startswith("otpauth://totp/Coach%20Desktop:ana?secret=JBSWY3DPEHPK3PXP&issuer=Coach+Desktop")
    assert "algorithm=SHA1&digits=6&period=30" in uri


# ---- users and enrolment codes ----------------------------------------------------------------------------


def test_create_user_validates_its_input(engine: Engine, fast_hashing: None) -> None:
    make_user(engine, "sup", role="supervisor")
    bad: list[dict[str, Any]] = [
        {"username": "Has Space"}, {"role": "root"}, {"password": "short"}, {"username": "sup"},
        {"supervisor_username": "nobody"}, {"role": "admin", "supervisor_username": "sup"},
    ]  # fmt: skip
    for overrides in bad:
        args = {"tenant_id": "t1", "username": "new.user", "role": "coach", "password": PASSWORD, **overrides}
        with engine.begin() as conn, pytest.raises(IdentityError):
            identity.create_user(conn, **args)
    with engine.begin() as conn:
        made = identity.create_user(conn, tenant_id="t1", username="New.User", role="coach", password=PASSWORD,
                                    supervisor_username="SUP")  # fmt: skip
        row = conn.execute(select(tables.users).where(tables.users.c.id == made.user_id)).one()
    assert row.username == "new.user" and row.supervisor_id is not None and PASSWORD not in row.password_hash


def test_enrolment_code_is_single_use_stored_hashed_and_expires(engine: Engine, server: ServerState) -> None:
    make_user(engine)
    code = code_for(engine)
    with engine.connect() as conn:
        stored = conn.execute(select(tables.enrolment_code)).one()
    assert stored.code_hash != code and code not in stored.code_hash
    assert register(engine, server, code=code.lower().replace("-", " ")).role == "coach"  # typed loosely: still ok
    again = refused(lambda: register(engine, server, code=code))
    assert (again.status, again.code) == (401, ErrorCode.UNAUTHORIZED)
    old = code_for(engine, now=NOW - timedelta(hours=72, seconds=1))
    assert refused(lambda: register(engine, server, code=old)).status == 401
    fresh = code_for(engine, now=NOW - timedelta(hours=71))
    assert register(engine, server, code=fresh).user_id
    make_user(engine, "ben")
    assert refused(lambda: register(engine, server, username="ana", code=code_for(engine, "ben"))).status == 401


# ---- throttling -------------------------------------------------------------------------------------------


def test_five_failures_in_15_minutes_lock_the_account_and_raise_an_alert(engine: Engine, server: ServerState) -> None:
    make_user(engine)
    code = code_for(engine)
    for i in range(5):
        failure = refused(lambda i=i: register(engine, server, password="wrong password!", code=code,
                                               now=NOW + timedelta(minutes=2 * i)))  # fmt: skip
        assert (failure.status, failure.code, failure.wipe) == (401, ErrorCode.UNAUTHORIZED, None)
    locked = refused(lambda: register(engine, server, code=code, now=NOW + timedelta(minutes=9)))
    assert (locked.status, locked.code) == (429, ErrorCode.RATE_LIMITED)
    assert 0 < (locked.retry_after or 0) <= 15 * 60
    assert audit_actions(engine).count("login_fail") == 5 and "login_alert" in audit_actions(engine)
    with engine.connect() as conn:
        assert conn.execute(select(tables.users.c.failed_logins)).scalar_one() == 5
    # 15 minutes after the lock started, the right password works again (and the code was not used up).
    assert register(engine, server, code=code, now=NOW + timedelta(minutes=8, seconds=1) + timedelta(minutes=15))


def test_failures_spread_over_more_than_15_minutes_do_not_lock(engine: Engine, server: ServerState) -> None:
    make_user(engine)
    code = code_for(engine)
    for i in range(6):
        refused(lambda i=i: register(engine, server, password="wrong password!", code=code,
                                     now=NOW + timedelta(minutes=4 * i)))  # fmt: skip
    assert register(engine, server, code=code, now=NOW + timedelta(minutes=25)).user_id
    assert "login_alert" not in audit_actions(engine)


def test_unknown_user_gets_the_wrong_password_answer_and_is_throttled_too(engine: Engine, server: ServerState) -> None:
    make_user(engine)
    wrong = refused(lambda: register(engine, server, password="wrong password!", code=code_for(engine)))
    unknown = refused(lambda: register(engine, server, username="nobody"))
    assert (unknown.status, unknown.code, str(unknown.detail)) == (wrong.status, wrong.code, str(wrong.detail))
    for _ in range(4):
        refused(lambda: register(engine, server, username="nobody"))
    assert refused(lambda: register(engine, server, username="nobody")).status == 429
    with engine.connect() as conn:
        keys = set(conn.execute(select(tables.audit_event.c.object_id)).scalars())
    assert not any("nobody" in key for key in keys)  # a keyed digest, never what was typed


# ---- MFA --------------------------------------------------------------------------------------------------


def test_mfa_required_flag_and_totp_codes(engine: Engine, server: ServerState) -> None:
    make_user(engine, "ben")
    strict = ServerSettings(default_tenant="t1", mfa_required=True)
    failure = refused(lambda: register(engine, server, username="ben", code=code_for(engine, "ben"), settings=strict))
    assert (failure.status, failure.code) == (401, ErrorCode.MFA_REQUIRED)  # no authenticator: cannot sign in
    assert register(engine, server, username="ben", code=code_for(engine, "ben")).role == "coach"  # flag off

    secret = make_user(engine, with_totp=True).totp_uri.split("secret=")[1].split("&")[0]  # type: ignore[union-attr]
    code = code_for(engine)
    missing = refused(lambda: register(engine, server, code=code))
    assert (missing.status, missing.code) == (401, ErrorCode.MFA_REQUIRED)
    wrong = refused(lambda: register(engine, server, code=code, totp_code="000000"))
    assert wrong.code == ErrorCode.MFA_REQUIRED
    assert audit_actions(engine).count("login_fail") == 2  # no_mfa and the wrong code; a missing code is a prompt
    current = totp.code_at(secret, NOW.timestamp())
    assert register(engine, server, code=code, totp_code=current).role == "coach"
    replay = refused(lambda: register(engine, server, code=code_for(engine), totp_code=current))
    assert replay.code == ErrorCode.MFA_REQUIRED


# ---- tokens -----------------------------------------------------------------------------------------------


def test_access_tokens_live_15_minutes_and_refresh_rotates(engine: Engine, server: ServerState) -> None:
    make_user(engine)
    first = register(engine, server, code=code_for(engine))
    assert first.access_expires_at - NOW <= timedelta(minutes=15)
    settings = ServerSettings(default_tenant="t1")
    request = RefreshRequest(device_id=first.device_id, refresh_token=first.refresh_token)
    second = refresh_tokens(engine, server, settings, request, now=NOW + timedelta(minutes=20))
    assert second.refresh_token != first.refresh_token and second.device_id == first.device_id
    third = refresh_tokens(engine, server, settings, RefreshRequest(device_id=first.device_id,
                           refresh_token=second.refresh_token), now=NOW + timedelta(minutes=22))  # fmt: skip
    assert third.access_token != second.access_token
    reused = refused(lambda: refresh_tokens(engine, server, settings, request, now=NOW + timedelta(minutes=23)))
    assert (reused.status, reused.code, reused.wipe) == (401, ErrorCode.UNAUTHORIZED, None)
    with engine.connect() as conn:
        assert conn.execute(select(tables.device.c.refresh_token_hash)).scalar_one() == token_hash(third.refresh_token)
    # Rotation never extends the 30 days: the user signs in again (with MFA) at least that often (R11).
    tokens = third
    for day in (10, 20, 29):
        request = RefreshRequest(device_id=tokens.device_id, refresh_token=tokens.refresh_token)
        tokens = refresh_tokens(engine, server, settings, request, now=NOW + timedelta(days=day))
    request = RefreshRequest(device_id=tokens.device_id, refresh_token=tokens.refresh_token)
    expired = refused(lambda: refresh_tokens(engine, server, settings, request, now=NOW + timedelta(days=30)))
    assert expired.status == 401


def test_a_rotation_whose_answer_was_lost_can_be_asked_again(engine: Engine, server: ServerState) -> None:
    """Found by the kill tests: a client killed (or cut off) after the server rotated its refresh token, before
    it stored the new one, was locked out for good. Asking again with the old token gets the same new token (so
    a request delivered twice rotates nothing away), until the device has used the new one."""
    make_user(engine)
    first = register(engine, server, code=code_for(engine))
    settings = ServerSettings(default_tenant="t1")

    def refresh(token: str, minutes: int) -> TokenResponse:
        body = RefreshRequest(device_id=first.device_id, refresh_token=token)
        return refresh_tokens(engine, server, settings, body, now=NOW + timedelta(minutes=minutes))

    lost = refresh(first.refresh_token, 1)  # the answer never reached the device
    again = refresh(first.refresh_token, 2)  # so it asks again with the token it has
    assert again.refresh_token == lost.refresh_token != first.refresh_token
    assert again.access_token != lost.access_token
    latest = refresh(again.refresh_token, 3)  # the device uses its new token: the one before it is finished
    assert refused(lambda: refresh(first.refresh_token, 4)).code == ErrorCode.UNAUTHORIZED
    assert refresh(again.refresh_token, 5).refresh_token == latest.refresh_token  # its own answer, again
    with engine.connect() as conn:
        assert conn.execute(select(tables.device.c.refresh_token_hash)).scalar_one() == token_hash(latest.refresh_token)


def test_a_refresh_token_only_works_for_its_own_device(engine: Engine, server: ServerState) -> None:
    make_user(engine)
    device_a = register(engine, server, code=code_for(engine))
    device_b = register(engine, server, code=code_for(engine))
    settings = ServerSettings(default_tenant="t1")
    crossed = RefreshRequest(device_id=device_b.device_id, refresh_token=device_a.refresh_token)
    failure = refused(lambda: refresh_tokens(engine, server, settings, crossed, now=NOW))
    assert (failure.status, failure.code) == (401, ErrorCode.UNAUTHORIZED)
    unknown = RefreshRequest(device_id=uuid.uuid4(), refresh_token=device_a.refresh_token)
    assert refused(lambda: refresh_tokens(engine, server, settings, unknown, now=NOW)).code == ErrorCode.UNAUTHORIZED
    own = RefreshRequest(device_id=device_a.device_id, refresh_token=device_a.refresh_token)
    assert refresh_tokens(engine, server, settings, own, now=NOW).device_id == device_a.device_id


def test_revoked_and_retired_devices(engine: Engine, server: ServerState) -> None:
    make_user(engine)
    settings = ServerSettings(default_tenant="t1")
    lost, replaced = (register(engine, server, code=code_for(engine)) for _ in range(2))
    with engine.begin() as conn:
        assert revoke_device(conn, str(lost.device_id), actor_user_id="cli", reason="lost").status == "revoked"
        assert revoke_device(conn, str(replaced.device_id), actor_user_id="cli", retire=True).status == "retiring"
        assert revoke_device(conn, str(lost.device_id), actor_user_id="cli", retire=True).status == "revoked"
        rows = {r.device_id: r for r in conn.execute(select(tables.device))}
    assert rows[str(lost.device_id)].refresh_token_hash is None and rows[str(lost.device_id)].wipe_requested
    assert rows[str(lost.device_id)].revoke_reason == "lost"
    request = RefreshRequest(device_id=lost.device_id, refresh_token=lost.refresh_token)
    failure = refused(lambda: refresh_tokens(engine, server, settings, request, now=NOW))
    assert (failure.status, failure.code, failure.wipe) == (401, ErrorCode.DEVICE_REVOKED, True)
    # A retiring device still refreshes: it has an outbox to push before it wipes itself.
    request = RefreshRequest(device_id=replaced.device_id, refresh_token=replaced.refresh_token)
    assert refresh_tokens(engine, server, settings, request, now=NOW).device_id == replaced.device_id
    with engine.begin() as conn, pytest.raises(IdentityError):
        revoke_device(conn, str(replaced.device_id), actor_user_id="cli", reason="Free text with PHI")


# ---- audit ------------------------------------------------------------------------------------------------


def test_audit_events_are_opaque_and_append_only(engine: Engine, server: ServerState) -> None:
    make_user(engine)
    tokens = register(engine, server, code=code_for(engine))
    refused(lambda: register(engine, server, password="wrong password!"))
    with engine.connect() as conn:
        rows = [tuple(map(str, r)) for r in conn.execute(select(tables.audit_event))]
    actions = {r[5] for r in rows}
    assert {"user_create", "enrolment_code_issue", "login_ok", "device_register", "login_fail"} <= actions
    flat = " ".join(" ".join(r) for r in rows)
    assert "ana" not in flat and PASSWORD not in flat and str(tokens.device_id) in flat
    audit = tables.audit_event
    for statement in (update(audit).values(outcome="edited"), delete(audit)):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(statement)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit)).scalar_one() == len(rows)
        if conn.dialect.name == "postgresql":
            with pytest.raises(DBAPIError, match="append-only"):
                conn.execute(text("TRUNCATE audit_event"))


# ---- over HTTP --------------------------------------------------------------------------------------------


@pytest.fixture
def live(db_url: str, fast_hashing: None) -> Iterator[LiveServer]:
    server = LiveServer(db_url, default_tenant="t1")
    with server:
        yield server


def test_revocation_applies_to_the_next_request_and_only_it_asks_for_a_wipe(live: LiveServer) -> None:
    make_user(live.engine, "adm", role="admin")
    make_user(live.engine, "ana")
    tokens = {}
    for name in ("adm", "ana"):
        code = code_for(live.engine, name, datetime.now(UTC))
        body = {"username": name, "password": PASSWORD, "enrolment_code": code, "device_name": "laptop"}
        response = requests.post(live.base_url + "/v1/devices/register", json=body, timeout=10)
        assert response.status_code == 201, response.text
        tokens[name] = response.json()
    ana = {"Authorization": f"Bearer {tokens['ana']['access_token']}"}
    assert requests.get(live.base_url + "/v1/devices/me", headers=ana, timeout=10).status_code == 200
    generic = requests.get(live.base_url + "/v1/devices/me", headers={"Authorization": "Bearer nope"}, timeout=10)
    assert generic.status_code == 401 and "wipe" not in generic.json()
    forbidden = requests.post(f"{live.base_url}/v1/admin/devices/{tokens['adm']['device_id']}/revoke", json={},
                              headers=ana, timeout=10)  # fmt: skip
    assert forbidden.status_code == 403 and forbidden.json()["error"] == "forbidden"
    with live.engine.connect() as conn:
        assert "denied" in set(conn.execute(select(tables.audit_event.c.outcome)).scalars())
    admin = {"Authorization": f"Bearer {tokens['adm']['access_token']}"}
    revoke = requests.post(f"{live.base_url}/v1/admin/devices/{tokens['ana']['device_id']}/revoke",
                           json={"mode": "revoke", "reason": "stolen"}, headers=admin, timeout=10)  # fmt: skip
    assert revoke.status_code == 200 and revoke.json()["status"] == "revoked"
    after = requests.get(live.base_url + "/v1/devices/me", headers=ana, timeout=10)  # same, unexpired token
    assert after.status_code == 401 and after.json() == {"error": "device_revoked", "detail": after.json()["detail"],
                                                         "wipe": True}  # fmt: skip
    refresh = requests.post(live.base_url + "/v1/auth/refresh", timeout=10, json={
        "device_id": tokens["ana"]["device_id"], "refresh_token": tokens["ana"]["refresh_token"]})  # fmt: skip
    assert refresh.status_code == 401 and refresh.json()["error"] == "device_revoked"
    not_admin = requests.post(f"{live.base_url}/v1/admin/devices/{tokens['adm']['device_id']}/revoke", json={},
                              headers=ana, timeout=10)  # fmt: skip
    assert not_admin.status_code == 401  # a revoked device cannot do anything, admin routes included
