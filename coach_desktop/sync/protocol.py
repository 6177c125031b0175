"""CoachSync v1 wire format (SYNC_PROTOCOL §6.4), shared by the desktop client and the server.

Strict on both sides: unknown fields are rejected, sizes are bounded, ids are validated. No I/O here.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
SCHEMA_VERSION = 1  # record-body schema this build writes and reads
MAX_PUSH_MUTATIONS = 500
MAX_PAGE_LIMIT = 2000
MAX_PUSH_BYTES = 5 * 1024 * 1024  # SECURITY R14: request batch ≤ 5 MB
MAX_RESPONSE_BYTES = 20 * 1024 * 1024  # SECURITY R14: response page ≤ 20 MB

Kind = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
Opaque = Annotated[str, Field(min_length=1, max_length=4096, pattern=r"^[A-Za-z0-9_.~-]+$")]
DeviceName = Annotated[str, Field(min_length=1, max_length=80)]
ContentHash = Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- identity and devices -----------------------------------------------------------------------


class RegisterRequest(WireModel):
    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]
    enrolment_code: Annotated[str, Field(min_length=6, max_length=64)]
    totp: Annotated[str, Field(pattern=r"^[0-9]{6}$")] | None = None
    device_name: DeviceName
    app_version: Annotated[str, Field(max_length=32)] = ""
    schema_version: int = SCHEMA_VERSION
    fde_status: Literal["on", "off", "unknown"] = "unknown"


class TokenResponse(WireModel):
    device_id: uuid.UUID
    user_id: str
    role: str
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    lease_expires_at: datetime
    server_epoch: uuid.UUID


class RefreshRequest(WireModel):
    device_id: uuid.UUID
    refresh_token: Annotated[str, Field(min_length=16, max_length=256)]


class DeviceStatus(StrEnum):
    ACTIVE = "active"
    RETIRING = "retiring"
    REVOKED = "revoked"


class HelloDevice(WireModel):
    status: DeviceStatus
    lease_expires_at: datetime
    wipe: bool = False
    retire: bool = False


class VersionRange(WireModel):
    min: int
    max: int


class HelloResponse(WireModel):
    server_epoch: uuid.UUID
    protocol: VersionRange
    schema_: VersionRange = Field(alias="schema")
    device: HelloDevice
    server_time: datetime
    server_seq: int
    tombstone_horizon_seq: int
    last_client_seq: int

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class WipeAck(WireModel):
    device_id: uuid.UUID
    wiped_at: datetime


# ---- push ---------------------------------------------------------------------------------------


class MutationOp(StrEnum):
    CREATE = "create"
    PATCH = "patch"
    DELETE = "delete"
    SIGN = "sign"
    RESOLVE = "resolve"


class FieldChange(WireModel):
    value: Any = None
    base_ver: int | None = None


class Mutation(WireModel):
    client_seq: Annotated[int, Field(ge=1)]
    mutation_id: uuid.UUID
    schema_version: int = SCHEMA_VERSION
    kind: Kind
    record_id: uuid.UUID
    op: MutationOp
    base_row_seq: int | None = None
    fields: dict[Annotated[str, Field(min_length=1, max_length=64)], FieldChange] = Field(default_factory=dict)
    content_hash: ContentHash | None = None  # sign: the hash of the note as signed on the device
    choice: Literal["mine", "theirs", "edit"] | None = None  # resolve
    created_at_local: datetime | None = None  # display and audit only, never used for ordering


class PushRequest(WireModel):
    device_id: uuid.UUID
    batch_id: uuid.UUID
    protocol: int = PROTOCOL_VERSION
    mutations: Annotated[list[Mutation], Field(min_length=1, max_length=MAX_PUSH_MUTATIONS)]


class ResultStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    QUARANTINED = "quarantined"


class MutationResult(WireModel):
    client_seq: int
    mutation_id: uuid.UUID
    status: ResultStatus
    applied_seq: int | None = None
    conflict_ids: list[uuid.UUID] = Field(default_factory=list)
    reason: str | None = None
    signed_at: datetime | None = None


class PushResponse(WireModel):
    last_client_seq: int
    results: list[MutationResult]
    server_seq: int


class ConflictType(StrEnum):
    FIELD = "field"  # two devices changed one field from the same base (SYNC_PROTOCOL §6.5)
    EDITED_AFTER_DELETE = "edited_after_delete"  # a patch reached a record already deleted
    DELETED_AFTER_EDIT = "deleted_after_edit"  # a delete reached a record changed since the deleter's base


class ConflictRecord(WireModel):
    """Body of a server-created ``conflict`` record: synced to everyone in scope, closed by a ``resolve``."""

    id: uuid.UUID
    kind: Literal["conflict"] = "conflict"
    type: ConflictType
    record_kind: Kind
    record_id: uuid.UUID
    member_id: uuid.UUID | None = None
    practice_id: str | None = None
    field: str | None = None  # None for the record-level types
    base_ver: int | None = None  # what the proposer had seen
    server_ver: int | None = None  # the version that won; a resolve patches on top of it
    server_value: Any = None
    proposed_value: Any = None
    proposed_by_device: uuid.UUID
    proposed_by_user: str
    mutation_id: uuid.UUID
    status: Literal["open", "resolved"] = "open"
    resolution: Literal["mine", "theirs", "edit"] | None = None
    resolved_by_user: str | None = None


# ---- pull and snapshot --------------------------------------------------------------------------


class RecordState(WireModel):
    """The full current state of a record (never a delta): applying it twice is harmless."""

    kind: Kind
    id: uuid.UUID
    member_id: uuid.UUID | None = None
    practice_id: str | None = None
    body: dict[str, Any] | None = None  # None for a tombstone
    field_ver: dict[str, int] = Field(default_factory=dict)
    row_seq: int
    deleted: bool = False


class ScopeOp(StrEnum):
    GRANT = "grant"
    REVOKE = "revoke"


class Change(WireModel):
    """One pull entry: a record's latest state, or a scope event (grant carries the member's records)."""

    seq: int
    record: RecordState | None = None
    scope: ScopeOp | None = None
    member_id: uuid.UUID | None = None
    records: list[RecordState] = Field(default_factory=list)


class PullResponse(WireModel):
    changes: list[Change]
    next_cursor: Opaque
    has_more: bool
    server_seq: int
    last_client_seq: int


class SnapshotRequest(WireModel):
    device_id: uuid.UUID
    snapshot_token: Opaque | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_LIMIT)] = 1000


class SnapshotResponse(WireModel):
    snapshot_seq: int
    records: list[RecordState]
    snapshot_token: Opaque | None
    has_more: bool
    cursor: Opaque | None = None  # set on the last page: where pull continues


# ---- errors -------------------------------------------------------------------------------------


class ErrorCode(StrEnum):
    UPGRADE_REQUIRED = "upgrade_required"
    DEVICE_REVOKED = "device_revoked"
    RESYNC_REQUIRED = "resync_required"
    EPOCH_CHANGED = "epoch_changed"
    EXPECTED_CLIENT_SEQ = "expected_client_seq"
    IN_PROGRESS = "in_progress"
    KEY_REUSE = "key_reuse"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    TOO_LARGE = "too_large"
    RATE_LIMITED = "rate_limited"
    MFA_REQUIRED = "mfa_required"
    UNAVAILABLE = "unavailable"  # transient (database busy or restarting): retry the same request later


class ErrorBody(WireModel):
    error: ErrorCode
    detail: str = ""
    expected_client_seq: int | None = None
    min_schema: int | None = None
    wipe: bool | None = None
