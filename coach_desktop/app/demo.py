"""The demo vault: synthetic members only, in its own folder, with a published passphrase."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from ..domain.synthetic import generate_panel, iter_records
from ..vault.vault import Vault, open_vault

# Public on purpose: the demo vault holds only generated people, never real data.
DEMO_PASSPHRASE = "demo vault, synthetic members only"  # noqa: S105
DEMO_USER = "coach-demo"
DEMO_DEVICE = "demo-device"


def demo_vault_dir() -> Path:
    return Path(platformdirs.user_data_dir("CoachDesktop", appauthor=False)) / "demo-vault"


def open_demo_vault(directory: Path | None = None, *, members: int = 150, seed: int = 7) -> Vault:
    """Open the demo vault, creating and seeding it on first use."""
    directory = directory or demo_vault_dir()
    vault = Vault(directory)
    if not vault.exists():
        vault = Vault.create(directory, DEMO_PASSPHRASE, user_id=DEMO_USER, device_id=DEMO_DEVICE)
        panel = generate_panel(members, seed=seed, coach_id=DEMO_USER)
        vault.repository().store_server_records(list(iter_records(panel)))
        return vault
    return open_vault(directory, DEMO_PASSPHRASE)
