"""Fixed English sentences the domain and app rules store in records (screening advice, task titles), shown translated.

A record keeps the English text it was created with (it syncs to colleagues working in either language), so the
screen translates it on the way out: ``rule_text`` returns the translation when the text is one of these sentences
and the text itself otherwise (free text a person typed, or a title built from numbers and dates).
tests/ui/test_translations.py checks that this table still matches the sentences the rules write.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "RuleText"

# domain/scoring.py FOLLOW_UP: the plain-language follow-up a screening's flags call for
FOLLOW_UP_TEXTS = (
    QT_TRANSLATE_NOOP("RuleText", "Safety alert (item 9): do a same-day suicide-risk assessment (for example C-SSRS "
                      "or ASQ), make a warm handoff to the PCP or behavioral health, and give crisis resources "
                      "(call or text 988). Acknowledge and document it."),
    QT_TRANSLATE_NOOP("RuleText", "Answers fit a provisional major depressive syndrome. This is not a diagnosis: share "
                      "it with the PCP."),
    QT_TRANSLATE_NOOP("RuleText", "Answers fit a provisional other depressive syndrome. This is not a diagnosis: share "
                      "it with the PCP."),
    QT_TRANSLATE_NOOP("RuleText", "Positive depression screen: tell the PCP and offer a behavioral-health referral."),
    QT_TRANSLATE_NOOP("RuleText", "Positive PHQ-2: give the full PHQ-9 now."),
    QT_TRANSLATE_NOOP("RuleText", "Positive GAD-2: give the full GAD-7 now."),
    QT_TRANSLATE_NOOP("RuleText", "Positive anxiety screen: tell the PCP and offer a behavioral-health referral."),
    QT_TRANSLATE_NOOP("RuleText", "Positive alcohol screen: talk about drinking in an MI style and tell the PCP."),
    QT_TRANSLATE_NOOP("RuleText", "All points come from how often the member drinks (questions 2 and 3 are 0). Review "
                      "the intake before calling it positive: this is probably drinking within limits."),
    QT_TRANSLATE_NOOP("RuleText", "Score suggests a possible alcohol use disorder: tell the PCP and discuss a "
                      "referral."),
    QT_TRANSLATE_NOOP("RuleText", "Sex not recorded as male or female: the lower (women's) AUDIT-C cutoff was used."),
    QT_TRANSLATE_NOOP("RuleText", "Housing need: offer a housing referral and set a follow-up task."),
    QT_TRANSLATE_NOOP("RuleText", "Food need: offer a food resource referral and set a follow-up task."),
    QT_TRANSLATE_NOOP("RuleText", "Transportation need: offer a transportation referral and set a follow-up task."),
    QT_TRANSLATE_NOOP("RuleText", "Utilities need: offer a utility-assistance referral and set a follow-up task."),
    QT_TRANSLATE_NOOP("RuleText", "Interpersonal safety concern: plan a private, safety-planned follow-up. Never show "
                      "or discuss this where a companion could see or hear."),
    QT_TRANSLATE_NOOP("RuleText", "Some questions were not answered: ask them when it is private and appropriate."),
)  # fmt: skip

# Fixed task titles and resolutions written by app/*_service.py (the demo panel's generator uses the same words)
TASK_TEXTS = (
    QT_TRANSLATE_NOOP("RuleText", "Urgent: same-day follow-up on a screening"),
    QT_TRANSLATE_NOOP("RuleText", "Give the full PHQ-9"),
    QT_TRANSLATE_NOOP("RuleText", "Give the full GAD-7"),
    QT_TRANSLATE_NOOP("RuleText", "Full instrument given."),
    QT_TRANSLATE_NOOP("RuleText", "Review the care plan with the member"),
    QT_TRANSLATE_NOOP("RuleText", "Care plan reviewed."),
    QT_TRANSLATE_NOOP("RuleText", "Review date changed."),
    QT_TRANSLATE_NOOP("RuleText", "Check the referral happened"),
)

# Titles only the synthetic demo panel writes (domain/synthetic): shown on every demo chart
DEMO_TASK_TEXTS = (
    QT_TRANSLATE_NOOP("RuleText", "Contact due"),
    QT_TRANSLATE_NOOP("RuleText", "Post-discharge call"),
    QT_TRANSLATE_NOOP("RuleText", "Medication reconciliation"),
    QT_TRANSLATE_NOOP("RuleText", "PCP visit after discharge"),
    QT_TRANSLATE_NOOP("RuleText", "Care-plan review after discharge"),
    QT_TRANSLATE_NOOP("RuleText", "Behavioral-health follow-up"),
)


def rule_text(text: str) -> str:
    """The sentence in the current language when it is one of ours; anything else unchanged."""
    return QCoreApplication.translate(CONTEXT, text) if text else text
