"""The Qt binding we ship must not leak references to None (PySide6 6.12.0 on Python 3.11 did, and aborted)."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_keep_none_alive(qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(2_000):
        label.setText(str(i))
        label.setEnabled(i % 2 == 0)
    # A binding that drops a reference per call lowers the count by thousands here (and soon aborts the app);
    # a small rise is harmless.
    assert sys.getrefcount(None) >= before - 10
