"""UI test fixtures: a fresh encrypted vault seeded with synthetic members, and real or inline background lanes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from coach_desktop.domain.synthetic import generate_panel, iter_records
from coach_desktop.domain.synthetic.panel import SyntheticPanel
from coach_desktop.ui.background import InlineLanes, Lanes
from coach_desktop.vault.vault import Vault
from tests.conftest import USER_ID

SEED = 11
TODAY = date(2026, 11, 23)  # the panel is generated relative to this day, so seeded facts are stable


@pytest.fixture
def panel() -> SyntheticPanel:
    return generate_panel(40, seed=SEED, coach_id=USER_ID, today=TODAY)


@pytest.fixture
def seeded_vault(vault: Vault, panel: SyntheticPanel) -> Vault:
    """The fresh per-test vault (tests/conftest.py), holding a 40-member synthetic panel as if synced."""
    vault.repository().store_server_records(list(iter_records(panel)))
    return vault


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
