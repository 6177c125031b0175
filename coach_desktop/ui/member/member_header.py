"""The chart header: who the member is, their tier and why, when they are next due, and alerts that stand out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QStyle, QVBoxLayout, QWidget

from ...app.member_chart import Alert, AlertKind, MemberHeader
from ...domain.member import RiskTier
from ...domain.work_items import TransitionEvent
from ...domain.worklist import ContactReason
from .labels import fmt_date, label, tier_label

# (background, border, text) per look; all text colours pass WCAG AA on their background.
_DANGER = ("#fdecea", "#c62828", "#6d1010")
_WARNING = ("#fff4e0", "#c77700", "#4d3000")
_INFO = ("#e8f1fb", "#2f6db3", "#123a66")
_TIER_LOOK = {RiskTier.HIGH: _DANGER, RiskTier.MEDIUM: _WARNING, RiskTier.LOW: _INFO}


class AlertBanner(QFrame):
    """One alert: an icon, a coloured band and the words (the words alone carry the meaning)."""

    def __init__(self, look: tuple[str, str, str], icon: QStyle.StandardPixmap, text: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        background, border, colour = look
        self.setObjectName("memberAlert")
        self.setStyleSheet(
            f"#memberAlert {{ background: {background}; border: 1px solid {border}; border-left: 5px solid {border};"
            f" border-radius: 4px; }} #memberAlert QLabel {{ color: {colour}; background: transparent; }}"
        )
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)


class MemberHeaderWidget(QFrame):
    """Name, facts, tier and alerts. ``set_header`` fills it, ``clear`` empties it (on lock)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memberHeader")
        self._header: MemberHeader | None = None
        self.name = QLabel()
        self.name.setObjectName("memberName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.name.font()
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.5)
        self.name.setFont(font)
        self.tier = QLabel()
        self.tier.setObjectName("memberTier")
        self.facts = QLabel()
        self.care = QLabel()
        self.risk = QLabel()
        for line in (self.facts, self.care, self.risk):
            line.setWordWrap(True)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.alerts: list[AlertBanner] = []
        self._alert_box = QVBoxLayout()
        self._alert_box.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addSpacing(12)
        top.addWidget(self.tier, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 8)
        layout.setSpacing(3)
        layout.addLayout(top)
        for line in (self.facts, self.care, self.risk):
            layout.addWidget(line)
        layout.addLayout(self._alert_box)
        self.clear()

    def set_header(self, header: MemberHeader) -> None:
        self._header = header
        self._render()

    def retranslate(self) -> None:
        if self._header is not None:
            self._render()

    def clear(self) -> None:
        self._header = None
        for widget in (self.name, self.tier, self.facts, self.care, self.risk):
            widget.clear()
        self.tier.setStyleSheet("")
        self.setAccessibleName("")
        self._set_alerts([])

    # ---- rendering -----------------------------------------------------------------------------

    def _render(self) -> None:
        h = self._header
        assert h is not None
        self.name.setText(h.display_name)
        self.setAccessibleName(self.tr("Member: %1").replace("%1", h.display_name))
        background, border, colour = _TIER_LOOK[h.effective_tier]
        self.tier.setText(tier_label(h.effective_tier))
        self.tier.setStyleSheet(f"background: {background}; color: {colour}; border: 1px solid {border};"
                                " border-radius: 9px; padding: 2px 10px; font-weight: bold;")  # fmt: skip
        facts = [
            self.tr("Age %1").replace("%1", str(h.age)),
            self.tr("born %1").replace("%1", fmt_date(h.date_of_birth)),
            label(h.sex),
            self.tr("speaks %1").replace("%1", label(h.language)),
            self.tr("Medicaid ID %1").replace("%1", h.medicaid_id),
            label(h.enrollment_status),
        ]
        self.facts.setText("  ·  ".join(facts))
        care = [
            self.tr("PCP: %1").replace("%1", h.pcp_name or self.tr("not recorded")),
            self.tr("Practice: %1").replace("%1", h.practice_id or self.tr("not recorded")),
            self.tr("Last contact: %1").replace("%1", fmt_date(h.last_contact) if h.last_contact else self.tr("none")),
            self._next_due(h),
        ]
        self.care.setText("  ·  ".join(care))
        self.risk.setText(self._risk_text(h))
        self._set_alerts([self._banner(a, h) for a in h.alerts])

    def _next_due(self, h: MemberHeader) -> str:
        reasons = {
            ContactReason.ROUTINE: self.tr("check-in"),
            ContactReason.FACE_TO_FACE: self.tr("face-to-face visit"),
            ContactReason.FIRST_AFTER_DISCHARGE: self.tr("first call after discharge"),
            ContactReason.WEEKLY_AFTER_DISCHARGE: self.tr("weekly call after discharge"),
        }
        text = self.tr("Next contact: %1 (%2)").replace("%1", fmt_date(h.next_contact_due))
        text = text.replace("%2", reasons[h.next_contact_reason])
        if h.next_contact_due < h.today:
            text += " " + self.tr("— overdue")
        return text

    def _risk_text(self, h: MemberHeader) -> str:
        reason = h.risk_reason or self.tr("no reason recorded")
        text = self.tr("Why this tier: %1").replace("%1", reason)
        if h.effective_tier is not h.risk_tier:
            own = tier_label(h.risk_tier)
            text += " " + self.tr("(usually %1; tier 1 for 30 days after a hospital discharge)").replace("%1", own)
        return text

    def _banner(self, alert: Alert, h: MemberHeader) -> AlertBanner:
        if alert.kind is AlertKind.SAFETY:
            return AlertBanner(_DANGER, QStyle.StandardPixmap.SP_MessageBoxCritical, self._safety_text(alert, h))
        if alert.kind is AlertKind.CONFLICT:
            text = self.tr("%n sync conflict(s) on this member's records wait for your decision on the Sync page.",
                           "", alert.count)  # fmt: skip
            return AlertBanner(_INFO, QStyle.StandardPixmap.SP_MessageBoxInformation, text)
        owed = alert.done_on is None
        look, icon = (_WARNING, QStyle.StandardPixmap.SP_MessageBoxWarning) if owed else (
            _INFO, QStyle.StandardPixmap.SP_MessageBoxInformation)  # fmt: skip
        return AlertBanner(look, icon, self._transition_text(alert, h))

    def _safety_text(self, alert: Alert, h: MemberHeader) -> str:
        if alert.on is None:
            text = self.tr("Safety alert: a safety assessment is open and not yet documented (due %1).")
            return text.replace("%1", fmt_date(alert.due))
        text = self.tr("Safety alert: PHQ-9 item 9 (thoughts of death or self-harm) was positive on %1 and no "
                       "safety assessment is documented yet. Assess today; crisis line 988.")  # fmt: skip
        text = text.replace("%1", fmt_date(alert.on))
        if alert.due is not None:
            text += " " + self.tr("Task due %1.").replace("%1", fmt_date(alert.due))
        return text

    def _transition_text(self, alert: Alert, h: MemberHeader) -> str:
        if alert.event is TransitionEvent.ED_VISIT:
            text = self.tr("ED visit at %1 on %2.")
        else:
            text = self.tr("Discharged from %1 on %2.")
        text = text.replace("%1", alert.place).replace("%2", fmt_date(alert.on))
        if alert.done_on is None:
            first = self.tr("First contact due by %1.").replace("%1", fmt_date(alert.due))
            if alert.due is not None and alert.due < h.today:
                first = self.tr("First contact was due by %1 — overdue.").replace("%1", fmt_date(alert.due))
        else:
            first = self.tr("First contact made %1.").replace("%1", fmt_date(alert.done_on))
        parts = [text, first]
        if alert.until is not None:
            parts.append(self.tr("Tier 1 until %1.").replace("%1", fmt_date(alert.until)))
        return " ".join(parts)

    def _set_alerts(self, banners: list[AlertBanner]) -> None:
        for old in self.alerts:
            # Out of the widget tree at once (not at the next event loop pass): a lock must leave no text behind.
            self._alert_box.removeWidget(old)
            old.text.clear()
            old.setAccessibleName("")
            old.setParent(None)
        self.alerts = banners
        for banner in banners:
            self._alert_box.addWidget(banner)
