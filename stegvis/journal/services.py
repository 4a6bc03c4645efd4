"""Writes for journal notes, and the logged reads of them.

Every write runs in one transaction with its audit entry. A note is never deleted:
a correction keeps the earlier text in JournalNoteRevision.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.accounts.models import User
from stegvis.audit.services import audit_log
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.journal.models import JournalNote, JournalNoteRevision, SensitiveCategory
from stegvis.participants.models import Enrolment


def _check(*, written_on: datetime.date, title: str, text: str, sensitive: bool, category: str) -> None:
    errors: dict[str, str] = {}
    if written_on > timezone.localdate():
        errors["written_on"] = _("Datumet kan inte ligga i framtiden.")
    if not title.strip():
        errors["title"] = _("Skriv en rubrik.")
    if not text.strip():
        errors["text"] = _("Skriv anteckningen.")
    if sensitive and category not in SensitiveCategory.values:
        errors["category"] = _("Välj vilken sorts känsliga uppgifter anteckningen innehåller.")
    if not sensitive and category:
        errors["category"] = _("Bara en känslig anteckning har en känslig kategori.")
    if errors:
        raise ValidationError(errors)


def _audit(note: JournalNote, *, by: User, action: str, path: str, purpose: str = "") -> None:
    enrolment = note.enrolment
    audit_log(
        user=by,
        action=action,
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=note.pk,
        path=path,
        purpose=purpose,
    )


@transaction.atomic
def note_create(
    *,
    enrolment: Enrolment,
    written_on: datetime.date,
    title: str,
    text: str,
    sensitive: bool,
    category: str = "",
    by: User,
    path: str = "",
) -> JournalNote:
    """A new note on an enrolment, written by ``by``."""
    _check(written_on=written_on, title=title, text=text, sensitive=sensitive, category=category)
    note = JournalNote.objects.create(
        enrolment=enrolment,
        written_on=written_on,
        author=by,
        title=title.strip(),
        text=text.strip(),
        sensitive=sensitive,
        category=category if sensitive else "",
    )
    _audit(note, by=by, action="journal.note.created", path=path)
    return note


@transaction.atomic
def note_correct(
    *,
    note: JournalNote,
    written_on: datetime.date,
    title: str,
    text: str,
    sensitive: bool,
    category: str = "",
    reason: str,
    by: User,
    expected_version: int,
    path: str = "",
) -> JournalNote:
    """The author corrects a note; the note as it read before is kept as a revision."""
    if note.author_id != by.pk:
        raise PermissionDenied(_("Bara den som skrev anteckningen kan rätta den."))
    _check(written_on=written_on, title=title, text=text, sensitive=sensitive, category=category)
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv varför anteckningen rättas.")})
    category = category if sensitive else ""
    new = (written_on, title.strip(), text.strip(), sensitive, category)
    if new == (note.written_on, note.title, note.text, note.sensitive, note.category):
        raise ValidationError(_("Inget är ändrat. Ändra anteckningen eller avbryt."))
    previous = JournalNote.objects.select_for_update().get(pk=note.pk)
    if previous.version != expected_version:
        raise ConcurrentEditError
    JournalNoteRevision.objects.create(
        note=previous,
        written_on=previous.written_on,
        title=previous.title,
        text=previous.text,
        sensitive=previous.sensitive,
        category=previous.category,
        corrected_by=by,
        reason=reason.strip(),
    )
    now = timezone.now()
    JournalNote.objects.filter(pk=note.pk).update(
        written_on=written_on,
        title=new[1],
        text=new[2],
        sensitive=sensitive,
        category=category,
        edited_at=now,
        updated_at=now,
        version=F("version") + 1,
    )
    # Set on the instance rather than refresh_from_db(), which would drop the access-checked enrolment.
    note.written_on, note.title, note.text, note.sensitive, note.category = new
    note.edited_at = note.updated_at = now
    note.version = previous.version + 1
    _audit(note, by=by, action="journal.note.corrected", path=path)
    return note


# --- reading is logged too -------------------------------------------------------------


def note_opened(*, note: JournalNote, by: User, purpose: str, path: str) -> None:
    """A sensitive note's text (or sensitive history) is shown only after this entry is written."""
    if not purpose.strip():
        raise ValidationError({"purpose": _("Ange varför du öppnar anteckningen.")})
    _audit(note, by=by, action="journal.note.opened", path=path, purpose=purpose.strip())


def journal_viewed(*, enrolment: Enrolment, by: User, path: str) -> None:
    audit_log(
        user=by,
        action="journal.notes.viewed",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        path=path,
    )
