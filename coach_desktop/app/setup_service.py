"""First run for the screens: judge a passphrase, create the vault, enrol the device, seed demo members.

Plain Python. ``create_vault`` and ``seed_demo`` belong on the db lane (the KDF and the inserts are slow),
``enroll`` on the net lane; ``assess`` is quick enough for the GUI thread (zxcvbn, a few ms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from zxcvbn import zxcvbn

from ..domain.base import uuid7
from ..domain.synthetic import generate_panel, iter_records
from ..sync.enrolment import Enrolment, enroll
from ..sync.http_client import SyncClient
from ..sync.retry import RetryPolicy
from ..vault.errors import Locked
from ..vault.passphrase_policy import MIN_LENGTH, TOO_SHORT, ZXCVBN_MAX_LENGTH, verify_passphrase_policy
from ..vault.vault import Vault

DEMO_MEMBERS = 150
DEMO_SEED = 7
INTERACTIVE_RETRY = RetryPolicy(attempts=2)  # someone is waiting: answer within seconds (they can press again)


@dataclass(frozen=True)
class Assessment:
    score: int  # 0-4 for the meter; never above 2 while the policy refuses the passphrase
    reasons: tuple[str, ...]  # why it is refused (empty: accepted)

    @property
    def acceptable(self) -> bool:
        return not self.reasons


class SetupService:
    def __init__(self, directory: Path, *, enroll_fn: Callable[..., Enrolment] = enroll,
                 demo_members: int = DEMO_MEMBERS) -> None:  # fmt: skip
        self.directory = Path(directory)
        self.demo_members = demo_members
        self._enroll = enroll_fn
        self.vault: Vault | None = None

    @classmethod
    def for_vault(cls, vault: Vault) -> SetupService:
        """Enrol an existing, unlocked vault later (File ▸ Enrol this computer)."""
        service = cls(vault.directory)
        service.vault = vault
        return service

    @staticmethod
    def assess(passphrase: str, user_name: str = "") -> Assessment:
        if not passphrase:  # zxcvbn 4.5 raises IndexError on an empty string
            return Assessment(0, (TOO_SHORT.format(min=MIN_LENGTH, n=0),))
        inputs = [user_name] if user_name else []
        reasons = tuple(verify_passphrase_policy(passphrase, inputs))
        score = int(zxcvbn(passphrase[:ZXCVBN_MAX_LENGTH], user_inputs=inputs)["score"])
        return Assessment(min(score, 2) if reasons else score, reasons)

    def create_vault(self, passphrase: str, user_name: str) -> Vault:
        """Create the vault, left unlocked. It belongs to ``user_name``: only that account can enrol it later."""
        user_id = user_name.strip().lower()
        if not user_id:
            raise ValueError("a vault belongs to one user: the user name is required")
        self.vault = Vault.create(self.directory, passphrase, user_id=user_id, device_id=str(uuid7()))
        return self.vault

    def enroll(self, server_url: str, user_name: str, password: str, code: str, totp: str = "") -> Enrolment:
        vault = self._unlocked()
        client = SyncClient(server_url, retry=INTERACTIVE_RETRY)
        try:
            return self._enroll(vault, server_url, user_name, password, code, totp or None, client=client)
        finally:
            client.close()

    def seed_demo(self) -> int:
        """Synthetic members (generated people, never real data), stored as if downloaded; returns records stored."""
        vault = self._unlocked()
        panel = generate_panel(self.demo_members, seed=DEMO_SEED, coach_id=vault.actor.user_id)
        return vault.repository().store_server_records(list(iter_records(panel)))

    def _unlocked(self) -> Vault:
        if self.vault is None or self.vault.is_locked:
            raise Locked()
        return self.vault
