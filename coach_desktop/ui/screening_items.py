"""The screening instruments as the form shows them: items, answer options and the number key for each (REFERENCE §1).

Wording is the reference's paraphrase; points and codes come from ``domain.scoring`` so the form and the scoring
can never disagree. Every string is marked with ``QT_TRANSLATE_NOOP`` and shown through ``tr_item``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..domain import scoring as sc
from ..domain.screening import Instrument

CONTEXT = "ScreeningItems"


def tr_item(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True, slots=True)
class AnswerOption:
    value: int | str  # what the scoring takes: points, or an AHC answer code
    text: str  # English source text (translated on display)
    key: int  # the number key that chooses it


@dataclass(frozen=True, slots=True)
class ScreeningItem:
    code: str  # LOINC item code, the answers' key
    number: str  # "1", "9", "Q2"…: what the coach reads out
    text: str
    options: tuple[AnswerOption, ...]
    multi: bool = False  # tick all that apply (AHC housing problems)
    scored: bool = True  # the PHQ-9 difficulty question is asked but never added
    required: bool = True  # AHC domains may stay unanswered (reported as incomplete, never negative)
    section: str = ""  # a heading shown above the item (AHC domains)
    note: str = ""  # a caution shown with the section


@dataclass(frozen=True, slots=True)
class InstrumentForm:
    instrument: Instrument
    name: str
    stem: str  # read before the items
    items: tuple[ScreeningItem, ...]
    max_total: int | None  # None: no total (AHC)


def _options(*pairs: tuple[int | str, str], first_key: int | None = None) -> tuple[AnswerOption, ...]:
    """Options whose key is their points (``first_key`` None), or numbered from ``first_key`` (coded answers)."""
    if first_key is None:
        return tuple(AnswerOption(value, text, int(value)) for value, text in pairs)
    return tuple(AnswerOption(value, text, first_key + n) for n, (value, text) in enumerate(pairs))


# REFERENCE §1.0: the shared 0–3 PHQ/GAD scale.
FREQUENCY = _options(
    (0, QT_TRANSLATE_NOOP("ScreeningItems", "Not at all")),
    (1, QT_TRANSLATE_NOOP("ScreeningItems", "Several days")),
    (2, QT_TRANSLATE_NOOP("ScreeningItems", "More than half the days")),
    (3, QT_TRANSLATE_NOOP("ScreeningItems", "Nearly every day")),
)
DIFFICULTY = _options(
    (0, QT_TRANSLATE_NOOP("ScreeningItems", "Not difficult at all")),
    (1, QT_TRANSLATE_NOOP("ScreeningItems", "Somewhat difficult")),
    (2, QT_TRANSLATE_NOOP("ScreeningItems", "Very difficult")),
    (3, QT_TRANSLATE_NOOP("ScreeningItems", "Extremely difficult")),
)
PHQ_STEM = QT_TRANSLATE_NOOP("ScreeningItems", "Over the last 2 weeks, how often have you been bothered by…")

PHQ9_TEXT = (
    QT_TRANSLATE_NOOP("ScreeningItems", "Little interest or pleasure in doing things"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Feeling down, depressed or hopeless"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Trouble sleeping (too little or too much)"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Feeling tired or having little energy"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Poor appetite or overeating"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Feeling bad about yourself, or that you are a failure"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Trouble concentrating"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Moving or speaking slowly, or being restless"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Thoughts that you would be better off dead, or of hurting yourself"),
)
GAD7_TEXT = (
    QT_TRANSLATE_NOOP("ScreeningItems", "Feeling nervous, anxious or on edge"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Not being able to stop or control worrying"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Worrying too much about different things"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Trouble relaxing"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Being so restless that it is hard to sit still"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Becoming easily annoyed or irritable"),
    QT_TRANSLATE_NOOP("ScreeningItems", "Feeling afraid, as if something awful might happen"),
)


def _frequency_items(codes: tuple[str, ...], texts: tuple[str, ...]) -> tuple[ScreeningItem, ...]:
    pairs = zip(codes, texts, strict=True)
    return tuple(ScreeningItem(code, str(n), text, FREQUENCY) for n, (code, text) in enumerate(pairs, 1))


_DIFFICULTY_TEXT = QT_TRANSLATE_NOOP(
    "ScreeningItems",
    "If you checked off any problems, how difficult have they made it to do your work, take care of things at "
    "home, or get along with other people? (Not scored.)",
)
_PHQ9_ITEMS = (
    *_frequency_items(sc.PHQ9_ITEMS, PHQ9_TEXT),
    ScreeningItem(sc.PHQ9_DIFFICULTY, "10", _DIFFICULTY_TEXT, DIFFICULTY, scored=False, required=False),
)

# REFERENCE §1.4, answers → points as the WHO AUDIT scores them.
_AUDIT_Q1 = QT_TRANSLATE_NOOP("ScreeningItems", "How often do you have a drink containing alcohol?")
_AUDIT_Q2 = QT_TRANSLATE_NOOP("ScreeningItems", "How many standard drinks do you have on a typical day when you "
                              "are drinking?")  # fmt: skip
_AUDIT_Q3 = QT_TRANSLATE_NOOP("ScreeningItems", "How often do you have 6 or more drinks on one occasion?")
_AUDIT_C_ITEMS = (
    ScreeningItem(sc.AUDIT_C_Q1, "1", _AUDIT_Q1, _options(
        (0, QT_TRANSLATE_NOOP("ScreeningItems", "Never")),
        (1, QT_TRANSLATE_NOOP("ScreeningItems", "Monthly or less")),
        (2, QT_TRANSLATE_NOOP("ScreeningItems", "2–4 times a month")),
        (3, QT_TRANSLATE_NOOP("ScreeningItems", "2–3 times a week")),
        (4, QT_TRANSLATE_NOOP("ScreeningItems", "4 or more times a week")),
    )),
    ScreeningItem(sc.AUDIT_C_Q2, "2", _AUDIT_Q2, _options(
        (0, QT_TRANSLATE_NOOP("ScreeningItems", "1 or 2")),
        (1, QT_TRANSLATE_NOOP("ScreeningItems", "3 or 4")),
        (2, QT_TRANSLATE_NOOP("ScreeningItems", "5 or 6")),
        (3, QT_TRANSLATE_NOOP("ScreeningItems", "7 to 9")),
        (4, QT_TRANSLATE_NOOP("ScreeningItems", "10 or more")),
    )),
    ScreeningItem(sc.AUDIT_C_Q3, "3", _AUDIT_Q3, _options(
        (0, QT_TRANSLATE_NOOP("ScreeningItems", "Never")),
        (1, QT_TRANSLATE_NOOP("ScreeningItems", "Less than monthly")),
        (2, QT_TRANSLATE_NOOP("ScreeningItems", "Monthly")),
        (3, QT_TRANSLATE_NOOP("ScreeningItems", "Weekly")),
        (4, QT_TRANSLATE_NOOP("ScreeningItems", "Daily or almost daily")),
    )),
)  # fmt: skip

# REFERENCE §1.5: the AHC core tool, ten items in five domains.
_FOOD = _options(
    (sc.FoodAnswer.OFTEN.value, QT_TRANSLATE_NOOP("ScreeningItems", "Often true")),
    (sc.FoodAnswer.SOMETIMES.value, QT_TRANSLATE_NOOP("ScreeningItems", "Sometimes true")),
    (sc.FoodAnswer.NEVER.value, QT_TRANSLATE_NOOP("ScreeningItems", "Never true")),
    first_key=1,
)
_HITS = _options(
    (sc.HitsAnswer.NEVER.value, QT_TRANSLATE_NOOP("ScreeningItems", "Never")),
    (sc.HitsAnswer.RARELY.value, QT_TRANSLATE_NOOP("ScreeningItems", "Rarely")),
    (sc.HitsAnswer.SOMETIMES.value, QT_TRANSLATE_NOOP("ScreeningItems", "Sometimes")),
    (sc.HitsAnswer.FAIRLY_OFTEN.value, QT_TRANSLATE_NOOP("ScreeningItems", "Fairly often")),
    (sc.HitsAnswer.FREQUENTLY.value, QT_TRANSLATE_NOOP("ScreeningItems", "Frequently")),
)
_LIVING = _options(
    (sc.LivingSituation.STEADY.value, QT_TRANSLATE_NOOP("ScreeningItems", "I have a steady place to live")),
    (sc.LivingSituation.WORRIED.value, QT_TRANSLATE_NOOP(
        "ScreeningItems", "I have a place to live today, but I am worried about losing it in the future")),
    (sc.LivingSituation.NO_STEADY_PLACE.value, QT_TRANSLATE_NOOP(
        "ScreeningItems", "I do not have a steady place to live (staying with others, in a shelter, in a car, on "
        "the street…)")),
    first_key=1,
)  # fmt: skip
_PROBLEMS = _options(
    (sc.HousingProblem.PESTS.value, QT_TRANSLATE_NOOP("ScreeningItems", "Pests such as bugs, ants or mice")),
    (sc.HousingProblem.MOLD.value, QT_TRANSLATE_NOOP("ScreeningItems", "Mold")),
    (sc.HousingProblem.LEAD.value, QT_TRANSLATE_NOOP("ScreeningItems", "Lead paint or pipes")),
    (sc.HousingProblem.NO_HEAT.value, QT_TRANSLATE_NOOP("ScreeningItems", "Lack of heat")),
    (sc.HousingProblem.OVEN_STOVE.value, QT_TRANSLATE_NOOP("ScreeningItems", "Oven or stove not working")),
    (sc.HousingProblem.SMOKE_DETECTORS.value, QT_TRANSLATE_NOOP("ScreeningItems", "Smoke detectors missing or not "
                                                                "working")),
    (sc.HousingProblem.WATER_LEAKS.value, QT_TRANSLATE_NOOP("ScreeningItems", "Water leaks")),
    (sc.HousingProblem.NONE.value, QT_TRANSLATE_NOOP("ScreeningItems", "None of these")),
    first_key=1,
)  # fmt: skip
_TRANSPORT = _options(
    (sc.TransportationAnswer.YES.value, QT_TRANSLATE_NOOP("ScreeningItems", "Yes")),
    (sc.TransportationAnswer.NO.value, QT_TRANSLATE_NOOP("ScreeningItems", "No")),
    first_key=1,
)
_UTILITY = _options(
    (sc.UtilitiesAnswer.YES.value, QT_TRANSLATE_NOOP("ScreeningItems", "Yes")),
    (sc.UtilitiesAnswer.NO.value, QT_TRANSLATE_NOOP("ScreeningItems", "No")),
    (sc.UtilitiesAnswer.ALREADY_SHUT_OFF.value, QT_TRANSLATE_NOOP("ScreeningItems", "Already shut off")),
    first_key=1,
)
_AHC_TEXT = {
    sc.AHC_LIVING_SITUATION: QT_TRANSLATE_NOOP("ScreeningItems", "What is your living situation today?"),
    sc.AHC_HOUSING_PROBLEMS: QT_TRANSLATE_NOOP("ScreeningItems", "Think about the place you live. Do you have "
                                               "problems with any of these? (Tick all that apply.)"),
    sc.AHC_FOOD_WORRY: QT_TRANSLATE_NOOP("ScreeningItems", "In the past 12 months, you worried that your food would "
                                         "run out before you got money to buy more."),
    sc.AHC_FOOD_DID_NOT_LAST: QT_TRANSLATE_NOOP("ScreeningItems", "In the past 12 months, the food you bought just "
                                                "didn't last and you didn't have money to get more."),
    sc.AHC_TRANSPORTATION: QT_TRANSLATE_NOOP("ScreeningItems", "In the past 12 months, has lack of reliable "
                                             "transportation kept you from medical appointments, meetings, work, or "
                                             "getting things you need for daily living?"),
    sc.AHC_UTILITIES: QT_TRANSLATE_NOOP("ScreeningItems", "In the past 12 months, has the electric, gas, oil or "
                                        "water company threatened to shut off services in your home?"),
}  # fmt: skip
_HOUSING = QT_TRANSLATE_NOOP("ScreeningItems", "Housing")
_SAFETY = QT_TRANSLATE_NOOP("ScreeningItems", "Safety")
_SAFETY_NOTE = QT_TRANSLATE_NOOP("ScreeningItems", "Ask these only when the member is alone and it is safe to talk. "
                                 "A positive answer is never shown where a companion could see it.")  # fmt: skip
_HITS_STEM = QT_TRANSLATE_NOOP("ScreeningItems", "How often does anyone, including family and friends, %1")
_HITS_TEXT = (
    QT_TRANSLATE_NOOP("ScreeningItems", "physically hurt you?"),
    QT_TRANSLATE_NOOP("ScreeningItems", "insult or talk down to you?"),
    QT_TRANSLATE_NOOP("ScreeningItems", "threaten you with harm?"),
    QT_TRANSLATE_NOOP("ScreeningItems", "scream or curse at you?"),
)


def _ahc(code: str, number: int, options: tuple[AnswerOption, ...], section: str = "",
         multi: bool = False) -> ScreeningItem:  # fmt: skip
    return ScreeningItem(code, str(number), _AHC_TEXT[code], options, multi=multi, required=False, section=section)


_AHC_ITEMS = (
    _ahc(sc.AHC_LIVING_SITUATION, 1, _LIVING, _HOUSING),
    _ahc(sc.AHC_HOUSING_PROBLEMS, 2, _PROBLEMS, multi=True),
    _ahc(sc.AHC_FOOD_WORRY, 3, _FOOD, QT_TRANSLATE_NOOP("ScreeningItems", "Food")),
    _ahc(sc.AHC_FOOD_DID_NOT_LAST, 4, _FOOD),
    _ahc(sc.AHC_TRANSPORTATION, 5, _TRANSPORT, QT_TRANSLATE_NOOP("ScreeningItems", "Transportation")),
    _ahc(sc.AHC_UTILITIES, 6, _UTILITY, QT_TRANSLATE_NOOP("ScreeningItems", "Utilities")),
    *(ScreeningItem(code, str(n), text, _HITS, required=False, section=_SAFETY if n == 7 else "",
                    note=_SAFETY_NOTE if n == 7 else "")
      for n, (code, text) in enumerate(zip(sc.AHC_HITS_ITEMS, _HITS_TEXT, strict=True), 7)),
)  # fmt: skip

FORMS: dict[Instrument, InstrumentForm] = {
    form.instrument: form
    for form in (
        InstrumentForm(Instrument.PHQ2, QT_TRANSLATE_NOOP("ScreeningItems", "PHQ-2 (depression pre-screen)"),
                       PHQ_STEM, _frequency_items(sc.PHQ2_ITEMS, PHQ9_TEXT[:2]), 6),
        InstrumentForm(Instrument.PHQ9, QT_TRANSLATE_NOOP("ScreeningItems", "PHQ-9 (depression)"), PHQ_STEM,
                       _PHQ9_ITEMS, 27),
        InstrumentForm(Instrument.GAD2, QT_TRANSLATE_NOOP("ScreeningItems", "GAD-2 (anxiety pre-screen)"), PHQ_STEM,
                       _frequency_items(sc.GAD2_ITEMS, GAD7_TEXT[:2]), 6),
        InstrumentForm(Instrument.GAD7, QT_TRANSLATE_NOOP("ScreeningItems", "GAD-7 (anxiety)"), PHQ_STEM,
                       _frequency_items(sc.GAD7_ITEMS, GAD7_TEXT), 21),
        InstrumentForm(Instrument.AUDIT_C, QT_TRANSLATE_NOOP("ScreeningItems", "AUDIT-C (alcohol)"),
                       QT_TRANSLATE_NOOP("ScreeningItems", "In the past year:"), _AUDIT_C_ITEMS, 12),
        InstrumentForm(Instrument.AHC_HRSN, QT_TRANSLATE_NOOP("ScreeningItems", "Social needs (AHC HRSN core)"),
                       QT_TRANSLATE_NOOP("ScreeningItems", "Skip any question the member would rather not answer: "
                                         "that part is recorded as incomplete."), _AHC_ITEMS, None),
    )
}  # fmt: skip


def hits_question(text: str) -> str:
    """The interpersonal-safety items share one stem."""
    return tr_item(_HITS_STEM).replace("%1", tr_item(text))


def item_text(item: ScreeningItem) -> str:
    return hits_question(item.text) if item.code in sc.AHC_HITS_ITEMS else tr_item(item.text)
