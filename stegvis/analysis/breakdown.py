"""Analysis figures: outcomes and step movement per group of one dimension, in a fixed number of queries.

For a period, per value of a dimension (kommun, anvisande part, nuvarande fas,
aktivitetstyp, åldersgrupp vid start, kön, startkvartal):
- deltagare: distinct persons with an enrolment open some day of the period;
- avslutade: persons who left in the period, once, with their latest exit (figures.leavers);
- arbete eller studier vid avslut: of those, the exit outcome was work (also with support) or studies;
- stegförflyttning vid avslut: of those, the project's step-movement rule was met at the exit.

A person belongs to the group of the enrolment counted (their latest exit, otherwise
their latest open enrolment). Aktivitetstyp is multi-valued: a person with two activity
types in the period is in both groups, so the groups do not add up and no total is shown.

Suppression (steering group, administrators): per group the inner counts are
[arbete/studier, övriga avslutade, steg, utan steg, ej avslutade]; each table with its
margins goes through core.suppression.suppress_table, and a group where any exit count
is hidden gets all its exit counts hidden, so none can be derived from another.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.activities.models import Activity
from stegvis.analysis.models import Dimension
from stegvis.assessments import selectors as assessment_selectors
from stegvis.core.models import Gender
from stegvis.core.suppression import SUPPRESSED, suppress_table, threshold
from stegvis.participants.models import Enrolment, Exit, Phase
from stegvis.projects.models import Project
from stegvis.reports import figures
from stegvis.reports.exporters import COUNT, PERCENT, TEXT, Column, Exporter, Period, Table, percent, register

AGE_BANDS = ((0, 24, "–24"), (25, 29, "25–29"), (30, 54, "30–54"), (55, 200, "55–"))
MULTI_VALUED = {Dimension.ACTIVITY}


def age_band(age: int | None) -> str:
    if age is None:
        return _("Uppgift saknas")
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return _("%(band)s år") % {"band": label}
    return _("Uppgift saknas")


def _age(birth_date: datetime.date | None, birth_year: int | None, on: datetime.date) -> int | None:
    if birth_date is not None:
        return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return on.year - birth_year if birth_year else None


def quarter(day: datetime.date) -> str:
    return f"{day.year} K{(day.month - 1) // 3 + 1}"


@dataclass
class Group:
    label: str
    persons: set[int] = field(default_factory=set)
    exited: int = 0
    work: int = 0
    moved: int = 0


@dataclass
class Row:
    """One group's shown figures: counts are int or SUPPRESSED; shares int, SUPPRESSED or None."""

    label: str
    participants: Any
    exited: Any
    work: Any
    moved: Any

    @property
    def work_share(self) -> Any:
        return percent(self.work, self.exited)

    @property
    def moved_share(self) -> Any:
        return percent(self.moved, self.exited)


@dataclass
class Breakdown:
    dimension: str
    period: Period
    rows: list[Row]
    total: Row | None

    def row(self, label: str) -> Row | None:
        return next((row for row in self.rows if row.label == label), None)

    @property
    def labels(self) -> list[str]:
        return [row.label for row in self.rows]


def _labels(project: Project, period: Period, dimension: str) -> tuple[dict[int, list[str]], dict[int, int]]:
    """Each counted enrolment open in the period → its group labels, and → its person (2 queries at most)."""
    rows = figures.active_in(project, period).values_list(
        "pk",
        "person_id",
        "person__gender",
        "person__birth_date",
        "person__birth_year",
        "start_date",
        "municipality__name",
        "referral__referring_organisation__name",
        "phase",
    )
    genders = dict(Gender.choices)
    phases = dict(Phase.choices)
    labels: dict[int, list[str]] = {}
    persons: dict[int, int] = {}
    missing = _("Uppgift saknas")
    for pk, person, gender, birth_date, birth_year, start, municipality, referrer, phase in rows:
        persons[pk] = person
        if dimension == Dimension.MUNICIPALITY:
            labels[pk] = [municipality or missing]
        elif dimension == Dimension.REFERRER:
            labels[pk] = [referrer or _("Utan anvisning")]
        elif dimension == Dimension.PHASE:
            labels[pk] = [str(phases.get(phase, phase))]
        elif dimension == Dimension.AGE:
            labels[pk] = [age_band(_age(birth_date, birth_year, start))]
        elif dimension == Dimension.GENDER:
            labels[pk] = [str(genders[figures.gender_of(gender)])]
        elif dimension == Dimension.COHORT:
            labels[pk] = [quarter(start)]
        else:
            labels[pk] = []
    if dimension == Dimension.ACTIVITY:
        for enrolment_id, name in (
            Activity.objects.filter(
                enrolment__in=figures.active_in(project, period),
                start_date__lte=period.end,
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
            .values_list("enrolment_id", "activity_type__name")
            .distinct()
            .order_by("activity_type__name")
        ):
            if name not in labels.get(enrolment_id, []):
                labels.setdefault(enrolment_id, []).append(name)
        without = _("Ingen aktivitet")
        for pk in persons:
            labels.setdefault(pk, []) or labels[pk].append(without)
    return labels, persons


def _order(dimension: str, labels: set[str]) -> list[str]:
    if dimension == Dimension.PHASE:
        order = [str(label) for label in Phase.labels]
    elif dimension == Dimension.GENDER:
        order = [str(label) for label in Gender.labels]
    elif dimension == Dimension.AGE:
        order = [age_band(low) for low, _high, _label in AGE_BANDS]
    else:
        order = []
    known = [label for label in order if label in labels]
    rest = sorted(
        labels - set(known), key=lambda label: (label in (_("Uppgift saknas"), _("Utan anvisning")), label)
    )
    return known + rest


def groups_for(project: Project, period: Period, dimension: str) -> list[Group]:
    """The exact figures per group, in at most six queries whatever the number of participants."""
    labels, persons = _labels(project, period, dimension)
    leavers = figures.leavers(project, period)
    steps = assessment_selectors.step_movements_at_exit(
        Enrolment.objects.filter(pk__in=[leaver.enrolment_id for leaver in leavers])
    )
    groups: dict[str, Group] = defaultdict(lambda: Group(""))
    # A person's group: their latest exit in the period, otherwise their latest open enrolment.
    leaver_of = {leaver.person_id: leaver for leaver in leavers}
    counted_enrolment: dict[int, int] = {}
    for pk in sorted(persons):
        counted_enrolment[persons[pk]] = pk
    for person, leaver in leaver_of.items():
        counted_enrolment[person] = leaver.enrolment_id
    for person, pk in counted_enrolment.items():
        for label in labels.get(pk, []):
            group = groups[label]
            group.label = label
            group.persons.add(person)
    for leaver in leavers:
        result = steps.get(leaver.enrolment_id)
        for label in labels.get(leaver.enrolment_id, []):
            group = groups[label]
            group.exited += 1
            group.work += leaver.outcome in Exit.WORK_OR_STUDIES
            group.moved += bool(result is not None and result.met)
    return [groups[label] for label in _order(dimension, set(groups))]


def _inner(group: Group) -> list[int]:
    p = len(group.persons)
    return [group.work, group.exited - group.work, group.moved, group.exited - group.moved, p - group.exited]


def _hidden_pattern(cells: list[list[int]], *, totals: bool) -> list[list[bool]]:
    """Which cells (with row totals and, when totals, a total row) must be hidden; see the module doc."""
    work = [list(row) for row in cells]
    while True:
        first = suppress_table([[r[0], r[1], r[4]] for r in work], row_totals=True, column_totals=totals)
        second = suppress_table([[r[2], r[3], r[4]] for r in work], row_totals=True, column_totals=totals)
        hidden = [
            [
                a[0] == SUPPRESSED,
                a[1] == SUPPRESSED,
                b[0] == SUPPRESSED,
                b[1] == SUPPRESSED,
                SUPPRESSED in (a[2], b[2]),
                SUPPRESSED in (a[3], b[3]),
            ]
            for a, b in zip(first, second, strict=True)
        ]
        changed = False
        for i, row in enumerate(hidden[: len(work)]):
            if any(row[:5]) and threshold() > 1:
                for j in range(5):
                    if not row[j]:
                        work[i][j] = 1  # below the threshold: hidden on the next pass
                        changed = True
        if not changed:
            return hidden


def breakdown(project: Project, period: Period, dimension: str, *, suppress: bool) -> Breakdown:
    groups = groups_for(project, period, dimension)
    totals = dimension not in MULTI_VALUED
    cells = [_inner(group) for group in groups]
    total_row = [sum(column) for column in zip(*cells, strict=True)] if cells else [0] * 5

    def shown(values: list[int], hidden: list[bool] | None, label: str) -> Row:
        work, other, moved, _no, staying = values
        exited = work + other
        participants = exited + staying
        if hidden is None:
            return Row(label, participants, exited, work, moved)
        exit_hidden = any(hidden[:5])
        return Row(
            label,
            SUPPRESSED if hidden[5] else participants,
            SUPPRESSED if exit_hidden else exited,
            SUPPRESSED if exit_hidden else work,
            SUPPRESSED if exit_hidden else moved,
        )

    pattern = _hidden_pattern(cells, totals=totals) if suppress and cells else None
    rows = [
        shown(values, pattern[i] if pattern else None, group.label)
        for i, (values, group) in enumerate(zip(cells, groups, strict=True))
    ]
    # Participants of a multi-valued dimension: distinct persons over all groups, not the sum.
    total = None
    if totals and cells:
        total = shown(total_row, pattern[-1] if pattern else None, _("Totalt"))
    return Breakdown(dimension, period, rows, total)


def columns() -> list[Column]:
    return [
        Column(_("Grupp"), TEXT),
        Column(_("Deltagare"), COUNT),
        Column(_("Avslutade"), COUNT),
        Column(_("Arbete eller studier vid avslut"), COUNT),
        Column(_("Andel arbete eller studier (%)"), PERCENT),
        Column(_("Stegförflyttning vid avslut"), COUNT),
        Column(_("Andel stegförflyttning (%)"), PERCENT),
    ]


def table_rows(result: Breakdown) -> list[list[Any]]:
    rows = [*result.rows, *([result.total] if result.total else [])]
    return [
        [row.label, row.participants, row.exited, row.work, row.work_share, row.moved, row.moved_share]
        for row in rows
    ]


@register
class AnalysisBreakdowns(Exporter):
    """All seven dimensions, one table each, as a file."""

    identifier = "analys"
    name = gettext_lazy("Analys: utfall per grupp")
    description = gettext_lazy(
        "Deltagare, avslutade, arbete eller studier och stegförflyttning vid avslut per kommun, anvisande part, "
        "fas, aktivitetstyp, åldersgrupp, kön och startkvartal."
    )

    def notes(self) -> list[str]:
        rule = assessment_selectors.rule_for(self.project, with_instrument=False)
        return [assessment_selectors.rule_text(rule), str(ACTIVITY_NOTE)]

    def tables(self) -> list[Table]:
        out = []
        for value, label in Dimension.choices:
            result = breakdown(self.project, self.period, value, suppress=self.suppress)
            out.append(Table(str(label), columns(), table_rows(result), key=value))
        return out


ACTIVITY_NOTE = gettext_lazy(
    "Den som har haft flera aktivitetstyper under perioden räknas i varje grupp, så grupperna per "
    "aktivitetstyp summerar inte till totalen."
)
