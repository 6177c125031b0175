"""Where a vault lives on disk, and creating its folder owner-only (SECURITY R1)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

APP_NAME = "CoachDesktop"
ENV_VAULT_DIR = "COACH_VAULT_DIR"

KEY_FILE = "vault.key"
DB_FILE = "vault.db"
SESSION_MARKER = "vault.session"  # present while unlocked: a leftover one means an unclean shutdown
LOCK_FILE = "vault.lock"
QUARANTINE_DIR = "quarantine"


def default_vault_dir() -> Path:
    """The per-user data directory, overridable by ``COACH_VAULT_DIR`` (tests, IT)."""
    override = os.environ.get(ENV_VAULT_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "vault"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only; tighten it if it already exists."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(0o700)
    return path


def private_file_mode() -> int:
    return 0o600
