"""Test helpers shared by the test suite (fakes at the process boundary)."""
