"""Table columns shown on more than one tab (sessions, tasks), so the Overview and the full tabs read alike."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from ...domain.session_note import NoteStatus, SessionNote
from ...domain.work_items import Task, TaskStatus
from ..rule_text import rule_text
from .chart_widgets import Tone
from .labels import DASH, fmt_date, fmt_datetime, label

# Every string is written out as QCoreApplication.translate("ChartRows", "…") so pyside6-lupdate finds it.


def session_headers() -> list[str]:
    return [
        QCoreApplication.translate("ChartRows", "Date"),
        QCoreApplication.translate("ChartRows", "How"),
        QCoreApplication.translate("ChartRows", "Focus"),
        QCoreApplication.translate("ChartRows", "Stage"),
        QCoreApplication.translate("ChartRows", "Note"),
    ]


def session_cells(note: SessionNote, addenda: int = 0) -> list[str]:
    """Date, how and how long, the lead behaviour, its stage, and whether the note is signed (with addenda)."""
    lead = note.behaviours[0] if note.behaviours else None
    more = len(note.behaviours) - 1
    focus = lead.behaviour if lead else (", ".join(note.topics) or DASH)
    if more > 0:
        focus += " " + QCoreApplication.translate("ChartRows", "(+%n more)", None, more)
    how = QCoreApplication.translate("ChartRows", "%1, %2 min").replace("%1", label(note.mode))
    if note.status is NoteStatus.SIGNED:
        status = QCoreApplication.translate("ChartRows", "Signed")
    else:
        status = QCoreApplication.translate("ChartRows", "Draft, not signed")
    if addenda:
        status += " · " + QCoreApplication.translate("ChartRows", "%n addendum(s)", None, addenda)
    return [fmt_datetime(note.started_at), how.replace("%2", str(note.minutes)), focus,
            label(lead.stage) if lead else DASH, status]  # fmt: skip


def session_tone(note: SessionNote) -> Tone | None:
    return Tone.WARN if note.status is NoteStatus.DRAFT else None


def task_headers(full: bool = False) -> list[str]:
    if full:
        return [
            QCoreApplication.translate("ChartRows", "Due"),
            QCoreApplication.translate("ChartRows", "Task"),
            QCoreApplication.translate("ChartRows", "Type"),
            QCoreApplication.translate("ChartRows", "Status"),
            QCoreApplication.translate("ChartRows", "Completed"),
            QCoreApplication.translate("ChartRows", "Resolution"),
        ]
    return [
        QCoreApplication.translate("ChartRows", "Due"),
        QCoreApplication.translate("ChartRows", "Task"),
        QCoreApplication.translate("ChartRows", "Status"),
    ]


def task_cells(task: Task, today: date, full: bool = False) -> list[str]:
    status = label(task.status)
    if task.status is TaskStatus.OPEN and task.due < today:
        days = (today - task.due).days
        status = QCoreApplication.translate("ChartRows", "Overdue by %n day(s)", None, days)
    elif task.status is TaskStatus.OPEN and task.due == today:
        status = QCoreApplication.translate("ChartRows", "Due today")
    if not full:
        return [fmt_date(task.due), rule_text(task.title), status]
    done = fmt_datetime(task.completed_at) if task.completed_at else DASH
    resolution = rule_text(task.resolution).replace("\n", " ") or DASH
    return [fmt_date(task.due), rule_text(task.title), label(task.type), status, done, resolution]


def task_tone(task: Task, today: date) -> Tone | None:
    if task.status is not TaskStatus.OPEN:
        return Tone.MUTED
    return Tone.ALERT if task.due < today else None
