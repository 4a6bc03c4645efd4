"""What the reports app adds to other pages: the post-exit check on the participant page,
and the report links on the project page."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from stegvis.accounts.models import User
from stegvis.accounts.selectors import has_participant_access
from stegvis.participants.models import Enrolment
from stegvis.participants.panels import Panel
from stegvis.projects.links import ProjectLink
from stegvis.projects.models import Project
from stegvis.projects.sections import Section
from stegvis.reports import selectors
from stegvis.reports.models import REMIND_DAYS_BEFORE, due_on


def post_exit_context(request: HttpRequest, enrolment: Enrolment) -> dict[str, Any]:
    """The participant page has checked access to the enrolment; nothing shows for an open one."""
    if not selectors.needs_check(enrolment):
        return {"applies": False}
    today = datetime.date.today()
    day = due_on(enrolment.exit.exit_date)
    check = selectors.check_of(enrolment)
    return {
        "applies": True,
        "check": check,
        "due_on": day,
        "due": check is None and day - datetime.timedelta(days=REMIND_DAYS_BEFORE) <= today,
        "overdue": check is None and day < today,
    }


POST_EXIT_PANEL = Panel(order=90, template="reports/_post_exit_panel.html", context=post_exit_context)


def due_section_context(
    request: HttpRequest, project: Project, participant_access: bool
) -> dict[str, Any] | None:
    """The project page reminds those with participant access of their post-exit checks that are due."""
    if not participant_access:
        return None
    due = selectors.checks_due_for(request.user, project, datetime.date.today())
    if not due:
        return None
    return {"due": len(due), "overdue": sum(1 for item in due if item.overdue)}


DUE_SECTION = Section(order=5, template="reports/_due_section.html", context=due_section_context)


def _may_see_due(user: User, project: Project) -> bool:
    return has_participant_access(user, project)


LINKS = [
    ProjectLink(
        order=80,
        label=gettext_lazy("Rapporter"),
        url_name="reports:index",
        visible=selectors.may_see_reports,
    ),
    ProjectLink(
        order=81,
        label=gettext_lazy("Uppföljning efter avslut"),
        url_name="reports:checks_due",
        visible=_may_see_due,
    ),
]
