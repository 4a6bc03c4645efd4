"""The activities section of the participant page."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest

from stegvis.activities.selectors import enrolment_activities
from stegvis.participants.models import Enrolment
from stegvis.participants.panels import Panel


def _context(request: HttpRequest, enrolment: Enrolment) -> dict[str, Any]:
    # The participant page loaded the enrolment through enrolment_get_for, so access is decided.
    return {"overview": enrolment_activities(enrolment), "today": datetime.date.today()}


activities_panel = Panel(order=20, template="activities/_panel.html", context=_context)
