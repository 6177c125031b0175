"""Referrals (sent → scheduled → completed → loop closed) and care transitions (admissions, discharges, ED visits)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...app.member_chart import ReferralsData, ReferralView
from ...domain.transitions import index_date
from ...domain.work_items import CareTransition, ReferralStatus
from .chart_widgets import TAB_MARGINS, ChartTab, ChartTableModel, TableSection, Tone
from .labels import DASH, fmt_date, fmt_datetime, label, yes_no

_CLOSED = frozenset({ReferralStatus.LOOP_CLOSED, ReferralStatus.DECLINED, ReferralStatus.CANCELLED})


class ReferralsTab(ChartTab):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ReferralsData | None = None
        self.referrals = TableSection(
            ChartTableModel(self._referral_headers, self._referral_cells, _referral_tone), fit_rows=8
        )
        self.transitions = TableSection(ChartTableModel(self._transition_headers, self._transition_cells))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*TAB_MARGINS)
        outer.addWidget(self.referrals)
        outer.addSpacing(12)
        outer.addWidget(self.transitions, 1)
        self.retranslate()

    def set_data(self, data: ReferralsData) -> None:
        self._data = data
        self.referrals.set_rows(data.referrals)
        self.transitions.set_rows(data.transitions)

    def clear(self) -> None:
        self._data = None
        self.referrals.clear()
        self.transitions.clear()

    def retranslate(self) -> None:
        self.referrals.set_texts(self.tr("Referrals"), self.tr("No referrals."))
        self.transitions.set_texts(self.tr("Hospital and ED transitions"), self.tr("No admissions, discharges or "
                                                                               "ED visits on record."))  # fmt: skip
        for section in (self.referrals, self.transitions):
            section.model.retranslate()
        if self._data is not None:
            self.set_data(self._data)

    def _referral_headers(self) -> list[str]:
        return [self.tr("Sent"), self.tr("To"), self.tr("Kind"), self.tr("Status"), self.tr("Expected by"),
                self.tr("Appointment"), self.tr("Completed"), self.tr("Reason"), self.tr("Outcome")]  # fmt: skip

    def _referral_cells(self, view: ReferralView) -> list[str]:
        r = view.referral
        status = label(r.status)
        if view.overdue:
            status = self.tr("%1 — overdue").replace("%1", status)
        return [fmt_date(r.sent_on), r.to_name, label(r.category), status, fmt_date(r.expected_by),
                fmt_date(r.scheduled_for), fmt_date(r.completed_on), r.reason, r.outcome or DASH]  # fmt: skip

    def _transition_headers(self) -> list[str]:
        return [self.tr("Event"), self.tr("Date"), self.tr("Facility"), self.tr("Admitted"), self.tr("Went to"),
                self.tr("Follow-up by"), self.tr("First contact"), self.tr("Mental health"),
                self.tr("Summary")]  # fmt: skip

    def _transition_cells(self, t: CareTransition) -> list[str]:
        contact = fmt_datetime(t.interactive_contact_at) if t.interactive_contact_at else self.tr("Not yet")
        return [label(t.event), fmt_date(index_date(t) or t.admitted_on), t.facility, fmt_date(t.admitted_on),
                label(t.disposition) if t.disposition else DASH, fmt_date(t.follow_up_deadline), contact,
                yes_no(t.mental_health_diagnosis), t.summary or DASH]  # fmt: skip


def _referral_tone(view: ReferralView) -> Tone | None:
    if view.overdue:
        return Tone.ALERT
    return Tone.MUTED if view.referral.status in _CLOSED else None
