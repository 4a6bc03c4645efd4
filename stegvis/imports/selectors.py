"""Reading imports: only a project manager of the project, and only their own uploads (else 404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from stegvis.accounts.models import User
from stegvis.accounts.selectors import is_project_manager
from stegvis.imports.models import ImportRun
from stegvis.projects.models import Project


def can_import(user: User, project: Project) -> bool:
    return is_project_manager(user, project)


def imports_for(user: User, project: Project) -> QuerySet[ImportRun]:
    if not can_import(user, project):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(project=project, created_by=user)


def import_get_for(user: User, pk: int) -> ImportRun:
    run = (
        ImportRun.objects.select_related("project", "check_job", "import_job")
        .filter(pk=pk, created_by=user)
        .first()
    )
    if run is None or not can_import(user, run.project):
        raise Http404
    return run
