"""Asyncio TCP fault proxy for sync tests: forwards HTTP/1.1 to a server and applies a scripted fault per request.

    with FaultProxy(live.base_url) as proxy:        # 127.0.0.1:<ephemeral>, its own thread and event loop
        proxy.once(drop_after_commit(), path="/v1/sync/push")
        client = SyncClient(proxy.base_url, ...)

Only as much HTTP as finding message boundaries needs (Content-Length, chunked, read-to-close), so keep-alive
connections carrying several requests work. Each request goes to the server on a fresh upstream connection;
the client's connection is what the faults act on. ``exchanges`` records what happened, replays included.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

LIMIT = 1 << 20  # longest header block or chunk-size line read in one go
START_TIMEOUT = 5.0


@dataclass(frozen=True)
class Fault:
    """What happens to one request; build it with the helpers below."""

    kind: str = "pass"  # pass | delay | cut | reset | duplicate | blackhole
    seconds: float = 0.0  # delay, blackhole
    after_bytes: int = 0  # cut: response bytes the client gets before the connection closes (FIN)
    before_server: bool = False  # reset before the request is forwarded (the server never sees it)
    on_response: bool = False  # delay the answer (the server has already acted) instead of the request
    copies: int = 1  # duplicate
    later: bool = False  # duplicate: replay once the original was answered, instead of at the same time


PASS = Fault()


def delay(seconds: float, *, on_response: bool = False) -> Fault:
    return Fault("delay", seconds=seconds, on_response=on_response)


def drop_after_commit() -> Fault:
    """The server answers in full; the client gets nothing and sees the connection close."""
    return Fault("cut", after_bytes=0)


def truncate(after_bytes: int) -> Fault:
    return Fault("cut", after_bytes=after_bytes)


def reset(*, before_server: bool = False) -> Fault:
    """RST (SO_LINGER 0) instead of the answer; ``before_server``: instead of forwarding the request."""
    return Fault("reset", before_server=before_server)


def duplicate(copies: int = 1, *, later: bool = False) -> Fault:
    return Fault("duplicate", copies=copies, later=later)


def blackhole(seconds: float) -> Fault:
    """Swallow the request and say nothing for ``seconds``, then drop the connection."""
    return Fault("blackhole", seconds=seconds)


@dataclass(frozen=True)
class Request:
    conn_id: int
    index: int  # position on its client connection (keep-alive)
    method: str
    path: str
    raw: bytes  # the exact bytes, as replayed


@dataclass
class Exchange:
    request: Request
    fault: Fault
    response: bytes | None = None  # the server's full answer (None: never forwarded, or the server failed)
    replays: list[bytes | None] = field(default_factory=list)  # the server's answers to the duplicates


Plan = Callable[[Request], Fault | None]


class FaultProxy:
    def __init__(self, upstream_url: str, plan: Plan | None = None) -> None:
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.plan = plan
        self.exchanges: list[Exchange] = []
        self.port = 0
        self._queued: list[tuple[str, Fault]] = []
        self._partition_until = 0.0
        self._active = 0
        self._idle = threading.Condition()
        self._conn_ids = itertools.count(1)
        self._later: set[asyncio.Future[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ---- scripting (any thread) -----------------------------------------------------------------------------

    def once(self, fault: Fault, *, path: str = "") -> None:
        """Apply ``fault`` to the next request whose path starts with ``path`` (queued in order)."""
        with self._idle:
            self._queued.append((path, fault))

    def partition(self, seconds: float) -> None:
        """Blackhole every request that arrives in the next ``seconds``."""
        with self._idle:
            self._partition_until = time.monotonic() + seconds

    def clear(self) -> int:
        """Drop the faults no request has taken yet, and any partition; returns how many were dropped."""
        with self._idle:
            dropped, self._queued, self._partition_until = len(self._queued), [], 0.0
        return dropped

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Until no request is being handled and no replay is under way (so the server has done its work)."""
        with self._idle:
            if not self._idle.wait_for(lambda: self._active == 0, timeout):
                raise TimeoutError(f"fault proxy still busy after {timeout} s")

    def _choose(self, request: Request) -> Fault:
        with self._idle:
            left = self._partition_until - time.monotonic()
            if left > 0:
                return blackhole(left)
            for i, (path, fault) in enumerate(self._queued):
                if request.path.startswith(path):
                    del self._queued[i]
                    return fault
        return (self.plan(request) if self.plan else None) or PASS

    def _busy(self, delta: int) -> None:
        with self._idle:
            self._active += delta
            self._idle.notify_all()

    # ---- lifecycle ----------------------------------------------------------------------------------------

    def __enter__(self) -> FaultProxy:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="fault-proxy", daemon=True)
        self._thread.start()
        if not ready.wait(START_TIMEOUT):
            raise RuntimeError("fault proxy did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(START_TIMEOUT)

    def _run(self, ready: threading.Event) -> None:
        asyncio.run(self._main(ready))  # cancels whatever is still running when the proxy stops

    async def _main(self, ready: threading.Event) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0, limit=LIMIT)
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        async with server:
            await self._stop.wait()

    # ---- one client connection ----------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn_id = next(self._conn_ids)
        try:
            for index in itertools.count():
                head = await _read_head(reader)
                if head is None:
                    return
                method, path = head.split(b" ", 2)[:2]
                raw = head + await _read_body(reader, head, request=True)
                request = Request(conn_id, index, method.decode("latin-1"), path.decode("latin-1"), raw)
                self._busy(+1)
                try:
                    if not await self._handle(request, self._choose(request), writer):
                        return
                finally:
                    self._busy(-1)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            writer.transport.abort()
        except asyncio.CancelledError:  # the proxy is stopping; ending quietly keeps 3.11 from logging the cancel
            writer.transport.abort()
        finally:
            writer.close()

    async def _handle(self, request: Request, fault: Fault, writer: asyncio.StreamWriter) -> bool:
        """Act out ``fault``; True when the client connection stays open for its next request."""
        exchange = Exchange(request, fault)
        self.exchanges.append(exchange)
        if fault.kind == "blackhole":
            await asyncio.sleep(fault.seconds)
            writer.transport.abort()
            return False
        if fault.kind == "reset" and fault.before_server:
            _reset(writer)
            return False
        if fault.kind == "delay" and not fault.on_response:
            await asyncio.sleep(fault.seconds)
        replays = []
        if fault.kind == "duplicate" and not fault.later:
            replays = [asyncio.ensure_future(self._replay(exchange)) for _ in range(fault.copies)]
        exchange.response = await self._forward(request)
        if fault.kind == "duplicate" and fault.later:
            self._busy(+1)  # counted until the replays are done, after the client has its answer
            task = asyncio.ensure_future(self._replay_later(exchange, fault.copies))
            self._later.add(task)  # a reference, so the task is not collected mid-way
            task.add_done_callback(self._later.discard)
        await asyncio.gather(*replays)
        if exchange.response is None or fault.kind == "reset":
            _reset(writer)
            return False
        if fault.kind == "delay" and fault.on_response:
            await asyncio.sleep(fault.seconds)
        if fault.kind == "cut":
            writer.write(exchange.response[: fault.after_bytes])
            await writer.drain()
            return False  # the finally in _serve closes with a FIN
        writer.write(exchange.response)
        await writer.drain()
        return b"\r\nconnection: close" not in exchange.response.split(b"\r\n\r\n", 1)[0].lower()

    async def _forward(self, request: Request) -> bytes | None:
        """The request on a fresh upstream connection; the complete answer, or None if the server failed."""
        try:
            reader, writer = await asyncio.open_connection(*self.upstream, limit=LIMIT)
        except OSError:
            return None
        try:
            writer.write(request.raw)
            await writer.drain()
            head = await _read_head(reader)
            if head is None:
                return None
            return head + await _read_body(reader, head, request=False, method=request.method)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            return None
        finally:
            writer.transport.abort()

    async def _replay(self, exchange: Exchange) -> None:
        self._busy(+1)
        try:
            exchange.replays.append(await self._forward(exchange.request))
        finally:
            self._busy(-1)

    async def _replay_later(self, exchange: Exchange, copies: int) -> None:
        try:
            for _ in range(copies):
                await self._replay(exchange)
        finally:
            self._busy(-1)


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _read_head(reader: asyncio.StreamReader) -> bytes | None:
    """One header block through its blank line; None on a clean close between messages."""
    try:
        return await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial:
            raise
        return None


def _headers(head: bytes) -> dict[bytes, bytes]:
    lines = head.split(b"\r\n")[1:]
    return {k.strip().lower(): v.strip().lower() for k, _, v in (line.partition(b":") for line in lines if line)}


async def _read_body(reader: asyncio.StreamReader, head: bytes, *, request: bool, method: str = "GET") -> bytes:
    """The message body, framing included (the bytes are passed on unchanged)."""
    headers = _headers(head)
    if not request:
        status = int(head.split(b" ", 2)[1])
        if method == "HEAD" or status < 200 or status in (204, 304):
            return b""
    if b"chunked" in headers.get(b"transfer-encoding", b""):
        return await _read_chunked(reader)
    if b"content-length" in headers:
        return await reader.readexactly(int(headers[b"content-length"]))
    return b"" if request else await reader.read()  # a response without a length ends at the close


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        line = await reader.readuntil(b"\r\n")
        parts.append(line)
        size = int(line.split(b";", 1)[0], 16)
        if size == 0:
            while True:  # trailers, then the blank line
                trailer = await reader.readuntil(b"\r\n")
                parts.append(trailer)
                if trailer == b"\r\n":
                    return b"".join(parts)
        parts.append(await reader.readexactly(size + 2))
