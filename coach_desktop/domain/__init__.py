"""Domain models and pure rules shared by the desktop app and the server. No I/O in this package."""
