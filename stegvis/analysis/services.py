"""Writes of the analysis app: a saved conclusion and proposed measure, with its audit entry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.accounts.models import User
from stegvis.analysis import selectors
from stegvis.analysis.models import AnalysisNote, Dimension
from stegvis.audit.services import audit_log
from stegvis.projects.models import Project


@dataclass
class NoteData:
    dimension: str
    period_start: datetime.date
    period_end: datetime.date
    conclusion: str
    measure: str = ""
    group_a: str = ""
    group_b: str = ""


@transaction.atomic
def note_create(*, project: Project, data: NoteData, by: User, path: str = "") -> AnalysisNote:
    """Save a conclusion (and a proposed measure) next to the figures it is about. Project manager only."""
    if not selectors.may_write_notes(by, project):
        raise PermissionDenied
    if data.dimension not in Dimension.values:
        raise ValidationError(_("Välj en indelning."))
    if data.period_start > data.period_end:
        raise ValidationError(_("Slutdatum måste vara samma dag som startdatum eller senare."))
    if not data.conclusion.strip():
        raise ValidationError(_("Skriv en slutsats."))
    if bool(data.group_a) != bool(data.group_b):
        raise ValidationError(_("En jämförelse gäller två grupper: ange båda eller ingen."))
    note = AnalysisNote.objects.create(
        project=project,
        dimension=data.dimension,
        period_start=data.period_start,
        period_end=data.period_end,
        group_a=data.group_a,
        group_b=data.group_b,
        conclusion=data.conclusion.strip(),
        measure=data.measure.strip(),
        author=by,
    )
    audit_log(user=by, action="analysis.note.created", project_id=project.pk, object_id=note.pk, path=path)
    return note


def analysis_viewed(*, project: Project, by: User, path: str) -> None:
    """Figures about groups of participants: who looked, like the reports."""
    audit_log(user=by, action="analysis.viewed", project_id=project.pk, path=path)
