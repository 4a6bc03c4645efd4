"""The participant page's chronological view: one list of dated events from every app."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from stegvis.participants.models import Enrolment, Phase


@dataclass(frozen=True)
class Event:
    on: datetime.date
    kind: str
    title: str
    detail: str = ""
    # Orders events of the same day: what starts a day comes first, an exit last.
    order: int = 5


EventSource = Callable[[Enrolment], Iterable[Event]]
# Other apps append their sources (plans, activities, follow-ups...) at import time.
SOURCES: list[EventSource] = []


def _core_events(enrolment: Enrolment) -> Iterable[Event]:
    if enrolment.referral_id:
        referral = enrolment.referral
        yield Event(
            referral.received_on,
            "referral",
            _("Anvisad av %(org)s") % {"org": referral.referring_organisation.name},
            order=0,
        )
    for change in enrolment.phase_changes.all():
        if change.phase == Phase.KARTLAGGNING and change.changed_on == enrolment.start_date:
            title = _("Inskriven – fas Kartläggning")
        elif change.phase == Phase.AVSLUT:
            title = _("Avslutad")
        else:
            title = _("Fas: %(phase)s") % {"phase": change.get_phase_display()}
        order = 9 if change.phase == Phase.AVSLUT else 3
        yield Event(change.changed_on, "phase", title, order=order)
    # .all() and a filter here, so that a page that prefetched the consents reuses them.
    consents = [c for c in enrolment.person.consents.all() if c.project_id == enrolment.project_id]
    for consent in consents:
        yield Event(
            consent.given_on,
            "consent",
            _("Samtycke: %(scope)s") % {"scope": consent.get_scope_display()},
            order=1,
        )
        if consent.withdrawn_on:
            yield Event(
                consent.withdrawn_on,
                "consent",
                _("Samtycke återkallat: %(scope)s") % {"scope": consent.get_scope_display()},
            )


SOURCES.append(_core_events)


def enrolment_timeline(enrolment: Enrolment) -> list[Event]:
    """Every event of the enrolment, newest first."""
    events = [event for source in SOURCES for event in source(enrolment)]
    return sorted(events, key=lambda e: (e.on, e.order), reverse=True)
