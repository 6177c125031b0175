"""Kill-test client: open the vault, sync to quiescence, make journalled random edits, sync again; killed from outside.

    python -m tests.sync.kill_client serve    # imports once, then forks one client per JSON line on stdin

Each client prints ``state <json>`` as it opens the vault (what it holds of the server's state), ``edited``,
then ``sync`` as its last sync starts (only then is it killed), then ``done <json>`` with that sync's outcome
and how often each crash point was reached. The server adds ``pid <pid>`` and ``exit <pid> <code>`` (a SIGKILL
reads -9, a crash point 137). Each local edit is appended to the journal and fsynced right after its
transaction commits, so the journal lists committed edits and nothing else.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import random
import sys
import time
import traceback
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring

from coach_desktop.domain.care_plan import CarePlan, CarePlanGoal, GoalStatus
from coach_desktop.domain.session_note import EncounterMode, NoteStatus, SessionNote
from coach_desktop.sync import crashpoints, engine, http_client
from coach_desktop.sync.engine import SyncEngine, client_for
from coach_desktop.sync.retry import RetryPolicy
from coach_desktop.vault import keyslots, sync_outbox, sync_store
from coach_desktop.vault.database import Database
from coach_desktop.vault.vault import Vault, open_vault
from tests.support.memory_keyring import MemoryKeyring
from tests.sync.faults import held_state

RECOVERY_ATTEMPTS = 5
FAST_RETRY = RetryPolicy(attempts=6, base=0.02, cap=0.2)  # tests keep backoff short (the policy is unchanged)
# Fields the clients edit; the test's server-side edits use other fields, so no edit here ever conflicts.
PLAN_FIELDS = ("title", "member_words", "strengths")
GOAL_FIELDS = ("description", "target", "status", "confidence")
hits: Counter[str] = Counter()


def _counting() -> None:
    """Count every crash point reached (then let the real hook decide), so the parent can aim at the last one."""
    real = crashpoints.crashpoint

    def counted(name: str) -> None:
        hits[name] += 1
        real(name)

    for module in (engine, http_client, sync_store, sync_outbox):
        module.crashpoint = counted  # type: ignore[attr-defined]


def _journal(path: Path, db: Database, label: str) -> None:
    """The outbox row the edit just committed, appended and fsynced before the next edit starts."""
    mutation_id, op, kind, record_id, payload = db.query(
        "SELECT mutation_id, op, kind, record_id, payload FROM outbox ORDER BY client_seq DESC LIMIT 1"
    )[0]
    line = json.dumps({"mutation_id": mutation_id, "op": op, "kind": kind, "record_id": record_id,
                       "label": label, "payload": json.loads(payload or "{}")})  # fmt: skip
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")
        out.flush()
        os.fsync(out.fileno())


def _ids(db: Database, kind: str, member_id: object, where: str = "") -> list[str]:
    return [i for (i,) in db.query(f"SELECT id FROM record WHERE kind = ? AND member_id = ? {where} ORDER BY id",
                                   (kind, str(member_id)))]  # fmt: skip


def _edit(vault: Vault, rng: random.Random, tag: str) -> str:
    """One random edit (a care plan field, a goal created or edited, a note written, edited or signed)."""
    db, repo, user_id = vault.database(), vault.repository(), vault.actor.user_id
    plans = [p for (p,) in db.query("SELECT id FROM record WHERE kind = 'care_plan' ORDER BY id")]
    plan = repo.get("care_plan", rng.choice(plans))
    assert isinstance(plan, CarePlan)
    goals = _ids(db, "care_plan_goal", plan.member_id)
    drafts = _ids(db, "session_note", plan.member_id, "AND json_extract(body, '$.status') = 'draft'")
    roll = rng.random()
    if roll < 0.4:
        name = rng.choice(PLAN_FIELDS)
        repo.update(plan.model_copy(update={name: f"{name} {tag}"}))
        return f"plan.{name}"
    if roll < 0.55 or (roll < 0.75 and not goals):
        repo.create(CarePlanGoal(member_id=plan.member_id, care_plan_id=plan.id, description=f"Walk {tag}",
                                 measure="minutes walked per week", target="150",
                                 target_date=date.today() + timedelta(days=90)))  # fmt: skip
        return "goal.create"
    if roll < 0.75:
        goal = repo.get("care_plan_goal", rng.choice(goals))
        name = rng.choice(GOAL_FIELDS)
        value: object = {"description": f"Walk {tag}", "target": tag[:100], "confidence": rng.randint(0, 10),
                         "status": rng.choice([GoalStatus.ACTIVE, GoalStatus.ON_HOLD])}[name]  # fmt: skip
        repo.update(goal.model_copy(update={name: value}))
        return f"goal.{name}"
    if roll < 0.85 or not drafts:
        repo.create(SessionNote(member_id=plan.member_id, started_at=datetime.now(UTC) - timedelta(hours=1),
                                mode=EncounterMode.TELEPHONE, minutes=20, narrative=f"Talked {tag}",
                                author_id=user_id))  # fmt: skip
        return "note.create"
    note = repo.get("session_note", rng.choice(drafts))
    assert isinstance(note, SessionNote) and note.status is NoteStatus.DRAFT
    if rng.random() < 0.5:
        repo.sign_note(str(note.id))
        return "note.sign"
    repo.update(note.model_copy(update={"narrative": f"Talked again {tag}"}))
    return "note.narrative"


def _engine(vault: Vault, spec: dict[str, Any]) -> SyncEngine:
    db = vault.connect()
    client = client_for(db, retry=FAST_RETRY, timeouts=(2.0, 10.0))
    return SyncEngine(db, client, actor=vault.actor, wipe=vault.wipe, push_limit=spec.get("push_limit", 2),
                      pull_limit=spec.get("pull_limit", 3), snapshot_limit=spec.get("snapshot_limit", 10))  # fmt: skip


def _quiesce(sync: SyncEngine) -> None:
    """Sync until nothing is unsent and a sync succeeded: what every restart does first."""
    for _ in range(RECOVERY_ATTEMPTS):
        report = sync.sync_once()
        if report.ok and sync.store.unsent_count() == 0:
            return
    print(f"recovery-failed {report.error!r}", flush=True)
    raise SystemExit(3)


def run(spec: dict[str, Any]) -> int:
    """One client life. The crash point is armed only for the last sync, so recovery always completes."""
    rng = random.Random(spec["seed"])
    vault = open_vault(Path(spec["vault"]), spec["passphrase"])
    print("state " + json.dumps(held_state(vault.database())), flush=True)  # as it opens (after a kill, say)
    sync = _engine(vault, spec)
    _quiesce(sync)
    journal = Path(spec["journal"])
    db = vault.database()
    for i in range(spec.get("edits", 0)):
        before = db.scalar("SELECT max(client_seq) FROM outbox")
        for attempt in itertools.count():  # an edit that changes nothing (same status again) writes no row
            label = _edit(vault, rng, f"s{spec['seed']}e{i}a{attempt}")
            if db.scalar("SELECT max(client_seq) FROM outbox") != before:
                break
        _journal(journal, db, label)
    print("edited", flush=True)
    if spec.get("resync"):
        sync.store.start_resync()  # what a 410 does: the next pull is a full snapshot
    if spec.get("fresh_token"):
        sync.client.forget_access_token()  # the sync begins with a refresh-token rotation
    _counting()
    crashpoints.reset()
    if spec.get("crash"):
        os.environ[crashpoints.ENV] = spec["crash"]
    print("sync", flush=True)
    started = time.monotonic()
    report = sync.sync_once()
    os.environ.pop(crashpoints.ENV, None)
    outcome = {"ok": report.ok, "error": repr(report.error) if report.error else None, "hits": dict(hits),
               "seconds": time.monotonic() - started, "pending": sync.store.unsent_count()}  # fmt: skip
    print("done " + json.dumps(outcome), flush=True)
    vault.lock()
    return 0


def _prepare(spec: dict[str, Any]) -> None:
    """Before any fork: an in-memory keyring (never the OS one) and the vault's Argon2id result, derived once.

    The KDF (tested in test_keyslots) would otherwise be most of each client's life; every other step of the
    unlock (envelope, back-off gate, process lock, unclean-shutdown check, migrations) still runs in each client.
    """
    keyring.set_keyring(MemoryKeyring())
    keyslots.argon2id = functools.cache(keyslots.argon2id)
    open_vault(Path(spec["vault"]), spec["passphrase"]).lock()


def serve() -> None:
    """Fork a client per line of stdin, so each costs a fork instead of a Python start and every import."""
    prepared = False
    while line := sys.stdin.readline():
        spec = json.loads(line)
        if not prepared:
            _prepare(spec)
            prepared = True
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                code = run(spec)
            except SystemExit as exc:
                code = int(exc.code or 0)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {pid} {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:] != ["serve"]:
        sys.exit(__doc__)
    serve()
