"""Cases in the samverkansteam on the participant page's timeline (seen only by those with access)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from stegvis.participants.models import Enrolment
from stegvis.participants.timeline import Event
from stegvis.teamwork.models import AgendaItem


def agenda_events(enrolment: Enrolment) -> Iterable[Event]:
    today = datetime.date.today()
    for item in AgendaItem.objects.filter(enrolment=enrolment).select_related("meeting"):
        held = item.meeting.held_on
        if held <= today:
            title = _("Togs upp i samverkansteamet (ärende %(n)s)") % {"n": item.position}
        else:
            title = _("Anmäld till samverkansteamet (ärende %(n)s)") % {"n": item.position}
        if item.decision:
            detail = _("Beslut: %(decision)s") % {"decision": item.decision}
        else:
            detail = item.question
        yield Event(held, "teamwork", title, Truncator(detail).chars(200))
