"""The contract between the main window and each screen it shows (Today, Panel, Member, Sync…)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ..vault.repository import ChangeSet


class Page(QWidget):
    """A screen in the main window's stack. Subclasses load through ``Lanes`` and never touch the vault.

    Life cycle: ``activate()`` when shown (load or refresh), ``apply_changes()`` after another page's write
    (refresh only what the change set touches; a page's own saves emit ``changes_saved``), ``remote_changes()``
    after a sync pulled records, ``clear()`` on lock (drop every piece of PHI on screen, keep
    nothing in models), ``drafts()`` before the lock (unsaved text, which the shell keeps encrypted in the vault)
    and ``restore_drafts()`` after unlock.
    """

    member_requested = Signal(str)  # member id: the shell opens the member chart
    status_message = Signal(str)  # a short PHI-free line for the status bar
    changes_saved = Signal(list)  # list[ChangeSet]: this page wrote records; the other pages and sync are told


    def title(self) -> str:
        raise NotImplementedError

    def activate(self) -> None:
        """Shown: load or refresh what the page displays."""

    def apply_changes(self, changes: ChangeSet) -> None:
        """Records were written (here or by sync): refresh what they touch."""

    def remote_changes(self) -> None:
        """A sync brought records from the server: refresh now if shown, else at the next ``activate()``."""
        if self.isVisible():
            self.activate()

    def clear(self) -> None:
        """The vault is locking: forget every piece of member data the page holds or shows."""

    def drafts(self) -> dict[str, str]:
        """Unsaved text typed on this page, by a stable field key (kept encrypted across a lock)."""
        return {}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        """After unlock: put back what ``drafts()`` returned before the lock."""

    def retranslate(self) -> None:
        """The language changed: set every visible string again (through ``self.tr``)."""
