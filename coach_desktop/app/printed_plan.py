"""The member's printed plan, as content: plain words at a low reading level, in English or Spanish (pure, no Qt).

What is printed: the member's goals in their own words, the next steps and who does them, what the member said
matters, the coach's contact and the next appointment. What never is: discontinued goals, anything filed under an
interpersonal-safety need (the paper may be read at home, REFERENCE §1.5), scores, diagnoses or risk tier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..domain.care_plan import (
    CarePlan,
    CarePlanGoal,
    CarePlanIntervention,
    GoalStatus,
    InterventionStatus,
    Responsible,
)
from ..domain.member import Language, Member

MAX_GOALS = 6  # keeps the page count at one or two; the rest are named as a count
MAX_STEPS = 8
PRIVATE_NEEDS = frozenset({"safety"})
_SHOWN_GOALS = (GoalStatus.ACTIVE, GoalStatus.PROPOSED, GoalStatus.ON_HOLD, GoalStatus.ACHIEVED)
_OPEN_STEPS = (InterventionStatus.PLANNED, InterventionStatus.IN_PROGRESS)


@dataclass(frozen=True, slots=True)
class CoachContact:
    name: str
    phone: str
    hours: str = ""


@dataclass(frozen=True, slots=True)
class PrintedGoal:
    text: str  # the member's own words
    measure: str  # "How we will know: …"
    target: str  # "Now: … Goal: … by <date>."
    status: str


@dataclass(frozen=True, slots=True)
class PrintedPlan:
    """Every string already in the member's language; a renderer only lays it out."""

    language: str
    title: str
    for_line: str
    intro: str
    why_heading: str
    why_text: str
    strengths_heading: str
    strengths_text: str
    goals_heading: str
    goals: tuple[PrintedGoal, ...]
    more_goals: str
    steps_heading: str
    my_steps_heading: str
    my_steps: tuple[str, ...]
    team_steps_heading: str
    team_steps: tuple[str, ...]
    more_steps: str
    contact_heading: str
    contact_lines: tuple[str, ...]
    appointment_heading: str
    appointment_text: str
    emergency_text: str

    def plain_text(self) -> str:
        """All the words, in reading order (for checks and for a plain-text copy)."""
        parts = [self.title, self.for_line, self.intro, self.why_heading, self.why_text, self.strengths_heading,
                 self.strengths_text, self.goals_heading]  # fmt: skip
        for goal in self.goals:
            parts += [goal.text, goal.measure, goal.target, goal.status]
        parts += [self.more_goals, self.steps_heading, self.my_steps_heading, *self.my_steps, self.team_steps_heading,
                  *self.team_steps, self.more_steps, self.contact_heading, *self.contact_lines,
                  self.appointment_heading, self.appointment_text, self.emergency_text]  # fmt: skip
        return "\n".join(p for p in parts if p)


# ---- words ---------------------------------------------------------------------------------------------------

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}  # fmt: skip
_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "My Health Plan",
        "for": "For {name}. Printed {date}.",
        "intro": "This is the plan we made together. Keep it where you can see it.",
        "why": "Why this matters to me",
        "strengths": "What helps me",
        "goals": "My goals",
        "no_goals": "We will set your goals together at your next visit.",
        "measure": "How we will know: {measure}.",
        "now": "Now: {baseline}.",
        "target": "Goal: {target} by {date}.",
        "more_goals": "You have {n} more goals. Ask your health coach about them.",
        "steps": "Next steps",
        "no_steps": "We will plan your next steps together.",
        "my_steps": "Things I will do",
        "team_steps": "Things my care team will do",
        "by_date": "{action} (by {date})",
        "team_step": "{who}: {action}",
        "more_steps": "There are {n} more steps. Ask your health coach about them.",
        "coach": "My health coach",
        "pcp": "My doctor",
        "contact": "My health coach",
        "phone": "Phone: {phone}",
        "hours": "Hours: {hours}",
        "appointment": "My next visit",
        "appointment_on": "{weekday}, {date}",
        "no_appointment": "Your health coach will call you to set a time.",
        "emergency": "In an emergency, call 911.",
        GoalStatus.ACTIVE: "I am working on this.",
        GoalStatus.PROPOSED: "I will start this soon.",
        GoalStatus.ON_HOLD: "This is on pause for now.",
        GoalStatus.ACHIEVED: "I did it!",
    },
    "es": {
        "title": "Mi plan de salud",
        "for": "Para {name}. Impreso el {date}.",
        "intro": "Este es el plan que hicimos juntos. Guárdelo donde lo pueda ver.",
        "why": "Por qué esto es importante para mí",
        "strengths": "Lo que me ayuda",
        "goals": "Mis metas",
        "no_goals": "Vamos a poner sus metas juntos en su próxima visita.",
        "measure": "Cómo sabremos: {measure}.",
        "now": "Ahora: {baseline}.",
        "target": "Meta: {target} para el {date}.",
        "more_goals": "Usted tiene {n} metas más. Pregúntele a su coach de salud.",
        "steps": "Próximos pasos",
        "no_steps": "Vamos a planear sus próximos pasos juntos.",
        "my_steps": "Lo que yo voy a hacer",
        "team_steps": "Lo que mi equipo de salud va a hacer",
        "by_date": "{action} (para el {date})",
        "team_step": "{who}: {action}",
        "more_steps": "Hay {n} pasos más. Pregúntele a su coach de salud.",
        "coach": "Mi coach de salud",
        "pcp": "Mi médico",
        "contact": "Mi coach de salud",
        "phone": "Teléfono: {phone}",
        "hours": "Horario: {hours}",
        "appointment": "Mi próxima cita",
        "appointment_on": "{weekday}, {date}",
        "no_appointment": "Su coach de salud le va a llamar para poner la fecha y la hora.",
        "emergency": "En una emergencia, llame al 911.",
        GoalStatus.ACTIVE: "Estoy trabajando en esto.",
        GoalStatus.PROPOSED: "Voy a empezar pronto.",
        GoalStatus.ON_HOLD: "Por ahora está en pausa.",
        GoalStatus.ACHIEVED: "¡Lo logré!",
    },
}


def plan_language(member: Member, override: str | None = None) -> str:
    """Spanish for members who prefer it, else English (the two languages the printed plan is written in)."""
    wanted = override or member.preferred_language.value
    return "es" if wanted == Language.SPANISH.value else "en"


def long_date(day: date, language: str) -> str:
    month = _MONTHS[language][day.month - 1]
    return f"{day.day} de {month} de {day.year}" if language == "es" else f"{month} {day.day}, {day.year}"


def _weekday_date(day: date, language: str) -> str:
    text = TEXT[language]["appointment_on"].format(weekday=_WEEKDAYS[language][day.weekday()],
                                                   date=long_date(day, language))  # fmt: skip
    return text[0].upper() + text[1:]  # Spanish weekdays are lower case, but this starts a line


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---- building ------------------------------------------------------------------------------------------------


def _private_goal_ids(plan: CarePlan, goals: Iterable[CarePlanGoal]) -> set[object]:
    private = {p.id for p in plan.problems if p.social_need in PRIVATE_NEEDS}
    return {g.id for g in goals if g.problem_id in private}


def _goal(goal: CarePlanGoal, words: dict[str, str], language: str) -> PrintedGoal:
    measure = words["measure"].format(measure=_one_line(goal.measure).rstrip("."))
    target = words["target"].format(target=_one_line(goal.target).rstrip("."),
                                    date=long_date(goal.target_date, language))  # fmt: skip
    if goal.baseline.strip():
        target = words["now"].format(baseline=_one_line(goal.baseline).rstrip(".")) + " " + target
    return PrintedGoal(_one_line(goal.description), measure, target, words[goal.status])


def _step(step: CarePlanIntervention, words: dict[str, str], language: str) -> str:
    """A member's own step reads as a plain to-do; a team member's step says who does it."""
    action = _one_line(step.action).rstrip(".")
    if step.due_date is not None:
        action = words["by_date"].format(action=action, date=long_date(step.due_date, language))
    if step.responsible is Responsible.MEMBER:
        return action
    who = step.responsible_other.strip() if step.responsible is Responsible.OTHER else words[step.responsible.value]
    return words["team_step"].format(who=who, action=action)


def _more(words: dict[str, str], key: str, hidden: int) -> str:
    return words[key].format(n=hidden) if hidden > 0 else ""


def build_printed_plan(
    member: Member, plan: CarePlan, goals: Iterable[CarePlanGoal], interventions: Iterable[CarePlanIntervention],
    coach: CoachContact, next_appointment: date | None, *, printed_on: date, language: str | None = None,
) -> PrintedPlan:  # fmt: skip
    """The printed plan's content in the member's language (``language`` overrides it: "en" or "es")."""
    lang = plan_language(member, language)
    words = TEXT[lang]
    goals = list(goals)
    private = _private_goal_ids(plan, goals)
    shown = [g for g in goals if g.status in _SHOWN_GOALS and g.id not in private and not g.deleted]
    shown.sort(key=lambda g: (g.status is GoalStatus.ACHIEVED, g.rank, str(g.id)))  # reached goals last
    steps = [s for s in interventions if s.status in _OPEN_STEPS and s.goal_id not in private and not s.deleted]
    steps.sort(key=lambda s: (s.due_date or date.max, s.rank, str(s.id)))
    listed = steps[:MAX_STEPS]
    mine = [_step(s, words, lang) for s in listed if s.responsible is Responsible.MEMBER]
    team = [_step(s, words, lang) for s in listed if s.responsible is not Responsible.MEMBER]
    contact = [coach.name, words["phone"].format(phone=coach.phone)]
    if coach.hours.strip():
        contact.append(words["hours"].format(hours=coach.hours.strip()))
    return PrintedPlan(
        language=lang,
        title=words["title"],
        for_line=words["for"].format(name=f"{member.given_name} {member.family_name}",
                                     date=long_date(printed_on, lang)),
        intro=words["intro"],
        why_heading=words["why"] if plan.member_words.strip() else "",
        why_text=plan.member_words.strip(),
        strengths_heading=words["strengths"] if plan.strengths.strip() else "",
        strengths_text=plan.strengths.strip(),
        goals_heading=words["goals"],
        goals=tuple(_goal(g, words, lang) for g in shown[:MAX_GOALS]),
        more_goals=_more(words, "more_goals", len(shown) - MAX_GOALS) if shown else words["no_goals"],
        steps_heading=words["steps"],
        my_steps_heading=words["my_steps"] if mine else "",
        my_steps=tuple(mine),
        team_steps_heading=words["team_steps"] if team else "",
        team_steps=tuple(team),
        more_steps=_more(words, "more_steps", len(steps) - MAX_STEPS) if steps else words["no_steps"],
        contact_heading=words["contact"],
        contact_lines=tuple(contact),
        appointment_heading=words["appointment"],
        appointment_text=_weekday_date(next_appointment, lang) if next_appointment else words["no_appointment"],
        emergency_text=words["emergency"],
    )  # fmt: skip
