"""The journal demo: notes on most ongoing enrolments, some sensitive, by the coach; same every run."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from stegvis.journal import demo
from stegvis.journal.models import JournalNote
from stegvis.participants.models import Person

TODAY = datetime.date.today()


def _seed() -> list[str]:
    return demo.seed(today=TODAY, rng=random.Random("journal-test"), users={})  # noqa: S311 - demo data


def test_notes_are_written_by_staff_of_the_project_and_dated_within_the_enrolment(world):
    lines = _seed()
    notes = JournalNote.objects.select_related("enrolment")
    assert notes.exists() and "anteckningar" in lines[0]
    for note in notes:
        assert note.enrolment.start_date <= note.written_on <= TODAY
        assert note.author in (note.enrolment.coach, world.petra)
        assert note.sensitive == bool(note.category)
    names = {n for p in Person.objects.all() for n in (p.first_name, p.last_name) if n}
    assert not any(name in note.title or name in note.text for note in notes for name in names)


def test_journal_demo_is_the_same_every_run(world):
    runs = []
    for _ in range(2):
        with transaction.atomic():
            _seed()
            runs.append(
                list(JournalNote.objects.order_by("pk").values_list("enrolment_id", "written_on", "title"))
            )
            transaction.set_rollback(True)
    assert runs[0] == runs[1] and runs[0]
