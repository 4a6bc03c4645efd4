"""The journal's section on the participant page: the latest notes and a quick add form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from stegvis.journal.forms import NoteForm, OpenNoteForm
from stegvis.journal.models import JournalNote
from stegvis.journal.selectors import is_locked, notes_for
from stegvis.participants.models import Enrolment

PANEL_SIZE = 5


def open_form(note: JournalNote, data: Any = None) -> OpenNoteForm:
    # One form per hidden note on a page: the prefix keeps their ids apart.
    return OpenNoteForm(data, prefix=f"open-{note.pk}")


def for_display(notes: Iterable[JournalNote]) -> list[JournalNote]:
    """Notes as journal/_note.html shows them: whether each is locked, and its opening form."""
    shown = list(notes)
    for note in shown:
        note.locked = is_locked(note)  # type: ignore[attr-defined]
        note.open_form = open_form(note) if note.locked else None  # type: ignore[attr-defined]
    return shown


def panel_context(
    request: HttpRequest, enrolment: Enrolment, *, form: NoteForm | None = None
) -> dict[str, Any]:
    # The participant page loaded the enrolment through enrolment_get_for.
    latest = for_display(notes_for(enrolment)[: PANEL_SIZE + 1])
    return {
        "notes": latest[:PANEL_SIZE],
        "more": len(latest) > PANEL_SIZE,
        "form": form or NoteForm(prefix="journal"),
    }
