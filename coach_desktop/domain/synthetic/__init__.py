"""Deterministic synthetic coaching panels (never real data), calibrated to REFERENCE §7 and §6.2."""

from .generate import generate_panel
from .panel import EDGE_CASES, SyntheticPanel, iter_records

__all__ = ["EDGE_CASES", "SyntheticPanel", "generate_panel", "iter_records"]
