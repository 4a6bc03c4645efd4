"""The report framework: an exporter yields tables of typed rows; renderers turn them into files.

An exporter has an identifier, a name and `tables()`. A Table has a title, typed
columns and rows, an optional note (e.g. the project's step-movement rule) and
optionally a chart for the screen. `rows()` yields the header and then the rows,
so one renderer serves the screen (templates/reports/_table.html), xlsx, csv and PDF.

Every number a role without participant-level access sees has passed through
stegvis.core.suppression before it gets here: exporters suppress, renderers only render.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.assessments.charts import Chart
from stegvis.core.models import Gender
from stegvis.core.suppression import SUPPRESSED, suppress_table
from stegvis.projects.models import Project

TEXT, COUNT, PERCENT, DATE, MONEY = "text", "count", "percent", "date", "money"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT


@dataclass
class Table:
    """One table of a report. Cells are str, int, None (no value) or SUPPRESSED."""

    title: str
    columns: list[Column]
    rows: list[list[Any]]
    note: str = ""
    chart: Chart | None = None
    key: str = ""

    def header(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def rows_with_header(self) -> Iterator[list[Any]]:
        yield self.header()
        yield from self.rows

    @property
    def is_empty(self) -> bool:
        return not self.rows


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass
class Report:
    """A rendered exporter: what every output format receives."""

    identifier: str
    title: str
    project: Project
    period: Period
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    suppressed: bool = False

    def filename(self, extension: str) -> str:
        return f"{self.identifier}-{self.project.diarienummer or self.project.pk}-{self.period.start:%Y%m%d}-{self.period.end:%Y%m%d}.{extension}".replace(
            "/", "-"
        ).replace(" ", "-")


class Exporter:
    """Base class: subclasses set identifier, name and description and implement tables()."""

    # Templates list the classes themselves: they must not try to instantiate them.
    do_not_call_in_templates = True
    identifier: ClassVar[str]
    name: ClassVar[Any]
    description: ClassVar[Any] = ""
    # A list of people rather than counts: only for those who see the whole project.
    participant_level: ClassVar[bool] = False
    # Files offered beside the screen; PDF only where the report is a document.
    formats: ClassVar[tuple[str, ...]] = ("xlsx", "csv")

    def __init__(
        self, *, project: Project, period: Period, suppress: bool, today: datetime.date | None = None
    ):
        self.project = project
        self.period = period
        self.suppress = suppress
        self.today = today or datetime.date.today()

    def tables(self) -> list[Table]:
        raise NotImplementedError

    def notes(self) -> list[str]:
        return []

    def report(self) -> Report:
        tables = self.tables()
        notes = list(self.notes())
        if self.suppress:
            notes.append(small_count_note())
        return Report(
            self.identifier, str(self.name), self.project, self.period, tables, notes, self.suppress
        )


EXPORTERS: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    EXPORTERS[cls.identifier] = cls
    return cls


def small_count_note() -> str:
    from stegvis.core.suppression import threshold

    return _("Antal under %(n)s visas som ”..”, liksom de tal och andelar som annars skulle avslöja dem.") % {
        "n": threshold()
    }


# --- shared shapes -----------------------------------------------------------------------------

GENDERS = list(Gender.values)
GENDER_HEADERS = [*Gender.labels, gettext_lazy("Totalt")]


def percent(part: Any, whole: Any) -> int | str | None:
    """A share in whole per cent; hidden when either count is, None without a denominator."""
    if SUPPRESSED in (part, whole):
        return SUPPRESSED
    if not whole:
        return None
    return round(100 * part / whole)


def gender_table(
    counts: list[dict[str, int]], *, suppress: bool, column_totals: bool = False
) -> list[list[int | str]]:
    """Rows of counts per gender with a row total, suppressed as one table when asked for.

    column_totals: the rows add up (e.g. one row per municipality), so a total row is
    appended and suppression takes it into account.
    """
    cells = [[row.get(g, 0) for g in GENDERS] for row in counts]
    if suppress:
        return suppress_table(cells, row_totals=True, column_totals=column_totals)
    out: list[list[int | str]] = [[*row, sum(row)] for row in cells]
    if column_totals and cells:
        out.append([sum(row[j] for row in out) for j in range(len(out[0]))])  # type: ignore[misc]
    return out


def share_table(met: dict[str, int], total: dict[str, int], *, suppress: bool) -> tuple[list, list]:
    """met of total per gender: the met row and the total row, suppressed together.

    The two rows are suppressed as one table with the "not met" row, because a hidden
    count of met could otherwise be derived from the total minus those without.
    """
    not_met = {g: total.get(g, 0) - met.get(g, 0) for g in GENDERS}
    rows = gender_table([met, not_met], suppress=suppress, column_totals=True)
    return rows[0], rows[2]
