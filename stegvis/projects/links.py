"""Links other apps add to a project's page (caseload, group activities, team meetings...).

Registered in an app's AppConfig.ready(); each says for whom it is visible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from stegvis.accounts.models import User
from stegvis.projects.models import Project


@dataclass(frozen=True)
class ProjectLink:
    order: int
    label: str
    url_name: str
    visible: Callable[[User, Project], bool]


PROJECT_LINKS: list[ProjectLink] = []


def register(link: ProjectLink) -> None:
    if link not in PROJECT_LINKS:
        PROJECT_LINKS.append(link)
        PROJECT_LINKS.sort(key=lambda link: link.order)


def links_for(user: User, project: Project) -> list[tuple[str, str]]:
    return [
        (link.label, reverse(link.url_name, args=[project.pk]))
        for link in PROJECT_LINKS
        if link.visible(user, project)
    ]
