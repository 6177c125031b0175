"""Dialogs of the care-plan editor: the revision history (who changed what, when, old → new) and the printed
plan's options (language, the coach's contact), plus the prompts tests answer in their place."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..app.printed_plan import CoachContact
from ..domain.member import Language
from ..vault.revisions import Revision
from .member.chart_widgets import ChartTableModel, TableSection
from .member.labels import DASH, fmt_date, fmt_datetime, kind_label, label, yes_no

DEFAULT_PDF_NAME = "care-plan.pdf"  # never the member's name: file names end up in recent-file lists and backups
# Envelope and ordering fields: stored with every revision but never a change a coach made.
_HIDDEN = frozenset({"id", "kind", "member_id", "practice_id", "care_plan_id", "rank", "deleted"})
_DATES = frozenset({"target_date", "due_date", "review_due", "last_reviewed"})


# ---- revision history -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RevisionRow:
    at: str
    by: str
    what: str
    change: str


# Written out with their context: pyside6-lupdate files a tr() alias or owner.tr() under a name Qt never looks up.
_FIELD_WORDS = {
    "title": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Title"),
    "status": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Status"),
    "strengths": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Strengths"),
    "member_words": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Member's words"),
    "review_due": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Review due"),
    "last_reviewed": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Last reviewed"),
    "problems": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Problems"),
    "description": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Description"),
    "measure": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Measure"),
    "baseline": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Baseline"),
    "target": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Target"),
    "target_date": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Target date"),
    "confidence": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Confidence"),
    "progress": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Progress"),
    "problem_id": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Problem"),
    "action": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Action"),
    "responsible": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Who is responsible"),
    "responsible_other": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Who (other)"),
    "due_date": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Due date"),
    "goal_id": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "For goal"),
    "plan": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Plan"),
    "resolved": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Resolved"),
}

_PHRASES = {
    "removed": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "(removed)"),
    "added": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "added %1"),
    "created": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "Created"),
    "no_change": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "No change"),
    "this_plan": QT_TRANSLATE_NOOP("RevisionHistoryDialog", "this plan"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("RevisionHistoryDialog", text)


class RevisionWords:
    """Field names and values of care-plan records in words (the revision store keeps the JSON bodies)."""

    def __init__(self, names: Mapping[str, str], owner: QWidget) -> None:
        self._names = names  # record id → its description, to name goals and problems in a change
        self._owner = owner

    def field(self, name: str) -> str:
        word = _FIELD_WORDS.get(name)
        return _tr(word) if word else name.replace("_", " ").capitalize()

    def value(self, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return DASH
        if isinstance(value, bool):
            return yes_no(value)
        if name in _DATES:
            try:
                return fmt_date(date.fromisoformat(str(value)))
            except ValueError:
                return str(value)
        if name in ("problem_id", "goal_id"):
            return self._names.get(str(value), _tr(_PHRASES["removed"]))
        if name in ("status", "responsible"):
            return label(value)
        return str(value)

    def change(self, name: str, old: Any, new: Any) -> str:
        """One field's change, e.g. "Status: Active → Discontinued"; added list entries are named."""
        field = self.field(name)
        if isinstance(old, list | None) and isinstance(new, list) and len(new) > len(old or []):
            added = new[len(old or []) :]
            return "; ".join(f"{field}: " + _tr(_PHRASES["added"]).replace("%1", self._entry(name, e))
                             for e in added)  # fmt: skip
        return f"{field}: {self.value(name, old)} → {self.value(name, new)}"

    def _entry(self, name: str, entry: Any) -> str:
        if not isinstance(entry, dict):
            return str(entry)
        if name == "progress":
            on = self.value("target_date", entry.get("on"))
            return " — ".join(p for p in (on, str(entry.get("value") or ""), str(entry.get("note") or "")) if p)
        return str(entry.get("description") or DASH)

    def rows(self, revisions: list[Revision]) -> list[RevisionRow]:
        rows = []
        for rev in revisions:
            changes = [c for c in rev.changes if c.field not in _HIDDEN]
            what = f"{kind_label(rev.kind)}: {self._record_name(rev)}"
            if rev.initial:
                text = _tr(_PHRASES["created"])
            else:
                text = "\n".join(self.change(c.field, c.old, c.new) for c in changes) or _tr(_PHRASES["no_change"])
            rows.append(RevisionRow(fmt_datetime(rev.at), rev.by or DASH, what, text))
        return rows

    def _record_name(self, rev: Revision) -> str:
        return self._names.get(rev.record_id, _tr(_PHRASES["this_plan"]) if rev.kind == "care_plan" else DASH)


class RevisionHistoryDialog(QDialog):
    """Every revision, newest first: when, who, which record, and each field's old → new value."""

    def __init__(self, revisions: list[Revision], names: Mapping[str, str], title: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setSizeGripEnabled(True)
        words = RevisionWords(names, self)
        self.rows = words.rows(sorted(revisions, key=lambda r: (r.at is not None, r.at, r.number), reverse=True))
        self.section = TableSection(ChartTableModel(self._headers, _cells), stretch=3)
        self.section.set_texts(title, self.tr("No changes recorded yet."))
        self.section.table.setWordWrap(True)
        self.section.set_rows(self.rows)
        self.section.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.section, 1)
        layout.addWidget(buttons)
        line = self.fontMetrics().height()
        self.resize(line * 62, line * 30)

    def _headers(self) -> list[str]:
        return [self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Change (old → new)")]


def _cells(row: RevisionRow) -> list[str]:
    return [row.at, row.by, row.what, row.change]


# ---- printed plan --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PrintOptions:
    language: str  # "en" or "es"
    coach: CoachContact


def plan_language(language: Language | None) -> str:
    """The printed plan is written in English and Spanish: Spanish for members who prefer it."""
    return "es" if language is Language.SPANISH else "en"


class PrintPlanDialog(QDialog):
    """The printed plan's language (the member's preferred one first) and the coach's contact printed on it."""

    def __init__(self, language: str, coach: CoachContact | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print the member's plan"))
        self.language = QComboBox()
        self.language.addItem(self.tr("English"), "en")
        self.language.addItem(self.tr("Spanish (Español)"), "es")
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.name, self.phone, self.hours = QLineEdit(), QLineEdit(), QLineEdit()
        if coach is not None:
            self.name.setText(coach.name)
            self.phone.setText(coach.phone)
            self.hours.setText(coach.hours)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        intro = QLabel(self.tr("The plan is saved as a PDF you can print or hand over. It lists the member's goals "
                               "and next steps in plain words, and who to call."))  # fmt: skip
        intro.setWordWrap(True)
        form = QFormLayout()
        rows = ((self.tr("&Language:"), self.language), (self.tr("Your &name:"), self.name),
                (self.tr("Your &phone:"), self.phone), (self.tr("&Hours (optional):"), self.hours))  # fmt: skip
        for text, widget in rows:
            name = QLabel(text)
            name.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(name, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def options(self) -> PrintOptions:
        coach = CoachContact(self.name.text().strip(), self.phone.text().strip(), self.hours.text().strip())
        return PrintOptions(str(self.language.currentData()), coach)

    def _accept(self) -> None:
        if not self.name.text().strip() or not self.phone.text().strip():
            self.error.setText(self.tr("Give your name and phone: the member needs to know who to call."))
            self.error.show()
            (self.name if not self.name.text().strip() else self.phone).setFocus()
            return
        self.accept()


AskOptions = Callable[[QWidget, str, CoachContact | None], PrintOptions | None]
AskPath = Callable[[QWidget, str], Path | None]


def ask_print_options(parent: QWidget, language: str, coach: CoachContact | None) -> PrintOptions | None:
    dialog = PrintPlanDialog(language, coach, parent)
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_pdf_path(parent: QWidget, default_name: str) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    title = QCoreApplication.translate("PrintPlanDialog", "Save the printed plan")
    pdf = QCoreApplication.translate("PrintPlanDialog", "PDF (*.pdf)")
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / default_name), pdf)
    if not path:
        return None
    return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
