"""Argon2id key derivation: the KdfParams cost policy, per-machine calibration and the raw Argon2id call."""

from __future__ import annotations

import os
import secrets
import sys
import time
from dataclasses import dataclass
from typing import Any, ClassVar

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw

KEY_BYTES = 32  # AES-256: the data key and every key-encryption key
SALT_BYTES = 16
ARGON2_VERSION = 19
KDF_PROFILE_ENV = "COACH_KDF_PROFILE"
LOW_RAM_BYTES = 8 * 1024**3


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: iterations ``t``, memory ``m_kib`` (KiB) and lanes ``p``."""

    t: int
    m_kib: int
    p: int

    FLOOR: ClassVar[KdfParams]
    DEFAULT: ClassVar[KdfParams]
    MAXIMUM: ClassVar[KdfParams]

    def below(self, other: KdfParams) -> bool:
        return self.t < other.t or self.m_kib < other.m_kib

    def above(self, other: KdfParams) -> bool:
        return self.t > other.t or self.m_kib > other.m_kib or self.p > other.p

    def to_json(self) -> dict[str, Any]:
        return {"alg": "argon2id", "version": ARGON2_VERSION, "t": self.t, "m_kib": self.m_kib, "p": self.p}


KdfParams.FLOOR = KdfParams(3, 65536, 4)  # RFC 9106 low-memory profile; never go below
KdfParams.DEFAULT = KdfParams(3, 262144, 4)
KdfParams.MAXIMUM = KdfParams(12, 4 * 1024 * 1024, 16)  # beyond this an edited file is a memory/time bomb
_CALIBRATION_STEPS = (KdfParams.DEFAULT, KdfParams(3, 131072, 4), KdfParams.FLOOR)


def calibrate_kdf(max_seconds: float = 1.5) -> KdfParams:
    """Strongest of 256/128/64 MiB that derives within ``max_seconds`` here; 256 MiB is skipped below 8 GiB RAM."""
    if os.environ.get(KDF_PROFILE_ENV, "").strip().lower() == "floor":
        return KdfParams.FLOOR
    ram = total_ram_bytes()
    steps = _CALIBRATION_STEPS[1:] if ram is not None and ram < LOW_RAM_BYTES else _CALIBRATION_STEPS
    for params in steps[:-1]:
        try:
            if _time_kdf(params) <= max_seconds:
                return params
        except (MemoryError, HashingError):
            continue  # cannot allocate this much here: step down
    return KdfParams.FLOOR


def total_ram_bytes() -> int | None:
    """Physical memory of this machine, or None when it cannot be read."""
    if sys.platform == "win32":
        return _windows_ram_bytes()
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _windows_ram_bytes() -> int | None:
    import ctypes

    class MemoryStatusEx(ctypes.Structure):
        _fields_: ClassVar = [
            ("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]  # fmt: skip

    status = MemoryStatusEx()
    status.dwLength = ctypes.sizeof(MemoryStatusEx)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return None
    return int(status.ullTotalPhys)


def _time_kdf(params: KdfParams) -> float:
    start = time.perf_counter()
    argon2id(secrets.token_bytes(16), secrets.token_bytes(SALT_BYTES), params)
    return time.perf_counter() - start


def argon2id(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret, salt, time_cost=params.t, memory_cost=params.m_kib, parallelism=params.p,
        hash_len=KEY_BYTES, type=Type.ID, version=ARGON2_VERSION,
    )  # fmt: skip
