"""Reads of journal notes, with the access rules of DESIGN.md.

Notes are participant content: only a user who may open the enrolment
(participants.selectors.enrolment_get_for: the coach whose caseload it is, a coach
with the whole project, the project manager) sees them. Referrers, the steering
group and administrators never do. Not visible means 404.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from stegvis.accounts.models import User
from stegvis.journal.models import JournalNote, JournalNoteRevision
from stegvis.participants.models import Enrolment
from stegvis.participants.selectors import enrolment_get_for


def notes_for(enrolment: Enrolment) -> QuerySet[JournalNote]:
    """The notes of an enrolment, newest first.

    The enrolment must come from enrolment_get_for, which has checked the user's access.
    ``locked`` is true for a note whose text or any earlier version is sensitive:
    its text or history is shown only after a logged opening.
    """
    sensitive_history = JournalNoteRevision.objects.filter(note=OuterRef("pk"), sensitive=True)
    return (
        JournalNote.objects.filter(enrolment=enrolment)
        .select_related("author")
        .annotate(sensitive_history=Exists(sensitive_history))
        .order_by("-written_on", "-pk")
    )


def note_get_for(user: User, pk: int) -> JournalNote:
    """One note whose enrolment the user may open; 404 otherwise (existence is not revealed)."""
    enrolment_id = JournalNote.objects.filter(pk=pk).values_list("enrolment_id", flat=True).first()
    if enrolment_id is None:
        raise Http404
    enrolment = enrolment_get_for(user, enrolment_id)
    note = notes_with_history(enrolment).get(pk=pk)
    note.enrolment = enrolment
    return note


def is_locked(note: JournalNote) -> bool:
    """Text or history hidden until opened (needs a note from notes_for)."""
    return note.sensitive or bool(getattr(note, "sensitive_history", False))


def notes_with_history(enrolment: Enrolment) -> QuerySet[JournalNote]:
    """notes_for, with each note's earlier versions (newest first) in one more query."""
    revisions = JournalNoteRevision.objects.select_related("corrected_by").order_by("-corrected_at", "-pk")
    return notes_for(enrolment).prefetch_related(Prefetch("revisions", queryset=revisions))
