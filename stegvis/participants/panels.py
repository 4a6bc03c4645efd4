"""Sections other apps add to the participant page (plan, activities, journal...).

An app registers a Panel in its AppConfig.ready(); the participant page renders
every visible panel in order, each from its own template with its own context.
A panel's context function must use the app's selectors, so access rules hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from stegvis.participants.models import Enrolment


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable[[HttpRequest, Enrolment], dict[str, Any]]


PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    if panel not in PANELS:
        PANELS.append(panel)
        PANELS.sort(key=lambda p: p.order)


def panels_for(request: HttpRequest, enrolment: Enrolment) -> list[tuple[str, dict[str, Any]]]:
    return [(panel.template, panel.context(request, enrolment)) for panel in PANELS]
