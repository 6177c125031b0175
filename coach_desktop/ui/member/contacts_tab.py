"""Contacts & consent: how to reach the member, what they agreed to, and who else may be told what."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...app.member_chart import ContactsData
from ...domain.member import Address, AuthorizedContact
from .chart_widgets import ChartTab, ChartTableModel, Facts, TableSection, heading, scrolling
from .labels import DASH, fmt_date, labels, yes_no

_KEYS = ("phone", "address", "consent", "voicemail", "text")


class ContactsTab(ChartTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ContactsData | None = None
        self.reach_title = heading()
        self.facts = Facts(_KEYS)
        self.contacts = TableSection(ChartTableModel(self._headers, self._cells), fit_rows=10)
        content = QWidget()
        box = QVBoxLayout(content)
        box.addWidget(self.reach_title)
        box.addWidget(self.facts)
        box.addSpacing(12)
        box.addWidget(self.contacts)
        box.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)  # the scroll area keeps TAB_MARGINS inside
        outer.addWidget(scrolling(content))
        self.retranslate()

    def set_data(self, data: ContactsData) -> None:
        self._data = data
        consent = data.consent
        agreed = (self.tr("Yes, on %1").replace("%1", fmt_date(consent.consent_date))
                  if consent.program_consent else self.tr("Not given"))  # fmt: skip
        self.facts.set_values({
            "phone": data.phone or self.tr("No phone number"), "address": _address(data.address) or DASH,
            "consent": agreed, "voicemail": yes_no(consent.voicemail_ok), "text": yes_no(consent.text_ok),
        })  # fmt: skip
        self.contacts.set_rows(data.contacts)

    def clear(self) -> None:
        self._data = None
        self.facts.clear()
        self.contacts.clear()

    def retranslate(self) -> None:
        self.reach_title.setText(self.tr("Reaching the member"))
        self.facts.set_names({
            "phone": self.tr("Phone:"), "address": self.tr("Address:"), "consent": self.tr("Program consent:"),
            "voicemail": self.tr("Voicemail OK:"), "text": self.tr("Text messages OK:"),
        })  # fmt: skip
        self.contacts.set_texts(self.tr("Authorized contacts"),
                                self.tr("No authorized contacts: do not share anything about this member with "
                                        "family or friends."))  # fmt: skip
        self.contacts.model.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    def _headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Relationship"), self.tr("Phone"), self.tr("Legal guardian"),
                self.tr("May be told about")]  # fmt: skip

    def _cells(self, contact: AuthorizedContact) -> list[str]:
        topics = labels(contact.may_discuss) or self.tr("Nothing (identity only)")
        return [contact.name, contact.relationship, contact.phone or DASH, yes_no(contact.is_legal_guardian), topics]


def _address(address: Address) -> str:
    city = " ".join(p for p in (address.city + ("," if address.city else ""), address.state, address.postal_code) if p)
    return ", ".join(p for p in (address.line1, address.line2, city.rstrip(",")) if p)
