"""Who may open the analysis and who may write conclusions; the saved notes.

- The page: the project manager and coaches who see the whole project (exact figures),
  the steering group and administrators (small counts suppressed); others 403, a
  project the user may not open 404.
- Conclusions and measures: only the project manager writes them; everyone who may
  open the page reads them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from stegvis.accounts.models import Role, User
from stegvis.accounts.selectors import is_project_manager, project_get_for, roles_in, sees_whole_project
from stegvis.analysis.models import AnalysisNote
from stegvis.projects.models import Project
from stegvis.reports.selectors import suppress_for


def may_see_analysis(user: User, project: Project) -> bool:
    if user.is_administrator or sees_whole_project(user, project):
        return True
    return Role.STEERING in roles_in(user, project)


def may_write_notes(user: User, project: Project) -> bool:
    return is_project_manager(user, project)


def analysis_project_for(user: User, project_pk: int) -> Project:
    project = project_get_for(user, project_pk)
    if not may_see_analysis(user, project):
        raise PermissionDenied
    return project


def suppress(user: User, project: Project) -> bool:
    return suppress_for(user, project)


def notes_for(project: Project) -> QuerySet[AnalysisNote]:
    return AnalysisNote.objects.filter(project=project).select_related("author")


def notes_of_year(project: Project, year: int) -> QuerySet[AnalysisNote]:
    """The notes written in the year or about a period that overlaps it."""
    from django.db.models import Q

    return (
        notes_for(project)
        .filter(Q(created_at__year=year) | Q(period_start__year__lte=year, period_end__year__gte=year))
        .order_by("created_at", "pk")
    )
