"""Child process for the SIGKILL test: writes members and notes forever, printing each id once committed."""

from __future__ import annotations

import sys
from pathlib import Path

from coach_desktop.vault.vault import open_vault
from tests.support import factories


def main(directory: str, passphrase: str, start: int) -> None:
    vault = open_vault(Path(directory), passphrase)
    repo = vault.repository()
    i = start
    while True:
        member, _ = repo.create(factories.member(medicaid_id=f"SC{i:09d}", family=f"Crash{i}"))
        print(f"member {member.id}", flush=True)
        note, _ = repo.create(factories.session_note(member.id, narrative="n" * 2000))
        print(f"note {note.id}", flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
