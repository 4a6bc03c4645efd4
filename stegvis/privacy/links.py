"""The project page's link to its retention rule (project managers and administrators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from stegvis.accounts.models import User
from stegvis.accounts.selectors import is_project_manager
from stegvis.projects import links
from stegvis.projects.models import Project


def _edits_retention(user: User, project: Project) -> bool:
    return user.is_administrator or is_project_manager(user, project)


RETENTION_LINK = links.ProjectLink(
    order=90, label=gettext_lazy("Gallring"), url_name="privacy:retention_edit", visible=_edits_retention
)


def register_defaults() -> None:
    links.register(RETENTION_LINK)
