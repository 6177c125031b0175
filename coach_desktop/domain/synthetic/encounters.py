"""Motivational-interviewing session notes, drafts and signed, with their occasional addenda."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..member import Condition, Language
from ..session_note import (
    Attendee,
    ChangeTalkCategory,
    EncounterMode,
    NoteAddendum,
    NoteStatus,
    OarsSkill,
    SessionNote,
    StageOfChange,
)
from .calibration import SESSION_COUNTS
from .member_state import MemberState
from .rng import clinic_time, pick

BEHAVIOURS: dict[Condition | None, tuple[str, ...]] = {
    Condition.DIABETES: ("Check blood sugar every morning", "Cut back on sweet tea and soda"),
    Condition.HYPERTENSION: ("Take blood pressure pills every day", "Use less salt when cooking"),
    Condition.OBESITY: ("Walk 15 minutes after supper", "Eat more vegetables at lunch"),
    Condition.DEPRESSION: ("Call a friend or family member twice a week", "Keep a regular bedtime"),
    Condition.ASTHMA: ("Use the controller inhaler every day",),
    Condition.COPD: ("Quit smoking", "Use the controller inhaler every day"),
    Condition.HEART_FAILURE: ("Weigh every morning and write it down", "Read food labels for salt"),
    None: ("Keep medical appointments", "Fill prescriptions on time"),
}
TOPICS: dict[Condition | None, str] = {
    Condition.DIABETES: "diabetes self-management", Condition.HYPERTENSION: "blood pressure",
    Condition.OBESITY: "weight and activity", Condition.DEPRESSION: "mood", Condition.ASTHMA: "asthma action plan",
    Condition.COPD: "COPD inhalers", Condition.HEART_FAILURE: "heart failure daily weights", None: "medications",
}  # fmt: skip
CHANGE_TALK: dict[ChangeTalkCategory, tuple[str, str]] = {  # (English, Spanish)
    ChangeTalkCategory.DESIRE: ("I want to be around for my grandkids.", "Quiero estar bien para mis nietos."),
    ChangeTalkCategory.ABILITY: ("I could probably walk after supper.", "Sí puedo caminar después de la cena."),
    ChangeTalkCategory.REASONS: ("I don't want to end up back in the hospital.", "No quiero volver al hospital."),
    ChangeTalkCategory.NEED: ("I have to get this under control.", "Tengo que cuidarme más."),
    ChangeTalkCategory.COMMITMENT: ("I'm going to start Monday.", "Voy a empezar el lunes."),
    ChangeTalkCategory.ACTIVATION: ("I'm willing to try the pill box.", "Quiero intentarlo con el pastillero."),
    ChangeTalkCategory.TAKING_STEPS: ("I walked three times last week.", "Ya caminé tres veces esta semana."),
}
SUSTAIN_TALK = (
    "I've tried diets before and they never work.", "Money is too tight for healthy food.",
    "I'm too tired after work.", "Sugar runs in my family; it's always been high.", "The pills make me dizzy.",
)  # fmt: skip
_STAGES, _TALK, _OARS = tuple(StageOfChange), tuple(ChangeTalkCategory), tuple(OarsSkill)
_REASONS = ("For my grandkids", "So I can keep working", "To stay out of the hospital", "")


class EncounterSteps(MemberState):
    """A member's MI sessions over the enrollment window, moving each target behaviour between stages."""

    def _sessions(self) -> None:
        rng = self.rng
        wanted = pick(rng, SESSION_COUNTS)
        span = (self.yesterday - self.window_start).days + 1
        if span <= 0 or wanted == 0:
            return
        days = sorted(self.window_start + timedelta(days=d) for d in rng.sample(range(span), min(wanted, span)))
        focus = self._behaviour_plan()
        for number, day in enumerate(days):
            last = number == len(days) - 1
            self.sessions.append(
                self._session(day, focus, draft=last and (self.today - day).days < 10 and rng.random() < 0.5)
            )
        self.ctx.panel.session_notes.extend(self.sessions)

    def _behaviour_plan(self) -> list[list[Any]]:
        """Target behaviours with a mutable [behaviour, stage index] pair that moves between sessions."""
        rng = self.rng
        options = [b for c in self.conditions for b in BEHAVIOURS.get(c, ())] or list(BEHAVIOURS[None])
        chosen = rng.sample(options, min(len(options), rng.choice((1, 1, 2))))
        return [[b, rng.choice((0, 1, 1, 2, 2))] for b in dict.fromkeys(chosen)]

    def _session(self, day: date, focus: list[list[Any]], draft: bool) -> SessionNote:
        rng = self.rng
        mode = pick(
            rng, ((EncounterMode.IN_PERSON, 0.45), (EncounterMode.TELEPHONE, 0.45), (EncounterMode.VIDEO, 0.10))
        )
        minutes = rng.randint(20, 60) if mode is EncounterMode.IN_PERSON else rng.randint(10, 40)
        started = clinic_time(day, rng)
        behaviours = [self._advance(item) for item in focus]
        present = [Attendee.MEMBER]
        if self.language is not Language.ENGLISH and rng.random() < 0.4:
            present.append(Attendee.INTERPRETER)
        if rng.random() < 0.1:
            present.append(Attendee.CAREGIVER)
        spanish = self.language is Language.SPANISH
        talk = [{"category": c, "quote": CHANGE_TALK[c][int(spanish and rng.random() < 0.6)]}
                for c in rng.sample(_TALK, rng.randint(0, 3))]  # fmt: skip
        lead = behaviours[0]
        topics = list(dict.fromkeys(TOPICS.get(c, "medications") for c in self.conditions[:2])) or ["medications"]
        content = {
            **self._env(started), "started_at": started, "mode": mode, "minutes": minutes, "present": present,
            "topics": topics,
            "behaviours": behaviours, "change_talk": talk,
            "sustain_talk": rng.sample(SUSTAIN_TALK, rng.randint(0, 2)),
            "oars_used": sorted(rng.sample(_OARS, rng.randint(2, 4)), key=_OARS.index),
            "narrative": (f"{mode.value.replace('_', ' ').capitalize()} session. Focus: {lead['behaviour'].lower()}. "
                          f"Member is in {lead['stage'].value} (importance {lead['importance']}/10, confidence "
                          f"{lead['confidence']}/10). Used reflections to explore ambivalence and evoke change talk."
                          + (" Interpreter present." if Attendee.INTERPRETER in present else "")),
            "next_steps": f"Member will try: {lead['behaviour'].lower()}. Coach will check in by phone.",
            "next_contact_date": day + timedelta(days=rng.choice((14, 21, 30))), "author_id": self.ctx.coach_id,
        }  # fmt: skip
        note = SessionNote(**content)
        if draft:
            return note
        # Sign the validated draft with the model's own hash. model_copy skips re-validating (and re-hashing),
        # which halves the cost of the commonest record; the round-trip tests re-validate every signed note.
        content_hash = note.compute_content_hash()
        signed_at = min(
            started + timedelta(minutes=minutes + rng.randint(5, 90)), datetime.combine(day, time(23, 59), UTC)
        )
        note = note.model_copy(
            update={"status": NoteStatus.SIGNED, "signed_at": signed_at, "content_hash": content_hash}
        )
        if rng.random() < 0.02 and day + timedelta(days=2) <= self.yesterday:
            self.ctx.panel.addenda.append(NoteAddendum(
                **self._env(), note_id=note.id, note_content_hash=content_hash, author_id=self.ctx.coach_id,
                text="Correction: the follow-up call is with the clinic pharmacist, not the PCP.",
                written_at=clinic_time(day + timedelta(days=rng.randint(1, 2)), rng)))  # fmt: skip
        return note

    def _advance(self, item: list[Any]) -> dict[str, Any]:
        """One BehaviourFocus as data (nested values validate inside the note, in pydantic-core: cheaper)."""
        rng = self.rng
        roll = rng.random()
        item[1] = min(4, item[1] + 1) if roll < 0.35 else max(0, item[1] - 1) if roll < 0.40 else item[1]
        stage = _STAGES[item[1]]
        confidence = max(0, min(10, round(3 + 1.3 * item[1] + rng.gauss(0, 1.5))))
        return {
            "behaviour": item[0], "stage": stage, "importance": max(0, min(10, round(rng.gauss(7, 2)))),
            "confidence": confidence,
            "readiness": max(0, min(10, confidence + rng.randint(-1, 2))) if rng.random() < 0.5 else None,
            "member_reason": rng.choice(_REASONS),
        }  # fmt: skip
