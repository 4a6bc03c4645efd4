"""What the assessments page and the participant-page panel show for one enrolment.

Readings of one instrument version at a time: charts and comparisons never mix versions.
The version shown is the one asked for, else the version of the latest reading.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from stegvis.assessments import charts, selectors
from stegvis.assessments.models import Area, Assessment, Instrument, Rater

RATER_STYLE = {Rater.PARTICIPANT: 0, Rater.COACH: 1, Rater.JOINT: 2}


@dataclass
class RaterColumn:
    rater: str
    label: str
    style: int
    first: Assessment
    latest: Assessment

    @property
    def swatch(self) -> SafeString:
        return charts.legend_swatch(self.style)


@dataclass
class AreaRow:
    area: Area
    # Per rater column: (latest value, change since that rater's first reading) or None.
    cells: list[tuple[int | None, int | None]]


@dataclass
class ReadingRow:
    assessment: Assessment
    values: list[int | None]  # one per area


@dataclass
class Overview:
    instrument: Instrument | None
    versions: list[Instrument]
    areas: list[Area]
    readings: list[Assessment]  # every version, oldest first
    rows: list[ReadingRow] = field(default_factory=list)  # the shown version
    columns: list[RaterColumn] = field(default_factory=list)
    comparison: list[AreaRow] = field(default_factory=list)
    radar: charts.Chart | None = None
    area_charts: list[tuple[Area, charts.Chart]] = field(default_factory=list)
    other_versions: int = 0

    @property
    def has_readings(self) -> bool:
        return bool(self.rows)


def _values(assessment: Assessment, areas: list[Area]) -> list[int | None]:
    by_area = {score.area_id: score.level.value for score in assessment.scores.all()}
    return [by_area.get(area.pk) for area in areas]


def enrolment_overview(
    readings: list[Assessment], *, instrument_pk: int | None = None, with_timelines: bool = True
) -> Overview:
    """Comparison, radar and (optionally) each area over time for one version's readings."""
    versions: dict[int, Instrument] = {}
    for reading in reversed(readings):
        versions.setdefault(reading.instrument_id, reading.instrument)
    if not versions:
        return Overview(None, [], [], readings)
    instrument = versions.get(instrument_pk) if instrument_pk else None
    instrument = instrument or next(iter(versions.values()))
    # The panel shows names only; the page also explains the levels.
    areas = selectors.instrument_structure(instrument) if with_timelines else list(instrument.areas.all())
    shown = [r for r in readings if r.instrument_id == instrument.pk]
    overview = Overview(instrument, list(versions.values()), areas, readings)
    overview.other_versions = len(readings) - len(shown)
    overview.rows = [ReadingRow(r, _values(r, areas)) for r in shown]

    for rater in (Rater.PARTICIPANT, Rater.COACH, Rater.JOINT):
        own = [r for r in shown if r.rater == rater]
        if own:
            overview.columns.append(RaterColumn(rater, rater.label, RATER_STYLE[rater], own[0], own[-1]))
    latest_values = {column.rater: _values(column.latest, areas) for column in overview.columns}
    for index, area in enumerate(areas):
        cells = []
        for column in overview.columns:
            # The latest reading's level (as its date says), against the rater's first level for the area.
            latest = latest_values[column.rater][index]
            own = [row.values[index] for row in overview.rows if row.assessment.rater == column.rater]
            first = next((v for v in own if v is not None), None)
            cells.append((latest, latest - first if latest is not None and first is not None else None))
        overview.comparison.append(AreaRow(area, cells))

    names = [area.name for area in areas]
    overview.radar = charts.radar(
        names,
        instrument.scale_max,
        [
            charts.Series(
                f"{column.label} {column.latest.assessed_on.isoformat()}",
                _values(column.latest, areas),
                column.style,
            )
            for column in overview.columns
        ],
        title=_("Senaste skattningen per område"),
    )
    if with_timelines:
        dates = sorted({row.assessment.assessed_on for row in overview.rows})
        for index, area in enumerate(areas):
            series = []
            for column in overview.columns:
                by_day: dict[datetime.date, int | None] = {}
                for row in overview.rows:
                    if row.assessment.rater == column.rater:
                        by_day[row.assessment.assessed_on] = row.values[index]
                series.append(charts.Series(column.label, [by_day.get(d) for d in dates], column.style))
            chart = charts.timeline(
                dates,
                instrument.scale_max,
                series,
                title=_("%(area)s över tid") % {"area": area.name},
            )
            overview.area_charts.append((area, chart))
    return overview
