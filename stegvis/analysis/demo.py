"""Demo conclusions for ``seed_demo``: REBUS's project manager has analysed outcomes per municipality
and per start quarter, and written what the figures show and what the project will do.

Written through analysis.services, so the audit trail is as for a real note; no text
names a person. Deterministic for a given reference date.
"""

from __future__ import annotations

import datetime
import random

from stegvis.accounts.models import Membership, Role, User
from stegvis.analysis import services
from stegvis.analysis.models import AnalysisNote, Dimension
from stegvis.projects.models import Project

PROJECT = "REBUS"

NOTES = [
    (
        Dimension.MUNICIPALITY,
        "",
        "",
        "Andelen som går till arbete eller studier är lägre i de mindre kommunerna. Där finns färre "
        "praktikplatser inom rimligt avstånd, och flera deltagare saknar körkort.",
        "Samverkansteamet kartlägger praktikplatser i de mindre kommunerna före nästa kvartal, och "
        "projektet prövar samåkning till praktik i en kommun under våren.",
    ),
    (
        Dimension.COHORT,
        "",
        "",
        "Deltagare som började under sommaren har kortare tid i kartläggning och lägre stegförflyttning "
        "vid avslut än de som började under våren. Sommarens start sammanfaller med semestrar hos parterna.",
        "Inskrivningar under juni–augusti får en planerad andra kartläggning i september.",
    ),
]


def seed(*, today: datetime.date, rng: random.Random, users: dict[str, User]) -> list[str]:
    project = Project.objects.filter(name=PROJECT).first()
    if project is None:
        return []
    manager = (
        User.objects.filter(memberships__project=project, memberships__role=Role.PROJECT_MANAGER)
        .order_by("pk")
        .first()
    )
    if manager is None or Membership.objects.filter(project=project).count() == 0:
        return []
    start = datetime.date(today.year - 1, 1, 1)
    end = datetime.date(today.year - 1, 12, 31)
    made = 0
    for dimension, group_a, group_b, conclusion, measure in NOTES:
        if AnalysisNote.objects.filter(project=project, dimension=dimension).exists():
            continue
        services.note_create(
            project=project,
            data=services.NoteData(
                dimension=dimension,
                period_start=start,
                period_end=end,
                conclusion=conclusion,
                measure=measure,
                group_a=group_a,
                group_b=group_b,
            ),
            by=manager,
        )
        made += 1
    return [f"Analys: {made} sparade slutsatser med åtgärder i {PROJECT}."]
