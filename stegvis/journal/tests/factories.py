"""Journal notes for tests, written through the service as the app writes them."""

from __future__ import annotations

import datetime

from stegvis.accounts.models import User
from stegvis.journal import services
from stegvis.journal.models import JournalNote
from stegvis.participants.models import Enrolment


def write_note(
    *,
    enrolment: Enrolment,
    by: User,
    title: str = "Uppföljningssamtal",
    text: str = "Pratade om praktik inom lager. Nästa steg: studiebesök.",
    category: str = "",
    written_on: datetime.date | None = None,
) -> JournalNote:
    return services.note_create(
        enrolment=enrolment,
        written_on=written_on or datetime.date.today(),
        title=title,
        text=text,
        sensitive=bool(category),
        category=category,
        by=by,
    )


def alice_sensitive_note(world) -> JournalNote:
    """The one sensitive note the access matrix opens: by alice, about alice's participant."""
    existing = JournalNote.objects.filter(enrolment=world.alice_enrolment, author=world.alice).first()
    return existing or write_note(
        enrolment=world.alice_enrolment,
        by=world.alice,
        title="Samtal om mående",
        text="Berättar om sömnsvårigheter; har tid hos vårdcentralen.",
        category="halsa",
    )
