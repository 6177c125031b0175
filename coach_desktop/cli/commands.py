"""The coachctl commands. Each returns a dict: data for --json, plus a ``text`` rendering for people."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.base import uuid7
from ..sync.errors import SyncError
from ..sync.lease import require_lease
from ..vault import audit_log, panel_queries
from ..vault.errors import RecordNotFound, VaultError
from ..vault.keyslots import KeyEnvelope
from ..vault.vault import Vault, open_vault

if TYPE_CHECKING:
    from .coachctl import Prompts


class CommandFailed(Exception):
    """A command that has something to print (its report) and still fails with ``error``."""

    def __init__(self, result: dict[str, Any], error: SyncError) -> None:
        super().__init__(error.message)
        self.result = result
        self.error = error


def open_for_patient_data(vault_dir: Path, prompts: Prompts) -> Vault:
    """Unlock, then enforce the offline lease (SECURITY R17) before any member data is shown."""
    vault = open_vault(vault_dir, prompts.passphrase())
    try:
        require_lease(vault)
    except SyncError:
        vault.lock()
        raise
    return vault


def init(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    passphrase = prompts.new_passphrase()
    vault = Vault.create(vault_dir, passphrase, user_id=args.user, device_id=args.device or str(uuid7()))
    actor = vault.actor
    vault.lock()
    return {"vault": str(vault_dir), "user_id": actor.user_id, "device_id": actor.device_id,
            "text": f"Created an empty vault in {vault_dir}."}  # fmt: skip


def seed_demo(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    from ..domain.synthetic import generate_panel, iter_records

    if not 1 <= args.members <= 200_000:
        raise VaultError("--members must be between 1 and 200,000.")
    vault = open_vault(vault_dir, prompts.passphrase())
    try:
        panel = generate_panel(args.members, seed=args.seed, coach_id=vault.actor.user_id)
        stored = vault.repository().store_server_records(list(iter_records(panel)))
    finally:
        vault.lock()
    return {"members": args.members, "records": stored,
            "text": f"Added {args.members} synthetic members ({stored} records)."}  # fmt: skip


def members(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    vault = open_for_patient_data(vault_dir, prompts)
    try:
        db = vault.database()
        flt = panel_queries.PanelFilter(text=args.search)
        ids = panel_queries.member_ids(db, flt)[: max(args.limit, 0)]
        found = panel_queries.rows_for(db, ids)
        rows = [found[i] for i in ids if i in found]
        total = panel_queries.count_members(db, flt)
    finally:
        vault.lock()
    lines = [f"{r.member_id}  {r.family_name}, {r.given_name}  {r.medicaid_id}  tier {r.risk_tier}" for r in rows]
    lines.append(f"{len(rows)} of {total} members")
    return {"total": total, "members": [asdict(r) for r in rows], "text": "\n".join(lines)}


def show(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    vault = open_for_patient_data(vault_dir, prompts)
    try:
        repo = vault.repository()
        try:
            member = repo.open_member(args.member_id)
        except RecordNotFound:
            raise RecordNotFound("No member with that id in this vault.") from None
        records = repo.member_records(args.member_id)
    finally:
        vault.lock()
    counts: dict[str, int] = {}
    for record in records:
        counts[record.kind] = counts.get(record.kind, 0) + 1
    text = [
        f"{member.display_name}  ({member.medicaid_id})",
        f"Born {member.date_of_birth.isoformat()} · age {member.age_on(date.today())} · {member.sex.value}"
        f" · language {member.preferred_language.value}",
        f"Risk tier {member.risk_tier.number} ({member.risk_tier.value}): {member.risk_reason}",
        "Conditions: " + (", ".join(c.value for c in member.conditions) or "none recorded"),
        "Records: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())),
    ]
    return {"member": member.body(), "record_counts": counts, "text": "\n".join(text)}


def audit(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    vault = open_vault(vault_dir, prompts.passphrase())
    try:
        db = vault.database()
        entries = audit_log.entries(db, limit=args.limit)
        broken = audit_log.verify_chain(db)
    finally:
        vault.lock()
    events = [{"seq": e.seq, **e.event.model_dump(mode="json")} for e in entries]
    lines = [f"{e['seq']:>6}  {e['at']}  {e['action']:<18} {e['object_type']:<14} {e['object_id']}  {e['outcome']}"
             for e in events]  # fmt: skip
    lines.append("Hash chain intact." if broken is None else f"Hash chain BROKEN at entry {broken}.")
    return {"events": events, "chain_ok": broken is None, "broken_at": broken, "text": "\n".join(lines),
            "exit_code": 0 if broken is None else 7}  # fmt: skip


def change_passphrase(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    old = prompts.passphrase()
    vault = open_vault(vault_dir, old)
    try:
        vault.change_passphrase(old, prompts.new_passphrase())
    finally:
        vault.lock()
    return {"changed": True, "text": "Passphrase changed. Use the new one from now on."}


def lock_status(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    """No passphrase needed: reads only the envelope's public header and the lock file."""
    status: dict[str, Any] = {"vault": str(vault_dir), "exists": False, "in_use": False, "wiped": False}
    try:
        envelope = KeyEnvelope.load(vault_dir / "vault.key")
    except VaultError as exc:
        status.update({"error": exc.code, "wiped": exc.code == "E_WIPED"})
        status["text"] = f"{vault_dir}: {exc.message}"
        return status
    status["in_use"] = Vault(vault_dir).in_use_elsewhere()
    gate = envelope.backoff_status()
    wait = {"wait_seconds": gate.wait_seconds, "needs_online_reauth": gate.needs_online_reauth,
            "attempts_before_erase": gate.remaining_before_erase}  # fmt: skip
    status.update({"exists": True, "user_id": envelope.user_id, "device_id": envelope.device_id,
                   "failed_attempts": envelope.failures, **wait})  # fmt: skip
    state = "in use by another program" if status["in_use"] else "not open"
    status["text"] = (f"Vault {vault_dir}: {state}; {envelope.failures} failed unlock attempt(s)"
                      + (f"; next try allowed in {int(wait['wait_seconds'])} s" if wait["wait_seconds"] else ""))
    return status


def verify(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    vault = open_vault(vault_dir, prompts.passphrase())
    try:
        report = vault.verify()
    finally:
        vault.lock()
    data = asdict(report) | {"ok": report.ok}
    lines = [
        f"Schema version {report.schema_version}; {report.records} records; {report.pending_mutations} unsynced.",
        "Encryption and page integrity: " + ("ok" if not report.integrity_problems else "PROBLEMS FOUND"),
        "Audit hash chain: " + ("ok" if report.audit_chain_broken_at is None else "BROKEN"),
        "Outbox consistency: " + ("ok" if report.orphan_outbox_rows == 0 else "orphan entries found"),
    ]
    return data | {"text": "\n".join(lines), "exit_code": 0 if report.ok else 7}


def wipe(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    if not args.yes and not prompts.confirm("This erases the vault on this computer for good.", "ERASE"):
        raise VaultError("Not confirmed; nothing was erased. Use --yes in scripts.")
    receipt = Vault(vault_dir).wipe(reason="coachctl wipe")
    return {"wiped": True, "receipt": str(receipt),
            "text": f"Vault erased. Receipt: {receipt}"} | json.loads(receipt.read_text())  # fmt: skip


# ---- sync ---------------------------------------------------------------------------------------------------


def enroll(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    from ..sync.enrolment import enroll as enroll_device

    vault = open_vault(vault_dir, prompts.passphrase())
    try:
        password = prompts.server_password()
        code = prompts.enrolment_code()
        done = enroll_device(vault, args.server, args.user, password, code, prompts.totp(),
                             args.device_name, ca_bundle=args.ca_bundle)  # fmt: skip
    finally:
        vault.lock()
    return {"server": done.server_url, "device_id": done.device_id, "user_id": done.user_id, "role": done.role,
            "lease_expires_at": done.lease_expires_at.isoformat(),
            "text": f"Enrolled this computer as device {done.device_id}. Run coachctl sync to download your panel."}


def sync(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    """Push, then pull; no lease check first: a successful sync is what renews an expired lease."""
    from ..sync.engine import SyncEngine

    vault = open_vault(vault_dir, prompts.passphrase())
    try:
        report = SyncEngine.for_vault(vault).sync_once()
    finally:
        vault.lock()
    data = report.as_dict()
    text = (f"Sent {report.pushed} change(s), received {report.pulled}. "
            f"{report.open_conflicts} conflict(s) to resolve, {report.rejected} refused, {report.pending} unsent.")
    if report.wiped:
        text = "This computer was removed by your organisation; its vault has been erased."
    result = data | {"text": text}
    if report.error is not None:
        raise CommandFailed(result, report.error)
    return result


def status(args: argparse.Namespace, vault_dir: Path, prompts: Prompts) -> dict[str, Any]:
    from ..sync.engine import sync_status

    vault = open_vault(vault_dir, prompts.passphrase())
    try:
        current = sync_status(vault.database())
    finally:
        vault.lock()
    data = current.as_dict()
    if not current.enrolled:
        return data | {"text": "Not enrolled with a Coach server (coachctl enroll)."}
    last = current.last_sync_at.strftime("%Y-%m-%d %H:%M UTC") if current.last_sync_at else "never"
    lease = current.lease_expires_at.strftime("%Y-%m-%d") if current.lease_expires_at else "none"
    lines = [f"Last sync: {last}; {current.pending} unsent change(s), {current.open_conflicts} open conflict(s), "
             f"{current.rejected} refused.",
             f"Offline lease until {lease}" + ("" if current.lease_ok else " (EXPIRED: sync to unlock)") + "."]
    if current.last_error_message:
        lines.append(f"Last problem: {current.last_error_message}")
    return data | {"text": "\n".join(lines)}
