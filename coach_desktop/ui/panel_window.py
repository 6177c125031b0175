"""The first window: the coach's panel with instant search. The full app shell replaces it (issue 5)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

from ..app.panel_service import PanelService
from ..vault.panel_queries import PanelFilter
from .panel_table_model import PanelTableModel


class PanelWindow(QMainWindow):
    def __init__(self, service: PanelService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coach Desktop — Panel"))
        self.model = PanelTableModel(service, self)
        self.search = QLineEdit(placeholderText=self.tr("Search by name or Medicaid ID"))
        self.search.setAccessibleName(self.tr("Search members"))
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Members"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.count = QLabel()
        layout = QVBoxLayout()
        for widget in (self.search, self.table, self.count):
            layout.addWidget(widget)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.search.textChanged.connect(self._refresh)
        self._refresh("")
        self.resize(1100, 700)

    def _refresh(self, text: str) -> None:
        self.model.apply_filter(PanelFilter(text=text))
        self.count.setText(self.tr("%n member(s)", "", self.model.rowCount()))
        self.table.resizeColumnsToContents()
