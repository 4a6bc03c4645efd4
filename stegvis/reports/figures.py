"""Set-based reads the reports share: who was reached, who left, in a period, per gender.

Every function runs a fixed number of queries whatever the number of participants.
Felregistrering is never a participation; a person who left and came back is one
person (their latest exit in the period counts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from stegvis.core.models import Gender
from stegvis.participants.models import Enrolment, Exit
from stegvis.projects.models import Project
from stegvis.reports.exporters import GENDERS, Period


def project_ids(project: Project) -> list[int]:
    """The project and, for an umbrella, its sub-projects: figures roll up (cached on the object)."""
    ids = getattr(project, "_reports_rollup_ids", None)
    if ids is None:
        ids = [project.pk, *project.subprojects.values_list("pk", flat=True)]
        project._reports_rollup_ids = ids  # type: ignore[attr-defined]
    return ids


def counted(project: Project) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(project_id__in=project_ids(project)).exclude(
        exit__reason=Exit.Reason.MISREGISTRATION
    )


def active_in(project: Project, period: Period) -> QuerySet[Enrolment]:
    """Enrolments that were open some day of the period."""
    return (
        counted(project)
        .filter(start_date__lte=period.end)
        .filter(Q(exit__isnull=True) | Q(exit__exit_date__gte=period.start))
    )


def gender_of(value: str | None) -> str:
    return value if value in GENDERS else Gender.SAKNAS


def persons_by_gender(enrolments: QuerySet[Enrolment]) -> dict[str, int]:
    """Distinct persons per gender, in one aggregate query."""
    aggregates = {g: Count("person", filter=Q(person__gender=g), distinct=True) for g in GENDERS}
    return enrolments.aggregate(**aggregates)


def persons_by_municipality(enrolments: QuerySet[Enrolment]) -> dict[int | None, dict[str, int]]:
    """Distinct persons per municipality and gender, in one grouped query."""
    out: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(GENDERS, 0))
    for row in (
        enrolments.values("municipality_id", "person__gender")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    ):
        out[row["municipality_id"]][gender_of(row["person__gender"])] += row["n"]
    return out


@dataclass(frozen=True)
class Leaver:
    """One person's latest exit in the period."""

    enrolment_id: int
    person_id: int
    gender: str
    exit_date: object
    outcome: str
    reason: str
    qualification_gained: bool | None


def leavers(project: Project, period: Period) -> list[Leaver]:
    """Each person who left in the period once, with their latest exit then (one query)."""
    rows = (
        counted(project)
        .filter(exit__exit_date__gte=period.start, exit__exit_date__lte=period.end)
        .order_by("exit__exit_date", "pk")
        .values_list(
            "pk",
            "person_id",
            "person__gender",
            "exit__exit_date",
            "exit__outcome",
            "exit__reason",
            "exit__qualification_gained",
        )
    )
    latest: dict[int, Leaver] = {}
    for pk, person, gender, day, outcome, reason, qualification in rows:
        latest[person] = Leaver(pk, person, gender_of(gender), day, outcome, reason, qualification)
    return list(latest.values())


def count_by_gender(items, condition=lambda item: True) -> dict[str, int]:
    counts = dict.fromkeys(GENDERS, 0)
    for item in items:
        if condition(item):
            counts[item.gender] += 1
    return counts
