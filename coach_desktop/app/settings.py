"""The app's own settings (never PHI): idle minutes before auto-lock, language, last vault folder, as JSON.

The file lives in the per-user config folder (``platformdirs``), owner-only, written atomically. A missing,
unreadable or odd file gives the defaults: settings must never stop the app from starting.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import platformdirs

DEFAULT_IDLE_MINUTES = 10
MIN_IDLE_MINUTES = 5  # SECURITY R2: admin-configurable from 5 to 15 minutes
MAX_IDLE_MINUTES = 15  # SECURITY R2: automatic logoff after at most 15 minutes of inactivity
LANGUAGES = ("en", "es")
SETTINGS_FILE = "settings.json"
_log = logging.getLogger(__name__)


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("CoachDesktop", appauthor=False)) / SETTINGS_FILE


def clamp_idle_minutes(minutes: int) -> int:
    return max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, int(minutes)))


@dataclass(frozen=True)
class Settings:
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    language: str = "en"
    last_vault_dir: str | None = None

    def normalised(self) -> Settings:
        return replace(self, idle_minutes=clamp_idle_minutes(self.idle_minutes),
                       language=self.language if self.language in LANGUAGES else "en")  # fmt: skip

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            _log.warning("settings file unreadable; using defaults")
            return cls()
        if not isinstance(raw, dict):
            return cls()
        try:
            loaded = cls(idle_minutes=int(raw.get("idle_minutes", DEFAULT_IDLE_MINUTES)),
                         language=str(raw.get("language", "en")),
                         last_vault_dir=_optional_str(raw.get("last_vault_dir")))  # fmt: skip
        except (TypeError, ValueError):
            return cls()
        return loaded.normalised()

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(self.normalised()), handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)


def _optional_str(value: object) -> str | None:
    return str(value) if value else None
