"""UI test fixtures: a fresh encrypted vault seeded with synthetic members, and real or inline background lanes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.ui.background import InlineLanes, Lanes
from coach_desktop.vault.vault import Vault
from tests.conftest import DEVICE_ID, PASSPHRASE, USER_ID

SEED = 11
TODAY = date(2026, 11, 23)  # the panel is generated relative to this day, so seeded facts are stable


@pytest.fixture
def panel() -> SyntheticPanel:
    return generate_panel(40, seed=SEED, coach_id=USER_ID, today=TODAY)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One locked vault holding the panel, made once: seeding costs seconds, copying a folder milliseconds."""
    directory = tmp_path_factory.mktemp("seeded-template") / "vault"
    template = Vault.create(directory, PASSPHRASE, user_id=USER_ID, device_id=DEVICE_ID)
    panel = generate_panel(40, seed=SEED, coach_id=USER_ID, today=TODAY)
    template.repository().store_server_records(list(iter_records(panel)))
    template.lock()
    return directory


@pytest.fixture
def seeded_vault(seeded_template: Path, vault_dir: Path) -> Iterator[Vault]:
    """A fresh per-test copy of the seeded vault (key file and database together), unlocked for real."""
    shutil.copytree(seeded_template, vault_dir)
    vault = Vault(vault_dir)
    vault.unlock(PASSPHRASE)
    yield vault
    vault.lock()


@pytest.fixture
def lanes(qtbot: object) -> Iterator[Lanes]:
    """Real worker threads; results arrive on the GUI thread (use qtbot.waitUntil / waitSignal)."""
    real = Lanes()
    yield real
    real.shutdown()


@pytest.fixture
def inline_lanes(qtbot: object) -> Iterator[InlineLanes]:
    """Synchronous lanes for model and widget unit tests."""
    fake = InlineLanes()
    yield fake
    fake.shutdown()
