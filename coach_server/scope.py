"""Who may see and write what (SECURITY R25, SYNC_PROTOCOL §6.7): always derived from the Caller, never the client."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, bindparam, delete, false, insert, or_, select, update

from . import tables
from .batching import chunks
from .deps import Caller
from .kinds import CONFLICT_KIND, ScopeClass, is_behavioral_health, scope_class
from .sequence import SeqBlock

# coach: members on her panel (panel_assignment.coach_id). supervisor: members of coaches whose
# users.supervisor_id is her, and her own panel. facilitator: practice-scoped records of her practices
# (facilitator_practice), never members, notes, addenda or behavioral-health screenings. admin: no PHI through
# sync. Everyone in the tenant: the community-resource directory. Panel changes are scope_event rows (grant /
# revoke) with seqs from the records' own sequence, so devices get them through the pull log, in order.
PANEL_ROLES = frozenset({"coach", "supervisor"})
TENANT_ROLES = PANEL_ROLES | {"facilitator", "admin"}
# Minimum necessary (DESIGN §1): named explicitly even though scope classes already exclude them.
FACILITATOR_NEVER = frozenset({"member", "session_note", "note_addendum", "mi_fidelity_review"})


class ScopeError(ValueError):
    """An administrative scope change that cannot be made (unknown user, wrong role)."""


# ---- visibility -------------------------------------------------------------------------------------------


def visible_members(caller: Caller) -> Select[Any]:
    """member_ids the caller may see (empty for facilitators and admins)."""
    pa, users = tables.panel_assignment, tables.users
    if caller.role not in PANEL_ROLES:
        return select(pa.c.member_id).where(false())
    holders = [pa.c.coach_id == caller.user_id]
    if caller.role == "supervisor":
        team = select(users.c.id).where(users.c.tenant_id == caller.tenant_id,
                                        users.c.supervisor_id == caller.user_id)  # fmt: skip
        holders.append(pa.c.coach_id.in_(team))
    return select(pa.c.member_id).where(pa.c.tenant_id == caller.tenant_id, or_(*holders))


def visible_practices(caller: Caller) -> Select[Any]:
    fp, practice = tables.facilitator_practice, tables.practice
    if caller.role != "facilitator":
        return select(fp.c.practice_id).where(false())
    return (
        select(fp.c.practice_id)
        .join(practice, practice.c.id == fp.c.practice_id)
        .where(fp.c.user_id == caller.user_id, practice.c.tenant_id == caller.tenant_id)
    )


def record_filter(caller: Caller) -> ColumnElement[bool]:
    """WHERE clause on ``record`` for pull and snapshot (the tenant condition is added by the caller)."""
    r = tables.record
    directory = and_(r.c.member_id.is_(None), r.c.practice_id.is_(None))
    if caller.role in PANEL_ROLES:
        return or_(r.c.member_id.in_(visible_members(caller)), directory)
    if caller.role == "facilitator":
        practice = and_(r.c.member_id.is_(None), r.c.practice_id.in_(visible_practices(caller)))
        return and_(or_(practice, directory), r.c.kind.not_in(sorted(FACILITATOR_NEVER)))
    if caller.role == "admin":
        return directory
    return false()


def _class_of(kind: str, member_id: str | None, practice_id: str | None) -> ScopeClass | None:
    if kind == CONFLICT_KIND:  # a conflict is scoped like the record it is about, by its stored columns
        return "member" if member_id is not None else "practice" if practice_id is not None else "directory"
    return scope_class(kind)


AccessCache = dict[tuple[str, str], bool]


def can_access(conn: Connection, caller: Caller, kind: str, member_id: str | None, practice_id: str | None,
               body: Mapping[str, Any] | None = None, cache: AccessCache | None = None) -> bool:  # fmt: skip
    """One record, or a conflict about one: may the caller see and write it? Unknown kinds: never.

    ``cache``: answers per member / practice, kept by one push (its transaction holds the tenant lock, which
    every panel change takes too, so the answers cannot change under it).
    """
    if caller.role == "facilitator" and (kind in FACILITATOR_NEVER or is_behavioral_health(kind, body)):
        return False
    klass = _class_of(kind, member_id, practice_id)
    if klass == "member":
        return member_id is not None and _cached(conn, cache, ("member", member_id), lambda: visible_members(
            caller).where(tables.panel_assignment.c.member_id == member_id).limit(1))  # fmt: skip
    if klass == "practice":
        return practice_id is not None and _cached(conn, cache, ("practice", practice_id), lambda: visible_practices(
            caller).where(tables.facilitator_practice.c.practice_id == practice_id).limit(1))  # fmt: skip
    return klass == "directory" and caller.role in TENANT_ROLES


def prefetch_members(conn: Connection, caller: Caller, member_ids: Iterable[str], cache: AccessCache) -> None:
    """Fill ``cache`` for many members with one query per chunk (a push touching ten members: one query, not ten)."""
    wanted = sorted({m for m in member_ids if ("member", m) not in cache})
    if caller.role not in PANEL_ROLES:
        return  # nothing to ask the database: can_access refuses member records without a query
    pa = tables.panel_assignment
    for chunk in chunks(wanted):
        found = set(conn.execute(visible_members(caller).where(pa.c.member_id.in_(chunk))).scalars())
        cache.update({("member", m): m in found for m in chunk})


def _cached(conn: Connection, cache: AccessCache | None, key: tuple[str, str],
            query: Callable[[], Select[Any]]) -> bool:  # fmt: skip
    """The answer from ``cache``, else from the database (the query is only built then)."""
    if cache is not None and key in cache:
        return cache[key]
    found = conn.execute(query()).first() is not None
    if cache is not None:
        cache[key] = found
    return found


def revoked_after(conn: Connection, caller: Caller, member_id: str, base_seq: int) -> bool:
    """Was the member taken from this user after ``base_seq``? (Then an edit based before it is quarantined.)"""
    ev = tables.scope_event
    last = conn.execute(
        select(ev.c.op, ev.c.seq)
        .where(ev.c.tenant_id == caller.tenant_id, ev.c.user_id == caller.user_id, ev.c.member_id == member_id)
        .order_by(ev.c.seq.desc()).limit(1)
    ).first()  # fmt: skip
    return last is not None and last.op == "revoke" and int(last.seq) > base_seq


# ---- panel changes (called by the admin CLI and imports) ----------------------------------------------------


def _viewers(conn: Connection, tenant_id: str, coach_id: str | None) -> set[str]:
    """Users who see a member held by ``coach_id``: the coach and her supervisor."""
    if coach_id is None:
        return set()
    row = conn.execute(select(tables.users.c.supervisor_id).where(
        tables.users.c.id == coach_id, tables.users.c.tenant_id == tenant_id)).first()  # fmt: skip
    return {coach_id} | ({row.supervisor_id} if row is not None and row.supervisor_id else set())


def _event_rows(block: SeqBlock, tenant_id: str, member_id: str, revoke: Iterable[str],
                grant: Iterable[str]) -> list[dict[str, Any]]:  # fmt: skip
    """One scope_event per user and op, each with its own seq (revokes first: deterministic order)."""
    return [{"tenant_id": tenant_id, "seq": block.take(), "user_id": user_id, "member_id": member_id, "op": op}
            for op, users in (("revoke", sorted(revoke)), ("grant", sorted(grant))) for user_id in users]  # fmt: skip


def _insert_events(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(tables.scope_event), rows)


def _emit(block: SeqBlock, tenant_id: str, member_id: str, revoke: Iterable[str], grant: Iterable[str]) -> None:
    _insert_events(block.conn, _event_rows(block, tenant_id, member_id, revoke, grant))


def _check_panel_holder(conn: Connection, tenant_id: str, user_id: str) -> None:
    row = conn.execute(select(tables.users.c.role).where(
        tables.users.c.id == user_id, tables.users.c.tenant_id == tenant_id)).first()  # fmt: skip
    if row is None or row.role not in PANEL_ROLES:
        raise ScopeError("a panel belongs to a coach or supervisor of this tenant")


def _current_coach(conn: Connection, tenant_id: str, member_id: str) -> str | None:
    pa = tables.panel_assignment
    return conn.execute(select(pa.c.coach_id).where(pa.c.tenant_id == tenant_id, pa.c.member_id == member_id)
                        ).scalar_one_or_none()  # fmt: skip


def assign_member(conn: Connection, tenant_id: str, member_id: str, coach_id: str) -> int | None:
    """Put a member on ``coach_id``'s panel (moving them off any other panel) in the caller's transaction.

    Writes ``panel_assignment`` and a revoke/grant ``scope_event`` for every user whose view changes (the old
    and new coach, and their supervisors). Returns the last seq used, or None when nothing changed. Locks the
    tenant counter, so run it as the last seq-writing step of the transaction, and commit promptly. Many
    members at once (imports): ``assign_members``.
    """
    _check_panel_holder(conn, tenant_id, coach_id)
    block = SeqBlock.open(conn, tenant_id)
    old = _current_coach(conn, tenant_id, member_id)
    if old == coach_id:
        return None
    before, after = _viewers(conn, tenant_id, old), _viewers(conn, tenant_id, coach_id)
    _emit(block, tenant_id, member_id, before - after, after - before)
    pa = tables.panel_assignment
    if old is None:
        conn.execute(insert(pa).values(tenant_id=tenant_id, member_id=member_id, coach_id=coach_id,
                                       granted_seq=block.last))  # fmt: skip
    else:
        conn.execute(update(pa).where(pa.c.tenant_id == tenant_id, pa.c.member_id == member_id)
                     .values(coach_id=coach_id, granted_seq=block.last))  # fmt: skip
    return block.close()


def assign_members(conn: Connection, tenant_id: str, assignments: Sequence[tuple[str, str]],
                   block: SeqBlock) -> list[int | None]:  # fmt: skip
    """``assign_member`` for many (member_id, coach_id) pairs, with seqs from the caller's ``block`` (imports).

    The same rows, events and seqs as calling ``assign_member`` for each pair in order, but read with one query
    per chunk and written with one executemany per table. Raises ScopeError before writing anything. Returns,
    per pair, the last seq its events used (None: already on that panel).
    """
    holders = _panel_holders(conn, tenant_id, {coach for _, coach in assignments})
    current = _current_coaches(conn, tenant_id, [member for member, _ in assignments])
    supervisors = _supervisors(conn, tenant_id, set(current.values()) | holders)
    stored, events, rows, seqs = set(current), [], {}, []
    for member_id, coach_id in assignments:
        old = current.get(member_id)
        if old == coach_id:
            seqs.append(None)
            continue
        before, after = _seen_by(old, supervisors), _seen_by(coach_id, supervisors)
        events += _event_rows(block, tenant_id, member_id, before - after, after - before)
        current[member_id] = coach_id
        rows[member_id] = {"coach_id": coach_id, "granted_seq": block.last}
        seqs.append(block.last)
    _insert_events(conn, events)
    _write_assignments(conn, tenant_id, rows, stored)
    return seqs


def _panel_holders(conn: Connection, tenant_id: str, user_ids: set[str]) -> set[str]:
    """``user_ids`` if every one is a coach or supervisor of this tenant, else ScopeError."""
    users, found = tables.users, set()
    for chunk in chunks(user_ids):
        query = select(users.c.id).where(users.c.tenant_id == tenant_id, users.c.id.in_(chunk),
                                         users.c.role.in_(sorted(PANEL_ROLES)))  # fmt: skip
        found.update(conn.execute(query).scalars())
    if found != user_ids:
        raise ScopeError("a panel belongs to a coach or supervisor of this tenant")
    return found


def _current_coaches(conn: Connection, tenant_id: str, member_ids: Iterable[str]) -> dict[str, str]:
    pa, found = tables.panel_assignment, {}
    for chunk in chunks(member_ids):
        query = select(pa.c.member_id, pa.c.coach_id).where(pa.c.tenant_id == tenant_id, pa.c.member_id.in_(chunk))
        found.update({str(m): str(c) for m, c in conn.execute(query)})
    return found


def _supervisors(conn: Connection, tenant_id: str, user_ids: set[str]) -> dict[str, str | None]:
    users, found = tables.users, {}
    for chunk in chunks(user_ids):
        query = select(users.c.id, users.c.supervisor_id).where(users.c.tenant_id == tenant_id, users.c.id.in_(chunk))
        found.update({str(u): s for u, s in conn.execute(query)})
    return found


def _seen_by(coach_id: str | None, supervisors: Mapping[str, str | None]) -> set[str]:
    """``_viewers`` from preloaded supervisors: the coach and her supervisor."""
    if coach_id is None:
        return set()
    supervisor = supervisors.get(coach_id)
    return {coach_id} | ({supervisor} if supervisor else set())


def _write_assignments(conn: Connection, tenant_id: str, rows: Mapping[str, Mapping[str, Any]],
                       stored: set[str]) -> None:  # fmt: skip
    """Insert the members that had no panel row, update the others: one executemany each."""
    pa = tables.panel_assignment
    inserts = [{"tenant_id": tenant_id, "member_id": m, **v} for m, v in rows.items() if m not in stored]
    updates = [{"b_tenant": tenant_id, "b_member": m, **v} for m, v in rows.items() if m in stored]
    if inserts:
        conn.execute(insert(pa), inserts)
    if updates:
        key = (pa.c.tenant_id == bindparam("b_tenant"), pa.c.member_id == bindparam("b_member"))
        conn.execute(update(pa).where(*key), updates)


def unassign_member(conn: Connection, tenant_id: str, member_id: str) -> int | None:
    """Take a member off every panel (discharge): revoke events for the coach and supervisor. Same rules."""
    block = SeqBlock.open(conn, tenant_id)
    old = _current_coach(conn, tenant_id, member_id)
    if old is None:
        return None
    _emit(block, tenant_id, member_id, _viewers(conn, tenant_id, old), ())
    pa = tables.panel_assignment
    conn.execute(delete(pa).where(pa.c.tenant_id == tenant_id, pa.c.member_id == member_id))
    return block.close()


def set_supervisor(conn: Connection, tenant_id: str, coach_id: str, supervisor_id: str | None) -> int | None:
    """Change a coach's supervisor and move the coach's whole panel between the two supervisors' views."""
    _check_panel_holder(conn, tenant_id, coach_id)
    if supervisor_id is not None:
        _check_panel_holder(conn, tenant_id, supervisor_id)
    block = SeqBlock.open(conn, tenant_id)
    users, pa = tables.users, tables.panel_assignment
    old = conn.execute(select(users.c.supervisor_id).where(users.c.id == coach_id)).scalar_one_or_none()
    if old == supervisor_id:
        return None
    members = conn.execute(select(pa.c.member_id).where(pa.c.tenant_id == tenant_id, pa.c.coach_id == coach_id)
                           .order_by(pa.c.member_id)).scalars().all()  # fmt: skip
    revoke, grant = {old} - {coach_id} if old else set(), {supervisor_id} - {coach_id} if supervisor_id else set()
    _insert_events(conn, [e for m in members for e in _event_rows(block, tenant_id, m, revoke, grant)])
    conn.execute(update(users).where(users.c.id == coach_id).values(supervisor_id=supervisor_id))
    return block.close()
