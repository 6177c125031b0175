"""Shared fixtures: a fresh encrypted vault per test, an in-memory keyring, the fast (still compliant) KDF floor."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["COACH_KDF_PROFILE"] = "floor"

from coach_desktop.vault.vault import Vault
from tests.support.memory_keyring import MemoryKeyring

PASSPHRASE = "correct horse battery staple 42"
USER_ID = "nurse.ana"
DEVICE_ID = "dev-0001"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """No test ever touches the OS keyring."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[Vault]:
    v = Vault.create(vault_dir, PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    yield v
    v.lock()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``soak`` tests run by hand only (``-m soak``), as pyproject's marker says: otherwise they are deselected."""
    if "soak" in (config.getoption("markexpr") or ""):
        return
    soak = [item for item in items if item.get_closest_marker("soak")]
    if soak:
        config.hook.pytest_deselected(items=soak)
        items[:] = [item for item in items if not item.get_closest_marker("soak")]
