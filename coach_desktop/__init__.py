"""Coach Desktop: offline-first app for RN health coaches and practice facilitators."""

__version__ = "0.1.0"
