"""Journal services, called directly: writing, correcting with history, logged openings."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stegvis.audit.models import AuditEntry
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.journal import services
from stegvis.journal.models import JournalNote, JournalNoteRevision
from stegvis.journal.tests.factories import write_note

TODAY = datetime.date.today()


def _correct(note, by, **changes):
    values = {
        "written_on": note.written_on,
        "title": note.title,
        "text": note.text,
        "sensitive": note.sensitive,
        "category": note.category,
        "reason": "Fel datum",
        "expected_version": note.version,
    }
    values.update(changes)
    return services.note_correct(note=note, by=by, **values)


def test_note_is_created_and_its_creation_logged_without_its_text(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice, text="Vill pröva lager.")
    entry = AuditEntry.objects.get(action="journal.note.created")
    assert (entry.user, entry.object_id, entry.enrolment_id) == (
        world.alice,
        note.pk,
        world.alice_enrolment.pk,
    )
    assert entry.person_id == world.alice_enrolment.person_id and entry.project_id == world.project_a.pk
    assert "lager" not in f"{entry.path} {entry.purpose}"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"written_on": TODAY + datetime.timedelta(days=1)}, "written_on"),
        ({"title": "  "}, "title"),
        ({"text": ""}, "text"),
        ({"sensitive": True, "category": ""}, "category"),
        ({"sensitive": False, "category": "halsa"}, "category"),
    ],
)
def test_note_rules(world, changes, field):
    values = {"written_on": TODAY, "title": "Samtal", "text": "Text", "sensitive": False, "category": ""}
    values.update(changes)
    with pytest.raises(ValidationError) as raised:
        services.note_create(enrolment=world.alice_enrolment, by=world.alice, **values)
    assert field in raised.value.error_dict
    assert not JournalNote.objects.exists() and not AuditEntry.objects.filter(action__startswith="journal")


def test_correction_keeps_the_previous_text_and_logs_the_change(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice, text="Första versionen.")
    corrected = _correct(note, world.alice, text="Rättad version.", category="ekonomi", sensitive=True)
    assert corrected.version == 2 and corrected.edited_at is not None
    note.refresh_from_db()
    assert (note.text, note.sensitive, note.category) == ("Rättad version.", True, "ekonomi")
    revision = JournalNoteRevision.objects.get(note=note)
    assert (revision.text, revision.sensitive, revision.reason) == ("Första versionen.", False, "Fel datum")
    assert revision.corrected_by == world.alice
    assert AuditEntry.objects.filter(action="journal.note.corrected", object_id=note.pk).count() == 1


def test_only_the_author_corrects_a_note(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice)
    with pytest.raises(PermissionDenied):
        _correct(note, world.petra, text="Projektledaren skriver om.")
    assert not JournalNoteRevision.objects.exists()


def test_a_correction_needs_a_change_and_a_reason(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice)
    with pytest.raises(ValidationError):
        _correct(note, world.alice)
    with pytest.raises(ValidationError) as raised:
        _correct(note, world.alice, text="Ny text", reason=" ")
    assert "reason" in raised.value.error_dict
    assert not JournalNoteRevision.objects.exists()


def test_a_stale_correction_is_refused_and_leaves_nothing_behind(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice)
    _correct(note, world.alice, text="Andra versionen.")
    stale = JournalNote.objects.get(pk=note.pk)
    stale.version = 1
    with pytest.raises(ConcurrentEditError):
        _correct(stale, world.alice, text="Tredje versionen.", expected_version=1)
    assert JournalNoteRevision.objects.filter(note=note).count() == 1
    assert JournalNote.objects.get(pk=note.pk).text == "Andra versionen."


def test_opening_a_sensitive_note_is_logged_with_its_purpose(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice, category="vald")
    services.note_opened(note=note, by=world.petra, purpose="Planering av insatser", path="/x/")
    entry = AuditEntry.objects.get(action="journal.note.opened")
    assert (entry.user, entry.object_id, entry.purpose, entry.path) == (
        world.petra,
        note.pk,
        "Planering av insatser",
        "/x/",
    )
    assert entry.enrolment_id == world.alice_enrolment.pk


def test_opening_without_a_purpose_is_refused(world):
    note = write_note(enrolment=world.alice_enrolment, by=world.alice, category="vald")
    with pytest.raises(ValidationError):
        services.note_opened(note=note, by=world.alice, purpose="  ", path="/x/")
    assert not AuditEntry.objects.filter(action="journal.note.opened").exists()
