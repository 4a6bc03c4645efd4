"""Who may see which report, and the post-exit checks a user has to do.

- Aggregated reports: project managers and coaches (exact figures), the steering group
  and administrators (small counts suppressed); referrers get none.
- Reports that list people (participant_level): only those who see the whole project.
- Post-exit checks: through the participant selectors, so a coach sees their own caseload.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from stegvis.accounts.models import Role, User
from stegvis.accounts.selectors import has_participant_access, project_get_for, roles_in, sees_whole_project
from stegvis.participants.models import Enrolment, Exit, Phase
from stegvis.participants.selectors import enrolments_for
from stegvis.projects.models import Project
from stegvis.reports.models import REMIND_DAYS_BEFORE, PostExitCheck, due_on


def may_see_reports(user: User, project: Project) -> bool:
    if user.is_administrator:
        return True
    roles = roles_in(user, project)
    return bool(roles & {Role.PROJECT_MANAGER, Role.COACH, Role.STEERING})


def suppress_for(user: User, project: Project) -> bool:
    """Small counts are hidden for everyone without participant-level access."""
    return not has_participant_access(user, project)


def report_project_for(user: User, project_pk: int, *, participant_level: bool = False) -> Project:
    """The project whose reports are asked for: 404 if the user may not open it, 403 without the role."""
    project = project_get_for(user, project_pk)
    if not may_see_reports(user, project):
        raise PermissionDenied
    if participant_level and not sees_whole_project(user, project):
        raise PermissionDenied
    return project


def may_write_annual_text(user: User, project: Project) -> bool:
    """The annual report's own words are the project manager's."""
    return Role.PROJECT_MANAGER in roles_in(user, project)


def annual_text_of(project: Project, year: int):
    from stegvis.reports.models import AnnualReportText

    return AnnualReportText.objects.filter(project=project, year=year).select_related("updated_by").first()


# Above this many enrolments, report files are made in the background with a progress bar.
DIRECT_DOWNLOAD_MAX = 2000


def is_large(project: Project) -> bool:
    from stegvis.reports.figures import counted

    return counted(project).count() > DIRECT_DOWNLOAD_MAX


# --- post-exit checks --------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckDue:
    enrolment: Enrolment
    due_on: datetime.date

    @property
    def overdue(self) -> bool:
        return self.due_on < datetime.date.today()


def needs_check(enrolment: Enrolment) -> bool:
    """An ended enrolment that is not a felregistrering has a check about six months later."""
    if enrolment.is_open:
        return False
    exit_ = getattr(enrolment, "exit", None)
    return exit_ is not None and exit_.reason != Exit.Reason.MISREGISTRATION


def due_on_for(enrolment: Enrolment) -> datetime.date:
    return due_on(enrolment.exit.exit_date)


def check_of(enrolment: Enrolment) -> PostExitCheck | None:
    return PostExitCheck.objects.filter(enrolment=enrolment).select_related("recorded_by").first()


def checks_due_for(user: User, project: Project, today: datetime.date) -> list[CheckDue]:
    """The user's ended enrolments whose check is due within REMIND_DAYS_BEFORE days or overdue; two queries."""
    enrolments: QuerySet[Enrolment] = (
        enrolments_for(user, project)
        .filter(phase=Phase.AVSLUT, post_exit_check__isnull=True)
        .exclude(exit__reason=Exit.Reason.MISREGISTRATION)
        .select_related("exit")
        .order_by("exit__exit_date", "pk")
    )
    due = []
    for enrolment in enrolments:
        day = due_on(enrolment.exit.exit_date)
        if day - datetime.timedelta(days=REMIND_DAYS_BEFORE) <= today:
            due.append(CheckDue(enrolment, day))
    return due
