"""Audit events: who did what to which record, when, on which device. Never any PHI text (SECURITY R6)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from .base import AwareDatetime, DomainModel, UserId


class AuditAction(StrEnum):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SIGN = "sign"
    EXPORT = "export"
    PRINT = "print"
    IMPORT = "import"
    UNLOCK_OK = "unlock_ok"
    UNLOCK_FAIL = "unlock_fail"
    LOCK = "lock"
    PASSPHRASE_CHANGE = "passphrase_change"  # noqa: S105 - an action name, not a secret
    REKEY = "rekey"
    WIPE = "wipe"
    SYNC_PUSH = "sync_push"
    SYNC_PULL = "sync_pull"
    REVOCATION = "revocation"
    INTEGRITY_CHECK = "integrity_check"


class Outcome(StrEnum):
    OK = "ok"
    FAIL = "fail"
    DENIED = "denied"


# Object ids are opaque (UUIDs or kind names), never names, Medicaid ids or free text.
OpaqueId = Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9_.:-]*$")]


class AuditEvent(DomainModel):
    at: AwareDatetime
    user_id: UserId
    device_id: Annotated[str, Field(max_length=64)]
    action: AuditAction
    object_type: OpaqueId = ""
    object_id: OpaqueId = ""
    outcome: Outcome = Outcome.OK
