"""In-memory keyring backend for tests: no test ever touches the OS keyring."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

QUALNAME = "tests.support.memory_keyring.MemoryKeyring"


class MemoryKeyring(KeyringBackend):
    """A dict keyed by (service, username). Lives as long as the instance."""

    priority = 1  # type: ignore[assignment]  # a plain float is enough for keyring's backend ordering

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.items[(service, username)]
        except KeyError:
            raise PasswordDeleteError("no such item") from None
