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
from ..vault.errors import Locked
from ..vault.passphrase_policy import ZXCVBN_MAX_LENGTH, verify_passphrase_policy
from ..vault.vault import Vault

DEMO_MEMBERS = 150
DEMO_SEED = 7


@dataclass(frozen=True)
class Assessment:
    score: int  # 0-4 for the meter; never above 2 while the policy refuses the passphrase
    reasons: tuple[str, ...]  # why it is refused (empty: accepted)

    @property
    def acceptable(self) -> bool:
        return not self.reasons


class SetupService:
    def __init__(self, directory: Path, *, enroll_fn: Callable[..., Enrolment] = enroll) -> None:
        self.directory = Path(directory)
        self._enroll = enroll_fn
        self.vault: Vault | None = None

    @staticmethod
    def assess(passphrase: str, user_name: str = "") -> Assessment:
        inputs = [user_name] if user_name else []
        reasons = tuple(verify_passphrase_policy(passphrase, inputs))
        score = int(zxcvbn(passphrase[:ZXCVBN_MAX_LENGTH], user_inputs=inputs)["score"]) if passphrase else 0
        return Assessment(min(score, 2) if reasons else score, reasons)

    def create_vault(self, passphrase: str, user_name: str = "") -> Vault:
        """Create the vault, left unlocked. Without a user name the vault gets an id the first enrolment adopts."""
        user_id = user_name.strip().lower() or str(uuid7())
        self.vault = Vault.create(self.directory, passphrase, user_id=user_id, device_id=str(uuid7()))
        return self.vault

    def enroll(self, server_url: str, user_name: str, password: str, code: str, totp: str = "") -> Enrolment:
        return self._enroll(self._unlocked(), server_url, user_name, password, code, totp or None)

    def seed_demo(self, members: int = DEMO_MEMBERS, seed: int = DEMO_SEED) -> int:
        """Synthetic members (generated people, never real data), stored as if downloaded; returns records stored."""
        vault = self._unlocked()
        panel = generate_panel(members, seed=seed, coach_id=vault.actor.user_id)
        return vault.repository().store_server_records(list(iter_records(panel)))

    def _unlocked(self) -> Vault:
        if self.vault is None or self.vault.is_locked:
            raise Locked()
        return self.vault
