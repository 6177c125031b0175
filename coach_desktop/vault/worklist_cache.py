"""Today's worklist as last built, kept for the day, settings and data generation it was built at (vault v9).

Building the worklist reads every member's facts and runs the domain rules (~2 s at 20,000 members); an unlock
later the same day, with nothing written since, shows the same list. ``worklist_state.generation`` moves in the
same transaction as every write to records or panel rows (vault/database.py), so a cached list is either exactly
what a build would give now or not used at all. The rows are opaque text here: the app encodes them.
"""

from __future__ import annotations

from datetime import date

from .database import Database

_LOAD = (
    "SELECT c.rows FROM worklist_cache AS c JOIN worklist_state AS s ON s.id = 1 "
    "WHERE c.id = 1 AND c.day = ? AND c.settings = ? AND c.generation = s.generation"
)


def generation(db: Database) -> int:
    """The data generation now: read it before building, and store the build under it."""
    return int(db.scalar("SELECT generation FROM worklist_state WHERE id = 1") or 0)


def load(db: Database, day: date, settings: str) -> str | None:
    """The rows kept for ``day`` and ``settings``, if nothing was written since they were built (one statement)."""
    value = db.scalar(_LOAD, (day.isoformat(), settings))
    return str(value) if value is not None else None


def store(db: Database, day: date, settings: str, built_at: int, rows: str) -> bool:
    """Keep ``rows`` built at generation ``built_at``; refused (False) if something was written since: the build
    may then mix states before and after that write."""
    with db.transaction():
        if generation(db) != built_at:
            return False
        db.execute("INSERT OR REPLACE INTO worklist_cache (id, day, settings, generation, rows) VALUES (1, ?, ?, ?, ?)",
                   (day.isoformat(), settings, built_at, rows))  # fmt: skip
    return True


def forget(db: Database) -> None:
    """Drop the kept list (the next build starts from nothing); used by the benchmark's cold start and tests."""
    with db.transaction():
        db.execute("DELETE FROM worklist_cache")
