"""Server account passwords: Argon2id hashes (argon2-cffi), re-hashed on login when the parameters change."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's default is RFC 9106's low-memory profile (Argon2id, t=3, m=64 MiB, p=4): the same floor the
# desktop vault uses (SECURITY §4.2), so a stolen users table costs an attacker as much as a stolen vault.key.
# Looked up at call time, so a policy change (or a test) swaps it in one place; older hashes are upgraded at
# the next successful sign-in.
HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 12  # the same policy length as the vault passphrase (SECURITY R12)
MAX_PASSWORD_LENGTH = 1024  # RegisterRequest's cap; bounds the hashing work an attacker can ask for

_dummy_hashes: dict[tuple[int, int, int], str] = {}


@dataclass(frozen=True, slots=True)
class Verified:
    """The outcome of a password check; ``new_hash`` is set when the stored hash should be replaced."""

    ok: bool
    new_hash: str | None = None


def check_policy(password: str) -> str | None:
    """Why a new password is not acceptable, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"a password has at most {MAX_PASSWORD_LENGTH} characters"
    if not password.strip():
        return "a password cannot be only spaces"
    return None


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    return (hasher or HASHER).hash(password)


def verify_password(stored_hash: str, password: str, hasher: PasswordHasher | None = None) -> Verified:
    """Check ``password``; on success also say whether to store a new hash made with the current parameters."""
    hasher = hasher or HASHER
    try:
        hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return Verified(ok=False)
    if hasher.check_needs_rehash(stored_hash):
        return Verified(ok=True, new_hash=hasher.hash(password))
    return Verified(ok=True)


def spend_equal_time(password: str, hasher: PasswordHasher | None = None) -> None:
    """Do the work of one verification, so "no such account" takes as long as "wrong password"."""
    hasher = hasher or HASHER
    params = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if params not in _dummy_hashes:
        _dummy_hashes[params] = hasher.hash("not a real password, only here to spend the same time")
    verify_password(_dummy_hashes[params], password, hasher)
