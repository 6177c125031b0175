"""The member chart screen: header with alerts and one read-only tab per part of the record."""
