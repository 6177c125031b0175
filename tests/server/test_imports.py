"""Roster and discharge imports: the file rules, the row rules, all-or-nothing, re-import and the TOC deadlines."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select

from coach_desktop.domain.work_items import TaskType
from coach_server import identity, passwords, records, tables
from coach_server.csv_intake import MAX_FILE_BYTES, MAX_ROWS, ImportRejected, read_rows
from coach_server.discharge_import import import_discharges
from coach_server.roster_import import ROSTER_COLUMNS, import_roster
from tests.server.csv_fixtures import discharge_row, synthetic_roster, write_discharges, write_roster

TENANT = "default"


@pytest.fixture
def coaches(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Two coaches and a supervisor (cheap password hashing: these tests are not about it)."""
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    ids = {}
    with engine.begin() as conn:
        for username, role in (("sup", "supervisor"), ("ana", "coach"), ("ben", "coach")):
            ids[username] = identity.create_user(conn, tenant_id=TENANT, username=username, role=role,
                                                 password="long enough password").user_id  # fmt: skip
    return ids


def problems_of(call: Any) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        call()
    return info.value.lines()


def count(engine: Engine, kind: str | None = None) -> int:
    r = tables.record
    query = select(func.count()).select_from(r)
    with engine.connect() as conn:
        return int(conn.execute(query.where(r.c.kind == kind) if kind else query).scalar_one())


def member_rows(engine: Engine) -> dict[str, Any]:
    r = tables.record
    with engine.connect() as conn:
        rows = conn.execute(select(r).where(r.c.kind == "member"))
        return {row.body["medicaid_id"]: row for row in rows}


# ---- the file as a whole (no database) --------------------------------------------------------------------


def test_header_must_name_exactly_the_columns_and_unknown_names_are_not_echoed(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("medicaid_id,Maria Lopez,given_name,given_name\nSC1,x,y,z\n", encoding="utf-8")
    lines = problems_of(lambda: read_rows(path, ROSTER_COLUMNS))
    assert "line 1: header: missing column family_name" in lines
    assert "line 1: header: 1 unknown column(s), first at position 2" in lines
    assert "line 1: header: column given_name appears twice" in lines
    assert not any("Maria" in line for line in lines)


def test_rows_are_numbered_by_the_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3\n4,\n', encoding="utf-8")
    rows, found = read_rows(path, ("a", "b"), required=("b",))
    assert [r.line for r in rows] == [2, 6] and rows[0].values["b"] == "two\nlines"
    assert [str(p) for p in found] == ["line 5: row: expected 2 fields, found 1", "line 6: b: required"]


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "line 1: file: empty file"),
    (b"a,b\n1,2\n\xff\xfe,3\n", "line 3: file: not UTF-8 text"),
    (b'a,b\n1,"unterminated\n', "file: malformed CSV"),
    (b"a,b\n1,\x002\n", "line 2: file: contains a NUL byte"),
])  # fmt: skip
def test_unreadable_files_are_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert expected in problems_of(lambda: read_rows(path, ("a", "b")))[0]


def test_size_and_row_caps(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no need to write 25 MB
    assert problems_of(lambda: read_rows(big, ("a",))) == ["line 0: file: larger than 25 MB"]
    exact = tmp_path / "exact.csv"
    exact.write_text("a\n" + "1\n" * MAX_ROWS, encoding="utf-8")
    assert len(read_rows(exact, ("a",))[0]) == MAX_ROWS
    exact.write_text("a\n" + "1\n" * (MAX_ROWS + 1), encoding="utf-8")
    assert problems_of(lambda: read_rows(exact, ("a",))) == [f"line {MAX_ROWS + 2}: file: more than {MAX_ROWS} rows"]
    assert "not a regular file" in problems_of(lambda: read_rows(tmp_path, ("a",)))[0]
    assert "file: cannot read" in problems_of(lambda: read_rows(tmp_path / "missing.csv", ("a",)))[0]
    if hasattr(os, "mkfifo"):  # a FIFO would block a reader forever
        os.mkfifo(tmp_path / "pipe.csv")
        assert "not a regular file" in problems_of(lambda: read_rows(tmp_path / "pipe.csv", ("a",)))[0]


# ---- roster rules -----------------------------------------------------------------------------------------


def test_every_bad_roster_row_is_reported_by_line_and_nothing_is_written(engine: Engine, coaches: dict[str, str],
                                                                         tmp_path: Path) -> None:  # fmt: skip
    rows = synthetic_roster(9, ["ana"])
    rows[0]["date_of_birth"] = "03/04/1961"
    rows[1]["coach_username"] = "sup"  # a supervisor, not a coach
    rows[2]["medicaid_id"] = rows[3]["medicaid_id"]
    rows[4]["sex"] = "F"
    rows[5]["practice_name"] = ""
    rows[6]["date_of_birth"] = "2999-01-01"
    rows[7]["given_name"] = ""
    rows[8]["conditions"] = "diabetes;gout"
    path = write_roster(tmp_path / "roster.csv", rows)
    lines = problems_of(lambda: import_roster(engine, path, tenant_id=TENANT))
    fields = [line.split(": ")[:2] for line in lines]
    assert fields == [["line 2", "date_of_birth"], ["line 3", "coach_username"], ["line 5", "medicaid_id"],
                      ["line 6", "sex"], ["line 7", "practice_name"], ["line 8", "date_of_birth"],
                      ["line 9", "given_name"], ["line 10", "conditions"]]  # fmt: skip
    phi = ("medicaid_id", "given_name", "family_name", "date_of_birth", "phone", "address_line1", "postal_code",
           "pcp_name", "risk_reason")  # fmt: skip
    cells = {row[c] for row in rows for c in phi if len(row[c]) > 3} | {"03/04/1961", "2999-01-01", "gout"}
    assert not any(cell in line for line in lines for cell in cells)
    assert count(engine) == 0


def test_roster_creates_members_practices_and_panels_and_reimport_is_idempotent(
        engine: Engine, coaches: dict[str, str], tmp_path: Path) -> None:  # fmt: skip
    rows = synthetic_roster(12, ["ana", "ben"])
    first = import_roster(engine, write_roster(tmp_path / "r1.csv", rows), tenant_id=TENANT)
    assert (first.rows, first.created, first.assignments) == (12, 12, 12)
    before = member_rows(engine)
    with engine.connect() as conn:
        pa = tables.panel_assignment
        panel = {m: c for m, c in conn.execute(select(pa.c.member_id, pa.c.coach_id))}
        practices = set(conn.execute(select(tables.practice.c.id)).scalars())
    assert {row.id: coaches["ana" if i % 2 == 0 else "ben"] for i, row in enumerate(
        before[r["medicaid_id"]] for r in rows)} == panel  # fmt: skip
    assert practices == {r["practice_id"] for r in rows}

    again = import_roster(engine, write_roster(tmp_path / "r2.csv", rows), tenant_id=TENANT)
    assert (again.created, again.updated, again.unchanged, again.assignments) == (0, 0, 12, 0)
    assert {k: r.row_seq for k, r in member_rows(engine).items()} == {k: r.row_seq for k, r in before.items()}

    rows[0]["phone"] = "(405) 555-0199"
    rows[1]["coach_username"] = "ana"
    third = import_roster(engine, write_roster(tmp_path / "r3.csv", rows), tenant_id=TENANT)
    assert (third.updated, third.unchanged, third.assignments) == (2, 10, 1)
    after = member_rows(engine)
    changed = after[rows[0]["medicaid_id"]]
    assert changed.id == before[rows[0]["medicaid_id"]].id and changed.body["phone"] == "(405) 555-0199"
    assert changed.field_ver["phone"] == changed.row_seq > before[rows[0]["medicaid_id"]].row_seq
    assert changed.field_ver["given_name"] == before[rows[0]["medicaid_id"]].field_ver["given_name"]


def test_reimport_keeps_what_the_roster_does_not_carry(engine: Engine, coaches: dict[str, str],
                                                       tmp_path: Path) -> None:  # fmt: skip
    rows = synthetic_roster(1, ["ana"])
    import_roster(engine, write_roster(tmp_path / "r.csv", rows), tenant_id=TENANT)
    member = member_rows(engine)[rows[0]["medicaid_id"]]
    body = {**member.body, "consent": {"program_consent": True, "consent_date": "2026-01-05", "text_ok": True},
            "address": {**member.body["address"], "line2": "Apt 4"}}  # fmt: skip
    with engine.begin() as conn:
        records.put_record(conn, TENANT, body, user_id="coach")
    rows[0]["city"] = "Norman"
    import_roster(engine, write_roster(tmp_path / "r2.csv", rows), tenant_id=TENANT)
    kept = member_rows(engine)[rows[0]["medicaid_id"]].body
    assert kept["consent"]["program_consent"] is True and kept["address"] == {**body["address"], "city": "Norman"}


def test_dry_run_validates_without_writing(engine: Engine, coaches: dict[str, str], tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv", synthetic_roster(3, ["ana"]))
    assert import_roster(engine, path, tenant_id=TENANT, dry_run=True).rows == 3
    assert count(engine) == 0


# ---- discharges -------------------------------------------------------------------------------------------


@pytest.fixture
def roster(engine: Engine, coaches: dict[str, str], tmp_path: Path) -> dict[str, dict[str, str]]:
    rows = synthetic_roster(2, ["ana"])
    rows[0]["risk_tier"], rows[1]["risk_tier"] = "high", "low"
    import_roster(engine, write_roster(tmp_path / "roster.csv", rows), tenant_id=TENANT)
    return {"high": rows[0], "low": rows[1]}


def tasks_by_type(engine: Engine) -> dict[str, list[date]]:
    found: dict[str, list[date]] = {}
    r = tables.record
    with engine.connect() as conn:
        for body in conn.execute(select(r.c.body).where(r.c.kind == "task")).scalars():
            found.setdefault(body["type"], []).append(date.fromisoformat(body["due"]))
    return {k: sorted(v) for k, v in found.items()}


def test_discharge_creates_a_transition_and_its_follow_up_tasks(engine: Engine, roster: dict[str, dict[str, str]],
                                                                tmp_path: Path) -> None:  # fmt: skip
    # Thursday 3 July 2025, before the 4 July holiday: business day 2 is Tuesday 8 July.
    rows = [discharge_row(roster["high"]["medicaid_id"], admitted_on="2025-06-28", discharged_on="2025-07-03",
                          disposition="home", mental_health_diagnosis="yes"),
            discharge_row(roster["low"]["medicaid_id"], discharged_on="2025-07-03"),
            discharge_row(roster["low"]["medicaid_id"], event="ed_visit", ed_visit_on="2025-08-01"),
            discharge_row(roster["low"]["medicaid_id"], event="admission", admitted_on="2025-09-01")]  # fmt: skip
    path = write_discharges(tmp_path / "adt.csv", rows)
    result = import_discharges(engine, path, tenant_id=TENANT)
    assert (result.transitions_created, result.tasks_created) == (4, 5 + 4 + 4)
    assert tasks_by_type(engine) == {
        TaskType.INTERACTIVE_CONTACT: [date(2025, 7, 8), date(2025, 7, 8), date(2025, 8, 5)],
        TaskType.MED_RECONCILIATION: [date(2025, 8, 2), date(2025, 8, 2), date(2025, 8, 31)],
        TaskType.PCP_VISIT: [date(2025, 7, 10), date(2025, 7, 17), date(2025, 8, 8)],  # high 7, low 14, ED 7
        TaskType.BH_FOLLOW_UP: [date(2025, 7, 10)],
        TaskType.CARE_PLAN_REVIEW: [date(2025, 8, 2), date(2025, 8, 2), date(2025, 8, 31)],
    }
    r = tables.record
    with engine.connect() as conn:
        coach = conn.execute(select(r.c.body["assigned_to"].as_string()).where(r.c.kind == "task")).scalars().all()
        transition = conn.execute(select(r.c.body).where(r.c.kind == "care_transition",
                                  r.c.body["mental_health_diagnosis"].as_boolean())).scalar_one()  # fmt: skip
    assert set(coach) == {roster_coach(engine)} and transition["follow_up_deadline"] == "2025-07-08"
    again = import_discharges(engine, path, tenant_id=TENANT)
    assert (again.transitions_created, again.tasks_created, again.unchanged) == (0, 0, 4)


def roster_coach(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(select(tables.panel_assignment.c.coach_id).limit(1)).scalar_one())


def test_bad_discharge_rows_are_all_reported_and_nothing_is_written(engine: Engine, roster: dict[str, dict[str, str]],
                                                                    tmp_path: Path) -> None:  # fmt: skip
    known = roster["low"]["medicaid_id"]
    rows = [discharge_row("ZZ00000000", discharged_on="2025-07-03"),
            discharge_row(known, event="transfer", discharged_on="2025-07-03"),
            discharge_row(known, discharged_on=""),
            discharge_row(known, admitted_on="2025-07-09", discharged_on="2025-07-03"),
            discharge_row(known, discharged_on="2025-07-04", mental_health_diagnosis="maybe", disposition="moon"),
            discharge_row(known, discharged_on="2025-07-03"), discharge_row(known, discharged_on="2025-07-03")]
    lines = problems_of(lambda: import_discharges(engine, write_discharges(tmp_path / "a.csv", rows),
                                                  tenant_id=TENANT))  # fmt: skip
    assert lines == [
        "line 2: medicaid_id: no member with this Medicaid id",
        "line 3: event: must be admission, discharge, ed_visit",
        "line 4: row: a discharge needs its discharge date",
        "line 5: row: discharge cannot be before admission",
        "line 6: mental_health_diagnosis: must be yes or no",
        "line 6: disposition: Input should be 'home', 'home_health', 'assisted_living', 'snf' or 'other'",
        "line 8: row: same event as line 7",
    ]
    assert count(engine, "care_transition") == count(engine, "task") == 0


# ---- batched writes = the row-by-row path -----------------------------------------------------------------


class Captured(Exception):
    """Carries the state a reference import reached out of its transaction, which then rolls back."""

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__("captured")
        self.state = state


def server_state(conn: Any) -> dict[str, Any]:
    """Records, panels, scope events and the counter, with ids named by medicaid_id (a new member's id is
    random) and without updated_at (the clock): what must not differ between two ways of importing a file."""
    r, pa, ev = tables.record, tables.panel_assignment, tables.scope_event
    rows = conn.execute(select(r).order_by(r.c.kind, r.c.id)).all()
    name = {row.id: row.body["medicaid_id"] for row in rows if row.kind == "member"}

    def named(value: Any) -> Any:
        return name.get(value, value) if isinstance(value, str) else value

    records_ = {(row.kind, named(row.id)): ({k: named(v) for k, v in row.body.items() if k != "updated_at"},
                                            row.field_ver, row.field_dev, row.row_seq, row.deleted,
                                            named(row.member_id)) for row in rows}  # fmt: skip
    return {
        "records": records_,
        "panels": {named(m): (c, s) for m, c, s in conn.execute(select(pa.c.member_id, pa.c.coach_id,
                                                                         pa.c.granted_seq))},
        "events": sorted((s, u, named(m), op) for s, u, m, op in conn.execute(select(ev.c.seq, ev.c.user_id,
                                                                                     ev.c.member_id, ev.c.op))),
        "seq": conn.execute(select(tables.tenant_seq.c.last_seq)).scalar_one(),
    }


def roster_row_by_row(conn: Any, tenant_id: str, plan: Any, result: Any) -> None:
    """The import's writes one record and one panel change at a time (put_record / assign_member)."""
    from coach_server import roster_import, scope

    result.practices = roster_import._upsert_practices(conn, tenant_id, plan.practices)
    for item in plan.members:
        records.put_record(conn, tenant_id, item.body, user_id=roster_import.IMPORT_USER)
    for item in plan.members:
        scope.assign_member(conn, tenant_id, item.member_id, item.coach_id)
    raise Captured(server_state(conn))


def discharges_row_by_row(conn: Any, tenant_id: str, planned: Any, result: Any) -> None:
    from coach_server import discharge_import
    from coach_server.roster_import import load_rows

    existing = load_rows(conn, tenant_id, "care_transition", (str(p.transition.id) for p in planned))
    tasks = load_rows(conn, tenant_id, "task", (str(t.id) for p in planned for t in p.tasks))
    for item in planned:
        current = existing.get(str(item.transition.id))
        if current is None or not current["deleted"]:
            body = discharge_import._keep_progress(item, current)
            records.put_record(conn, tenant_id, body, user_id=discharge_import.IMPORT_USER)
            for task in item.tasks:
                if str(task.id) not in tasks:
                    records.put_record(conn, tenant_id, task.body(), user_id=discharge_import.IMPORT_USER)
    raise Captured(server_state(conn))


def reference_state(engine: Engine, monkeypatch: pytest.MonkeyPatch, module: Any, reference: Any,
                    run: Any) -> dict[str, Any]:  # fmt: skip
    """The state ``run`` would leave with ``module._apply`` replaced by the row-by-row ``reference`` (rolled back)."""
    with monkeypatch.context() as patch:
        patch.setattr(module, "_apply", reference)
        with pytest.raises(Captured) as caught:
            run()
    return caught.value.state


def current_state(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        return server_state(conn)


def test_batched_roster_reimport_leaves_the_state_row_by_row_writes_would(
        engine: Engine, coaches: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from coach_server import roster_import

    rows = synthetic_roster(30, ["ana", "ben"])
    import_roster(engine, write_roster(tmp_path / "r1.csv", rows[:25]), tenant_id=TENANT)
    changed = [dict(r) for r in rows]  # 5 new members, and changes to the others:
    changed[0]["phone"] = "(405) 555-0199"
    changed[1]["coach_username"] = "ana" if changed[1]["coach_username"] == "ben" else "ben"
    changed[2].update(city="Norman", risk_tier="high", conditions="")
    changed[3].update(practice_id="P-NEW", practice_name="New Clinic", enrollment_status="graduated")
    renamed = next(r["practice_id"] for r in changed if r["practice_id"])  # not a member field: no update
    for row in changed:
        if row["practice_id"] == renamed:
            row["practice_name"] += " East"
    path = write_roster(tmp_path / "r2.csv", changed)
    before = current_state(engine)

    expected = reference_state(engine, monkeypatch, roster_import, roster_row_by_row,
                               lambda: import_roster(engine, path, tenant_id=TENANT))  # fmt: skip
    assert current_state(engine) == before  # the reference rolled back
    result = import_roster(engine, path, tenant_id=TENANT)
    assert current_state(engine) == expected
    assert (result.created, result.updated, result.unchanged, result.assignments, result.practices) == (5, 4, 21, 6, 2)
    assert expected["seq"] > before["seq"] and len(expected["events"]) > len(before["events"])


def test_batched_discharge_reimport_leaves_the_state_row_by_row_writes_would(
        engine: Engine, roster: dict[str, dict[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from coach_server import discharge_import

    high, low = roster["high"]["medicaid_id"], roster["low"]["medicaid_id"]
    rows = [discharge_row(high, discharged_on="2025-07-03"),
            discharge_row(low, event="ed_visit", ed_visit_on="2025-08-01")]
    import_discharges(engine, write_discharges(tmp_path / "a1.csv", rows), tenant_id=TENANT)
    rows[0].update(disposition="snf", mental_health_diagnosis="yes")  # an update, and one more task
    rows.append(discharge_row(low, event="admission", admitted_on="2025-09-01"))
    path = write_discharges(tmp_path / "a2.csv", rows)

    expected = reference_state(engine, monkeypatch, discharge_import, discharges_row_by_row,
                               lambda: import_discharges(engine, path, tenant_id=TENANT))  # fmt: skip
    result = import_discharges(engine, path, tenant_id=TENANT)
    assert current_state(engine) == expected
    assert (result.transitions_created, result.transitions_updated, result.tasks_created) == (1, 1, 1)


def test_put_records_builds_on_earlier_bodies_of_the_same_batch_like_put_record_does(engine: Engine) -> None:
    from coach_desktop.domain.synthetic import generate_panel
    from coach_server.sequence import SeqBlock

    first, second = (m.body() for m in generate_panel(2, seed=3).members)
    bodies = [first, second, {**first, "phone": "(405) 555-0101"}, {**first, "phone": "(405) 555-0101"},
              {**second, "risk_tier": "high", "phone": "(405) 555-0102"}, first]  # fmt: skip
    with engine.begin() as conn:
        identity.ensure_tenant(conn, TENANT)
    states, seqs = [], []
    for batched in (False, True):
        with engine.connect() as conn, conn.begin() as tx:
            if batched:
                block = SeqBlock.open(conn, TENANT)
                seqs.append(records.put_records(conn, TENANT, bodies, user_id="t", block=block))
                block.close()
            else:
                seqs.append([records.put_record(conn, TENANT, body, user_id="t") for body in bodies])
            states.append(server_state(conn))
            tx.rollback()
    assert states[0] == states[1] and seqs[0] == seqs[1] == [1, 2, 3, 3, 4, 5]
