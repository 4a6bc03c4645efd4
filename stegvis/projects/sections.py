"""Sections other apps add to a project's overview page (step movement, well-being, fidelity...).

Registered in an app's AppConfig.ready(). The context function receives the
project and whether the user has participant-level access; a section shown to
roles without it must suppress small counts (stegvis.core.suppression).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from stegvis.projects.models import Project


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    # Returns None to hide the section for this request.
    context: Callable[[HttpRequest, Project, bool], dict[str, Any] | None]


SECTIONS: list[Section] = []


def register(section: Section) -> None:
    if section not in SECTIONS:
        SECTIONS.append(section)
        SECTIONS.sort(key=lambda s: s.order)


def sections_for(request: HttpRequest, project: Project, participant_access: bool) -> list[tuple[str, dict]]:
    rendered = []
    for section in SECTIONS:
        context = section.context(request, project, participant_access)
        if context is not None:
            rendered.append((section.template, context))
    return rendered
