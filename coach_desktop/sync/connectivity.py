"""Is there a network toward the server? A cheap, local check (no packet, no DNS) for the sync scheduler."""

from __future__ import annotations

import ipaddress
import socket
from typing import Protocol
from urllib.parse import urlsplit


class ConnectivityProbe(Protocol):
    def is_online(self) -> bool: ...


# RFC 5737 / RFC 3849 documentation addresses: never routed anywhere real. connect() on a UDP socket sends nothing;
# it only asks the routing table, so it succeeds when there is a default route and fails at once without one.
_ANY_ROUTE = ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1"))
_LOOPBACK = ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1"))


class RouteProbe:
    """Online when this computer has a route toward the server. Cheap and local: no packet, no DNS lookup.

    An address literal is checked directly; a host name is not resolved (that could wait on DNS for seconds
    while offline) and counts as reachable when there is a route out at all.
    """

    def __init__(self, host: str, port: int = 443) -> None:
        self.port = port
        self.targets = _targets(host)

    @classmethod
    def for_url(cls, url: str) -> RouteProbe:
        parts = urlsplit(url)
        return cls(parts.hostname or "", parts.port or (80 if parts.scheme == "http" else 443))

    def is_online(self) -> bool:
        for family, address in self.targets:
            try:
                with socket.socket(family, socket.SOCK_DGRAM) as sock:
                    sock.connect((address, self.port))
                return True
            except OSError:
                continue
        return False


def _targets(host: str) -> tuple[tuple[socket.AddressFamily, str], ...]:
    if host.lower() == "localhost":
        return _LOOPBACK
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return _ANY_ROUTE
    return ((socket.AF_INET6 if ip.version == 6 else socket.AF_INET, str(ip)),)
