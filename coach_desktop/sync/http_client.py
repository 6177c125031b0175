"""CoachSync HTTP client: one requests.Session, strict TLS, timeouts, capped bodies, retries, token refresh."""

from __future__ import annotations

import json
import os
import random
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError
from requests.auth import AuthBase
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError

from .. import __version__
from .crashpoints import crashpoint
from .errors import SyncError, SyncErrorKind
from .protocol import (
    MAX_RESPONSE_BYTES,
    SCHEMA_VERSION,
    ErrorBody,
    ErrorCode,
    HelloResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    RefreshRequest,
    RegisterRequest,
    SnapshotRequest,
    SnapshotResponse,
    TokenResponse,
    WipeAck,
    WireModel,
)
from .retry import RetryPolicy, Sleeper, event_sleep, parse_retry_after

DEFAULT_TIMEOUTS = (10.0, 30.0)  # (connect, read) seconds: SECURITY T-NET-1
WIPE_ACK_TIMEOUTS = (5.0, 5.0)  # the wipe already happened; never hold the UI for a courtesy call
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
CHUNK_BYTES = 64 * 1024
# 409 in_progress: the first copy of this push is still being applied (a retry after a timeout). Waiting is
# all there is to do; the first copy may need as long as a read timeout, so the budget covers about that.
IN_PROGRESS_WAITS = 20
IN_PROGRESS_FIRST_DELAY = 0.25  # seconds, doubling to IN_PROGRESS_MAX_DELAY: 0.25+0.5+1+2+16*4 ≈ 68 s at most
IN_PROGRESS_MAX_DELAY = 4.0
USER_AGENT = f"CoachDesktop/{__version__} python-requests/{requests.__version__}"

CAPTIVE_PORTAL = ("The network answered instead of the Coach server. You may need to sign in to the Wi-Fi "
                  "(open a web browser). Your changes are saved.")  # fmt: skip
REDIRECTED = "The network sent Coach somewhere else instead of the Coach server. Your changes are saved."
TLS_FAILED = ("The Coach server's security certificate could not be verified, so Coach did not connect. "
              "Your changes are saved; please tell IT.")  # fmt: skip
NOT_ENROLLED = "This computer is not enrolled with a Coach server yet. Enrol it first (coachctl enroll)."
BAD_ADDRESS = "The Coach server address must start with https:// (plain http only for this computer itself)."

M = TypeVar("M", bound=BaseModel)


class CredentialStore(Protocol):
    """Where the device id and the (rotating) refresh token live: inside the encrypted vault (SECURITY R11)."""

    def device_id(self) -> str | None: ...

    def refresh_token(self) -> str | None: ...

    def save_tokens(self, tokens: TokenResponse) -> None: ...


class _BearerAuth(AuthBase):
    """Set as ``auth=`` (not a plain header) so requests never swaps in ~/.netrc credentials."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request


class _Transient(Exception):
    """A failure worth retrying; ``sent`` says whether the server may have seen the request."""

    def __init__(self, sent: bool, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__("transient")
        self.sent, self.retry_after, self.status = sent, retry_after, status


def validate_server_url(url: str) -> str:
    """The base URL without a trailing slash; https only, plain http only for loopback (SECURITY R13)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        _ = parts.port  # raises ValueError for a garbled port
    except ValueError:
        raise SyncError(SyncErrorKind.PROTOCOL, BAD_ADDRESS) from None
    plain_ok = parts.scheme == "http" and host in LOOPBACK_HOSTS
    if not host or parts.username or parts.password or parts.query or parts.fragment:
        raise SyncError(SyncErrorKind.PROTOCOL, BAD_ADDRESS)
    if parts.scheme != "https" and not plain_ok:
        raise SyncError(SyncErrorKind.PROTOCOL, BAD_ADDRESS)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _unsent(exc: requests.RequestException) -> bool:
    """True when the request certainly never reached the server (safe to retry even a non-idempotent call)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError | NameResolutionError)


def _framed(response: requests.Response) -> bool:
    """Whether the answer says where it ends (Content-Length or chunked), as the Coach server's always do.

    http.client takes the end of the connection for the end of the header block, so an answer cut inside its
    headers reads as a complete, empty one; without a length it would pass as an answer (found by the fault
    proxy tests). A cut right after "content-length:" leaves the header there with no number: that is no length.
    HTML is let through for the captive-portal message; 204/304/1xx have no body at all.
    """
    headers = response.headers
    return (response.status_code in (204, 304) or response.status_code < 200
            or headers.get("content-length", "").strip().isdigit()
            or "chunked" in headers.get("transfer-encoding", "").lower()
            or _content_type(headers) in ("text/html", "application/xhtml+xml"))  # fmt: skip


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def _loads(content: bytes) -> Any:
    """Strict JSON: NaN/Infinity, undecodable bytes, absurd numbers and nesting all become PROTOCOL errors."""
    try:
        return json.loads(content.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise SyncError(SyncErrorKind.PROTOCOL, detail="malformed JSON") from None


def _content_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


class SyncClient:
    """The device's view of the server. Thread-safe for token refresh; one request at a time per engine."""

    def __init__(
        self, server_url: str, credentials: CredentialStore | None = None, *, ca_bundle: str | None = None,
        timeouts: tuple[float, float] = DEFAULT_TIMEOUTS, retry: RetryPolicy | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES, session: requests.Session | None = None,
        sleep: Sleeper = event_sleep, rng: Callable[[], float] = random.random,
        in_progress_waits: int = IN_PROGRESS_WAITS,
    ) -> None:  # fmt: skip
        self.base_url = validate_server_url(server_url)
        self.timeouts = timeouts
        self.retry = retry or RetryPolicy()
        self.max_response_bytes = max_response_bytes
        self._credentials = credentials
        self._verify: str | bool = str(ca_bundle) if ca_bundle else True  # a CA bundle path or True, never False
        self._session = session or requests.Session()
        # The environment is read once, here, as requests would on every request (~0.3 ms each): proxies for
        # this server (HTTPS_PROXY, NO_PROXY) and a CA bundle named there. ~/.netrc is then never consulted.
        self._session.trust_env = False
        self._session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
        if self._verify is True:
            self._verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        self._session.verify = self._verify
        self._session.max_redirects = 0
        self._session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json",
                                      "X-Coach-Schema": str(SCHEMA_VERSION)})  # fmt: skip
        self._sleep = sleep
        self._rng = rng
        self.in_progress_waits = in_progress_waits
        self._access_token: str | None = None  # memory only (SECURITY R11)
        self._token_device: str | None = None  # whose token it is: a re-enrolled vault must not reuse it
        self._token_lock = threading.Lock()
        self._pinned_device: str | None = None
        self.last_tokens: TokenResponse | None = None

    # ---- endpoints ------------------------------------------------------------------------------------

    def register(self, request: RegisterRequest) -> TokenResponse:
        """One-time enrolment. Never retried once sent: the enrolment code is single use."""
        return self._call("POST", "/v1/devices/register", TokenResponse, body=request, auth=False, retry="unsent")

    def hello(self, cancel: threading.Event | None = None) -> HelloResponse:
        return self._call("GET", "/v1/sync/hello", HelloResponse, cancel=cancel)

    def push(self, request: PushRequest, cancel: threading.Event | None = None) -> PushResponse:
        headers = {"Idempotency-Key": str(request.batch_id)}
        return self._call("POST", "/v1/sync/push", PushResponse, body=request, headers=headers, cancel=cancel)

    def pull(self, cursor: str | None, limit: int, cancel: threading.Event | None = None) -> PullResponse:
        params: dict[str, str | int] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self._call("GET", "/v1/sync/pull", PullResponse, params=params, cancel=cancel)

    def snapshot(self, request: SnapshotRequest, cancel: threading.Event | None = None) -> SnapshotResponse:
        return self._call("POST", "/v1/sync/snapshot", SnapshotResponse, body=request, cancel=cancel)

    def wipe_ack(self, ack: WipeAck) -> bool:
        """Best effort, with the access token still in memory (the vault and its refresh token may be gone)."""
        if self._access_token is None:
            return False
        try:
            self._call("POST", "/v1/devices/me/wipe-ack", None, body=ack, retry="none", refresh=False,
                       timeouts=WIPE_ACK_TIMEOUTS)  # fmt: skip
        except SyncError:
            return False
        return True

    def refresh(self, cancel: threading.Event | None = None) -> TokenResponse:
        """A new access token; the rotated refresh token is persisted before the new access token is used."""
        with self._token_lock:
            creds = self._credentials
            device_id = creds.device_id() if creds else None
            token = creds.refresh_token() if creds else None
            if creds is None or not device_id or not token:
                raise SyncError(SyncErrorKind.AUTH, NOT_ENROLLED)
            try:
                body = RefreshRequest(device_id=device_id, refresh_token=token)  # type: ignore[arg-type]
            except ValidationError:  # a damaged credential in the vault: enrol again, never a crash
                raise SyncError(SyncErrorKind.AUTH, NOT_ENROLLED, detail="stored credential malformed") from None
            tokens = self._call("POST", "/v1/auth/refresh", TokenResponse, body=body, auth=False, retry="unsent",
                                cancel=cancel)  # fmt: skip
            creds.save_tokens(tokens)
            self._access_token, self._token_device = tokens.access_token, device_id
            self.last_tokens = tokens
            return tokens

    def pin_device(self) -> None:
        """Read the enrolled device once until ``unpin_device``: a page fetched on the sync engine's feed thread then
        never waits for the vault connection the applying thread holds (re-enrolment happens between syncs)."""
        self._pinned_device = self._credentials.device_id() if self._credentials else None

    def unpin_device(self) -> None:
        self._pinned_device = None

    def _current_device(self) -> str | None:
        pinned = self._pinned_device
        return pinned if pinned is not None else (self._credentials.device_id() if self._credentials else None)

    def forget_access_token(self) -> None:
        self._access_token = None

    @property
    def has_access_token(self) -> bool:
        return self._access_token is not None

    def close(self) -> None:
        self._access_token = None
        self._session.close()

    # ---- the request loop -----------------------------------------------------------------------------

    def _call(
        self, method: str, path: str, model: type[M] | None, *, body: WireModel | None = None,
        params: Mapping[str, str | int] | None = None, headers: Mapping[str, str] | None = None, auth: bool = True,
        retry: str = "all", refresh: bool = True, cancel: threading.Event | None = None,
        timeouts: tuple[float, float] | None = None,
    ) -> Any:  # fmt: skip
        """retry: "all" (idempotent requests), "unsent" (only failures before sending), "none"."""
        data = body.model_dump_json(by_alias=True).encode("utf-8") if body is not None else None
        failures = waits = 0
        refreshed = False
        while True:
            _check_cancel(cancel)
            if auth and refresh and self._credentials and self._token_device != self._current_device():
                self._access_token = None  # enrolled again meanwhile: that token speaks for another device
            if auth and self._access_token is None:
                if not refresh:
                    raise SyncError(SyncErrorKind.AUTH, NOT_ENROLLED)
                self.refresh(cancel)
                refreshed = True
            try:
                status, response_headers, content = self._exchange(method, path, data, params, headers, auth,
                                                                   timeouts or self.timeouts)  # fmt: skip
            except _Transient as exc:
                failures = self._wait_or_raise(exc, failures, retry, cancel)
                continue
            if self._in_progress(status, response_headers, content):
                waits = self._wait_in_progress(waits, response_headers, cancel)
                continue
            if status in TRANSIENT_STATUSES:
                # A 429 comes from the rate limiter before the request is handled: safe to repeat even a refresh.
                transient = _Transient(status != 429, parse_retry_after(response_headers.get("retry-after")), status)
                failures = self._wait_or_raise(transient, failures, retry, cancel)
                continue
            error = None if 200 <= status < 300 else self._error(status, response_headers, content)
            if error is not None and status == 401 and auth and refresh and not refreshed \
                    and error.kind is SyncErrorKind.AUTH:  # fmt: skip
                self._access_token = None  # expired access token: refresh once, then repeat the request
                continue
            if error is not None:
                raise error
            return self._parse(model, response_headers, content)

    def _wait_or_raise(self, exc: _Transient, failures: int, retry: str, cancel: threading.Event | None) -> int:
        allowed = retry == "all" or (retry == "unsent" and not exc.sent)
        if not allowed or failures + 1 >= self.retry.attempts:
            if exc.status is not None and exc.status != 429:
                raise SyncError(SyncErrorKind.SERVER, status=exc.status, retry_after=exc.retry_after)
            raise SyncError(SyncErrorKind.NETWORK, status=exc.status, retry_after=exc.retry_after)
        if self._sleep(self.retry.delay(failures, exc.retry_after, self._rng), cancel):
            raise SyncError(SyncErrorKind.CANCELLED)
        return failures + 1

    def _wait_in_progress(self, waits: int, headers: Mapping[str, str], cancel: threading.Event | None) -> int:
        """Wait for the first copy of the same request to finish, then send it again unchanged (same
        Idempotency-Key): the server then answers with that copy's results. Bounded; a cancel ends the wait."""
        if waits >= self.in_progress_waits:
            raise SyncError(SyncErrorKind.SERVER, status=409, code=ErrorCode.IN_PROGRESS.value,
                            detail="the first copy of this batch is still being applied")  # fmt: skip
        retry_after = parse_retry_after(headers.get("retry-after"))
        delay = min(IN_PROGRESS_MAX_DELAY, IN_PROGRESS_FIRST_DELAY * 2 ** min(waits, 16))
        if retry_after is not None:
            delay = min(self.retry.cap, retry_after)
        else:
            delay *= 0.5 + 0.5 * self._rng()  # some jitter, never much shorter: the server is busy with it
        if self._sleep(delay, cancel):
            raise SyncError(SyncErrorKind.CANCELLED)
        return waits + 1

    def _exchange(
        self, method: str, path: str, data: bytes | None, params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None, auth: bool, timeouts: tuple[float, float],
    ) -> tuple[int, Mapping[str, str], bytes]:  # fmt: skip
        request_headers = dict(headers or {})
        if data is not None:
            request_headers["Content-Type"] = "application/json"
        token = self._access_token
        try:
            response = self._session.request(
                method, self.base_url + path, data=data, params=params, headers=request_headers, timeout=timeouts,
                allow_redirects=False, stream=True, verify=self._verify,
                auth=_BearerAuth(token) if auth and token else None,
            )  # fmt: skip
        except requests.exceptions.SSLError:
            raise SyncError(SyncErrorKind.NETWORK, TLS_FAILED) from None  # retrying will not fix a certificate
        except requests.TooManyRedirects:  # max_redirects = 0: a 3xx is refused before anything follows it
            raise SyncError(SyncErrorKind.NETWORK, REDIRECTED) from None
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _Transient(sent=not _unsent(exc)) from None
        except requests.RequestException:
            raise SyncError(SyncErrorKind.NETWORK) from None
        crashpoint("after_request_sent")
        with response:
            if 300 <= response.status_code < 400:
                raise SyncError(SyncErrorKind.NETWORK, REDIRECTED, status=response.status_code)  # never followed
            if not _framed(response):  # the connection dropped inside the header block: cut off, not answered
                raise _Transient(sent=True)
            content = self._read_capped(response)
            return response.status_code, response.headers, content

    def _read_capped(self, response: requests.Response) -> bytes:
        """The body, counted as it streams in (decompressed bytes): over the cap is refused (SECURITY R14)."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_response_bytes:
            raise SyncError(SyncErrorKind.PROTOCOL, detail="response too large", status=response.status_code)
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.iter_content(CHUNK_BYTES):
                total += len(chunk)
                if total > self.max_response_bytes:
                    raise SyncError(SyncErrorKind.PROTOCOL, detail="response too large", status=response.status_code)
                chunks.append(chunk)
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError):
            raise _Transient(sent=True) from None
        except requests.exceptions.ContentDecodingError:
            raise SyncError(SyncErrorKind.PROTOCOL, detail="undecodable body") from None
        return b"".join(chunks)

    # ---- answers --------------------------------------------------------------------------------------

    @staticmethod
    def _parse(model: type[M] | None, headers: Mapping[str, str], content: bytes) -> M | None:
        if model is None:
            return None
        kind = _content_type(headers)
        if kind in ("text/html", "application/xhtml+xml"):
            raise SyncError(SyncErrorKind.NETWORK, CAPTIVE_PORTAL)
        if kind != "application/json":
            raise SyncError(SyncErrorKind.PROTOCOL, detail="not JSON")
        data = _loads(content)
        try:
            return model.model_validate(data)
        except ValidationError:
            raise SyncError(SyncErrorKind.PROTOCOL, detail="answer does not match the protocol") from None

    @staticmethod
    def _error_body(headers: Mapping[str, str], content: bytes) -> ErrorBody | None:
        if _content_type(headers) != "application/json":
            return None
        try:
            return ErrorBody.model_validate(_loads(content))
        except (SyncError, ValidationError):
            return None

    def _in_progress(self, status: int, headers: Mapping[str, str], content: bytes) -> bool:
        """409 in_progress: the same batch is being applied by another request; wait and send it again."""
        if status != 409:
            return False
        body = self._error_body(headers, content)
        return body is not None and body.error is ErrorCode.IN_PROGRESS

    def _error(self, status: int, headers: Mapping[str, str], content: bytes) -> SyncError:
        body = self._error_body(headers, content)
        code = body.error if body else None
        extra: dict[str, Any] = {"status": status, "code": code.value if code else None,
                                 "detail": body.detail[:200] if body else ""}  # fmt: skip
        if body is not None:
            extra.update(wipe=body.wipe, expected_client_seq=body.expected_client_seq, min_schema=body.min_schema)
        if code is ErrorCode.DEVICE_REVOKED:
            extra["wipe"] = True if body is None or body.wipe is None else body.wipe
            return SyncError(SyncErrorKind.DEVICE_REVOKED, **extra)
        html = body is None and _content_type(headers) in ("text/html", "application/xhtml+xml")
        if status == 511 or (html and status < 500):  # 511: RFC 6585 "sign in to the network first"
            return SyncError(SyncErrorKind.NETWORK, CAPTIVE_PORTAL, **extra)
        return SyncError(_kind_for(status, code), **extra)


def _kind_for(status: int, code: ErrorCode | None) -> SyncErrorKind:
    if status in (401, 403):
        return SyncErrorKind.AUTH
    if status == 426 or code is ErrorCode.UPGRADE_REQUIRED:
        return SyncErrorKind.CLIENT_TOO_OLD
    if code is ErrorCode.EPOCH_CHANGED:
        return SyncErrorKind.EPOCH_CHANGED
    if status == 410:
        return SyncErrorKind.RESYNC
    if status >= 500:
        return SyncErrorKind.SERVER
    return SyncErrorKind.PROTOCOL


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise SyncError(SyncErrorKind.CANCELLED)

