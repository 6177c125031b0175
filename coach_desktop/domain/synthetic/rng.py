"""Seeded randomness: the fast Random subclass, uuid derivation, and weighted, Poisson and clinic-hours draws."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from random import Random
from typing import Any


class SeededRandom(Random):
    """``random.Random`` with float-based ``randint``/``choice``: ~3× cheaper, still fully set by the seed."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.random() * len(seq))]


def new_uuid(rng: Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def pick(rng: Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    r, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if r < acc:
            return value
    return weighted[-1][0]


def poisson(rng: Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:  # normal approximation; exp(-lam) would lose precision
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def clinic_time(day: date, rng: Random) -> datetime:
    """A clinic-hours moment (8 am–4 pm US Central, stored in UTC) on ``day``."""
    return datetime.combine(day, time(rng.randint(14, 21), rng.choice((0, 15, 30, 45))), UTC)
