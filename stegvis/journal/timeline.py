"""Journal notes on the participant page's timeline; a sensitive note shows no title or text."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from stegvis.journal.models import JournalNote
from stegvis.participants.models import Enrolment
from stegvis.participants.timeline import Event


def journal_events(enrolment: Enrolment) -> Iterable[Event]:
    notes = (
        JournalNote.objects.filter(enrolment=enrolment)
        .select_related("author")
        .only(
            "written_on", "title", "sensitive", "author__first_name", "author__last_name", "author__username"
        )
    )
    for note in notes:
        author = note.author.get_full_name() or note.author.username
        if note.sensitive:
            yield Event(note.written_on, "journal", _("Känslig anteckning"), detail=author)
        else:
            yield Event(
                note.written_on, "journal", _("Anteckning: %(title)s") % {"title": note.title}, author
            )
