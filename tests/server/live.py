"""Loopback harness: the real app under uvicorn on 127.0.0.1 in a thread, and users + devices provisioned over HTTP.

    from tests.server.live import LiveServer, live_server, provision  # live_server is a pytest fixture

    with LiveServer(db_url) as base_url:
        ...
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import uvicorn
from sqlalchemy import Engine

from coach_desktop.sync.protocol import TokenResponse
from coach_server import identity, totp
from coach_server.app import create_app
from coach_server.db import make_engine
from coach_server.settings import ServerSettings

START_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
HTTP_TIMEOUT = 10.0
PASSWORD = "loopback test password 1"


class LiveServer:
    """``with LiveServer(db_url) as base_url``: the app on a free loopback port until the block ends.

    ``settings`` overrides (a smaller rate limit, say) are applied to ServerSettings(db_url=...). The engine is
    the server's own (``.engine``), for provisioning and for checking what the server wrote.
    """

    def __init__(self, db_url: str, engine: Engine | None = None, **settings: Any) -> None:
        self.settings = ServerSettings(db_url=db_url, **settings)
        self._own_engine = engine is None
        self.engine = engine or make_engine(db_url)
        self.base_url = ""
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    def __enter__(self) -> str:
        app = create_app(self.settings, self.engine)
        # proto=IPPROTO_TCP, as getaddrinfo gives uvicorn in production: asyncio only sets TCP_NODELAY on
        # connections of such a socket. With proto 0, every response (headers and body are two writes) waited
        # ~40 ms for a delayed ACK (Nagle): each loopback request took 10-20x longer than the server needed.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.bind(("127.0.0.1", 0))  # bound here, handed to uvicorn: no race for the port
        port = self._socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_keep_alive=5)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name="live-server", daemon=True)  # fmt: skip
        self._thread.start()
        self.base_url = f"http://127.0.0.1:{port}"
        try:
            self._wait_healthy()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self.base_url

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._thread is not None and not self._thread.is_alive():
                raise RuntimeError("the live server stopped while starting")
            try:
                if requests.get(self.base_url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"the live server did not answer /healthz within {START_TIMEOUT} s")

    def __exit__(self, *_exc: object) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(STOP_TIMEOUT)
            if self._thread.is_alive():  # open keep-alive connections: stop without waiting for them
                self._server.force_exit = True
                self._thread.join(STOP_TIMEOUT)
        if self._socket is not None:
            self._socket.close()
        if self._own_engine:
            self.engine.dispose()
        self._server = self._thread = self._socket = None


@pytest.fixture
def live_server(db_url: str) -> Iterator[LiveServer]:
    """A running server on the test's database (SQLite and PostgreSQL): use ``.base_url`` and ``.engine``."""
    server = LiveServer(db_url)
    with server:
        yield server


# ---- provisioning ----------------------------------------------------------------------------------------


@dataclass
class Account:
    username: str
    role: str
    user_id: str
    password: str = PASSWORD
    totp_secret: str | None = None
    tokens: TokenResponse | None = None

    @property
    def auth(self) -> dict[str, str]:
        """The Authorization header of this account's registered device."""
        assert self.tokens is not None, "no device registered for this account"
        return {"Authorization": f"Bearer {self.tokens.access_token}"}


@dataclass
class Provisioned:
    tenant_id: str
    accounts: dict[str, Account] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Account:
        return self.accounts[name]


# name → (username, role); coach_a and coach_b report to the supervisor
DEFAULT_ACCOUNTS = {
    "coach_a": ("coach.a", "coach"), "coach_b": ("coach.b", "coach"), "supervisor": ("super.visor", "supervisor"),
    "facilitator": ("facil.itator", "facilitator"), "admin": ("ad.min", "admin"),
}  # fmt: skip


def provision(engine: Engine, base_url: str, *, tenant_id: str = "default", register: Sequence[str] | None = None,
              with_totp: Sequence[str] = ()) -> Provisioned:  # fmt: skip
    """Create the tenant and the five default accounts, then register one device per account over HTTP.

    ``register`` limits which accounts get a device (default: all); ``with_totp`` gives accounts an
    authenticator (their registration then sends the current code).
    """
    result = Provisioned(tenant_id)
    with engine.begin() as conn:
        identity.ensure_tenant(conn, tenant_id)
        for name in ("supervisor", "coach_a", "coach_b", "facilitator", "admin"):
            username, role = DEFAULT_ACCOUNTS[name]
            new = identity.create_user(conn, tenant_id=tenant_id, username=username, role=role, password=PASSWORD,
                                       supervisor_username="super.visor" if role == "coach" else None,
                                       with_totp=name in with_totp)  # fmt: skip
            secret = new.totp_uri.split("secret=", 1)[1].split("&", 1)[0] if new.totp_uri else None
            result.accounts[name] = Account(username, role, new.user_id, totp_secret=secret)
    for name in register if register is not None else list(result.accounts):
        account = result.accounts[name]
        account.tokens = register_device(engine, base_url, account)
    return result


def register_device(engine: Engine, base_url: str, account: Account, device_name: str = "test laptop") -> TokenResponse:
    """Issue an enrolment code for ``account`` and register a new device with it (201 expected)."""
    with engine.begin() as conn:
        code = identity.issue_enrolment_code(conn, account.username).code
    body: dict[str, Any] = {"username": account.username, "password": account.password, "enrolment_code": code,
                            "device_name": device_name, "app_version": "test"}  # fmt: skip
    if account.totp_secret:
        body["totp"] = totp.code_at(account.totp_secret, time.time())
    response = requests.post(base_url + "/v1/devices/register", json=body, timeout=HTTP_TIMEOUT)
    assert response.status_code == 201, response.text
    return TokenResponse.model_validate(response.json())
