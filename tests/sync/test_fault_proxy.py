"""The test fault proxy against a tiny stdlib HTTP/1.1 server: pass-through, keep-alive, and every fault kind."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.fault_proxy import (
    FaultProxy,
    Request,
    blackhole,
    delay,
    drop_after_commit,
    duplicate,
    reset,
    truncate,
)


class Counter(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.bodies: list[bytes] = []
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Counter

    def do_POST(self) -> None:  # one "commit" per request: the body is kept, the answer says how many so far
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.server.lock:
            self.server.bodies.append(body)
            count = len(self.server.bodies)
        self._send(json.dumps({"n": count, "echo": body.decode()}).encode())

    def do_GET(self) -> None:
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"hello ", b"chunked ", b"world"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        self._send(b"x" * 5000)

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[Counter]:
    server = Counter()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy(upstream: Counter) -> Iterator[FaultProxy]:
    with FaultProxy(f"http://127.0.0.1:{upstream.server_address[1]}") as p:
        yield p


def _conn(proxy: FaultProxy, timeout: float = 5.0) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=timeout)


def _post(conn: http.client.HTTPConnection, body: str) -> dict[str, object]:
    conn.request("POST", "/count", body=body.encode(), headers={"Content-Type": "text/plain"})
    response = conn.getresponse()
    return json.loads(response.read())


def test_keep_alive_requests_pass_through_on_one_connection(proxy: FaultProxy, upstream: Counter) -> None:
    conn = _conn(proxy)
    answers = [_post(conn, f"edit {i}") for i in range(3)]
    assert [a["n"] for a in answers] == [1, 2, 3] and answers[2]["echo"] == "edit 2"
    conn.request("GET", "/big")
    assert conn.getresponse().read() == b"x" * 5000
    assert {e.request.conn_id for e in proxy.exchanges} == {proxy.exchanges[0].request.conn_id}
    assert [e.request.index for e in proxy.exchanges] == [0, 1, 2, 3]
    assert upstream.bodies == [b"edit 0", b"edit 1", b"edit 2"]


def test_back_to_back_requests_in_one_write_are_split_by_content_length(proxy: FaultProxy, upstream: Counter) -> None:
    one = b"POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst"
    two = b"POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nsecond"
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
        sock.sendall(one + two)
        received = b""
        while received.count(b'"echo"') < 2:
            chunk = sock.recv(65536)
            assert chunk, "the proxy closed the connection early"
            received += chunk
    assert upstream.bodies == [b"first", b"second"]
    assert [e.request.raw for e in proxy.exchanges] == [one, two]


def test_a_chunked_answer_passes_through(proxy: FaultProxy) -> None:
    conn = _conn(proxy)
    conn.request("GET", "/chunked")
    assert conn.getresponse().read() == b"hello chunked world"
    conn.request("GET", "/big")  # the connection is still usable: the chunk framing was found
    assert len(conn.getresponse().read()) == 5000


def test_drop_after_commit_the_server_acted_the_client_saw_nothing(proxy: FaultProxy, upstream: Counter) -> None:
    proxy.once(drop_after_commit(), path="/count")
    with pytest.raises(http.client.RemoteDisconnected):
        _post(_conn(proxy), "committed")
    assert upstream.bodies == [b"committed"]
    assert proxy.exchanges[0].response is not None and b'"n": 1' in proxy.exchanges[0].response
    assert _post(_conn(proxy), "next")["n"] == 2  # only that one request was faulted


def test_truncate_cuts_the_answer_after_n_bytes(proxy: FaultProxy, upstream: Counter) -> None:
    proxy.once(truncate(1000), path="/big")
    conn = _conn(proxy)
    conn.request("GET", "/big")
    response = conn.getresponse()  # the whole header block, then part of the 5000-byte body
    with pytest.raises(http.client.IncompleteRead) as caught:
        response.read()
    head = len(proxy.exchanges[0].response or b"") - 5000
    assert len(caught.value.partial) == 1000 - head


def test_reset_after_the_server_acted_is_a_connection_reset(proxy: FaultProxy, upstream: Counter) -> None:
    proxy.once(reset())
    with pytest.raises(ConnectionResetError):
        _post(_conn(proxy), "committed then reset")
    assert upstream.bodies == [b"committed then reset"]


def test_reset_before_the_server_means_the_server_never_saw_it(proxy: FaultProxy, upstream: Counter) -> None:
    proxy.once(reset(before_server=True))
    with pytest.raises(ConnectionResetError):
        _post(_conn(proxy), "never arrives")
    proxy.wait_idle()
    assert upstream.bodies == [] and proxy.exchanges[0].response is None


@pytest.mark.parametrize("later", [False, True])
def test_duplicate_replays_the_same_bytes(proxy: FaultProxy, upstream: Counter, later: bool) -> None:
    proxy.once(duplicate(2, later=later))
    answer = _post(_conn(proxy), "twice or more")
    proxy.wait_idle()
    assert answer["echo"] == "twice or more"
    assert upstream.bodies == [b"twice or more"] * 3
    replays = proxy.exchanges[0].replays
    assert len(replays) == 2 and all(r is not None and b"twice or more" in r for r in replays)


def test_blackhole_swallows_the_request_until_the_client_gives_up(proxy: FaultProxy, upstream: Counter) -> None:
    proxy.once(blackhole(1.0))
    with pytest.raises(TimeoutError):
        _post(_conn(proxy, timeout=0.3), "into the void")
    assert _post(_conn(proxy), "after")["n"] == 1
    assert upstream.bodies == [b"after"]


def test_a_partition_blackholes_every_request_in_its_window(proxy: FaultProxy, upstream: Counter) -> None:
    proxy.partition(0.6)
    for _ in range(2):
        with pytest.raises(TimeoutError):
            _post(_conn(proxy, timeout=0.2), "lost")
    proxy.wait_idle()  # the swallowed requests end with the window
    assert _post(_conn(proxy), "healed")["n"] == 1


@pytest.mark.parametrize("on_response", [False, True])
def test_delay_holds_the_request_or_the_answer(proxy: FaultProxy, upstream: Counter, on_response: bool) -> None:
    proxy.once(delay(0.4, on_response=on_response))
    seen_at: list[float] = []
    start = time.monotonic()
    thread = threading.Thread(target=lambda: seen_at.append(_post(_conn(proxy), "slow")["n"] and time.monotonic()))
    thread.start()
    deadline = time.monotonic() + 5
    while not upstream.bodies and time.monotonic() < deadline:
        time.sleep(0.01)
    committed_after = time.monotonic() - start
    thread.join(5)
    assert seen_at and seen_at[0] - start >= 0.4
    assert (committed_after < 0.3) is on_response  # the answer waited, not the request


def test_a_plan_sees_each_request_with_its_connection_and_position(proxy: FaultProxy, upstream: Counter) -> None:
    seen: list[tuple[int, str]] = []

    def plan(request: Request) -> None:
        seen.append((request.index, request.method))

    proxy.plan = plan
    conn = _conn(proxy)
    _post(conn, "a")
    conn.request("GET", "/big")
    conn.getresponse().read()
    assert seen == [(0, "POST"), (1, "GET")]
