"""Aggregated figures for a project; safe for every role that may open the project."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from stegvis.core.models import Gender
from stegvis.core.suppression import suppress_breakdown, suppress_value
from stegvis.participants.models import Enrolment, Exit, Phase
from stegvis.projects.models import Project


@dataclass
class Row:
    label: str
    cells: dict[str, int | str]
    total: int | str
    planned: int | None = None


def _project_ids(project: Project) -> list[int]:
    """The project and, for an umbrella, its sub-projects: figures roll up."""
    return [project.pk, *project.subprojects.values_list("pk", flat=True)]


def _counted(project: Project):
    # Felregistrering is not a participation and is never counted.
    return Enrolment.objects.filter(project_id__in=_project_ids(project)).exclude(
        exit__reason=Exit.Reason.MISREGISTRATION
    )


def _gender_counts(queryset, distinct_field: str = "person") -> dict[str, int]:
    aggregates = {g: Count(distinct_field, filter=Q(person__gender=g), distinct=True) for g in Gender.values}
    return queryset.aggregate(**aggregates)


def _finish(label: str, counts: dict[str, int], suppress: bool, planned: int | None = None) -> Row:
    total = sum(counts.values())
    if suppress:
        return Row(label, suppress_breakdown(counts), suppress_value(total), planned)
    return Row(label, dict(counts), total, planned)


def project_overview_figures(project: Project, *, suppress: bool) -> dict[str, object]:
    """Counts by gender: reached, current, per phase, per municipality, exits by outcome.

    A person who leaves and comes back is one person reached (distinct persons).
    A fixed number of queries, whatever the number of participants.
    """
    counted = _counted(project)
    rows_reached = _finish(
        _("Nådda personer"), _gender_counts(counted), suppress, project.planned_participants
    )
    current = counted.exclude(phase=Phase.AVSLUT)
    rows_current = _finish(_("Inskrivna nu"), _gender_counts(current, "pk"), suppress)

    phase_rows = []
    by_phase = {
        (r["phase"], r["person__gender"]): r["n"]
        for r in counted.values("phase", "person__gender").annotate(n=Count("pk")).order_by()
    }
    for phase in Phase:
        phase_rows.append(
            _finish(phase.label, {g: by_phase.get((phase.value, g), 0) for g in Gender.values}, suppress)
        )

    municipality_rows = []
    by_municipality = {
        (r["municipality__name"], r["person__gender"]): r["n"]
        for r in current.values("municipality__name", "person__gender").annotate(n=Count("pk")).order_by()
    }
    for municipality in project.municipalities.all():
        counts = {g: by_municipality.get((municipality.name, g), 0) for g in Gender.values}
        municipality_rows.append(_finish(municipality.name, counts, suppress, municipality.planned_places))

    outcome_rows = []
    by_outcome = {
        (r["exit__outcome"], r["person__gender"]): r["n"]
        for r in counted.filter(phase=Phase.AVSLUT)
        .values("exit__outcome", "person__gender")
        .annotate(n=Count("pk"))
        .order_by()
    }
    for outcome in Exit.Outcome:
        counts = {g: by_outcome.get((outcome.value, g), 0) for g in Gender.values}
        if any(counts.values()):
            outcome_rows.append(_finish(outcome.label, counts, suppress))

    return {
        "genders": Gender.choices,
        "reached": rows_reached,
        "summary_rows": [rows_reached, rows_current],
        "current": rows_current,
        "phases": phase_rows,
        "municipalities": municipality_rows,
        "outcomes": outcome_rows,
    }
