"""Words for the member chart: coded values (modes, stages, statuses, bands…) and dates, in the current language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QLocale, QTime

CONTEXT = "ChartLabels"
DASH = "—"

# Stored codes → English source text. One table: where two enums share a code, they share its meaning.
_LABELS: dict[str, str] = {
    # languages, sex, enrolment
    "en": QT_TRANSLATE_NOOP("ChartLabels", "English"),
    "es": QT_TRANSLATE_NOOP("ChartLabels", "Spanish"),
    "vi": QT_TRANSLATE_NOOP("ChartLabels", "Vietnamese"),
    "other": QT_TRANSLATE_NOOP("ChartLabels", "Other"),
    "female": QT_TRANSLATE_NOOP("ChartLabels", "Female"),
    "male": QT_TRANSLATE_NOOP("ChartLabels", "Male"),
    "unknown": QT_TRANSLATE_NOOP("ChartLabels", "Sex not recorded"),
    "enrolled": QT_TRANSLATE_NOOP("ChartLabels", "Enrolled"),
    "declined": QT_TRANSLATE_NOOP("ChartLabels", "Declined"),
    "graduated": QT_TRANSLATE_NOOP("ChartLabels", "Graduated"),
    "disenrolled": QT_TRANSLATE_NOOP("ChartLabels", "Disenrolled"),
    # conditions
    "hypertension": QT_TRANSLATE_NOOP("ChartLabels", "Hypertension"),
    "diabetes": QT_TRANSLATE_NOOP("ChartLabels", "Diabetes"),
    "depression": QT_TRANSLATE_NOOP("ChartLabels", "Depression"),
    "anxiety": QT_TRANSLATE_NOOP("ChartLabels", "Anxiety"),
    "asthma": QT_TRANSLATE_NOOP("ChartLabels", "Asthma"),
    "copd": QT_TRANSLATE_NOOP("ChartLabels", "COPD"),
    "heart_failure": QT_TRANSLATE_NOOP("ChartLabels", "Heart failure"),
    "obesity": QT_TRANSLATE_NOOP("ChartLabels", "Obesity"),
    "ckd": QT_TRANSLATE_NOOP("ChartLabels", "Chronic kidney disease"),
    # sessions
    "in_person": QT_TRANSLATE_NOOP("ChartLabels", "In person"),
    "telephone": QT_TRANSLATE_NOOP("ChartLabels", "Telephone"),
    "video": QT_TRANSLATE_NOOP("ChartLabels", "Video"),
    "member": QT_TRANSLATE_NOOP("ChartLabels", "Member"),
    "caregiver": QT_TRANSLATE_NOOP("ChartLabels", "Caregiver"),
    "guardian": QT_TRANSLATE_NOOP("ChartLabels", "Guardian"),
    "interpreter": QT_TRANSLATE_NOOP("ChartLabels", "Interpreter"),
    "precontemplation": QT_TRANSLATE_NOOP("ChartLabels", "Precontemplation"),
    "contemplation": QT_TRANSLATE_NOOP("ChartLabels", "Contemplation"),
    "preparation": QT_TRANSLATE_NOOP("ChartLabels", "Preparation"),
    "action": QT_TRANSLATE_NOOP("ChartLabels", "Action"),
    "maintenance": QT_TRANSLATE_NOOP("ChartLabels", "Maintenance"),
    "desire": QT_TRANSLATE_NOOP("ChartLabels", "Desire"),
    "ability": QT_TRANSLATE_NOOP("ChartLabels", "Ability"),
    "reasons": QT_TRANSLATE_NOOP("ChartLabels", "Reasons"),
    "need": QT_TRANSLATE_NOOP("ChartLabels", "Need"),
    "commitment": QT_TRANSLATE_NOOP("ChartLabels", "Commitment"),
    "activation": QT_TRANSLATE_NOOP("ChartLabels", "Activation"),
    "taking_steps": QT_TRANSLATE_NOOP("ChartLabels", "Taking steps"),
    "open_questions": QT_TRANSLATE_NOOP("ChartLabels", "Open questions"),
    "affirmations": QT_TRANSLATE_NOOP("ChartLabels", "Affirmations"),
    "reflections": QT_TRANSLATE_NOOP("ChartLabels", "Reflections"),
    "summaries": QT_TRANSLATE_NOOP("ChartLabels", "Summaries"),
    "draft": QT_TRANSLATE_NOOP("ChartLabels", "Draft"),
    "signed": QT_TRANSLATE_NOOP("ChartLabels", "Signed"),
    # care plan
    "active": QT_TRANSLATE_NOOP("ChartLabels", "Active"),
    "on-hold": QT_TRANSLATE_NOOP("ChartLabels", "On hold"),
    "completed": QT_TRANSLATE_NOOP("ChartLabels", "Completed"),
    "proposed": QT_TRANSLATE_NOOP("ChartLabels", "Proposed"),
    "achieved": QT_TRANSLATE_NOOP("ChartLabels", "Achieved"),
    "not-achieved": QT_TRANSLATE_NOOP("ChartLabels", "Not achieved"),
    "discontinued": QT_TRANSLATE_NOOP("ChartLabels", "Discontinued"),
    "planned": QT_TRANSLATE_NOOP("ChartLabels", "Planned"),
    "in-progress": QT_TRANSLATE_NOOP("ChartLabels", "In progress"),
    "coach": QT_TRANSLATE_NOOP("ChartLabels", "Coach"),
    "pcp": QT_TRANSLATE_NOOP("ChartLabels", "PCP"),
    # screenings
    "phq2": QT_TRANSLATE_NOOP("ChartLabels", "PHQ-2"),
    "phq9": QT_TRANSLATE_NOOP("ChartLabels", "PHQ-9"),
    "gad2": QT_TRANSLATE_NOOP("ChartLabels", "GAD-2"),
    "gad7": QT_TRANSLATE_NOOP("ChartLabels", "GAD-7"),
    "audit_c": QT_TRANSLATE_NOOP("ChartLabels", "AUDIT-C"),
    "ahc_hrsn": QT_TRANSLATE_NOOP("ChartLabels", "Social needs (AHC HRSN)"),
    "none_minimal": QT_TRANSLATE_NOOP("ChartLabels", "None–minimal"),
    "minimal": QT_TRANSLATE_NOOP("ChartLabels", "Minimal"),
    "mild": QT_TRANSLATE_NOOP("ChartLabels", "Mild"),
    "moderate": QT_TRANSLATE_NOOP("ChartLabels", "Moderate"),
    "moderately_severe": QT_TRANSLATE_NOOP("ChartLabels", "Moderately severe"),
    "severe": QT_TRANSLATE_NOOP("ChartLabels", "Severe"),
    "positive": QT_TRANSLATE_NOOP("ChartLabels", "Positive"),
    "negative": QT_TRANSLATE_NOOP("ChartLabels", "Negative"),
    "review_intake": QT_TRANSLATE_NOOP("ChartLabels", "Review intake"),
    "incomplete": QT_TRANSLATE_NOOP("ChartLabels", "Incomplete"),
    "safety_item9": QT_TRANSLATE_NOOP("ChartLabels", "Item 9 (self-harm) positive"),
    "provisional_major_depressive_syndrome": QT_TRANSLATE_NOOP("ChartLabels", "Provisional major depressive syndrome"),
    "provisional_other_depressive_syndrome": QT_TRANSLATE_NOOP("ChartLabels", "Provisional other depressive syndrome"),
    "phq9_positive": QT_TRANSLATE_NOOP("ChartLabels", "PHQ-9 positive"),
    "give_phq9": QT_TRANSLATE_NOOP("ChartLabels", "Give the PHQ-9"),
    "give_gad7": QT_TRANSLATE_NOOP("ChartLabels", "Give the GAD-7"),
    "gad7_positive": QT_TRANSLATE_NOOP("ChartLabels", "GAD-7 positive"),
    "audit_c_positive": QT_TRANSLATE_NOOP("ChartLabels", "AUDIT-C positive"),
    "possible_aud": QT_TRANSLATE_NOOP("ChartLabels", "Possible alcohol use disorder"),
    "sex_cutoff_assumed": QT_TRANSLATE_NOOP("ChartLabels", "Women's cut-off used"),
    "hrsn_housing": QT_TRANSLATE_NOOP("ChartLabels", "Housing need"),
    "hrsn_food": QT_TRANSLATE_NOOP("ChartLabels", "Food need"),
    "hrsn_transportation": QT_TRANSLATE_NOOP("ChartLabels", "Transportation need"),
    "hrsn_utilities": QT_TRANSLATE_NOOP("ChartLabels", "Utilities need"),
    "hrsn_safety": QT_TRANSLATE_NOOP("ChartLabels", "Interpersonal safety concern"),
    "hrsn_incomplete": QT_TRANSLATE_NOOP("ChartLabels", "Questions unanswered"),
    # observations
    "a1c": QT_TRANSLATE_NOOP("ChartLabels", "HbA1c"),
    "blood_pressure": QT_TRANSLATE_NOOP("ChartLabels", "Blood pressure"),
    "bmi": QT_TRANSLATE_NOOP("ChartLabels", "BMI"),
    "weight": QT_TRANSLATE_NOOP("ChartLabels", "Weight"),
    "ldl": QT_TRANSLATE_NOOP("ChartLabels", "LDL cholesterol"),
    "egfr": QT_TRANSLATE_NOOP("ChartLabels", "eGFR"),
    "office": QT_TRANSLATE_NOOP("ChartLabels", "Office"),
    "ed": QT_TRANSLATE_NOOP("ChartLabels", "Emergency department"),
    "inpatient": QT_TRANSLATE_NOOP("ChartLabels", "Hospital"),
    "home": QT_TRANSLATE_NOOP("ChartLabels", "Home"),
    # tasks
    "contact_due": QT_TRANSLATE_NOOP("ChartLabels", "Contact due"),
    "interactive_contact": QT_TRANSLATE_NOOP("ChartLabels", "Post-discharge call"),
    "med_reconciliation": QT_TRANSLATE_NOOP("ChartLabels", "Medication reconciliation"),
    "pcp_visit": QT_TRANSLATE_NOOP("ChartLabels", "PCP visit"),
    "bh_follow_up": QT_TRANSLATE_NOOP("ChartLabels", "Behavioral-health follow-up"),
    "care_plan_review": QT_TRANSLATE_NOOP("ChartLabels", "Care-plan review"),
    "safety_assessment": QT_TRANSLATE_NOOP("ChartLabels", "Safety assessment"),
    "referral_follow_up": QT_TRANSLATE_NOOP("ChartLabels", "Referral follow-up"),
    "screening_due": QT_TRANSLATE_NOOP("ChartLabels", "Screening due"),
    "open": QT_TRANSLATE_NOOP("ChartLabels", "Open"),
    "done": QT_TRANSLATE_NOOP("ChartLabels", "Done"),
    "cancelled": QT_TRANSLATE_NOOP("ChartLabels", "Cancelled"),
    # referrals and transitions
    "sent": QT_TRANSLATE_NOOP("ChartLabels", "Sent"),
    "scheduled": QT_TRANSLATE_NOOP("ChartLabels", "Scheduled"),
    "loop_closed": QT_TRANSLATE_NOOP("ChartLabels", "Loop closed"),
    "behavioral_health": QT_TRANSLATE_NOOP("ChartLabels", "Behavioral health"),
    "specialty": QT_TRANSLATE_NOOP("ChartLabels", "Specialty care"),
    "diabetes_education": QT_TRANSLATE_NOOP("ChartLabels", "Diabetes education"),
    "pharmacy": QT_TRANSLATE_NOOP("ChartLabels", "Pharmacy"),
    "food": QT_TRANSLATE_NOOP("ChartLabels", "Food"),
    "housing": QT_TRANSLATE_NOOP("ChartLabels", "Housing"),
    "transportation": QT_TRANSLATE_NOOP("ChartLabels", "Transportation"),
    "utilities": QT_TRANSLATE_NOOP("ChartLabels", "Utilities"),
    "interpersonal_safety": QT_TRANSLATE_NOOP("ChartLabels", "Interpersonal safety"),
    "admission": QT_TRANSLATE_NOOP("ChartLabels", "Admission"),
    "discharge": QT_TRANSLATE_NOOP("ChartLabels", "Discharge"),
    "ed_visit": QT_TRANSLATE_NOOP("ChartLabels", "ED visit"),
    "transfer": QT_TRANSLATE_NOOP("ChartLabels", "Transfer"),
    "home_health": QT_TRANSLATE_NOOP("ChartLabels", "Home with home health"),
    "assisted_living": QT_TRANSLATE_NOOP("ChartLabels", "Assisted living"),
    "snf": QT_TRANSLATE_NOOP("ChartLabels", "Skilled nursing facility"),
    # disclosure topics
    "scheduling": QT_TRANSLATE_NOOP("ChartLabels", "Scheduling"),
    "general_health": QT_TRANSLATE_NOOP("ChartLabels", "General health"),
    "care_plan": QT_TRANSLATE_NOOP("ChartLabels", "Care plan"),
    "medications": QT_TRANSLATE_NOOP("ChartLabels", "Medications"),
    # audit
    "view": QT_TRANSLATE_NOOP("ChartLabels", "Viewed"),
    "create": QT_TRANSLATE_NOOP("ChartLabels", "Created"),
    "update": QT_TRANSLATE_NOOP("ChartLabels", "Changed"),
    "delete": QT_TRANSLATE_NOOP("ChartLabels", "Deleted"),
    "sign": QT_TRANSLATE_NOOP("ChartLabels", "Signed"),
    "export": QT_TRANSLATE_NOOP("ChartLabels", "Exported"),
    "print": QT_TRANSLATE_NOOP("ChartLabels", "Printed"),
    "ok": QT_TRANSLATE_NOOP("ChartLabels", "OK"),
    "fail": QT_TRANSLATE_NOOP("ChartLabels", "Failed"),
    "denied": QT_TRANSLATE_NOOP("ChartLabels", "Denied"),
}

# Record kinds in the Audit tab.
_KINDS: dict[str, str] = {
    "member": QT_TRANSLATE_NOOP("ChartLabels", "Member record"),
    "session_note": QT_TRANSLATE_NOOP("ChartLabels", "Session note"),
    "note_addendum": QT_TRANSLATE_NOOP("ChartLabels", "Note addendum"),
    "screening": QT_TRANSLATE_NOOP("ChartLabels", "Screening"),
    "care_plan": QT_TRANSLATE_NOOP("ChartLabels", "Care plan"),
    "care_plan_goal": QT_TRANSLATE_NOOP("ChartLabels", "Care-plan goal"),
    "care_plan_intervention": QT_TRANSLATE_NOOP("ChartLabels", "Care-plan intervention"),
    "care_plan_barrier": QT_TRANSLATE_NOOP("ChartLabels", "Care-plan barrier"),
    "task": QT_TRANSLATE_NOOP("ChartLabels", "Task"),
    "referral": QT_TRANSLATE_NOOP("ChartLabels", "Referral"),
    "care_transition": QT_TRANSLATE_NOOP("ChartLabels", "Care transition"),
    "observation": QT_TRANSLATE_NOOP("ChartLabels", "Lab or vital sign"),
    "conflict": QT_TRANSLATE_NOOP("ChartLabels", "Sync conflict"),
}

_TIERS = {
    "high": QT_TRANSLATE_NOOP("ChartLabels", "Tier 1 · high risk"),
    "medium": QT_TRANSLATE_NOOP("ChartLabels", "Tier 2 · rising risk"),
    "low": QT_TRANSLATE_NOOP("ChartLabels", "Tier 3 · stable"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def label(code: object) -> str:
    """A coded value (an enum member or its string) in words; unknown codes are shown readably, never hidden."""
    key = str(getattr(code, "value", code))
    text = _LABELS.get(key)
    return _tr(text) if text else key.replace("_", " ").capitalize()


def labels(codes: Iterable[object]) -> str:
    return ", ".join(label(c) for c in codes)


def kind_label(kind: str) -> str:
    text = _KINDS.get(kind)
    return _tr(text) if text else kind.replace("_", " ").capitalize()


def tier_label(tier: object) -> str:
    key = str(getattr(tier, "value", tier))
    return _tr(_TIERS[key]) if key in _TIERS else key


def yes_no(value: bool) -> str:
    return _tr(QT_TRANSLATE_NOOP("ChartLabels", "Yes")) if value else _tr(QT_TRANSLATE_NOOP("ChartLabels", "No"))


def fmt_date(day: date | None) -> str:
    """Day, short month name and year in the current language: never ambiguous between US and Spanish order."""
    if day is None:
        return DASH
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")


def fmt_datetime(moment: datetime | None) -> str:
    """Local date and time of a stored UTC moment."""
    if moment is None:
        return DASH
    local = moment.astimezone()
    qdt = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(qdt, "d MMM yyyy HH:mm")


def ruler(value: int | None) -> str:
    return DASH if value is None else f"{value}/10"
