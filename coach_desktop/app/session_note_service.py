"""MI session notes for the editor: a new draft prefilled by the risk tier's schedule, save, sign, addenda, the
unsaved form kept encrypted in the vault, and the MITI fidelity self-check of a session.

Two kinds of draft, on purpose. The form's text is kept every few seconds in the vault's ``draft`` table
(encrypted, this computer only, never synced or audited, any text even half-typed): that is what survives a
lock or a crash. **Save** writes a real ``SessionNote`` with status draft (validated, audited, synced, visible on
the Sessions tab); **Sign** fixes it for good. Autosaving the record itself would queue a sync mutation and an
audit event every few seconds and could not hold a half-typed field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

from ..domain.base import Record, utc_now, uuid7
from ..domain.fidelity import MiFidelityReview
from ..domain.member import AuthorizedContact, DisclosureTopic, Member, RiskTier
from ..domain.session_note import Attendee, EncounterMode, NoteAddendum, NoteStatus, SessionNote, StageOfChange
from ..domain.work_items import CareTransition, TransitionEvent
from ..domain.worklist import DEFAULT_SETTINGS, ContactReason, WorklistSettings, contact_schedule
from ..vault import drafts as draft_store
from ..vault.errors import RecordInvalid, RecordNotFound
from ..vault.repository import ChangeSet, RecordRepository
from ..vault.vault import Vault
from .session_note_form import BehaviourForm, NoteForm, build_note, form_from_note, utc_iso

R = TypeVar("R", bound=Record)
# The shell keeps each page's drafts under the page's key; the member chart is "member" (app/main.py), so a
# draft kept here before a crash comes back to the member page at the next unlock.
MEMBER_PAGE = "member"
DRAFT_PREFIX = "session_note:"
# App policy (minimum necessary), not a clinical rule: a coaching session discusses the member's health, so a
# person may sit in only if the member allowed them to hear about general health. What else they may hear is
# shown beside their name so the coach knows what to leave out.
SESSION_TOPIC = DisclosureTopic.GENERAL_HEALTH


def draft_key(note_id: str) -> str:
    return DRAFT_PREFIX + note_id


@dataclass(frozen=True)
class ContactOption:
    """One authorised contact of the member, and whether they may be present at a session."""

    name: str
    relationship: str
    attendee: Attendee  # caregiver, or guardian for a legal guardian
    may_discuss: tuple[DisclosureTopic, ...]
    offered: bool


@dataclass(frozen=True)
class PreviousFocus:
    """A behaviour from the member's last note, shown as a hint (never copied into the new note's ratings)."""

    behaviour: str
    stage: StageOfChange
    importance: int | None
    confidence: int | None
    readiness: int | None
    on: date


@dataclass(frozen=True)
class NoteContext:
    """What the editor needs besides the note: consent, the last note's behaviours, the contact schedule's facts."""

    member_id: str
    tier: RiskTier
    contacts: tuple[ContactOption, ...]
    previous: tuple[PreviousFocus, ...]
    last_face_to_face: date | None  # before this note
    last_discharge: date | None
    settings: WorklistSettings = DEFAULT_SETTINGS

    def attendees(self) -> list[Attendee]:
        """Who may be ticked as present: the member, consented caregivers/guardians, an interpreter."""
        roles = {c.attendee for c in self.contacts if c.offered}
        return [a for a in Attendee if a in (Attendee.MEMBER, Attendee.INTERPRETER) or a in roles]

    def next_contact(self, on: date, mode: EncounterMode) -> tuple[date, ContactReason]:
        """REFERENCE §6.2 schedule with this session as the last contact (and face-to-face if in person)."""
        face_to_face = on if mode in self.settings.face_to_face_modes else self.last_face_to_face
        return contact_schedule(self.tier, on, face_to_face, self.last_discharge, on, self.settings)


@dataclass(frozen=True)
class EditorSession:
    """A note opened in the editor: the form, its context, and where it stands."""

    form: NoteForm
    context: NoteContext
    stored: bool  # a SessionNote with this id is in the vault
    saved_form: NoteForm | None  # the stored note as a form (None: not stored): unsaved = differs from this
    status: NoteStatus
    signed_at: datetime | None = None
    content_hash: str | None = None
    addenda: tuple[NoteAddendum, ...] = ()
    edits_dropped: bool = False  # a kept form came back for a note signed meanwhile: its edits could not apply


class SessionNoteService:
    def __init__(self, vault: Vault, today: Callable[[], date] = date.today, now: Callable[[], datetime] = utc_now,
                 settings: WorklistSettings = DEFAULT_SETTINGS) -> None:  # fmt: skip
        self._vault = vault
        self._today = today
        self._now = now
        self._settings = settings

    # ---- opening ------------------------------------------------------------------------------------------

    def new_draft(self, member_id: str) -> EditorSession:
        """A new, unsaved note: now, in person, the member present, last note's behaviours, next contact by tier."""
        context = self.context(member_id)
        started = self._now().astimezone().replace(second=0, microsecond=0)
        due, _reason = context.next_contact(self._today(), EncounterMode.IN_PERSON)
        form = NoteForm(
            note_id=str(uuid7()), member_id=member_id, started_at=utc_iso(started),
            next_contact_date=due.isoformat(),
            behaviours=[BehaviourForm(behaviour=p.behaviour) for p in context.previous],
        )  # fmt: skip
        return EditorSession(form, context, stored=False, saved_form=None, status=NoteStatus.DRAFT)

    def open_note(self, note_id: str) -> EditorSession:
        note = self._note(note_id)
        return self._session(note, form_from_note(note))

    def resume(self, form: NoteForm) -> EditorSession:
        """A form kept as a draft (after a lock or a crash) back in the editor, with the note's current state."""
        try:
            note = self._note(form.note_id)
        except RecordNotFound:
            context = self.context(form.member_id, exclude=form.note_id)
            return EditorSession(form, context, stored=False, saved_form=None, status=NoteStatus.DRAFT)
        if note.status is NoteStatus.SIGNED:
            # Signed meanwhile (on another computer): the note cannot take the edits; an addendum can.
            dropped = not replace(form, addendum="").same_content(form_from_note(note))
            return replace(self._session(note, _with_addendum(note, form)), edits_dropped=dropped)
        return self._session(note, form)

    def context(self, member_id: str, exclude: str | None = None) -> NoteContext:
        repo = self._repo()
        member = self._get(repo, Member, member_id)
        records = repo.member_records(member_id, [SessionNote.KIND, CareTransition.KIND])
        notes = sorted((r for r in records if isinstance(r, SessionNote) and str(r.id) != exclude),
                       key=lambda n: n.started_at)  # fmt: skip
        today = self._today()
        face = [n.started_at.date() for n in notes if n.mode in self._settings.face_to_face_modes]
        discharges = [t.discharged_on for t in records if isinstance(t, CareTransition)
                      and t.event is TransitionEvent.DISCHARGE and t.discharged_on]  # fmt: skip
        previous = ()
        if notes:
            last = notes[-1]
            previous = tuple(PreviousFocus(b.behaviour, b.stage, b.importance, b.confidence, b.readiness,
                                           last.started_at.date()) for b in last.behaviours)  # fmt: skip
        return NoteContext(
            member_id=member_id, tier=member.risk_tier, contacts=tuple(_option(c) for c in member.authorized_contacts),
            previous=previous, last_face_to_face=max((d for d in face if d <= today), default=None),
            last_discharge=max((d for d in discharges if d <= today), default=None), settings=self._settings,
        )  # fmt: skip

    # ---- writing ------------------------------------------------------------------------------------------

    def save_draft(self, form: NoteForm) -> tuple[SessionNote, ChangeSet]:
        """Store the form as a draft note (create or update); its kept form text is then dropped."""
        repo = self._repo()
        try:
            current: SessionNote | None = self._note(form.note_id)
        except RecordNotFound:
            current = None
        if current is not None and current.status is NoteStatus.SIGNED:
            raise RecordInvalid("A signed note cannot be changed. Add an addendum instead.")
        note = build_note(form, self._envelope(form.member_id, current))
        saved, change = repo.update(note) if current is not None else repo.create(note)
        self.drop_unsaved(form.note_id)  # after the record: a crash between the two keeps both, never neither
        return saved, change

    def sign(self, note_id: str) -> tuple[SessionNote, ChangeSet]:
        """Sign a stored draft: immutable from here, content hash fixed (the server countersigns on sync)."""
        signed, change = self._repo().sign_note(note_id)
        self.drop_unsaved(note_id)
        return signed, change

    def save_and_sign(self, form: NoteForm) -> tuple[SessionNote, list[ChangeSet]]:
        _saved, saved_change = self.save_draft(form)
        signed, signed_change = self.sign(form.note_id)
        return signed, [saved_change, signed_change]

    def add_addendum(self, note_id: str, text: str) -> tuple[NoteAddendum, ChangeSet]:
        """A correction appended to a signed note (drafts are edited instead)."""
        note = self._note(note_id)
        if note.status is not NoteStatus.SIGNED or note.content_hash is None:
            raise RecordInvalid("Addenda are for signed notes. Edit the draft instead.")
        if not text.strip():
            raise RecordInvalid("Write the addendum first.")
        addendum = NoteAddendum(member_id=note.member_id, practice_id=note.practice_id, note_id=note.id,
                                note_content_hash=note.content_hash, text=text.strip(),
                                author_id=self._vault.actor.user_id, written_at=self._now())  # fmt: skip
        stored, change = self._repo().create(addendum)
        self.drop_unsaved(note_id)
        return stored, change

    def addenda(self, note_id: str) -> list[NoteAddendum]:
        note = self._note(note_id)
        records = self._repo().member_records(str(note.member_id), [NoteAddendum.KIND])
        return sorted((r for r in records if isinstance(r, NoteAddendum) and r.note_id == note.id),
                      key=lambda a: a.written_at)  # fmt: skip

    # ---- the unsaved form, kept encrypted in the vault ----------------------------------------------------

    def keep_unsaved(self, form: NoteForm) -> None:
        db = self._vault.database()
        with db.transaction():
            draft_store.save_draft(db, MEMBER_PAGE, draft_key(form.note_id), form.to_json(), self._now())

    def drop_unsaved(self, note_id: str) -> None:
        db = self._vault.database()
        with db.transaction():
            draft_store.delete_draft(db, MEMBER_PAGE, draft_key(note_id))

    # ---- MI fidelity self-check ---------------------------------------------------------------------------

    def fidelity_review(self, note_id: str) -> tuple[MiFidelityReview, bool]:
        """My latest review of this session, or a new empty one (False: not stored yet)."""
        note = self._note(note_id)
        me = self._vault.actor.user_id
        mine = [r for r in self._repo().member_records(str(note.member_id), [MiFidelityReview.KIND])
                if isinstance(r, MiFidelityReview) and r.session_note_id == note.id and r.coder_id == me]  # fmt: skip
        if mine:
            return max(mine, key=lambda r: r.updated_at), True
        fresh = MiFidelityReview(member_id=note.member_id, practice_id=note.practice_id, session_note_id=note.id,
                                 coder_id=me, coded_on=self._today())  # fmt: skip
        return fresh, False

    def save_fidelity_review(self, review: MiFidelityReview) -> tuple[MiFidelityReview, ChangeSet]:
        repo = self._repo()
        try:
            repo.get(MiFidelityReview.KIND, str(review.id))
        except RecordNotFound:
            return repo.create(review)
        return repo.update(review)

    # ---- internals ----------------------------------------------------------------------------------------

    def _repo(self) -> RecordRepository:
        return self._vault.repository()

    @staticmethod
    def _get(repo: RecordRepository, kind: type[R], record_id: str) -> R:
        record = repo.get(kind.KIND, record_id)
        if not isinstance(record, kind) or record.deleted:
            raise RecordNotFound()
        return record

    def _note(self, note_id: str) -> SessionNote:
        return self._get(self._repo(), SessionNote, note_id)

    def _session(self, note: SessionNote, form: NoteForm) -> EditorSession:
        addenda = tuple(self.addenda(str(note.id))) if note.status is NoteStatus.SIGNED else ()
        context = self.context(str(note.member_id), exclude=str(note.id))
        saved = form_from_note(note)
        return EditorSession(form, context, True, saved, note.status, note.signed_at, note.content_hash, addenda)

    def _envelope(self, member_id: str, current: SessionNote | None) -> dict[str, object]:
        if current is not None:
            return {"practice_id": current.practice_id, "author_id": current.author_id, "version": current.version}
        member = self._get(self._repo(), Member, member_id)
        return {"practice_id": member.practice_id, "author_id": self._vault.actor.user_id}


def _option(contact: AuthorizedContact) -> ContactOption:
    attendee = Attendee.GUARDIAN if contact.is_legal_guardian else Attendee.CAREGIVER
    return ContactOption(contact.name, contact.relationship, attendee, tuple(contact.may_discuss),
                         offered=SESSION_TOPIC in contact.may_discuss)  # fmt: skip


def _with_addendum(note: SessionNote, kept: NoteForm) -> NoteForm:
    form = form_from_note(note)
    form.addendum = kept.addendum
    return form
