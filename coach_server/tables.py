"""The server's tables (SQLAlchemy Core), identical on PostgreSQL and SQLite.

Sync tables follow SYNC_PROTOCOL §6.2: one row per record with its current state and per-field versions,
a per-tenant sequence row locked by every write transaction (commit order = sequence order), scope events
in the same sequence, and the stored result of every mutation for exactly-once replies.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)

metadata = MetaData()

UUID_LEN = 36

tenant = Table(
    "tenant",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
)

# The per-tenant change counter. Every write transaction bumps it as its LAST statement before COMMIT, so
# the row lock serialises writers until commit: a reader that sees seq k has seen every seq below k.
tenant_seq = Table(
    "tenant_seq",
    metadata,
    Column("tenant_id", String(64), ForeignKey("tenant.id"), primary_key=True),
    Column("last_seq", BigInteger, nullable=False, default=0),
)

server_meta = Table(
    "server_meta",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("server_epoch", String(UUID_LEN), nullable=False),
    Column("tombstone_horizon_seq", BigInteger, nullable=False, default=0),
    Column("cursor_secret", String(128), nullable=False),  # HMAC key for cursors and snapshot tokens
    Column("token_secret", String(128), nullable=False),  # HMAC key for access tokens
    Column("min_schema", Integer, nullable=False, default=1),
    Column("max_schema", Integer, nullable=False, default=1),
)

users = Table(
    "users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("tenant_id", String(64), ForeignKey("tenant.id"), nullable=False),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False, default=""),
    Column("role", String(16), nullable=False),  # coach | facilitator | supervisor | admin
    Column("supervisor_id", String(64), ForeignKey("users.id"), nullable=True),
    Column("password_hash", String(256), nullable=False),
    Column("totp_secret", String(64), nullable=True),
    Column("totp_last_step", BigInteger, nullable=True),  # the last accepted TOTP step: a code works only once
    Column("mfa_required", Boolean, nullable=False, default=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

practice = Table(
    "practice",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("tenant_id", String(64), ForeignKey("tenant.id"), nullable=False),
    Column("name", String(200), nullable=False),
)

facilitator_practice = Table(
    "facilitator_practice",
    metadata,
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False),
    Column("practice_id", String(64), ForeignKey("practice.id"), nullable=False),
    PrimaryKeyConstraint("user_id", "practice_id"),
)

# Which coach currently holds which member. History lives in scope_event.
panel_assignment = Table(
    "panel_assignment",
    metadata,
    Column("tenant_id", String(64), nullable=False),
    Column("member_id", String(UUID_LEN), nullable=False),
    Column("coach_id", String(64), ForeignKey("users.id"), nullable=False),
    Column("granted_seq", BigInteger, nullable=False),
    PrimaryKeyConstraint("tenant_id", "member_id"),
)
Index("panel_by_coach", panel_assignment.c.coach_id, panel_assignment.c.member_id)

scope_event = Table(
    "scope_event",
    metadata,
    Column("tenant_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("member_id", String(UUID_LEN), nullable=False),
    Column("op", String(8), nullable=False),  # grant | revoke
    PrimaryKeyConstraint("tenant_id", "seq", "user_id", "member_id"),
)
Index("scope_event_by_user", scope_event.c.tenant_id, scope_event.c.user_id, scope_event.c.seq)

record = Table(
    "record",
    metadata,
    Column("tenant_id", String(64), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("id", String(UUID_LEN), nullable=False),
    Column("member_id", String(UUID_LEN), nullable=True),
    Column("practice_id", String(64), nullable=True),
    Column("body", JSON, nullable=False),
    Column("field_ver", JSON, nullable=False),  # {"field": seq of its last change}
    # {"field": device that wrote it last}: a device never conflicts with itself
    Column("field_dev", JSON, nullable=False),
    Column("row_seq", BigInteger, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("schema_ver", Integer, nullable=False, default=1),
    PrimaryKeyConstraint("tenant_id", "kind", "id"),
)
Index("record_by_seq", record.c.tenant_id, record.c.row_seq)
Index("record_by_member", record.c.tenant_id, record.c.member_id, record.c.row_seq)
Index("record_by_practice", record.c.tenant_id, record.c.practice_id, record.c.row_seq)

device = Table(
    "device",
    metadata,
    Column("device_id", String(UUID_LEN), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False),
    Column("name", String(80), nullable=False),
    Column("status", String(10), nullable=False),  # active | retiring | revoked
    Column("wipe_requested", Boolean, nullable=False, default=False),
    Column("fde_status", String(10), nullable=False, default="unknown"),
    Column("app_version", String(32), nullable=False, default=""),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("wiped_at", DateTime(timezone=True), nullable=True),
    Column("last_seen_at", DateTime(timezone=True), nullable=True),
    Column("lease_expires_at", DateTime(timezone=True), nullable=False),
    Column("last_client_seq", BigInteger, nullable=False, default=0),
    Column("refresh_token_hash", String(128), nullable=True),
    # The token it replaced, until the current one is first used: presenting it again gets the current one again
    # (devices.py _successor), because the answer that carried it can be lost. Never any older token.
    Column("refresh_prev_hash", String(128), nullable=True),
    Column("refresh_expires_at", DateTime(timezone=True), nullable=True),
    Column("revoke_reason", String(32), nullable=True),  # a short slug (lost, stolen, replaced), never free text
)
Index("device_by_user", device.c.user_id)

mutation_result = Table(
    "mutation_result",
    metadata,
    Column("device_id", String(UUID_LEN), nullable=False),
    Column("client_seq", BigInteger, nullable=False),
    Column("mutation_id", String(UUID_LEN), nullable=False, unique=True),
    Column("status", String(12), nullable=False),
    Column("applied_seq", BigInteger, nullable=True),
    Column("result", JSON, nullable=False),
    PrimaryKeyConstraint("device_id", "client_seq"),
)

# Mutations made while authorised for a member who has since left the panel: kept for a supervisor.
quarantine = Table(
    "quarantine",
    metadata,
    Column("mutation_id", String(UUID_LEN), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("device_id", String(UUID_LEN), nullable=False),
    Column("member_id", String(UUID_LEN), nullable=True),
    Column("mutation", JSON, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("reviewed", Boolean, nullable=False, default=False),
)

enrolment_code = Table(
    "enrolment_code",
    metadata,
    Column("code_hash", String(128), primary_key=True),
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
)

# Append-only (the app never updates or deletes; on PostgreSQL a trigger refuses it too). No PHI text.
audit_event = Table(
    "audit_event",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("tenant_id", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("device_id", String(UUID_LEN), nullable=False, default=""),
    Column("action", String(32), nullable=False),
    Column("object_type", String(40), nullable=False, default=""),
    Column("object_id", String(64), nullable=False, default=""),
    Column("outcome", String(10), nullable=False),
    Column("source", String(10), nullable=False, default="server"),  # server | device
)
# Login throttling counts recent failures per account key (object_id) and action.
Index("audit_by_object", audit_event.c.object_id, audit_event.c.action, audit_event.c.at)
