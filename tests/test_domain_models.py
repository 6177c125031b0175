"""Domain models: real validation, JSON round trips, the shared envelope."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from coach_desktop.domain.base import uuid7
from coach_desktop.domain.care_plan import CarePlanIntervention, Responsible
from coach_desktop.domain.facilitation import ChartAbstraction, ItemScore, PcmhConcept, PracticeAssessment
from coach_desktop.domain.member import Member
from coach_desktop.domain.observation import Observation, ObservationType
from coach_desktop.domain.registry import RECORD_TYPES, parse_record
from coach_desktop.domain.screening import Instrument, Screening
from coach_desktop.domain.session_note import BehaviourFocus, NoteStatus, SessionNote, StageOfChange
from coach_desktop.domain.work_items import CareTransition, Referral, ReferralStatus, Task, TaskStatus, TaskType
from tests.support import factories

NOW = datetime.now(UTC)


def test_member_round_trips_through_json_and_owns_its_member_id() -> None:
    m = factories.member(family="Peña", given="José")
    again = Member.model_validate_json(m.model_dump_json())
    assert again == m
    assert again.member_id == again.id
    assert again.kind == "member"


def test_member_rejects_future_birth_date_unknown_fields_and_bad_enums() -> None:
    with pytest.raises(ValidationError, match="future"):
        factories.member(date_of_birth=date.today() + timedelta(days=5))
    with pytest.raises(ValidationError, match="Extra inputs"):
        factories.member(favourite_colour="blue")
    with pytest.raises(ValidationError, match="risk_tier"):
        factories.member(risk_tier="extreme")
    with pytest.raises(ValidationError, match="enrollment_status"):
        factories.member(enrollment_status="maybe")


def test_member_rejects_blank_names_and_malformed_medicaid_id() -> None:
    with pytest.raises(ValidationError):
        factories.member(family="   ")
    with pytest.raises(ValidationError):
        factories.member(medicaid_id="12")
    with pytest.raises(ValidationError):
        factories.member(medicaid_id="SC12'; DROP")


def test_consent_needs_its_date() -> None:
    with pytest.raises(ValidationError, match="consent date"):
        factories.member(consent={"program_consent": True})
    assert factories.member(consent={"program_consent": True, "consent_date": "2025-01-02"}).consent.program_consent


def test_member_age() -> None:
    m = factories.member(date_of_birth=date(1970, 5, 17))
    assert m.age_on(date(2026, 5, 16)) == 55
    assert m.age_on(date(2026, 5, 17)) == 56


@pytest.mark.parametrize("value", [-1, 11])
def test_rulers_are_zero_to_ten(value: int) -> None:
    with pytest.raises(ValidationError):
        BehaviourFocus(behaviour="walking", stage=StageOfChange.ACTION, importance=value)
    assert BehaviourFocus(behaviour="walking", stage=StageOfChange.ACTION, importance=10).importance == 10


def test_session_note_time_not_in_future_but_next_contact_may_be() -> None:
    mid = uuid7()
    with pytest.raises(ValidationError, match="future"):
        SessionNote(member_id=mid, started_at=NOW + timedelta(days=3), mode="telephone", minutes=10)
    with pytest.raises(ValidationError, match="time zone"):
        SessionNote(member_id=mid, started_at=datetime(2026, 1, 1, 9, 0), mode="telephone", minutes=10)
    note = SessionNote(member_id=mid, started_at=NOW, mode="video", minutes=10,
                       next_contact_date=date.today() + timedelta(days=14))  # fmt: skip
    assert note.next_contact_date is not None and note.next_contact_date > date.today()


def test_signed_note_needs_a_matching_hash() -> None:
    note = factories.session_note(uuid7())
    with pytest.raises(ValidationError, match="content hash"):
        SessionNote.model_validate({**note.model_dump(), "status": NoteStatus.SIGNED})
    signed = SessionNote.model_validate({**note.model_dump(), "status": "signed", "signed_at": NOW,
                                         "content_hash": note.compute_content_hash()})  # fmt: skip
    assert signed.content_hash == note.compute_content_hash()
    with pytest.raises(ValidationError, match="does not match"):
        SessionNote.model_validate({**signed.model_dump(), "narrative": "edited after signing"})


def test_content_hash_changes_with_content_only() -> None:
    note = factories.session_note(uuid7())
    same = SessionNote.model_validate({**note.model_dump(), "updated_by": "someone-else", "version": 9})
    changed = SessionNote.model_validate({**note.model_dump(), "narrative": note.narrative + "!"})
    assert same.compute_content_hash() == note.compute_content_hash()
    assert changed.compute_content_hash() != note.compute_content_hash()


def test_member_scoped_records_need_member_id_and_practice_records_need_practice_id() -> None:
    with pytest.raises(ValidationError, match="member_id"):
        Task(type=TaskType.OTHER, title="Call", due=date.today())
    with pytest.raises(ValidationError, match="practice_id"):
        ChartAbstraction(measure_id="CMS122", measurement_year=2026, chart_ref="S-01", abstracted_on=date.today())
    ok = ChartAbstraction(practice_id="practice-001", measure_id="CMS122", measurement_year=2026, chart_ref="S-01",
                          abstracted_on=date.today())  # fmt: skip
    assert ok.practice_id == "practice-001"


def test_safety_task_cannot_close_without_documented_assessment() -> None:
    base = {"member_id": uuid7(), "type": TaskType.SAFETY_ASSESSMENT, "title": "Same-day safety check",
            "due": date.today(), "status": TaskStatus.DONE, "completed_at": NOW}  # fmt: skip
    with pytest.raises(ValidationError, match="safety assessment"):
        Task.model_validate(base)
    assert Task.model_validate({**base, "resolution": "C-SSRS screen negative; 988 card given."}).status == "done"


def test_referral_dates_follow_status() -> None:
    base = {"member_id": uuid7(), "category": "food", "to_name": "Food bank", "reason": "Food insecurity"}
    with pytest.raises(ValidationError, match="date it was sent"):
        Referral.model_validate({**base, "status": ReferralStatus.SENT})
    with pytest.raises(ValidationError, match="before it was sent"):
        Referral.model_validate({**base, "status": "completed", "sent_on": "2026-03-10", "completed_on": "2026-03-01"})
    assert Referral.model_validate({**base, "status": "sent", "sent_on": "2026-03-10"}).status == ReferralStatus.SENT


def test_transition_discharge_needs_its_date_and_order() -> None:
    with pytest.raises(ValidationError, match="discharge date"):
        CareTransition(member_id=uuid7(), event="discharge", facility="General Hospital")
    with pytest.raises(ValidationError, match="before admission"):
        CareTransition(member_id=uuid7(), event="discharge", facility="General Hospital",
                       admitted_on=date(2026, 3, 5), discharged_on=date(2026, 3, 1))  # fmt: skip


def test_observation_ranges_and_bp_shape() -> None:
    mid = uuid7()
    with pytest.raises(ValidationError, match="outside"):
        Observation(member_id=mid, type=ObservationType.A1C, value=42.0, effective_on=date.today())
    with pytest.raises(ValidationError, match="diastolic"):
        Observation(member_id=mid, type=ObservationType.BLOOD_PRESSURE, value=130, effective_on=date.today())
    bp = Observation(member_id=mid, type="blood_pressure", value=132, diastolic=84, effective_on=date.today())
    assert bp.loinc == "85354-9"


def test_phq9_answers_must_be_zero_to_three() -> None:
    with pytest.raises(ValidationError, match="0–3"):
        Screening(member_id=uuid7(), instrument=Instrument.PHQ9, administered_at=NOW, answers={"44250-9": 4})


def test_intervention_other_must_be_named() -> None:
    with pytest.raises(ValidationError, match="who is responsible"):
        CarePlanIntervention(member_id=uuid7(), care_plan_id=uuid7(), action="Call", responsible=Responsible.OTHER)


def test_pcmh_levels_and_means() -> None:
    items = [ItemScore(item_id="1.1", concept=PcmhConcept.EMPANELMENT, score=s) for s in (3, 4, 9, 12)]
    assessment = PracticeAssessment(practice_id="p-1", assessed_on=date.today(), items=items)
    assert [i.level for i in items] == ["D", "C", "B", "A"]
    assert assessment.overall() == pytest.approx(7.0)


def test_registry_parses_every_kind_and_rejects_unknown_and_mismatched() -> None:
    assert len(RECORD_TYPES) >= 16
    m = factories.member()
    assert parse_record(m.body()) == m
    with pytest.raises(ValueError, match="unknown record kind"):
        parse_record({"kind": "nope"})
    with pytest.raises(ValidationError):
        Member.model_validate({**m.body(), "kind": "task"})


def test_uuid7_is_time_ordered_and_version_7() -> None:
    ids = [uuid7() for _ in range(50)]
    assert all(i.version == 7 for i in ids)
    assert [i.int >> 80 for i in ids] == sorted(i.int >> 80 for i in ids)
    assert len(set(ids)) == 50
    assert isinstance(ids[0], uuid.UUID)
