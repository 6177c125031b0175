"""Words for sync on screen: relative times, phases, errors with their advice, record kinds, field names, values."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale

from ..sync.errors import SyncErrorKind
from ..sync.progress import Phase
from ..sync.scheduler import SchedulerState

CONTEXT = "SyncText"
REFRESH_MS = 30_000  # how often "3 min ago" is recomputed on screen


class Connectivity(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"  # no route, or the last sync could not reach the server
    UNKNOWN = "unknown"  # no probe answer yet
    NOT_SYNCING = "not_syncing"  # no scheduler (not enrolled)


_PHASES: dict[str, str] = {
    Phase.IDLE: QT_TRANSLATE_NOOP("SyncText", "Starting…"),
    Phase.HELLO: QT_TRANSLATE_NOOP("SyncText", "Contacting the server…"),
    Phase.PUSHING: QT_TRANSLATE_NOOP("SyncText", "Sending your changes…"),
    Phase.PULLING: QT_TRANSLATE_NOOP("SyncText", "Receiving changes…"),
    Phase.SNAPSHOT: QT_TRANSLATE_NOOP("SyncText", "Downloading your panel…"),
    Phase.RECOVERING: QT_TRANSLATE_NOOP("SyncText", "Sending recent changes again…"),
    Phase.WIPING: QT_TRANSLATE_NOOP("SyncText", "Erasing this computer…"),
    Phase.DONE: QT_TRANSLATE_NOOP("SyncText", "Finished"),
    Phase.FAILED: QT_TRANSLATE_NOOP("SyncText", "Stopped"),
}

# Each error kind in plain words, with what the nurse can do about it (SyncError.message is the English source).
_ERRORS: dict[str, str] = {
    "network": QT_TRANSLATE_NOOP("SyncText", "Offline: can't reach the Coach server. Your changes are saved on this "
                                 "computer and will sync when the connection returns."),
    "auth": QT_TRANSLATE_NOOP("SyncText", "This computer's sign-in to the Coach server has expired or was refused. "
                              "Sign in again by enrolling this computer (ask IT for a new enrolment code). Your "
                              "unsynced changes are kept."),
    "device_revoked": QT_TRANSLATE_NOOP("SyncText", "Your organisation removed this computer from Coach, and the "
                                        "data on it has been erased. Ask IT to enrol it again if you still need it."),
    "client_too_old": QT_TRANSLATE_NOOP("SyncText", "This version of Coach Desktop is too old for the server. Update "
                                        "the app; your unsynced changes are kept and will be sent after the update."),
    "resync": QT_TRANSLATE_NOOP("SyncText", "Coach needs to download your panel again. Your unsynced changes are "
                                "kept."),
    "epoch_changed": QT_TRANSLATE_NOOP("SyncText", "The Coach server was restored from a backup. Coach is sending "
                                       "your recent changes again and re-downloading your panel."),
    "server": QT_TRANSLATE_NOOP("SyncText", "The Coach server had a problem. Your changes are saved; Coach will try "
                                "again."),
    "protocol": QT_TRANSLATE_NOOP("SyncText", "The Coach server sent an answer this app could not use. Your changes "
                                  "are saved; tell IT if this keeps happening."),
    "cancelled": QT_TRANSLATE_NOOP("SyncText", "Sync was stopped. Your changes are saved and will be sent next time."),
    "lease_expired": QT_TRANSLATE_NOOP("SyncText", "Coach has not checked in with the server for too long. Connect "
                                       "to the network and sync to open your patient data again."),
}  # fmt: skip

_KINDS: dict[str, str] = {
    "member": QT_TRANSLATE_NOOP("SyncText", "Member details"),
    "session_note": QT_TRANSLATE_NOOP("SyncText", "Session note"),
    "note_addendum": QT_TRANSLATE_NOOP("SyncText", "Note addendum"),
    "screening": QT_TRANSLATE_NOOP("SyncText", "Screening"),
    "care_plan": QT_TRANSLATE_NOOP("SyncText", "Care plan"),
    "care_plan_goal": QT_TRANSLATE_NOOP("SyncText", "Care plan goal"),
    "care_plan_intervention": QT_TRANSLATE_NOOP("SyncText", "Care plan intervention"),
    "care_plan_barrier": QT_TRANSLATE_NOOP("SyncText", "Care plan barrier"),
    "task": QT_TRANSLATE_NOOP("SyncText", "Task"),
    "referral": QT_TRANSLATE_NOOP("SyncText", "Referral"),
    "care_transition": QT_TRANSLATE_NOOP("SyncText", "Care transition"),
    "community_resource": QT_TRANSLATE_NOOP("SyncText", "Community resource"),
    "observation": QT_TRANSLATE_NOOP("SyncText", "Observation"),
    "chart_abstraction": QT_TRANSLATE_NOOP("SyncText", "Chart abstraction"),
    "practice_assessment": QT_TRANSLATE_NOOP("SyncText", "Practice assessment"),
    "pdsa_cycle": QT_TRANSLATE_NOOP("SyncText", "PDSA cycle"),
}

# Fields a nurse edits most; anything else is shown with its name made readable ("review_due" → "Review due").
_FIELDS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("SyncText", "Title"),
    "status": QT_TRANSLATE_NOOP("SyncText", "Status"),
    "member_words": QT_TRANSLATE_NOOP("SyncText", "In the member's words"),
    "strengths": QT_TRANSLATE_NOOP("SyncText", "Strengths"),
    "problems": QT_TRANSLATE_NOOP("SyncText", "Problems"),
    "review_due": QT_TRANSLATE_NOOP("SyncText", "Review due"),
    "last_reviewed": QT_TRANSLATE_NOOP("SyncText", "Last reviewed"),
    "description": QT_TRANSLATE_NOOP("SyncText", "Description"),
    "measure": QT_TRANSLATE_NOOP("SyncText", "Measure"),
    "target": QT_TRANSLATE_NOOP("SyncText", "Target"),
    "target_date": QT_TRANSLATE_NOOP("SyncText", "Target date"),
    "confidence": QT_TRANSLATE_NOOP("SyncText", "Confidence"),
    "due": QT_TRANSLATE_NOOP("SyncText", "Due"),
    "notes": QT_TRANSLATE_NOOP("SyncText", "Notes"),
    "phone": QT_TRANSLATE_NOOP("SyncText", "Phone"),
    "address": QT_TRANSLATE_NOOP("SyncText", "Address"),
    "preferred_language": QT_TRANSLATE_NOOP("SyncText", "Preferred language"),
    "pcp_name": QT_TRANSLATE_NOOP("SyncText", "Primary care provider"),
    "risk_tier": QT_TRANSLATE_NOOP("SyncText", "Risk tier"),
}


translate = QCoreApplication.translate  # lupdate files each literal call under its first argument, the context


def lookup(text: str) -> str:
    """A string registered above with QT_TRANSLATE_NOOP, translated at run time."""
    return translate(CONTEXT, text)


def phase_text(phase: str) -> str:
    return lookup(_PHASES.get(phase, _PHASES[Phase.IDLE]))


def error_text(kind: str | None, fallback: str | None = None) -> str:
    """The advice for an error kind; an unknown kind falls back to the engine's own (English) message."""
    if kind in _ERRORS:
        return lookup(_ERRORS[kind])
    return fallback or translate("SyncText", "Sync did not finish. Your changes are saved; Coach will try again.")


def kind_label(kind: str) -> str:
    return lookup(_KINDS[kind]) if kind in _KINDS else kind.replace("_", " ").capitalize()


def field_label(field: str | None) -> str:
    if field is None:
        return translate("SyncText", "Whole record")
    return lookup(_FIELDS[field]) if field in _FIELDS else field.replace("_", " ").capitalize()


def value_text(value: Any) -> str:
    """A value as one readable string: empty shown as such, lists and objects as compact JSON."""
    if value is None or value == "":
        return translate("SyncText", "(empty)")
    if isinstance(value, bool):
        return translate("SyncText", "Yes") if value else translate("SyncText", "No")
    if isinstance(value, (str, int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def relative_time(then: datetime | None, now: datetime) -> str:
    """Like "just now", "3 min ago", "2 h ago", "4 days ago"; "never" when there was no sync yet."""
    if then is None:
        return translate("SyncText", "never")
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return translate("SyncText", "just now")
    # The count goes in a variable: pyside6-lupdate 6.11 skips a call with "//" among its arguments.
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 3600:
        return translate("SyncText", "%n min ago", "", minutes)
    if seconds < 86400:
        return translate("SyncText", "%n h ago", "", hours)
    return translate("SyncText", "%n day(s) ago", "", days)


def absolute_time(then: datetime | None) -> str:
    """Local date and time in the user's locale (short format)."""
    if then is None:
        return ""
    moment = QDateTime.fromSecsSinceEpoch(int(then.timestamp())).toLocalTime()
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def connectivity(state: SchedulerState | None) -> Connectivity:
    if state is None:
        return Connectivity.NOT_SYNCING
    if state.online is False or (state.last_error is not None and state.last_error.kind is SyncErrorKind.NETWORK):
        return Connectivity.OFFLINE
    return Connectivity.UNKNOWN if state.online is None else Connectivity.ONLINE


def connectivity_text(value: Connectivity) -> str:
    if value is Connectivity.ONLINE:
        return translate("SyncText", "Online")
    if value is Connectivity.OFFLINE:
        return translate("SyncText", "Offline")
    if value is Connectivity.UNKNOWN:
        return translate("SyncText", "Unknown")
    return translate("SyncText", "Not syncing")
