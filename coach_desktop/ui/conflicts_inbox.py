"""The conflicts inbox: records whose changes clashed, each field side by side, resolved with keep mine / theirs / edit.

A resolution is an ordinary local write (works offline); the scheduler sends it at the next sync.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app.sync_service import Choice, ConflictGroup, FieldConflict, SyncService
from ..vault.repository import ChangeSet
from . import sync_text
from .background import Lanes, user_message
from .conflict_models import ConflictFieldsTableModel, ConflictListModel, side_text
from .sync_bridge import while_alive

AskValue = Callable[[FieldConflict, QWidget], "str | None"]


class MergedValueDialog(QDialog):
    """Type the value to keep, starting from mine, with theirs shown for reference."""

    def __init__(self, item: FieldConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit the value to keep"))
        self.setModal(True)
        field = sync_text.field_label(item.field)
        prompt = QLabel(self.tr("Type the value to keep for “%1”. It replaces both versions.").replace("%1", field))
        prompt.setWordWrap(True)
        theirs = QLabel(self.tr("Theirs: %1").replace("%1", side_text(item, mine=False)))
        theirs.setWordWrap(True)
        theirs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = QPlainTextEdit(item.mine if isinstance(item.mine, str) else "")
        self.editor.setAccessibleName(self.tr("Value to keep"))
        self.editor.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Keep this value"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (prompt, theirs, self.editor, buttons):
            layout.addWidget(widget)
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()))

    def value(self) -> str:
        return self.editor.toPlainText()


def ask_merged_value(item: FieldConflict, parent: QWidget) -> str | None:
    dialog = MergedValueDialog(item, parent)
    try:
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


class ConflictsInbox(QWidget):
    """List on the left, the selected record's fields on the right, the choices under them."""

    resolved = Signal(object)  # list[ChangeSet]
    count_changed = Signal(int)
    failed = Signal(str)  # a PHI-free message

    def __init__(self, service: SyncService, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lanes = lanes
        self.ask_value: AskValue = ask_merged_value  # tests answer the edit dialog through this
        self.list_model = ConflictListModel(self)
        self.fields_model = ConflictFieldsTableModel(self)
        self._build()
        self.retranslate()
        self._update_buttons()

    # ---- layout -----------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.intro = QLabel(wordWrap=True)
        self.empty = QLabel(wordWrap=True)
        self.list = QListView()
        self.list.setModel(self.list_model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.detail = QLabel(wordWrap=True)
        self.table = QTableView()
        self.table.setModel(self.fields_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(ConflictFieldsTableModel.COLUMNS):  # both values share the room and wrap; no scrolling
            wide = column in (ConflictFieldsTableModel.COL_MINE, ConflictFieldsTableModel.COL_THEIRS)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if wide
                                        else QHeaderView.ResizeMode.ResizeToContents)  # fmt: skip
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.keep_mine, self.keep_theirs, self.edit = QPushButton(), QPushButton(), QPushButton()
        self.all_mine, self.all_theirs = QPushButton(), QPushButton()
        self.field_label, self.all_label = QLabel(), QLabel()
        field_row = _row(self.field_label, self.keep_mine, self.keep_theirs, self.edit)
        all_row = _row(self.all_label, self.all_mine, self.all_theirs)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(field_row)
        right_layout.addLayout(all_row)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.intro, self.empty):  # text keeps its height; the list and the table take the room
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            layout.addWidget(label)
        layout.addWidget(self.splitter, 1)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.keep_mine.clicked.connect(lambda: self._resolve_field(Choice.KEEP_MINE))
        self.keep_theirs.clicked.connect(lambda: self._resolve_field(Choice.KEEP_THEIRS))
        self.edit.clicked.connect(self._edit_field)
        self.all_mine.clicked.connect(lambda: self._resolve_all(Choice.KEEP_MINE))
        self.all_theirs.clicked.connect(lambda: self._resolve_all(Choice.KEEP_THEIRS))

    def retranslate(self) -> None:
        self.intro.setText(self.tr("When the same thing was changed in two places before either synced, Coach "
                                   "keeps the first change it received and asks you here which one to keep. "
                                   "Nothing is lost until you choose."))  # fmt: skip
        self.empty.setText(self.tr("No conflicts. Everything you and your colleagues changed fits together."))
        self.field_label.setText(self.tr("Selected field:"))
        self.all_label.setText(self.tr("Whole record:"))
        texts = (
            (self.keep_mine, self.tr("Keep &mine"), self.tr("Keep my version of the selected field")),
            (self.keep_theirs, self.tr("Keep &theirs"), self.tr("Keep their version of the selected field")),
            (self.edit, self.tr("&Edit…"), self.tr("Type the value to keep for the selected field")),
            (self.all_mine, self.tr("Keep all m&ine"), self.tr("Keep my version of every field of this record")),
            (self.all_theirs, self.tr("Keep all thei&rs"), self.tr("Keep their version of every field of this "
                                                                  "record")),
        )  # fmt: skip
        for button, text, accessible in texts:
            button.setText(text)
            button.setAccessibleName(accessible)
            button.setToolTip(accessible)
        self.list.setAccessibleName(self.tr("Open conflicts"))
        self.table.setAccessibleName(self.tr("Conflicting fields: mine and theirs"))
        self.list_model.layoutChanged.emit()
        self.fields_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self._show_detail(self.current_group())

    # ---- loading ----------------------------------------------------------------------------------------

    def load(self) -> None:
        self._lanes.run_db(
            self._service.conflicts, while_alive(self, self.show_groups), while_alive(self, self._failed)
        )

    def show_groups(self, groups: list[ConflictGroup]) -> None:
        """Show a fresh list, keeping the selected record selected when it is still in conflict."""
        current = self.current_group()
        self.list_model.set_groups(groups)
        row = self.list_model.row_of(current.key) if current else -1
        if groups:
            index = self.list_model.index(max(row, 0))
            self.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_selected()
        self.empty.setVisible(not groups)
        self.intro.setVisible(bool(groups))
        self.splitter.setVisible(bool(groups))
        self.count_changed.emit(len(groups))

    def clear(self) -> None:
        """Lock: drop every value and name, and cancel an edit in progress (its dialog shows both values)."""
        for dialog in self.findChildren(MergedValueDialog):
            dialog.reject()
        self.list_model.set_groups([])
        self.fields_model.set_fields([])
        self.detail.clear()
        self._update_buttons()

    def current_group(self) -> ConflictGroup | None:
        group = self.list.currentIndex().data(Qt.ItemDataRole.UserRole + 1)
        return group if isinstance(group, ConflictGroup) else None

    def select_field(self, row: int) -> None:
        self.table.selectRow(row)

    # ---- choices ----------------------------------------------------------------------------------------

    def _selected_field(self) -> FieldConflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.fields_model.field_at(rows[0].row()) if rows else None

    def _resolve_field(self, choice: Choice) -> None:
        item = self._selected_field()
        if item is not None:
            self._submit(lambda: [self._service.resolve(item.conflict_id, choice)])

    def _edit_field(self) -> None:
        item = self._selected_field()
        if item is None or not item.editable:
            return
        value = self.ask_value(item, self)
        if value is not None:
            self._submit(lambda: [self._service.resolve(item.conflict_id, Choice.EDIT, value)])

    def _resolve_all(self, choice: Choice) -> None:
        group = self.current_group()
        if group is not None:
            ids = group.conflict_ids
            self._submit(lambda: self._service.resolve_all(ids, choice))

    def _submit(self, work: Callable[[], list[ChangeSet]]) -> None:
        self._set_buttons_enabled(False)
        self._lanes.run_db(work, while_alive(self, self._done), while_alive(self, self._failed))

    def _done(self, changes: list[ChangeSet]) -> None:
        self.resolved.emit(changes)
        self.load()

    def _failed(self, exc: BaseException) -> None:
        self._update_buttons()
        self.failed.emit(user_message(exc))
        self.load()  # someone else may have resolved it meanwhile: show what is really open

    # ---- display ----------------------------------------------------------------------------------------

    def _show_selected(self) -> None:
        group = self.current_group()
        self.fields_model.set_fields(group.fields if group else ())
        self._show_detail(group)
        if group and group.fields:
            self.table.selectRow(0)
        self._update_buttons()

    def _show_detail(self, group: ConflictGroup | None) -> None:
        if group is None:
            self.detail.clear()
            return
        name = group.member_name or self.tr("No member")
        mine_lost = any(f.proposed_here for f in group.fields)
        why = (self.tr("Your change reached the server after someone else's; theirs is saved for now.") if mine_lost
               else self.tr("A change from another device arrived after yours; yours is saved for now."))  # fmt: skip
        self.detail.setText(f"<b>{_escape(sync_text.kind_label(group.record_kind))} — {_escape(name)}</b><br>{why}")

    def _update_buttons(self) -> None:
        item = self._selected_field()
        group = self.current_group()
        self.keep_mine.setEnabled(item is not None)
        self.keep_theirs.setEnabled(item is not None)
        self.edit.setEnabled(item is not None and item.editable)
        self.all_mine.setEnabled(group is not None)
        self.all_theirs.setEnabled(group is not None)

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for button in (self.keep_mine, self.keep_theirs, self.edit, self.all_mine, self.all_theirs):
            button.setEnabled(enabled)


def _row(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return layout


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
