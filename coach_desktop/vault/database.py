"""One keyed SQLCipher connection: opening it safely, checking the cipher, transactions, error mapping."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from .errors import DiskFull, Locked, UnsupportedCipher, VaultBusy, VaultCorrupt, VaultError, VaultReadOnly

# SQLCipher 4 defaults we require (SECURITY R3). kdf_iter is irrelevant in raw-key mode but must be the default.
EXPECTED_CIPHER_SETTINGS = {
    "cipher_page_size": "4096",
    "cipher_use_hmac": "1",
    "cipher_plaintext_header_size": "0",
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
}
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")
# A statement that may change what the Today worklist is built from (records, panel rows). Matching the statement
# text costs well under a microsecond; a trigger per row would cost ~5x the row's own write under SQLCipher's
# memory security (measured), and Python's sqlite3 has no update hook.
_WORKLIST_WRITE = re.compile(
    r"^\s*(?:(?:INSERT(?:\s+OR\s+\w+)?|REPLACE)\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"
    r"(?:main\.)?(?:record|member_index)\b|^\s*WITH\b.*\b(?:INSERT|UPDATE|DELETE|REPLACE)\b",
    re.IGNORECASE | re.DOTALL,
)
_BUMP_GENERATION = "UPDATE worklist_state SET generation = generation + 1 WHERE id = 1"
_SETTING = re.compile(r"^PRAGMA (\w+) = (\w+);$")

# SECURITY R22/R28 and §4.2: crash safety and no plaintext temp files.
_SESSION_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
)

SqlParams = Sequence[Any] | dict[str, Any]


def map_sqlite_error(exc: Exception) -> VaultError:
    """Turn a driver error into the vault's fixed error codes (T-COR-1). Messages carry no data."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "hmac" in text or "corrupt" in text:
        return VaultCorrupt()
    if "locked" in text or "busy" in text:
        return VaultBusy()
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFull()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return VaultReadOnly()
    return VaultError("The vault could not complete that step. Your saved work is safe; try again.")


def _check_cipher(conn: sqlcipher3.Connection) -> None:
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not str(version[0]).startswith("4."):
        raise UnsupportedCipher()
    settings: dict[str, str] = {}
    for (line,) in conn.execute("PRAGMA cipher_settings").fetchall():
        match = _SETTING.match(str(line))
        if match:
            settings[match.group(1)] = match.group(2)
    for name, expected in EXPECTED_CIPHER_SETTINGS.items():
        if settings.get(name) != expected:
            raise UnsupportedCipher()


def open_keyed(path: Path, dek: bytearray, *, timeout_s: float = 5.0) -> sqlcipher3.Connection:
    """Open ``path`` with the raw data key; the key PRAGMA is the first statement (SECURITY §4.3)."""
    key_hex = dek.hex()
    if not _HEX_KEY.match(key_hex):
        raise VaultError("The vault key is malformed.")
    try:
        # No statement cache: each cached statement pins lookaside slots, and once the ~20 slots run out every small
        # allocation goes to SQLCipher's memory-security allocator, which mlock()s and munlock()s it (measured with
        # strace: 825k of each for one Today load at 20,000 members, 4-10 s instead of 0.3 s). Preparing again costs
        # microseconds; keeping cipher_memory_security on (R21) is then nearly free.
        conn = sqlcipher3.connect(str(path), timeout=timeout_s, isolation_level=None, check_same_thread=False,
                                  cached_statements=0)  # fmt: skip
    except sqlcipher3.Error as exc:
        raise map_sqlite_error(exc) from None
    try:
        conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")  # sql-reviewed: validated 64-hex key only
        _check_cipher(conn)
        conn.execute("PRAGMA cipher_memory_security = ON")
        # SQLCipher logs HMAC failures to stderr by default; keep stderr clean (SECURITY R20). The app's
        # log routing comes with the app shell; failures still surface as typed errors here.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Touch page 1: a wrong key or a damaged header fails here, not in the middle of work.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for statement in _SESSION_PRAGMAS:
            conn.execute(statement)
    except sqlcipher3.Error as exc:
        conn.close()
        raise map_sqlite_error(exc) from None
    except VaultError:
        conn.close()
        raise
    return conn


class Database:
    """A keyed connection that refuses use once the vault is locked, with explicit transactions."""

    def __init__(self, conn: sqlcipher3.Connection) -> None:
        self._conn: sqlcipher3.Connection | None = conn
        self._mutex = threading.RLock()
        self._worklist_written = False  # this transaction wrote records or panel rows: bump the generation

    def _note_write(self, conn: sqlcipher3.Connection, sql: str) -> None:
        """Remember a write that can change the worklist; outside a transaction, bump the generation at once."""
        if _WORKLIST_WRITE.match(sql) is None:
            return
        if conn.in_transaction:
            self._worklist_written = True
        else:
            self._bump_generation(conn)

    @staticmethod
    def _bump_generation(conn: sqlcipher3.Connection) -> None:
        """The worklist cache (vault/worklist_cache.py) is valid only for the generation it was built at."""
        try:
            conn.execute(_BUMP_GENERATION)
        except sqlcipher3.OperationalError as exc:
            if "no such table" not in str(exc):  # a vault migrating from before v9: nothing is cached yet
                raise

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def _live(self) -> sqlcipher3.Connection:
        if self._conn is None:
            raise Locked()
        return self._conn

    def execute(self, sql: str, params: SqlParams = ()) -> sqlcipher3.Cursor:
        with self._mutex:
            try:
                conn = self._live()
                cursor = conn.execute(sql, params)
                self._note_write(conn, sql)
                return cursor
            except sqlcipher3.Error as exc:
                raise map_sqlite_error(exc) from None

    def executemany(self, sql: str, rows: Sequence[SqlParams]) -> None:
        with self._mutex:
            try:
                conn = self._live()
                conn.executemany(sql, rows)
                self._note_write(conn, sql)
            except sqlcipher3.Error as exc:
                raise map_sqlite_error(exc) from None

    def query(self, sql: str, params: SqlParams = ()) -> list[tuple[Any, ...]]:
        with self._mutex:
            try:
                conn = self._live()
                rows = conn.execute(sql, params).fetchall()
                self._note_write(conn, sql)
                return rows
            except sqlcipher3.Error as exc:
                raise map_sqlite_error(exc) from None

    def scalar(self, sql: str, params: SqlParams = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """BEGIN IMMEDIATE … COMMIT: the write lock is taken up front, so a commit never fails on a busy reader."""
        with self._mutex:
            conn = self._live()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlcipher3.Error as exc:
                raise map_sqlite_error(exc) from None
            self._worklist_written = False
            try:
                yield self
            except BaseException:
                self._worklist_written = False
                self._rollback(conn)
                raise
            try:
                if self._worklist_written:
                    self._worklist_written = False
                    self._bump_generation(conn)  # in the same transaction as the writes: both or neither
                conn.execute("COMMIT")
            except sqlcipher3.Error as exc:
                self._rollback(conn)
                raise map_sqlite_error(exc) from None

    def _rollback(self, conn: sqlcipher3.Connection) -> None:
        # SQLite may already have rolled back by itself (disk full, I/O error): only roll back what is open.
        if self._conn is not None and conn.in_transaction:
            conn.execute("ROLLBACK")

    def integrity_problems(self) -> list[str]:
        """cipher_integrity_check (page HMACs) plus quick_check; empty when the file is sound (SECURITY R8)."""
        problems = [str(r[0]) for r in self.query("PRAGMA cipher_integrity_check")]
        quick = [str(r[0]) for r in self.query("PRAGMA quick_check")]
        problems += [q for q in quick if q != "ok"]
        return problems

    def close(self) -> None:
        with self._mutex:
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()
